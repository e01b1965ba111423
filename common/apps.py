from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Dùng chung"

    def ready(self):
        from . import lookups  # noqa: F401 (registers the integer `in` lookup)
