"""The changes feed sends editors' text as plain text (issue 14, finding 14)."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from tests.factories import ThresholdFactory, bundled_country

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
def test_feed_summaries_are_plain_text(client):
    ThresholdFactory(country=bundled_country("UA"), term="<img src=x onerror=alert(1)>", amount=Decimal("0.5"))
    feed = ElementTree.fromstring(client.get("/changes/feed/").content)
    summaries = [entry.find(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert summaries and all(s is not None and s.get("type") == "text" for s in summaries)
    assert any("<img src=x onerror=alert(1)>" in s.text for s in summaries)  # shown as the characters typed
