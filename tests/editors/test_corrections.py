"""Corrections from readers: the link on every fact, the form's checks, the review queue and the outcome email."""

import time
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.mail.backends import locmem
from django.urls import reverse

from countries.models import Assessment
from editors import corrections
from editors.models import Correction, Organization
from legislation.models import Law, Sanction, Threshold
from tests import factories

pytestmark = pytest.mark.django_db


def opened(seconds_ago: float = 60) -> str:
    """The form's signed opening time, as if the reader had opened it `seconds_ago`."""
    return signing.dumps({"t": time.time() - seconds_ago}, salt=corrections.TOKEN_SALT)


def form_url(kind: str, fact, language: str = "") -> str:
    return f"{'/' + language if language else ''}/corrections/{kind}/{fact.pk}/"


def report_data(**overrides) -> dict:
    data = {"field": "amount", "problem": "The 2024 amendment lowered the small amount.",
            "proposed_value": "0,5 g", "source": "https://zakon.rada.gov.ua/laws/show/2341-14",
            "email": "reader@example.org", "homepage": "", "opened": opened()}
    return {**data, **overrides}


def ukraine_profile():
    """Ukraine with a fact of every kind on its profile: a law with an article, a threshold and a sanction citing
    them, a draft bill, an assessment; Moldova with its own."""
    factories.LawFactory(country=factories.bundled_country("MD"))
    ukraine = factories.bundled_country("UA")
    article = factories.ArticleFactory(law__country=ukraine, law__title_en="Code of Administrative Offences")
    factories.LawFactory(country=ukraine, status=Law.Status.DRAFT, title_en="Bill on drug policy")
    threshold = factories.ThresholdFactory(country=ukraine, law=article.law, article=article, amount=Decimal("1"))
    factories.SanctionFactory(country=ukraine, law=article.law, article=article)
    factories.AssessmentFactory(country=ukraine)
    return threshold


@pytest.fixture
def ua_threshold(db):
    return ukraine_profile()


def test_every_kind_of_fact_on_the_profile_has_a_correction_link(client):
    ukraine_profile()
    html = client.get("/countries/ua/").content.decode()
    ua = factories.bundled_country("UA")
    for kind, model in [("threshold", Threshold), ("sanction", Sanction), ("law", Law), ("assessment", Assessment)]:
        fact = model.objects.published().in_force().filter(country=ua).first()
        assert fact is not None, kind
        if kind == "law":
            fact = model.objects.published().in_force().filter(country=ua).exclude(status="draft").first()
        assert f'href="/corrections/{kind}/{fact.pk}/"' in html, kind
    progress = factories.ProgressFactory(country=ua, published=True)
    html = client.get("/countries/ua/").content.decode()
    assert f'href="/corrections/progress/{progress.pk}/"' in html
    assert f'href="/corrections/progress/{progress.pk}/"' in client.get(
        f"/sources/{progress.recommendation.source.slug}/").content.decode()


def test_russian_profile_links_to_the_russian_form(client, ua_threshold):
    html = client.get("/ru/countries/ua/").content.decode()
    assert f'href="/ru/corrections/threshold/{ua_threshold.pk}/"' in html
    assert "сообщить об ошибке" in html
    form = client.get(form_url("threshold", ua_threshold, "ru")).content.decode()
    assert "Что не так?" in form and "Источник" in form


@pytest.mark.parametrize("n", [1, 10])
def test_profile_query_count_stays_fixed_with_correction_links(client, django_assert_num_queries, n):
    ukraine_profile()
    ua = factories.bundled_country("UA")
    for recommendation in factories.RecommendationFactory.create_batch(n):
        factories.SanctionFactory(country=ua)
        factories.ProgressFactory(country=ua, published=True, recommendation=recommendation, as_of=None)
    client.get("/countries/ua/?as_of=2030-01-01")  # warms the data version
    with django_assert_num_queries(15):
        response = client.get("/countries/ua/?as_of=2031-01-01")
    assert response.content.decode().count('class="fix"') >= n


