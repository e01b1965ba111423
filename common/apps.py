from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Dùng chung"

    def ready(self):
        from . import checks, lookups  # noqa: F401 (register the system checks, the integer `in` lookup)
