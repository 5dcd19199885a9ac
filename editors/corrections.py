"""Corrections from readers: which facts can be reported, the anti-spam checks, and the review of a report.

A report names a published fact by kind and id, says which part is wrong and what the correct value is, and cites a
source. It lands in the queue of the organisation that covers the fact's country. Whoever may publish the country's
changes accepts or rejects it; the reporter, if they left an address, is told the outcome by email.
"""

import re
import time
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from countries.clientip import client_ip

from . import review
from .models import Correction, Organization

TOKEN_SALT = "policyhub.corrections.form-opened"
RATE_KEY = "corrections:sent:{}"


@dataclass(frozen=True)
class FactKind:
    model: str  # app_label.ModelName
    name: object  # what a reader calls it
    fields: tuple  # (field name, what a reader calls it): the parts a reader may say are wrong


FACT_KINDS = {
    "assessment": FactKind("countries.Assessment", _("legal status"), (
        ("value", _("the status")), ("as_of", _("the date it describes")), ("evidence", _("the explanation")),
    )),
    "threshold": FactKind("legislation.Threshold", _("quantity threshold"), (
        ("amount", _("the amount")), ("unit", _("the unit")), ("tier", _("the tier (small, large, especially large)")),
        ("term", _("the law's own term")), ("law", _("the law")), ("article", _("the article")),
        ("valid_from", _("the date it took effect")), ("valid_to", _("the date it stopped applying")),
    )),
    "sanction": FactKind("legislation.Sanction", _("sanction"), (
        ("liability", _("the kind of liability (criminal, administrative)")), ("fine_max", _("the highest fine")),
        ("detention_days_max", _("the longest administrative detention, in days")),
        ("prison_months_max", _("the longest prison term, in months")), ("penalty_summary", _("the penalty as described")),
        ("law", _("the law")), ("article", _("the article")), ("valid_from", _("the date it took effect")),
    )),
    "law": FactKind("legislation.Law", _("law"), (
        ("title_en", _("the title")), ("reference", _("the reference number")), ("status", _("whether it is in force")),
        ("valid_from", _("the date it entered into force")), ("valid_to", _("the date it was repealed")),
        ("url", _("the link to the text")),
    )),
    "progress": FactKind("recommendations.Progress", _("progress on a recommendation"), (
        ("status", _("the status")), ("as_of", _("the date it describes")), ("evidence", _("the explanation")),
    )),
}
KIND_OF_MODEL = {kind.model.split(".")[1].lower(): slug for slug, kind in FACT_KINDS.items()}


def kind_of(fact) -> str | None:
    """The kind slug of a fact, from its class alone (no query): for building links."""
    return KIND_OF_MODEL.get(type(fact)._meta.model_name)


def published_fact(*, kind: str, pk: int):
    """The published fact a reader reports on, or 404."""
    spec = FACT_KINDS.get(kind)
    if spec is None:
        raise Http404(_("Corrections cannot be reported for this kind of record."))
    model = apps.get_model(spec.model)
    fact = model._default_manager.select_related("country").filter(pk=pk, published=True).first()
    if fact is None:
        raise Http404(_("No published fact with this number."))
    return fact


def describe(fact) -> str:
    """A fact as a reader sees it on the profile, in the active language."""
    model = type(fact)._meta.model_name
    if model == "threshold":
        text = f"{fact.substance.name}, {fact.get_tier_display()}: {fact.amount_display} ({fact.term})"
    elif model == "sanction":
        text = f"{fact.offence_text}: {fact.get_liability_display()}"
        if fact.summary_text:
            text += f" ({fact.summary_text})"
    elif model == "law":
        text = fact.title + (f" ({fact.reference})" if fact.reference else "")
    elif model == "assessment":
        text = f"{fact.indicator.name}: {fact.value.label}"
    else:
        text = f"{fact.recommendation.summary}: {fact.get_status_display()}"
    return f"{fact.country.name} · {text}"


# The form's spam checks: a field people never see must stay empty, and a person needs some seconds to fill it in.

def opened_token() -> str:
    """A signed note of when the form was opened; returned with the form."""
    return signing.dumps({"t": time.time()}, salt=TOKEN_SALT)


