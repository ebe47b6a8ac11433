"""Security baseline: CSP, no inline script, no third-party hosts, production settings pass
``check --deploy``, uploads limited, errors never a 500 for bad input."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _pages(commons, personas):
    owner = personas["owner"].person
    return [
        "/", "/about/", "/words/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
        reverse("people:commons", args=[commons.slug]),
        reverse("people:person_list", args=[commons.slug]),
        reverse("people:person_detail", args=[commons.slug, owner.uuid]),
        reverse("people:privacy", args=[commons.slug, owner.uuid]),
        reverse("people:access_log", args=[commons.slug, owner.uuid]),
        reverse("people:invitation_list", args=[commons.slug]),
        reverse("people:organisation_list", args=[commons.slug]),
        reverse("people:organisation_create", args=[commons.slug]),
    ]


def test_csp_header_and_no_inline_script_or_style_or_other_hosts(clients, personas, commons):
    for role in ("anonymous", "organiser", "owner"):
        client = clients[role]
        for path in _pages(commons, personas):
            response = client.get(path, follow=True)
            assert response.status_code in (200, 404), (role, path)
            csp = response["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp
            html = response.content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert "src=" in tag, f"inline script on {path}: {tag}"
            assert not re.search(r"<script\b[^>]*>(?!\s*</script>)", html), f"inline script body on {path}"
            assert " style=" not in html, f"inline style on {path}"
            assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {path}"
            for url in re.findall(r'(?:src|href|action)="(https?://[^"]+)"', html):
                assert False, f"{path} refers to another host: {url}"
            assert response["X-Frame-Options"] == "DENY"
            assert response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "DJANGO_ALLOWED_HOSTS": "care.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CARINGCITY_SITE_URL": "https://care.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS")}
    env["DJANGO_DEBUG"] = "False"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_oversized_request_is_refused_not_a_server_error(clients, commons, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = clients["organiser"].post(reverse("people:organisation_create", args=[commons.slug]),
                                         {"name": "x" * 5000, "kind": "market"})
    assert response.status_code == 400


@pytest.mark.parametrize("payload", [
    {"name": "\x00", "kind": "market"}, {"name": "A", "kind": "nonsense"}, {"name": "A" * 1000, "kind": "market"},
    {"name": "A", "kind": "market", "website": "javascript:alert(1)"}, {"name": ["a", "b"], "kind": ["x"]},
])
def test_bad_form_input_gets_a_clear_error(clients, commons, payload):
    response = clients["member"].post(reverse("people:organisation_create", args=[commons.slug]), payload)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_bad_query_strings_do_not_break_pages(clients, commons):
    for query in ["?page=abc", "?page=99999", "?q=" + "x" * 500, "?q=%00", "?page=-1"]:
        response = clients["member"].get(reverse("people:person_list", args=[commons.slug]) + query)
        assert response.status_code == 200, query


def test_language_switch_rejects_open_redirect(client):
    response = client.post("/language/", {"language": "tr", "next": "https://evil.example.com/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_errors_answer_in_our_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
