import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from editors import review
from editors.models import Organization
from tests.factories import bundled_country


@pytest.fixture(autouse=True)
def countries(db):
    """The countries the commands below name."""
    for iso2 in ("UA", "MD", "GE"):
        bundled_country(iso2)


def test_creates_an_editor_with_their_organisation(db, monkeypatch, capsys):
    monkeypatch.setenv("POLICYHUB_EDITOR_PASSWORD", "correct horse battery staple")
    call_command("create_editor", "olena", "--organization", "Harm Reduction Ukraine", "--countries", "ua,MD")
    user = get_user_model().objects.get(username="olena")
    assert user.is_staff and not user.is_superuser
    assert authenticate(RequestFactory().post("/admin/login/"), username="olena",
                        password="correct horse battery staple") == user
    org = Organization.objects.get(name="Harm Reduction Ukraine")
    assert set(org.countries.values_list("iso2", flat=True)) == {"UA", "MD"}
    assert review.editable_country_ids(user) == set(org.countries.values_list("pk", flat=True))
    assert user.has_perm("legislation.change_threshold") and not user.has_perm("editors.publish_changes")
    assert "Created editor olena" in capsys.readouterr().out

    # Run again to add a country: the account is updated, not duplicated, and keeps its password.
    monkeypatch.delenv("POLICYHUB_EDITOR_PASSWORD")
    call_command("create_editor", "olena", "--organization", "Harm Reduction Ukraine", "--countries", "GE")
    assert set(org.countries.values_list("iso2", flat=True)) == {"UA", "MD", "GE"}
    assert get_user_model().objects.filter(username="olena").count() == 1
    user.refresh_from_db()
    assert user.check_password("correct horse battery staple")


@pytest.mark.parametrize("arguments, message", [
    (["--countries", "UA,QQ"], "Unknown country code"),
    (["--countries", " , "], "at least one country"),
])
def test_refuses_bad_country_codes(db, monkeypatch, arguments, message):
    monkeypatch.setenv("POLICYHUB_EDITOR_PASSWORD", "correct horse battery staple")
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", "x", "--organization", "NGO", *arguments)
    assert not get_user_model().objects.filter(username="x").exists()


def test_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("POLICYHUB_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_editor", "x", "--organization", "NGO", "--countries", "UA")
    assert not get_user_model().objects.filter(username="x").exists()


def test_without_a_password_or_a_terminal_it_stops(db, monkeypatch):
    monkeypatch.delenv("POLICYHUB_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="POLICYHUB_EDITOR_PASSWORD"):
        call_command("create_editor", "x", "--organization", "NGO", "--countries", "UA")


def test_prints_an_api_token_that_authenticates(db, monkeypatch, capsys):
    from rest_framework.test import APIClient

    monkeypatch.setenv("POLICYHUB_EDITOR_PASSWORD", "correct horse battery staple")
    call_command("create_editor", "api-user", "--organization", "NGO", "--countries", "UA", "--token")
    key = capsys.readouterr().out.split("API token: ")[1].strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.patch("/api/v1/thresholds/999999/", {"term": "x"}, format="json")
    assert response.status_code == 404  # authenticated and allowed to write; the record simply does not exist
