"""Production settings: deploy checks, a required secret, security headers, health, 503s."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings

from tests.factories import make_topic

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "revise.example.org",
}
SECURE_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 63072000,
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_passes_with_no_warning_in_production(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "DJANGO_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_DATA_DIR": str(tmp_path)}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


@pytest.mark.django_db
@override_settings(**SECURE_SETTINGS)
@pytest.mark.parametrize("path", ["/", "/topics/test-topic/quiz/", "/admin/login/"])
def test_security_headers_on_pages_quiz_and_admin(client, path):
    make_topic()
    response = client.get(path, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Strict-Transport-Security"].startswith("max-age=63072000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(**SECURE_SETTINGS)
def test_plain_http_is_redirected_and_cookies_are_secure(client):
    make_topic()
    assert client.get("/").status_code == 301
    client.post("/topics/test-topic/quiz/", {"answer": "Colleagues rely on my work."}, secure=True)
    cookie = client.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_up(client):
    response = client.get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch, caplog):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz", HTTP_HOST="an-unknown-host")
    assert response.status_code == 503
    assert "database unavailable" in caplog.text


@pytest.mark.django_db
def test_a_database_failure_on_a_page_is_a_friendly_503_without_traceback(
    client, monkeypatch, caplog
):
    make_topic()
    from assessment import services

    def full_disk(**kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(services, "attempt_record", full_disk)
    response = client.post("/topics/test-topic/quiz/1/", {"answer": "Colleagues rely on my work."})
    html = response.content.decode()
    assert response.status_code == 503
    assert "Back in a moment" in html
    assert "Traceback" not in html and "disk is full" not in html
    assert "database error: answering 503" in caplog.text


@pytest.mark.django_db
def test_a_database_failure_while_the_page_cache_reads_the_content_generation_is_a_503(
    client, monkeypatch, caplog
):
    """Found by `bench faults` (a full disk): the page cache reads the database before any view,
    where a view's error handling cannot see it, and answered 500."""
    from topics.caching import forget_content_stamp
    from topics.models import ContentVersion

    make_topic()
    forget_content_stamp()

    def unreadable(cls):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(ContentVersion, "current", classmethod(unreadable))
    response = client.get("/topics/test-topic/")
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()
    assert "database error: answering 503" in caplog.text


def test_a_database_error_outside_any_view_still_gets_the_503_page(rf, caplog):
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    try:
        raise OperationalError("database or disk is full")  # as when a session is saved
    except OperationalError:
        response = handler(rf.get("/progress/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in response.content.decode()
    assert "database error: answering 503" in caplog.text
    try:
        raise ValueError("a bug, not the database")
    except ValueError:
        assert handler(rf.get("/progress/")).status_code == 500
