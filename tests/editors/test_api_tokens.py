"""API tokens are stored hashed, shown once, minted by moderators only for accounts below them, and not carried
by backups (issue 14, finding 11)."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from editors.models import ApiToken


def test_a_token_is_stored_only_as_its_hash_and_authenticates(editor_ua):
    token, key = ApiToken.issue(user=editor_ua)
    assert key not in {token.digest, token.prefix} and token.digest == ApiToken.digest_of(key)
    assert not ApiToken.objects.filter(digest=key).exists()
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.patch("/api/v1/thresholds/999999999/", {"term": "x"}, format="json")
    assert response.status_code == 404  # authenticated as the editor: no such record in their scope
    assert APIClient(HTTP_AUTHORIZATION="Token wrong").patch("/api/v1/thresholds/1/", {}).status_code == 401


def test_the_admin_shows_a_new_key_once_and_never_lists_secrets(client, moderator, editor_ua):
    client.force_login(moderator)
    response = client.post(reverse("admin:editors_apitoken_add"), {"user": editor_ua.pk, "name": "sync"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    key = next(word for m in messages for word in m.split() if len(word) == 40)
    token = ApiToken.objects.get(user=editor_ua)
    assert token.digest == ApiToken.digest_of(key)
    listing = client.get(reverse("admin:editors_apitoken_changelist")).content.decode()
    assert key not in listing and token.prefix in listing
    assert client.get(reverse("admin:editors_apitoken_change", args=[token.pk])).content.decode().count(key) == 0


def test_a_moderator_cannot_mint_a_token_for_a_superuser_or_another_moderator(client, moderator, groups):
    boss = get_user_model().objects.create_user("boss", password="x", is_staff=True, is_superuser=True)
    other = get_user_model().objects.create_user("other-mod", password="x", is_staff=True)
    other.groups.add(groups[1])
    client.force_login(moderator)
    for target in (boss, other):
        response = client.post(reverse("admin:editors_apitoken_add"), {"user": target.pk, "name": "x"})
        assert response.status_code in (200, 403)
        assert not ApiToken.objects.filter(user=target).exists()
    ApiToken.issue(user=boss)
    listing = client.get(reverse("admin:editors_apitoken_changelist"))
    assert listing.context["cl"].queryset.filter(user=boss).count() == 0


def test_drf_plain_token_admin_is_gone(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_backups_carry_no_token_secret(tmp_path):
    user = get_user_model().objects.create_user("partner-sync", password="x")
    _, key = ApiToken.issue(user=user)
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    with tarfile.open(path) as archive:
        data = archive.extractfile("data.json").read().decode()
    assert key not in data
    assert any(row["model"] == "editors.apitoken" for row in json.loads(data))
