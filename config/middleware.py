"""Security middleware: request bodies capped before they are read, no caching of signed-in pages,
and the "thidua.security" log of logins, failed logins, lockouts, logouts and refused requests,
with the user name and client address.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

security_log = logging.getLogger("thidua.security")


def client_ip(request) -> str:
    """The client's address: the socket's, or the one the trusted reverse proxies put in
    X-Forwarded-For (TRUSTED_PROXY_COUNT entries from the right, so a client cannot forge it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS. authenticate() without a
    request (a script, a test) is no web login: there is no client to throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    from axes.helpers import get_client_username

    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


TOO_LARGE = (
    "Dữ liệu gửi lên quá lớn ({size} MB, giới hạn {limit} MB): hệ thống không nhận. Mỗi tệp hồ sơ tối đa "
    "10 MB, tệp nhập số liệu tối đa {import_limit} MB."
)


class RequestBodyLimitMiddleware:
    """A request whose declared body exceeds REQUEST_MAX_BODY_BYTES is answered 413 before one byte
    of it is read: Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) leaves files out, so a 300 MB
    "dossier" was received whole, into a temporary file, before the form refused it at 10 MB. The
    reverse proxy refuses it earlier still (deploy/nginx.conf, client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body it cannot size
        limit = settings.REQUEST_MAX_BODY_BYTES
        if declared > limit:
            security_log.warning(
                "request body refused: %s bytes, limit %s: ip=%s method=%s path=%s",
                declared, limit, client_ip(request), request.method, request.path,
            )
            mib = 1024 * 1024
            message = TOO_LARGE.format(
                size=f"{declared / mib:.0f}", limit=limit // mib, import_limit=settings.IMPORT_MAX_UPLOAD_BYTES // mib,
            )
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreForUsersMiddleware:
    """Pages shown to a signed-in user hold personal and household data: no browser or proxy
    may keep a copy (the back button after logout must not show them either)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class SecurityLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security_log.warning(
                "access refused: user=%s ip=%s method=%s path=%s",
                _username(request), client_ip(request), request.method, request.path,
            )
        return response


def _username(request) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else "-"


# Logins only happen through a request, which loads this module with the middleware above.
@receiver(user_logged_in, dispatch_uid="thidua-security-login")
def _log_login(sender, request, user, **kwargs):
    security_log.info("login: user=%s ip=%s", user.get_username(), client_ip(request) if request else "-")


@receiver(user_logged_out, dispatch_uid="thidua-security-logout")
def _log_logout(sender, request, user, **kwargs):
    name = user.get_username() if user is not None else "-"
    security_log.info("logout: user=%s ip=%s", name, client_ip(request) if request else "-")


@receiver(user_login_failed, dispatch_uid="thidua-security-login-failed")
def _log_login_failed(sender, credentials, request=None, **kwargs):
    security_log.warning(
        "login failed: user=%s ip=%s", credentials.get("username", "-"), client_ip(request) if request else "-"
    )


@receiver(user_locked_out, dispatch_uid="thidua-security-locked-out")
def _log_locked_out(sender, request, username, ip_address, **kwargs):
    security_log.warning("login locked out: user=%s ip=%s", username, ip_address)