def test_the_form_shows_the_fact_and_a_report_lands_in_the_queue_of_the_ukrainian_organisation(
        client, ua_threshold, editor_ua, editor_md):
    page = client.get(form_url("threshold", ua_threshold)).content.decode()
    assert "Ukraine" in page and ua_threshold.term in page
    response = client.post(form_url("threshold", ua_threshold), report_data())
    assert response.status_code == 302 and response["Location"] == "/corrections/sent/?country=ua"
    correction = Correction.objects.get()
    assert correction.fact == ua_threshold and correction.country.iso2 == "UA"
    assert correction.organization == Organization.objects.get(name="Ukrainian NGO")
    assert correction.status == Correction.Status.NEW and correction.language == "en"
    assert correction.proposed_value == "0,5 g" and correction.email == "reader@example.org"

    client.force_login(editor_md)
    changelist = client.get(reverse("admin:editors_correction_changelist")).content.decode()
    assert correction.fact_label not in changelist
    client.force_login(editor_ua)
    changelist = client.get(reverse("admin:editors_correction_changelist")).content.decode()
    assert correction.fact_label in changelist


def test_a_moldovan_fact_goes_to_the_moldovan_organisation(client, editor_ua, editor_md):
    law = factories.LawFactory(country=factories.bundled_country("MD"))
    client.post(form_url("law", law), report_data(field="reference", proposed_value="No. 713-XV"))
    assert Correction.objects.get().organization.name == "Moldovan NGO"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"source": ""}, "source", "This field is required."),
    ({"source": "law"}, "source", "name the document well enough to find it"),
    ({"source": "https://"}, "source", "not a valid web address"),
    ({"problem": ""}, "problem", "This field is required."),
    ({"proposed_value": ""}, "proposed_value", "This field is required."),
    ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ({"field": "secret"}, "field", "Select a valid choice."),
])
def test_the_form_explains_what_is_missing_and_saves_nothing(client, ua_threshold, change, field, message):
    response = client.post(form_url("threshold", ua_threshold), report_data(**change))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Correction.objects.exists()


def test_a_document_reference_and_no_email_are_enough(client, ua_threshold):
    response = client.post(form_url("threshold", ua_threshold),
                           report_data(source="Criminal Code of Ukraine, art. 309, as amended 15.03.2024", email=""))
    assert response.status_code == 302
    assert Correction.objects.get().source.startswith("Criminal Code of Ukraine")


