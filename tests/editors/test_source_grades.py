"""Editors see each source's grade in the admin and may override it only with a reason."""

import pytest
from django.urls import reverse

from countries.models import Source
from tests.factories import SourceFactory

from .conftest import admin_form_data

pytestmark = pytest.mark.django_db


def test_admin_lists_grades_and_refuses_an_override_without_a_reason(client, moderator):
    SourceFactory(kind=Source.Kind.LEGAL_TEXT)
    source = SourceFactory(kind=Source.Kind.NEWS)
    client.force_login(moderator)
    listing = client.get(reverse("admin:countries_source_changelist") + "?grade__exact=A").content.decode()
    assert "official text" in listing and source.title not in listing
    url = reverse("admin:countries_source_change", args=[source.pk])
    data = admin_form_data(client.get(url))
    data.update(grade_override="B", grade_reason="")
    response = client.post(url, data)
    assert response.status_code == 200 and "Say why the grade differs" in response.content.decode()
    assert Source.objects.get(pk=source.pk).grade == "C"
    data.update(grade_reason="The article reproduces the ministry's statement in full.")
    assert client.post(url, data).status_code == 302
    assert Source.objects.get(pk=source.pk).grade == "B"
