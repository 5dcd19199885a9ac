"""The per-country PDF brief: the profile selector rendered through a print template with WeasyPrint,
stored per country and language, re-rendered only when the data it shows has changed."""

import hashlib
import logging
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from countries.models import Country, Grade, fact_grade
from profiles.models import Brief

from .selectors import country_profile

logger = logging.getLogger(__name__)
LANGUAGES = ("en", "ru")


def brief_html(*, iso2: str, language: str = "en", generated=None) -> str:
    with translation.override(language):
        profile = country_profile(iso2=iso2)
        fills = {profile.country.iso2: {"name": profile.country.name, "colour": "#2b6cb0", "label": ""}}
        answers = typical_answers(country=profile.country)
        return render_to_string("briefs/brief.html", {
            "profile": profile, "country": profile.country, "generated": generated, "fills": fills, "language": language,
            "answers": answers, "status_sentence": status_sentence(profile=profile),
            "service_indicators": [(i, a) for i, a in profile.known_indicators if i.slug not in STATUS_INDICATORS],
            "not_in_policyhub": not_in_policyhub(profile=profile, answers=answers),
            "key_recommendations": key_recommendations(profile=profile),
            "progress": progress_records(profile=profile),
            "grade_mix": grade_mix(profile=profile),
        })


# Stated in the summary's opening sentence; every other indicator with a value goes in the compact row.
STATUS_INDICATORS = ("possession-personal-use", "drug-use")
KEY_RECOMMENDATIONS = 4


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def status_sentence(*, profile) -> str:
    """The country's legal status in one sentence, from its possession and drug-use values; what is not known is said
    so in the same sentence rather than guessed."""
    values = {i.slug: a for i, a in profile.known_indicators if i.slug in STATUS_INDICATORS}
    possession, use = values.get("possession-personal-use"), values.get("drug-use")
    country = profile.country.name
    if possession and use:
        return _("%(country)s: possession of drugs for personal use — %(possession)s; drug use itself — %(use)s.") % {
            "country": country, "possession": _lower_first(possession.value.label), "use": _lower_first(use.value.label)}
    if possession:
        return _("%(country)s: possession of drugs for personal use — %(possession)s; how drug use itself is treated "
                 "is not yet in PolicyHub.") % {"country": country, "possession": _lower_first(possession.value.label)}
    if use:
        return _("%(country)s: drug use itself — %(use)s; how possession for personal use is punished is not yet in "
                 "PolicyHub.") % {"country": country, "use": _lower_first(use.value.label)}
    return _("How %(country)s punishes possession and use of drugs is not yet in PolicyHub.") % {"country": country}


def not_in_policyhub(*, profile, answers) -> list[str]:
    """The topics PolicyHub holds nothing on for this country, named once each, for one line on page 1."""
    topics = [label for label, _reason in profile.gaps]
    topics += [i.name for i in profile.unknown_indicators if i.name not in topics]
    return topics


def key_recommendations(*, profile, limit: int = KEY_RECOMMENDATIONS) -> list:
    """The asks on page 1: the recommendations with the worst recorded gaps first (reversed, not started, in progress,
    partly implemented, implemented; the profile's order), then those naming the country with no progress recorded;
    at most `limit`. Each carries `latest`, its newest progress record or None."""
    by_pk = {r.pk: r for r in profile.recommendations}
    tracked = [by_pk[p.recommendation_id] for p in profile.progress]
    chosen = (tracked + profile.unassessed_recommendations)[:limit]
    for recommendation in chosen:
        recommendation.latest = recommendation.country_progress[0] if recommendation.country_progress else None
    return chosen


def progress_records(*, profile) -> list:
    """(recommendation, progress record) for every progress record of the country, for the evidence pages."""
    return [(r, p) for r in profile.recommendations for p in r.country_progress]


def grade_mix(*, profile) -> dict:
    """How many of the brief's facts rest on each grade of source (a fact's grade is its best source's)."""
    facts = [a for _i, a in profile.known_indicators] + [t for row in profile.threshold_rows for t in row.facts]
    facts += profile.other_thresholds + profile.sanctions + profile.laws + [p for _r, p in progress_records(profile=profile)]
    counts = Counter(fact_grade(f) for f in facts)
    return {"total": len(facts), "grades": [(grade, Grade(grade).label, counts[grade]) for grade in Grade.values if counts[grade]]}


# The amounts the brief answers for: a typical personal-use amount of heroin and of cannabis.
TYPICAL_AMOUNTS = (("heroin", Decimal("1")), ("cannabis", Decimal("10")))


def typical_answers(*, country: Country) -> list:
    """(substance, amount in grams, answer) for the brief's "what happens if" section, from the same engine as the
    profile page and the API."""
    from legislation.models import Substance
    from legislation.selectors import consequences

    substances = {s.slug: s for s in Substance.objects.filter(slug__in=[slug for slug, _ in TYPICAL_AMOUNTS])}
    return [
        (substances[slug], amount, consequences(substance=substances[slug], amount=amount, unit="g", countries=[country])[0])
        for slug, amount in TYPICAL_AMOUNTS if slug in substances
    ]


