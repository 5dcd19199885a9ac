"""/changes/ and its Atom feed show what each published change was before and after."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from profiles.changes import published_changes
from tests.factories import LawFactory, ThresholdFactory, bundled_country

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def edit_threshold(term="zqxchangeprobe"):
    """A published threshold whose amount and unit an editor then changed."""
    threshold = ThresholdFactory(country=bundled_country("MD"), term=term, amount=Decimal("0.5"), unit="g")
    threshold.amount, threshold.unit = Decimal("2.25"), "mg"
    threshold.save()
    return threshold


def entry_of(html: str, term: str) -> str:
    """The list item of the newest change whose summary names `term`."""
    items = html.split('<ul class="changes">', 1)[1].split("<li>")
    return next(item for item in items if term in item)


def test_changes_page_shows_before_and_after_of_each_changed_field(client):
    edit_threshold()
    entry = entry_of(client.get("/changes/").content.decode(), "zqxchangeprobe")
    assert "threshold changed" in entry
    assert "<th scope=\"row\">amount</th><td><del>0.5</del></td><td><ins>2.25</ins></td>" in entry
    assert "<th scope=\"row\">unit</th><td><del>g</del></td><td><ins>mg</ins></td>" in entry
    # Only what changed: the tier and the term stayed as they were.
    assert ">tier<" not in entry and "the law&#x27;s own term" not in entry


def test_changes_page_in_russian_names_fields_and_writes_numbers_in_russian(client):
    edit_threshold()
    entry = entry_of(client.get("/ru/changes/").content.decode(), "zqxchangeprobe")
    assert "порог изменён" in entry
    assert "<th scope=\"row\">количество</th><td><del>0,5</del></td><td><ins>2,25</ins></td>" in entry
    assert "<th scope=\"row\">единица измерения</th><td><del>г</del></td><td><ins>мг</ins></td>" in entry
    assert "amount" not in entry


def test_a_new_fact_and_a_removed_fact_say_what_the_public_saw_before_and_after(client):
    threshold = ThresholdFactory(country=bundled_country("MD"), term="zqxaddedprobe")
    html = client.get("/changes/").content.decode()
    assert "Before: not public." in entry_of(html, "zqxaddedprobe")
    threshold.delete()
    html = client.get("/changes/").content.decode()
    assert "After: no longer public." in entry_of(html, "zqxaddedprobe")
    assert "После: больше не публикуется." in entry_of(client.get("/ru/changes/").content.decode(), "zqxaddedprobe")


def test_publishing_a_draft_is_an_addition_not_a_change(client):
    threshold = ThresholdFactory(country=bundled_country("MD"), term="zqxdraftprobe", published=False)
    threshold.amount = Decimal("3")
    threshold.save()
    threshold.published = True
    threshold.save()
    changes = [c for c in published_changes(limit=50) if "(zqxdraftprobe)" in c.text]
    assert [c.change for c in changes] == ["added"], [(c.text, c.change) for c in published_changes(limit=5)]


def test_a_save_the_public_cannot_see_is_not_listed_as_a_change():
    threshold = ThresholdFactory(country=bundled_country("MD"), term="zqxnoteprobe")
    threshold.note = "editor's private remark"
    threshold.save()
    changes = [c for c in published_changes(limit=50) if "zqxnoteprobe" in c.text]
    assert [c.change for c in changes] == ["added"]
    assert all("remark" not in f.after for c in changes for f in c.fields)


def test_a_bilingual_field_is_compared_as_each_reader_sees_it():
    law = LawFactory(country=bundled_country("MD"), title_en="zqx Drug Act", title_ru="")
    law.title_ru = "Закон zqx о наркотиках"
    law.save()
    from django.utils import translation

    with translation.override("en"):
        assert not [c for c in published_changes(limit=50) if "zqx" in c.text and c.change == "changed"]
    with translation.override("ru"):
        [change] = [c for c in published_changes(limit=50) if "zqx" in c.text and c.change == "changed"]
    assert [(f.label, f.before, f.after) for f in change.fields] == [("название", "zqx Drug Act", "Закон zqx о наркотиках")]


def test_feed_entries_carry_before_and_after(client):
    edit_threshold()
    for path, line in [("/changes/feed/", "amount: 0.5 → 2.25"), ("/ru/changes/feed/", "количество: 0,5 → 2,25")]:
        feed = ElementTree.fromstring(client.get(path).content)
        summaries = [e.find(f"{ATOM}summary").text for e in feed.iter(f"{ATOM}entry")]
        assert any("zqxchangeprobe" in s and line in s for s in summaries), path


@pytest.mark.parametrize("n", [1, 10])
def test_changes_page_query_count_is_constant(client, django_assert_num_queries, n):
    for i in range(n):
        edit_threshold(term=f"zqxcount{i}")
    with django_assert_num_queries(20):  # thresholds only; the bundled data's kinds make 23 (test_query_counts_bundled)
        assert client.get("/changes/").status_code == 200


def test_a_fact_taken_back_and_then_deleted_leaves_no_trace_in_the_changes(client):
    threshold = ThresholdFactory(country=bundled_country("MD"), term="zqxgoneprobe", amount=Decimal("0.5"))
    threshold.amount = Decimal("0.6")
    threshold.save()
    threshold.published = False
    threshold.save()
    threshold.delete()
    assert not [c for c in published_changes(limit=50) if "zqxgoneprobe" in c.text]
    for path in ("/changes/", "/changes/feed/", "/ru/changes/"):
        assert "zqxgoneprobe" not in client.get(path).content.decode(), path
