"""Production settings and the protections `check --deploy` does not look at: CSP, HSTS, cookies,
sessions, password rules, no caching of signed-in pages, login throttling and the security log."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "thidua.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.vn",
}


def run_django(args, env_overrides):
    """manage.py in a fresh process, with the test run's settings variables replaced."""
    drop = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "PLAIN_HTTP", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS", "STATICFILES_BACKEND", "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop} | env_overrides
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )


def production_settings(names, **env):
    code = "from django.conf import settings; import json; print(json.dumps({n: getattr(settings, n) for n in %r}))"
    result = run_django(["shell", "-c", code % (names,)], PRODUCTION_ENV | env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("https", [{}, {"HTTPS": "1"}])
def test_check_deploy_is_clean_with_debug_off_and_https_by_default(https):
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV | https)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("opt_out", [{"PLAIN_HTTP": "1"}, {"HTTPS": "0"}])
def test_plain_http_is_an_explicit_choice_warned_of_at_every_start(opt_out):
    result = run_django(["check"], PRODUCTION_ENV | opt_out)
    assert result.returncode == 0, result.stderr
    assert "thidua.W001" in result.stderr and "plain HTTP with DEBUG off" in result.stderr
    deploy = run_django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV | opt_out)
    assert deploy.returncode != 0  # the deploy check keeps saying it too


def test_gunicorns_application_logs_the_plain_http_warning():
    code = "import config.wsgi"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_SETTINGS_MODULE"}}
    env |= PRODUCTION_ENV | {"PLAIN_HTTP": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "thidua.W001: The site is served over plain HTTP" in result.stderr
    env["PLAIN_HTTP"] = "0"
    quiet = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                           text=True, timeout=120)
    assert quiet.returncode == 0 and "thidua.W001" not in quiet.stderr


def test_https_and_plain_http_together_stop_start_up():
    result = run_django(["check"], PRODUCTION_ENV | {"HTTPS": "1", "PLAIN_HTTP": "1"})
    assert result.returncode != 0 and "contradict" in result.stderr


