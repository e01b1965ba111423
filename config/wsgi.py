import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from common.checks import warn_at_start  # noqa: E402 (after Django is set up)

warn_at_start()