def brief_fingerprint(*, iso2: str, language: str) -> str:
    """A hash of everything the brief shows except the moment it is generated."""
    return hashlib.sha256(brief_html(iso2=iso2, language=language).encode()).hexdigest()


def brief_pdf(*, iso2: str, language: str = "en") -> bytes:
    """Render the brief as PDF bytes. Every asset comes from the project's own static folder."""
    from weasyprint import HTML  # slow to import; only the brief needs it

    html = brief_html(iso2=iso2, language=language, generated=timezone.now())
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").write_pdf()


def stuck_after() -> timedelta:
    return timedelta(seconds=settings.BRIEF_STUCK_SECONDS)


def render_brief(*, brief_id: int, force: bool = False) -> str:
    """Render one brief if its data changed. Returns 'rendered', 'unchanged', 'busy', 'failed' or 'gone'.

    Claiming the brief is one conditional UPDATE, so two workers never render the same brief at once; a claim
    older than BRIEF_STUCK_SECONDS belongs to a dead worker and may be taken over.
    """
    now = timezone.now()
    claimed = Brief.objects.filter(pk=brief_id).filter(
        ~Q(status=Brief.Status.RENDERING) | Q(render_started_at__lt=now - stuck_after())
    ).update(status=Brief.Status.RENDERING, render_started_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "busy" if Brief.objects.filter(pk=brief_id).exists() else "gone"
    try:
        return _render_claimed(brief_id=brief_id, force=force, now=now)
    except Exception as exc:  # storage, template or PDF: the previous good PDF stays, the beat job tries again
        logger.exception("brief render failed for brief %s", brief_id)
        Brief.objects.filter(pk=brief_id).update(status=Brief.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        return "failed"


def _render_claimed(*, brief_id: int, force: bool, now) -> str:
    brief = Brief.objects.select_related("country").get(pk=brief_id)
    iso2, language = brief.country.iso2, brief.language
    fingerprint = brief_fingerprint(iso2=iso2, language=language)
    if brief.file and brief.fingerprint == fingerprint and not force:
        Brief.objects.filter(pk=brief_id).update(status=Brief.Status.READY, stale=False, error="")
        return "unchanged"
    started = time.monotonic()
    pdf = brief_pdf(iso2=iso2, language=language)
    old_name = brief.file.name if brief.file else ""
    brief.file.save(f"policyhub-{iso2.lower()}-{language}-{now:%Y%m%d%H%M%S%f}.pdf", ContentFile(pdf), save=False)
    Brief.objects.filter(pk=brief_id).update(
        file=brief.file.name, fingerprint=fingerprint, status=Brief.Status.READY, stale=False, error="",
        rendered_at=timezone.now(), duration_ms=int((time.monotonic() - started) * 1000),
    )
    if old_name and old_name != brief.file.name:
        try:
            brief.file.storage.delete(old_name)
        except OSError:  # the new brief is in place; an old file left behind harms no one
            logger.warning("could not delete the previous brief file %s", old_name)
    return "rendered"


def brief_for(*, country: Country, language: str) -> Brief:
    brief, _ = Brief.objects.get_or_create(country=country, language=language)
    return brief


def request_render(brief: Brief) -> bool:
    """Queue a render unless the brief is current or a live worker is on it. Returns whether one was queued."""
    if brief.is_current:
        return False
    if brief.status == Brief.Status.RENDERING and brief.render_started_at and brief.render_started_at > timezone.now() - stuck_after():
        return False
    transaction.on_commit(lambda: queue_render(brief_id=brief.pk))
    return True


def queue_render(*, brief_id: int) -> bool:
    """Send a render to the workers. A broker that is down is logged and the brief marked failed, so the page says
    so (or serves the last good PDF) and the beat job queues it again once the broker is back."""
    from .tasks import render_brief_task

    try:
        render_brief_task.delay(brief_id)
    except Exception as exc:  # kombu's OperationalError, redis-py's errors, socket errors: all mean "not queued"
        if render_brief_task.app.conf.task_always_eager:
            raise  # in-process, this is the render itself failing: render_brief records its own errors
        logger.warning("brief render could not be queued: %s: %s", type(exc).__name__, exc)
        Brief.objects.filter(pk=brief_id).exclude(status=Brief.Status.RENDERING).update(
            status=Brief.Status.FAILED, error=f"Could not queue the render: {type(exc).__name__}",
        )
        return False
    return True


def mark_stale(instance) -> None:
    """Mark the briefs an edit may change: the edited fact's country, a recommendation's countries, or all."""
    from recommendations.models import Recommendation

    country_id = getattr(instance, "country_id", None)
    if isinstance(instance, Country):
        country_id = instance.pk
    briefs = Brief.objects.filter(stale=False)
    if country_id is not None:
        briefs = briefs.filter(country_id=country_id)
    elif isinstance(instance, Recommendation) and instance.pk:
        briefs = briefs.filter(Q(country__recommendations=instance) | Q(country__progress__recommendation=instance))
    briefs.update(stale=True)


def briefs_needing_render():
    """Stale, failed, never rendered, or stuck with a dead worker."""
    return Brief.objects.filter(
        Q(stale=True) | Q(status=Brief.Status.FAILED) | Q(file="")
        | Q(status=Brief.Status.RENDERING, render_started_at__lt=timezone.now() - stuck_after())
    )