def test_production_values_turn_on_https_protections():
    values = production_settings([
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    ])
    assert values == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True, "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_plain_http_development_has_no_hsts_nor_secure_cookies():
    values = production_settings(["SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT"], PLAIN_HTTP="1")
    assert values == {"SECURE_HSTS_SECONDS": 0, "SESSION_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False}


def test_hsts_header_on_https_responses(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/dang-nhap/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_csp_allows_no_inline_script_nor_style(client, db):
    policy = client.get("/dang-nhap/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on… event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_handler_or_style():
    # PDF templates are rendered by WeasyPrint, never by a browser under the policy.
    pdf_only = {"reports/review_document.html"}
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        name = path.relative_to(settings.BASE_DIR / "templates").as_posix()
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if name not in pdf_only and pattern.search(text):
                found.append(f"{name}: {what}")
    assert found == []


def test_session_cookie_is_httponly_and_lasts_eight_hours(client, officer):
    response = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_logout_ends_the_session_on_the_server(client, officer):
    client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    client.post("/dang-xuat/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/").status_code == 302


def test_password_validators_refuse_weak_passwords(officer):
    assert len(settings.AUTH_PASSWORD_VALIDATORS) == 4
    for weak in ["123456789012", "password123", "ngan", "phuong-khuong-dinh"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=officer)
    validate_password("Ho-can-ngheo-ve-0-nam-2025", user=officer)


def test_pages_for_signed_in_users_are_not_stored(client, officer, khuong_dinh):
    client.force_login(officer)
    response = client.get(f"/phuong/{khuong_dinh.code}/")
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert "no-store" in client.get("/admin/")["Cache-Control"]


def test_axes_comes_first_and_its_middleware_last():
    assert settings.AUTHENTICATION_BACKENDS[0] == "config.middleware.LoginThrottleBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_ENABLED and settings.AXES_FAILURE_LIMIT == 5


def test_repeated_failures_lock_the_login_out_in_vietnamese(client, officer, other_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/dang-nhap/", {"username": officer.username, "password": "sai-mat-khau"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post("/dang-nhap/", {"username": officer.username, "password": "sai-mat-khau"})
    assert response.status_code == 429
    # Locked out: even the right password is refused now, with the page in Vietnamese.
    response = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text and "sai 5 lần liên tiếp" in text and "30 phút" in text
    assert "_auth_user_id" not in client.session
    # Another user from the same address still gets in.
    response = client.post("/dang-nhap/", {"username": other_officer.username, "password": PASSWORD})
    assert response.status_code == 302


def test_client_address_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    from config.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1  # the client can prepend anything; only the proxy's entry counts
    assert client_ip(request) == "203.0.113.7"


def test_logins_failures_and_refusals_are_logged(client, officer, caplog):
    caplog.set_level("INFO", logger="thidua.security")
    client.post("/dang-nhap/", {"username": officer.username, "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.5")
    client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.5")
    client.post("/dang-xuat/", REMOTE_ADDR="10.0.0.5")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(officer)
    assert csrf_client.post("/dang-xuat/", REMOTE_ADDR="10.0.0.6").status_code == 403

    messages = [r.getMessage() for r in caplog.records if r.name == "thidua.security"]
    assert "login failed: user=phuong-khuong-dinh ip=10.0.0.5" in messages
    assert "login: user=phuong-khuong-dinh ip=10.0.0.5" in messages
    assert "logout: user=phuong-khuong-dinh ip=10.0.0.5" in messages
    assert "access refused: user=phuong-khuong-dinh ip=10.0.0.6 method=POST path=/dang-xuat/" in messages


def test_permission_denied_is_logged(client, officer, khuong_dinh, caplog, rf):
    from django.core.exceptions import PermissionDenied

    from config.middleware import SecurityLogMiddleware

    def view(request):
        raise PermissionDenied

    from django.core.handlers.exception import convert_exception_to_response

    caplog.set_level("INFO", logger="thidua.security")
    request = rf.get("/bao-cao/1/", REMOTE_ADDR="10.0.0.7")
    request.user = officer
    response = SecurityLogMiddleware(convert_exception_to_response(view))(request)
    assert response.status_code == 403
    assert "access refused: user=phuong-khuong-dinh ip=10.0.0.7 method=GET path=/bao-cao/1/" in caplog.messages


def test_lockout_is_logged(client, officer, caplog):
    caplog.set_level("INFO", logger="thidua.security")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/dang-nhap/", {"username": officer.username, "password": "sai"}, REMOTE_ADDR="10.0.0.8")
    assert "login locked out: user=phuong-khuong-dinh ip=10.0.0.8" in caplog.messages


class _UnreadBody:
    """A request body that counts what is read of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = b"x" * (8192 if size is None or size < 0 else min(size, 8192))
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, officer, make_nomination, caplog):
    from django.urls import reverse

    from awards.models import NominationDocument

    nomination = make_nomination(officer)
    client.force_login(officer)
    body = _UnreadBody()
    response = client.generic(
        "POST", reverse("awards:document-upload", args=[nomination.pk]), b"",
        content_type="multipart/form-data; boundary=xyz", CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn (300 MB, giới hạn 41 MB)" in response.content.decode()
    assert body.read_bytes == 0
    assert NominationDocument.objects.filter(nomination=nomination).count() == 2
    assert "request body refused: 314572800 bytes" in caplog.text


def test_a_body_at_the_limit_goes_through_to_the_form(client, officer, make_nomination, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    nomination = make_nomination(officer)
    client.force_login(officer)
    settings.REQUEST_MAX_BODY_BYTES = 64 * 1024
    ok = client.post(reverse("awards:document-upload", args=[nomination.pk]), {
        "kind": "other", "file": SimpleUploadedFile("bo-sung.pdf", b"%PDF-1.4\n" + b"0" * 1000),
    })
    assert ok.status_code != 413
    refused = client.post(reverse("awards:document-upload", args=[nomination.pk]), {
        "kind": "other", "file": SimpleUploadedFile("bo-sung.pdf", b"%PDF-1.4\n" + b"0" * 64 * 1024),
    })
    assert refused.status_code == 413


def test_the_sample_reverse_proxy_refuses_what_the_site_refuses():
    config = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    sizes = re.findall(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", config, re.MULTILINE)
    assert sizes, "deploy/nginx.conf sets no client_max_body_size"
    units = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    assert {int(number) * units[unit.lower()] for number, unit in sizes} == {settings.REQUEST_MAX_BODY_BYTES}
    assert settings.MIDDLEWARE[0] == "config.middleware.RequestBodyLimitMiddleware"
