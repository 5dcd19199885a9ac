import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import CountryFactory

PAGES = ["/", "/countries/ua/", "/compare/?substance=heroin&amount=1&unit=g", "/ru/about/", "/api/v1/docs/",
         "/api/v1/countries/", "/admin/login/", "/healthz"]


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    CountryFactory(iso2="UA")
    response = client.get(url)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_api_docs_page_loads_its_start_up_script_from_a_url(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    inline = [s for s in re.findall(r"<script([^>]*)>", page) if "src=" not in s]
    assert inline == []
    script_url = re.search(r'<script src="(/api/v1/docs/\?[^"]*script=[^"]*)"', page).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_site_templates_have_no_inline_scripts_styles_or_handlers():
    offending = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle\s*=", r"\son[a-z]+\s*=", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                offending.append(f"{template.name}: {pattern}")
    assert offending == []


def test_production_cookies_are_secure_and_https_is_enforced():
    import os
    import subprocess
    import sys

    probe = ("import json, policyhub.settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
             "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
             "s.CSRF_TRUSTED_ORIGINS]))")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "POLICYHUB_TESTING"}}
    env.update({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "policyhub.example",
                "CSRF_TRUSTED_ORIGINS": "https://policyhub.example"})
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[true, 31536000, true, true, true, true, ["https://policyhub.example"]]'
