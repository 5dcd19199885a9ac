"""The editor's admin: only their countries in every filter, choice list and autocomplete; review actions on the
change-request page; forms in the order an editor reads a fact, explained in their language."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import AdminForm
from django.urls import reverse

from countries.models import Citation, Country
from editors import review
from editors.models import ChangeRequest, Organization
from legislation.models import Article, Law, Sanction, Threshold
from tests import factories

from .conftest import _user, admin_form_data

UA_MD = {"UA", "MD"}
COUNTRIES = {"UA", "MD", "GE", "KZ"}


@pytest.fixture(autouse=True)
def facts(db):
    """A law with an article and facts citing them in Ukraine, Moldova and Georgia; Kazakhstan with none."""
    for iso2 in sorted(COUNTRIES):
        country = factories.bundled_country(iso2)
        if iso2 == "KZ":
            continue
        article = factories.ArticleFactory(law__country=country)
        factories.ThresholdFactory(country=country, law=article.law, article=article)
        factories.SanctionFactory(country=country, law=article.law, article=article)
        factories.AssessmentFactory(country=country)
        factories.ProgressFactory(country=country)


@pytest.fixture
def editor_ua_md(groups):
    """An editor whose organisation covers Ukraine and Moldova."""
    user = _user("ua-md-editor", groups[0])
    org = Organization.objects.create(name="Ukrainian-Moldovan NGO")
    org.countries.add(*Country.objects.filter(iso2__in=UA_MD))
    org.members.add(user)
    return user


CHANGELISTS = ["admin:legislation_threshold_changelist", "admin:legislation_sanction_changelist",
               "admin:legislation_law_changelist", "admin:countries_assessment_changelist",
               "admin:countries_citation_changelist", "admin:recommendations_progress_changelist",
               "admin:editors_changerequest_changelist", "admin:editors_correction_changelist"]


def country_filter_choices(response) -> set[str]:
    specs = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "country"]
    assert len(specs) == 1, "one country filter"
    return {code for code, _label in specs[0].lookup_choices}


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_an_editor_of_two_countries_filters_by_those_two_only(client, editor_ua_md, moderator, changelist):
    client.force_login(editor_ua_md)
    assert country_filter_choices(client.get(reverse(changelist))) == UA_MD
    client.force_login(moderator)
    assert country_filter_choices(client.get(reverse(changelist))) == COUNTRIES


@pytest.mark.parametrize("admin_name", ["legislation_threshold", "legislation_sanction", "countries_assessment",
                                        "recommendations_progress", "legislation_law"])
def test_an_editors_choice_lists_hold_only_their_countries(client, editor_ua_md, admin_name):
    client.force_login(editor_ua_md)
    form = client.get(reverse(f"admin:{admin_name}_add")).context["adminform"].form
    assert set(form.fields["country"].queryset.values_list("iso2", flat=True)) == UA_MD
    if "law" in form.fields:
        assert set(form.fields["law"].queryset.values_list("country__iso2", flat=True)) == UA_MD
        assert Law.objects.exclude(country__iso2__in=UA_MD).exists()
    if "article" in form.fields:
        assert set(form.fields["article"].queryset.values_list("law__country__iso2", flat=True)) <= UA_MD
    countries = set(form.fields["citations"].queryset.values_list("country__iso2", flat=True))
    assert countries - {None} == UA_MD


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(reverse("admin:autocomplete"), {"app_label": app_label, "model_name": model_name,
                                                          "field_name": field_name, "term": term})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(("app_label", "model_name"), [
    ("legislation", "threshold"), ("legislation", "sanction"), ("legislation", "law"), ("countries", "assessment"),
    ("recommendations", "progress"), ("countries", "citation"),
])
def test_an_editors_country_autocomplete_offers_only_their_countries(client, editor_ua_md, moderator, app_label,
                                                                     model_name):
    client.force_login(editor_ua_md)
    ids = autocomplete(client, app_label, model_name, "country")
    assert set(Country.objects.filter(pk__in=ids).values_list("iso2", flat=True)) == UA_MD
    assert autocomplete(client, app_label, model_name, "country", term="Georgia") == []
    client.force_login(moderator)
    assert len(autocomplete(client, app_label, model_name, "country", term="Georgia")) == 1


def test_an_editors_law_and_article_autocompletes_offer_only_their_countries(client, editor_ua_md):
    client.force_login(editor_ua_md)
    laws = autocomplete(client, "legislation", "threshold", "law")
    assert laws and set(Law.objects.filter(pk__in=laws).values_list("country__iso2", flat=True)) == UA_MD
    factories.ArticleFactory(law=Law.objects.filter(country__iso2="GE").first())
    articles = autocomplete(client, "legislation", "sanction", "article")
    assert set(Article.objects.filter(pk__in=articles).values_list("law__country__iso2", flat=True)) <= UA_MD
    citations = autocomplete(client, "legislation", "threshold", "citations")
    assert set(Citation.objects.filter(pk__in=citations).values_list("country__iso2", flat=True)) == UA_MD


@pytest.fixture
def pending_change(editor_ua):
    threshold = Threshold.objects.published().in_force().filter(country__iso2="UA", amount__isnull=False).first()
    threshold.amount = threshold.amount + Decimal("0.7")
    change = review.save(editor_ua, threshold)
    assert change is not None
    return change


def test_the_change_request_page_shows_the_difference_and_publishes(client, moderator, pending_change):
    threshold = Threshold.objects.get(pk=pending_change.object_id)
    url = reverse("admin:editors_changerequest_change", args=[pending_change.pk])
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert f"<del>{threshold.amount}</del>" in page
    assert f"<ins>{threshold.amount + Decimal('0.7')}</ins>" in page
    assert 'name="_publish"' in page and 'name="_reject"' in page and 'name="_save"' not in page
    response = client.post(url, {"review_note": "", "_publish": "Publish"}, follow=True)
    assert "Published:" in response.content.decode()
    pending_change.refresh_from_db()
    threshold.refresh_from_db()
    assert pending_change.status == ChangeRequest.Status.PUBLISHED and pending_change.reviewed_by == moderator
    assert threshold.amount == Decimal(pending_change.data["amount"])


def test_rejecting_from_the_change_request_page_needs_a_reason(client, moderator, pending_change):
    url = reverse("admin:editors_changerequest_change", args=[pending_change.pk])
    client.force_login(moderator)
    response = client.post(url, {"review_note": "", "_reject": "Reject"})
    assert response.status_code == 200 and "Say why you reject it" in response.content.decode()
    pending_change.refresh_from_db()
    assert pending_change.status == ChangeRequest.Status.PENDING
    client.post(url, {"review_note": "The source gives 0.5 g, not this.", "_reject": "Reject"})
    pending_change.refresh_from_db()
    assert pending_change.status == ChangeRequest.Status.REJECTED
    assert pending_change.review_note == "The source gives 0.5 g, not this."
    # Once decided, the page offers no buttons any more.
    assert 'name="_publish"' not in client.get(url).content.decode()


def test_the_list_keeps_its_bulk_actions_and_editors_get_no_buttons(client, moderator, editor_ua, pending_change):
    client.force_login(moderator)
    actions = client.get(reverse("admin:editors_changerequest_changelist")).context["action_form"].fields["action"]
    assert {"publish_selected", "reject_selected"} <= {name for name, _label in actions.choices}
    client.force_login(editor_ua)
    page = client.get(reverse("admin:editors_changerequest_change", args=[pending_change.pk])).content.decode()
    assert 'name="_publish"' not in page
    client.post(reverse("admin:editors_changerequest_change", args=[pending_change.pk]), {"_publish": "Publish"})
    pending_change.refresh_from_db()
    assert pending_change.status == ChangeRequest.Status.PENDING


def field_order(client, url) -> list[str]:
    adminform: AdminForm = client.get(url).context["adminform"]
    return [field.field["name"] if isinstance(field.field, dict) else field.field.name
            for fieldset in adminform for line in fieldset for field in line]


@pytest.mark.parametrize(("model", "order"), [
    (Threshold, ["country", "substance", "tier", "term", "amount", "unit", "law", "article", "citations", "valid_from",
                 "valid_to", "disputed", "dispute_note", "note"]),
    (Sanction, ["country", "offence", "band_from", "liability", "fine_max", "prison_months_max", "law", "article",
                "citations", "valid_from", "valid_to", "disputed", "note"]),
    (Law, ["country", "title_en", "reference", "status", "valid_from", "valid_to", "summary_en", "citations",
           "disputed", "note"]),
])
def test_fact_forms_follow_the_order_an_editor_reads_a_fact_and_lose_no_field(client, moderator, model, order):
    client.force_login(moderator)
    fact = model.objects.filter(country__iso2="UA").first()
    shown = field_order(client, reverse(f"admin:legislation_{model._meta.model_name}_change", args=[fact.pk]))
    positions = [shown.index(name) for name in order]
    assert positions == sorted(positions), shown
    editable = {f.name for f in model._meta.get_fields()
                if (getattr(f, "concrete", False) or f.many_to_many) and not f.auto_created and f.editable}
    assert editable <= set(shown)


def test_the_russian_admin_explains_the_threshold_form_in_russian(client, moderator):
    threshold = Threshold.objects.filter(country__iso2="UA").first()
    client.force_login(moderator)
    page = client.get(f"/ru/admin/legislation/threshold/{threshold.pk}/change/").content.decode()
    assert "Вещество" in page and "Ступень" in page
    assert "Контролируемое вещество, для которого проведена эта граница." in page
    assert "Сохранить" in page  # Django's own admin strings too
    english = client.get(f"/admin/legislation/threshold/{threshold.pk}/change/").content.decode()
    assert "The controlled substance this line is drawn for." in english


def test_an_editors_edit_through_the_reordered_form_still_waits_for_review(client, editor_ua):
    threshold = Threshold.objects.published().in_force().filter(country__iso2="UA", amount__isnull=False).first()
    url = reverse("admin:legislation_threshold_change", args=[threshold.pk])
    client.force_login(editor_ua)
    data = admin_form_data(client.get(url))
    data["term"] = threshold.term + " (as amended)"
    client.post(url, data)
    threshold.refresh_from_db()
    assert not threshold.term.endswith("(as amended)")
    assert ChangeRequest.objects.get(object_id=threshold.pk, status="pending").data == {
        "term": data["term"]}