def test_the_hidden_field_filled_in_is_refused(client, ua_threshold):
    response = client.post(form_url("threshold", ua_threshold), report_data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "must be left empty" in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize(("seconds_ago", "message"), [
    (1, "faster than a person can fill it in"),
    (None, "could not be checked"),
    ("forged", "could not be checked"),
    (2 * 86400, "open for too long"),
])
def test_a_form_sent_too_fast_or_without_its_signed_time_is_refused(client, ua_threshold, seconds_ago, message):
    if seconds_ago is None:
        token = ""
    elif seconds_ago == "forged":
        token = opened(60)[:-3] + "abc"
    else:
        token = opened(seconds_ago)
    response = client.post(form_url("threshold", ua_threshold), report_data(opened=token))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correction.objects.exists()
    # The page comes back with an opening time a person can send again: their own while it is genuine (the time
    # they spent counts), a new one otherwise.
    returned = response.context["opened"]
    if seconds_ago == 1:
        assert returned == token
    else:
        assert returned != token and signing.loads(returned, salt=corrections.TOKEN_SALT)["t"] > time.time() - 5


def test_fixing_a_mistake_right_after_an_error_is_not_too_fast(client, ua_threshold):
    response = client.post(form_url("threshold", ua_threshold), report_data(source=""))
    assert response.status_code == 400
    again = client.post(form_url("threshold", ua_threshold), report_data(opened=response.context["opened"]))
    assert again.status_code == 302


def test_reports_are_limited_per_client_address(client, ua_threshold, settings):
    settings.CORRECTIONS_PER_HOUR = 3
    for _ in range(3):
        assert client.post(form_url("threshold", ua_threshold), report_data(),
                           REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(form_url("threshold", ua_threshold), report_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "many reports in the last hour" in response.content.decode()
    assert Correction.objects.count() == 3
    # Another address is not held back by the first one's reports.
    assert client.post(form_url("threshold", ua_threshold), report_data(),
                       REMOTE_ADDR="198.51.100.9").status_code == 302


def test_unpublished_facts_and_unknown_kinds_cannot_be_reported(client):
    draft = factories.ThresholdFactory(published=False)
    assert client.get(form_url("threshold", draft)).status_code == 404
    assert client.get("/corrections/source/1/").status_code == 404


def make_correction(fact, **fields) -> Correction:
    kind = corrections.kind_of(fact)
    defaults = {"field": "amount", "problem": "Outdated.", "proposed_value": "0,5 g",
                "source": "https://zakon.rada.gov.ua/laws/show/2341-14", "email": "reader@example.org"}
    assert kind
    return corrections.report(fact=fact, **{**defaults, **fields})


def test_the_moderator_sees_the_fact_and_opens_an_edit_with_the_proposed_value(client, moderator, ua_threshold):
    correction = make_correction(ua_threshold)
    client.force_login(moderator)
    page = client.get(reverse("admin:editors_correction_change", args=[correction.pk])).content.decode()
    fact_admin = reverse("admin:legislation_threshold_change", args=[ua_threshold.pk])
    assert f'href="{fact_admin}"' in page  # the fact, next to the report
    assert ua_threshold.amount.normalize().to_eng_string() in page  # its value now
    edit = f"{fact_admin}?correction={correction.pk}"
    assert f'href="{edit}"' in page and 'name="_accept"' in page and 'name="_reject"' in page
    form = client.get(edit).context["adminform"].form
    assert str(form["amount"].value()) == "0.5"
    # The fact's own page points to the waiting report.
    assert f"/admin/editors/correction/{correction.pk}/change/" in client.get(fact_admin).content.decode()


@pytest.mark.parametrize(("field", "proposed", "expected"), [
    ("liability", "criminal", "criminal"),
    ("liability", "уголовная", "criminal"),
    ("fine_max", "до 1 700 грн", "1700"),
    ("penalty_summary", "a fine of up to 1700 UAH", "a fine of up to 1700 UAH"),
    ("law", "the Code of Administrative Offences", None),
])
def test_the_proposed_value_is_filled_in_where_the_form_accepts_it(client, moderator, field, proposed, expected):
    ukraine_profile()
    sanction = Sanction.objects.get(country__iso2="UA")
    correction = make_correction(sanction, field=field, proposed_value=proposed)
    client.force_login(moderator)
    response = client.get(corrections.edit_url(correction))
    value = response.context["adminform"].form[field].value()
    if expected is None:
        assert value == sanction.law_id
        assert "could not be filled in for you" in response.content.decode()
    else:
        assert (Decimal(value) == Decimal(expected)) if field == "fine_max" else (str(value) == expected)


def test_saving_the_prefilled_edit_returns_to_the_report(client, moderator, ua_threshold):
    from .conftest import admin_form_data

    correction = make_correction(ua_threshold)
    client.force_login(moderator)
    edit = corrections.edit_url(correction)
    data = admin_form_data(client.get(edit))
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:editors_correction_change", args=[correction.pk])
    ua_threshold.refresh_from_db()
    assert str(ua_threshold.amount.normalize()) == "0.5"


def test_accepting_emails_the_reporter_in_their_language(client, moderator, ua_threshold,
                                                        django_capture_on_commit_callbacks):
    correction = make_correction(ua_threshold, language="ru")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:editors_correction_change", args=[correction.pk]),
                               {"reason": "", "_accept": "Accept"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == Correction.Status.ACCEPTED and correction.reviewed_by == moderator
    assert correction.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert "принято" in message.subject
    assert "0,5 g" in message.body and "принял" in message.body
    assert "Украина" in message.body  # the fact as a Russian reader saw it


def test_rejecting_needs_a_reason_and_the_reporter_reads_it(client, moderator, ua_threshold,
                                                           django_capture_on_commit_callbacks):
    correction = make_correction(ua_threshold)
    client.force_login(moderator)
    url = reverse("admin:editors_correction_change", args=[correction.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": " ", "_reject": "Reject"})
    assert response.status_code == 200
    assert "Say why you reject it" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == Correction.Status.NEW and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "The amendment you cite was vetoed.", "_reject": "Reject"})
    correction.refresh_from_db()
    assert correction.status == Correction.Status.REJECTED
    assert correction.reason == "The amendment you cite was vetoed."
    assert len(mail.outbox) == 1
    assert "not accepted" in mail.outbox[0].subject
    assert "The amendment you cite was vetoed." in mail.outbox[0].body


def test_no_email_without_an_address_and_none_twice(moderator, ua_threshold, django_capture_on_commit_callbacks):
    silent = make_correction(ua_threshold, email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert corrections.accept(silent, moderator)
    assert not mail.outbox
    told = make_correction(ua_threshold)
    with django_capture_on_commit_callbacks(execute=True):
        assert corrections.accept(told, moderator)
        assert not corrections.reject(told, moderator, "changed my mind")  # already decided
    assert len(mail.outbox) == 1


def test_an_untrusted_editor_sees_the_report_but_a_moderator_decides(client, editor_ua, trusted_ua, ua_threshold):
    correction = make_correction(ua_threshold)
    url = reverse("admin:editors_correction_change", args=[correction.pk])
    client.force_login(editor_ua)
    page = client.get(url).content.decode()
    assert corrections.edit_url(correction).replace("&", "&amp;") in page or corrections.edit_url(correction) in page
    assert 'name="_accept"' not in page
    client.post(url, {"reason": "", "_accept": "Accept"})
    correction.refresh_from_db()
    assert correction.status == Correction.Status.NEW
    client.force_login(trusted_ua)
    assert 'name="_accept"' in client.get(url).content.decode()


def test_trust_in_one_organisation_does_not_decide_another_organisations_countries(client, groups, ua_threshold):
    """A member of a trusted Moldovan organisation and an untrusted Ukrainian one decides Moldovan reports only."""
    from django.core.exceptions import PermissionDenied

    from .conftest import _user

    user = _user("two-hats", groups[0])
    trusted = Organization.objects.create(name="Trusted Moldovan NGO", can_publish=True)
    trusted.countries.add(factories.bundled_country("MD"))
    untrusted = Organization.objects.create(name="Untrusted Ukrainian NGO")
    untrusted.countries.add(factories.bundled_country("UA"))
    trusted.members.add(user)
    untrusted.members.add(user)
    ukrainian = make_correction(ua_threshold)
    moldovan = make_correction(factories.ThresholdFactory(country=factories.bundled_country("MD")))

    assert not corrections.can_decide(user, ukrainian) and corrections.can_decide(user, moldovan)
    with pytest.raises(PermissionDenied):
        corrections.accept(ukrainian, user)
    client.force_login(user)
    url = reverse("admin:editors_correction_change", args=[ukrainian.pk])
    assert 'name="_accept"' not in client.get(url).content.decode()
    client.post(url, {"reason": "", "_accept": "Accept"})
    ukrainian.refresh_from_db()
    assert ukrainian.status == Correction.Status.NEW
    assert corrections.accept(moldovan, user)


class FailingBackend(locmem.EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_decision_stands_when_the_mail_fails_and_the_reporter_is_told_once_later(
        client, moderator, ua_threshold, settings, django_capture_on_commit_callbacks):
    from django.conf import settings as live

    from editors.tasks import tell_waiting_reporters

    assert live.CELERY_BEAT_SCHEDULE["tell-waiting-reporters"]["task"] == "editors.tasks.tell_waiting_reporters"
    correction = make_correction(ua_threshold)
    settings.EMAIL_BACKEND = "tests.editors.test_corrections.FailingBackend"
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:editors_correction_change", args=[correction.pk]),
                               {"reason": "", "_accept": "Accept"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == Correction.Status.ACCEPTED and correction.notified_at is None
    assert tell_waiting_reporters() == 0  # still down: nothing sent, nothing marked as told

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tell_waiting_reporters() == 1
    assert tell_waiting_reporters() == 0
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    correction.refresh_from_db()
    assert correction.notified_at is not None
