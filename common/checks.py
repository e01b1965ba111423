"""System checks of the project's own settings."""

import logging

from django.conf import settings
from django.core.checks import Tags, Warning, register

PLAIN_HTTP = Warning(
    "The site is served over plain HTTP with DEBUG off (PLAIN_HTTP=1 or HTTPS=0): session and CSRF "
    "cookies travel unencrypted, there is no HSTS and no redirect to https.",
    hint="Only on a closed intranet. Behind an HTTPS reverse proxy, unset PLAIN_HTTP and HTTPS.",
    id="thidua.W001",
)


@register(Tags.security)
def plain_http(app_configs, **kwargs):
    return [PLAIN_HTTP] if not settings.DEBUG and not settings.HTTPS else []


def warn_at_start() -> None:
    """gunicorn runs no system check: the WSGI application logs the warnings it would give."""
    for warning in plain_http(None):
        logging.getLogger("thidua.security").warning("%s: %s %s", warning.id, warning.msg, warning.hint)