def _opened_at(token: str) -> float | None:
    try:
        return float(signing.loads(token or "", salt=TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def token_for_retry(token: str) -> str:
    """The token to send back with a form that had errors: the reader's own while it is genuine and not expired (the
    time they spent counts), a new one otherwise."""
    opened = _opened_at(token)
    if opened is None or time.time() - opened > settings.CORRECTION_FORM_MAX_AGE:
        return opened_token()
    return token


def token_error(token: str) -> str | None:
    """Why a returned form cannot be accepted as filled in by a person, or None."""
    opened = _opened_at(token)
    if opened is None:
        return str(_("The form could not be checked. Please send it again."))
    age = time.time() - opened
    if age > settings.CORRECTION_FORM_MAX_AGE:
        return str(_("The form was open for too long. Please check your report and send it again."))
    if age < settings.CORRECTION_MIN_SECONDS:
        return str(_("The form was sent a moment after it opened, faster than a person can fill it in. "
                     "Please check your report and send it again."))
    return None


def within_rate(request) -> bool:
    """Counts one report from the client's address; False once it has sent CORRECTIONS_PER_HOUR this hour."""
    key = RATE_KEY.format(client_ip(request) or "unknown")
    cache.add(key, 0, 3600)
    try:
        sent = cache.incr(key)
    except (ValueError, RedisError):  # the cache is down or the count expired meanwhile: do not turn readers away
        return True
    return sent <= settings.CORRECTIONS_PER_HOUR


def reviewing_organization(country) -> Organization | None:
    """The organisation that covers a country (the first by name where several do)."""
    return Organization.objects.filter(countries=country).order_by("name").first()


def report(*, fact, field: str, problem: str, proposed_value: str, source: str, email: str = "",
           language: str = "en") -> Correction:
    """A reader's report, queued for the organisation covering the fact's country."""
    with translation.override("en"):
        label = str(fact)[:300]
    return Correction.objects.create(
        content_type=ContentType.objects.get_for_model(fact), object_id=fact.pk, fact_label=label,
        country=fact.country, organization=reviewing_organization(fact.country), field=field, problem=problem,
        proposed_value=proposed_value, source=source, email=email, language=language,
    )


def can_decide(user, correction: Correction) -> bool:
    """Moderators, and editors trusted to publish their organisation's countries, accept or reject reports."""
    return review.can_edit(user, correction) and review.publishes_for_country(user, correction.country_id)


def _decide(correction: Correction, user, status: str, reason: str = "") -> bool:
    if not can_decide(user, correction):
        raise PermissionDenied(_("Only a moderator or a trusted editor of this country may decide on a correction."))
    with transaction.atomic():
        correction = Correction.objects.select_for_update(of=("self",)).get(pk=correction.pk)
        if correction.status != Correction.Status.NEW:
            return False
        correction.status, correction.reason = status, reason
        correction.reviewed_by, correction.reviewed_at = user, timezone.now()
        correction.full_clean()
        correction.save()
        if correction.email:
            from .tasks import tell_reporter

            pk = correction.pk
            # Robust: a queue or mail server that is down must not undo the decision for the moderator; the
            # periodic tell_waiting_reporters sends what was not sent.
            transaction.on_commit(lambda: tell_reporter.delay(pk), robust=True)
    return True


def accept(correction: Correction, user) -> bool:
    """Mark a report accepted; False when it was already decided."""
    return _decide(correction, user, Correction.Status.ACCEPTED)


def reject(correction: Correction, user, reason: str) -> bool:
    """Mark a report rejected with a reason the reporter will read; False when it was already decided."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the correction is rejected: the reader is told.")})
    return _decide(correction, user, Correction.Status.REJECTED, reason.strip())


def field_label(correction: Correction) -> str:
    kind = FACT_KINDS.get(KIND_OF_MODEL.get(correction.content_type.model, ""), None)
    labels = dict(kind.fields) if kind else {}
    return str(labels.get(correction.field, _("something else")))


NUMBER = re.compile(r"[-+]?\d[\d\s\u00a0]*(?:[.,]\d+)?")


def proposed_initial(correction: Correction, form_class) -> dict:
    """The reader's value as the admin form's initial value for the field they named, where the form's own
    cleaning accepts it ("0,5 g" gives 0.5 for an amount, "administrative" the liability); {} otherwise."""
    field = form_class.base_fields.get(correction.field)
    if field is None:
        return {}
    raw = correction.proposed_value.strip()
    candidate = raw
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        match = NUMBER.search(raw)
        if match is None:
            return {}
        candidate = re.sub(r"[\s\u00a0]", "", match.group()).replace(",", ".")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        wanted = raw.casefold()
        candidate = None
        for value, label in field.choices:
            names = {str(value).casefold()}
            for language in ("en", "ru"):
                with translation.override(language):
                    names.add(str(label).casefold())
            if value not in ("", None) and wanted in names:
                candidate = str(value)
                break
        if candidate is None:
            return {}
    elif isinstance(field, forms.ModelChoiceField):
        return {}  # a law or an article named in words: the reviewer picks it
    try:
        return {correction.field: field.clean(candidate)}
    except ValidationError:
        return {}


def send_outcome(*, correction: Correction) -> bool:
    """Email the reporter whether their correction was accepted or, with the reason, rejected."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    if not correction.email or correction.status == Correction.Status.NEW or correction.notified_at:
        return False
    with translation.override(correction.language if correction.language in {"en", "ru"} else "en"):
        fact = correction.fact
        context = {"correction": correction, "accepted": correction.status == Correction.Status.ACCEPTED,
                   "field": field_label(correction), "fact": describe(fact) if fact is not None else correction.fact_label}
        subject = render_to_string("editors/correction_outcome_subject.txt", context).strip()
        body = render_to_string("editors/correction_outcome.txt", context)
    # Claimed before sending, so that the task queued by the decision and the periodic one never both send it.
    if not Correction.objects.filter(pk=correction.pk, notified_at__isnull=True).update(notified_at=timezone.now()):
        return False
    try:
        send_mail(subject, body, None, [correction.email])
    except BaseException:
        Correction.objects.filter(pk=correction.pk).update(notified_at=None)  # not sent: to be tried again
        raise
    return True


def reporters_waiting():
    """Decided corrections whose reporter left an address and has not been told yet."""
    return (Correction.objects.exclude(status=Correction.Status.NEW).exclude(email="")
            .filter(notified_at__isnull=True).select_related("content_type").order_by("reviewed_at", "pk"))


def current_value(correction: Correction) -> str:
    """What the fact holds now in the part the reader named (the whole fact when they named none)."""
    fact = correction.fact
    if fact is None:
        return str(_("(the fact no longer exists)"))
    if not correction.field:
        return str(fact)
    field = type(fact)._meta.get_field(correction.field)
    value = getattr(fact, field.name)
    if field.choices:
        value = getattr(fact, f"get_{field.name}_display")()
    return "—" if value in (None, "") else str(value)


def edit_url(correction: Correction) -> str:
    """The admin page of the fact, with the reader's value filled in for the reviewer to check and save."""
    from django.urls import reverse

    ct = correction.content_type
    return reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[correction.object_id]) + f"?correction={correction.pk}"
