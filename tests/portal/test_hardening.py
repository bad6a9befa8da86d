"""Hardening (issue: abuse, bad input and hardening): the admin behind the second factor and
read-only for submissions, spreadsheet-safe exports, private files only the portal's user
can read, HTTPS settings, and production refusing the console email backend."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from expunge.spreadsheets import spreadsheet_safe
from expunge.storage import PrivateStorage
from tests.conftest import verified_login
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a long admin passphrase")


def test_the_admin_refuses_a_password_only_login(client, superuser):
    # The admin's own login form: a right password without a code is not enough.
    response = client.post(
        reverse("admin:login"), {"username": "root", "password": "a long admin passphrase", "next": "/admin/"}
    )
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert client.get("/admin/").status_code == 302
    # Logged in by password elsewhere (a session without a verified device): still refused.
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(reverse("admin:expunge_submission_changelist")).status_code == 302


def test_with_the_second_factor_submissions_can_be_read_but_not_changed_in_the_admin(client, superuser):
    submission = SubmissionFactory()
    verified_login(client, superuser)
    assert client.get("/admin/").status_code == 200
    page = client.get(reverse("admin:expunge_submission_change", args=[submission.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a view, not a form
    response = client.post(
        reverse("admin:expunge_submission_change", args=[submission.pk]), {"full_name": "Someone Else"}
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.full_name != "Someone Else"
    assert client.get(reverse("admin:expunge_submission_add")).status_code == 403
    assert (
        client.post(reverse("admin:expunge_submission_delete", args=[submission.pk]), {"post": "yes"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "value, safe",
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("José Núñez", "José Núñez"),
        (42, 42),
        ("", ""),
    ],
)
def test_export_cells_are_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_queue_export_escapes_a_formula_typed_as_a_name(client, supervisor):
    SubmissionFactory(full_name='=HYPERLINK("http://evil.example","Click")')
    content = verified_login(client, supervisor).get(reverse("staff:queue_export")).content.decode()
    assert "'=HYPERLINK" in content
    assert ",=HYPERLINK" not in content and '"=HYPERLINK' not in content


def test_private_files_are_readable_by_the_portal_user_only(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    storage = PrivateStorage()
    name = storage.save("documents/1/petition.pdf", ContentFile(b"%PDF-1.7"))
    path = tmp_path / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def _production(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "EMAIL_BACKEND", "SECURE_PROXY_SSL_HEADER"}}
    base.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})
    base.update(env)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    return subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True)


def test_production_settings_refuse_the_console_email_backend():
    out = _production()
    assert out.returncode != 0
    assert "EMAIL_BACKEND is the console backend" in out.stderr


def test_production_settings_redirect_to_https_and_send_hsts():
    out = _production(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "31536000", "None"]
    proxied = _production(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in proxied.stdout
    bad = _production(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", SECURE_PROXY_SSL_HEADER="https")
    assert bad.returncode != 0 and "SECURE_PROXY_SSL_HEADER must look like" in bad.stderr


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SECRET_KEY": "a-long-random-production-secret-key-" + "k" * 40,
            "ALLOWED_HOSTS": "portal.example.org",
            "SECURE_COOKIES": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # As .env.example documents them.
            "CACHE_URL": "redis://127.0.0.1:6379/2",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
        }
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_private_link_reaches_the_log(client, caplog, settings):
    import logging

    from portal.logging import MaskTokens

    assert settings.LOGGING["handlers"]["console"]["filters"] == ["mask_tokens"]
    token = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/en/apply/{token}/result/").status_code == 404
        assert client.get(f"/en/apply/draft/{token}/about/").status_code == 404
    for record in caplog.records:
        MaskTokens().filter(record)  # what the console handler does before writing
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Not Found" in text and "/apply/…/result/" in text and "/apply/draft/…/about/" in text
    assert token not in text


def test_gunicorn_access_log_masks_tokens():
    from pathlib import Path

    namespace: dict = {}
    exec(Path(__file__).resolve().parents[2].joinpath("gunicorn.conf.py").read_text(), namespace)
    assert "mask_tokens" in namespace["logconfig_dict"]["handlers"]["console"]["filters"]
    from portal.logging import mask

    line = '127.0.0.1 - - "GET /es/apply/draft/A1b2C3d4E5f6G7h8I9j0K1l2/cases/ HTTP/1.1" 200'
    assert mask(line) == '127.0.0.1 - - "GET /es/apply/draft/…/cases/ HTTP/1.1" 200'
    assert mask("/en/apply/") == "/en/apply/" and mask("/en/apply/draft/") == "/en/apply/draft/"


# --- Limits that stop floods without locking out a clinic ----------------------------------


def test_new_drafts_are_limited_per_address_and_another_address_gets_through(client, settings):
    from expunge.models import Draft

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "draft_start": "2/h"}
    for _ in range(2):
        assert client.post("/en/apply/", {}).status_code == 302
    response = client.post("/en/apply/", {})
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert Draft.objects.count() == 2
    spanish = client.post("/es/apply/", {})
    assert spanish.status_code == 429 and "Demasiadas solicitudes" in spanish.content.decode()
    assert client.post("/en/apply/", {}, REMOTE_ADDR="10.0.0.9").status_code == 302


ABOUT = {"full_name": "Ana Díaz", "date_of_birth": "1980-04-12", "address": "1 Main St"}


def test_resume_emails_are_limited_per_draft_and_nothing_typed_is_lost(eager_celery, client, settings, mailoutbox):
    from expunge.models import Draft

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_email_draft": "2/d"}
    about = client.post("/en/apply/", {})["Location"]
    for n in range(2):
        assert client.post(about, {**ABOUT, "email": f"ana{n}@example.org"}).status_code == 302
    response = client.post(about, {**ABOUT, "email": "ana9@example.org", "full_name": "Ana María Díaz"})
    assert response.status_code == 429
    assert "Your answers are saved" in response.content.decode()
    assert len(mailoutbox) == 2
    assert Draft.objects.get().answers["about"]["full_name"] == "Ana María Díaz"
    # Another resident's draft still gets its email.
    other = client.post("/en/apply/", {}, REMOTE_ADDR="10.0.0.8")["Location"]
    assert client.post(other, {**ABOUT, "email": "ben@example.org"}, REMOTE_ADDR="10.0.0.8").status_code == 302
    assert len(mailoutbox) == 3


def test_resume_emails_are_limited_per_email_address_across_drafts(eager_celery, client, settings, mailoutbox):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_email_address": "1/d"}
    first = client.post("/en/apply/", {})["Location"]
    assert client.post(first, {**ABOUT, "email": "Victim@example.org"}).status_code == 302
    second = client.post("/en/apply/", {})["Location"]
    assert client.post(second, {**ABOUT, "email": "victim@example.org"}).status_code == 429
    assert len(mailoutbox) == 1
    assert client.post(second, {**ABOUT, "email": "someone.else@example.org"}).status_code == 302
    assert len(mailoutbox) == 2


def test_staff_logins_are_limited_per_address_without_locking_other_addresses(client, settings, staff_user):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_client": "3/h"}
    login = reverse("staff:login")
    for n in range(3):
        response = client.post(login, {"username": f"guess{n}", "password": "x", "otp_token": "000000"})
        assert response.status_code == 200
    assert client.post(login, {"username": "guess9", "password": "x", "otp_token": "000000"}).status_code == 429
    assert client.get(login).status_code == 200  # the page itself is not counted
    other = client.post(login, {"username": "alice", "password": "x", "otp_token": "0"}, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200


def test_limits_count_in_redis_shared_by_every_process(settings, rf):
    """Production counts in Redis (CACHE_URL): two requests from one address against a
    limit of one, counted in the real Redis."""
    from django.core.cache import caches

    from tests.conftest import _reachable, missing_service

    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis") or not _reachable(broker, 6379):
        missing_service("CELERY_BROKER_URL does not point at a reachable Redis")
    redis_url = broker.rsplit("/", 1)[0] + "/12"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "draft_start": "1/h"}
    from portal.limits import over_limit

    caches["default"].clear()
    request = rf.post("/en/apply/", REMOTE_ADDR="10.1.2.3")
    assert over_limit(request, "draft_start") is False
    assert over_limit(rf.post("/en/apply/", REMOTE_ADDR="10.1.2.3"), "draft_start") is True
    assert over_limit(rf.post("/en/apply/", REMOTE_ADDR="10.1.2.4"), "draft_start") is False
    caches["default"].clear()


@pytest.mark.parametrize("path", ["/en/", "/es/apply/", "/staff/login/"])
def test_every_page_carries_a_content_security_policy_without_inline_code(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    content = response.content.decode()
    assert " style=" not in content and "<style" not in content
    assert all('src="' in tag for tag in content.split("<script")[1:])  # every script is a file


def test_https_pages_get_hsts_when_debug_is_off(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/en/")["Location"].startswith("https://")
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
