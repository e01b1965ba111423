from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Dùng chung"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks, lookups  # noqa: F401 (register the system checks, the integer `in` lookup)
        from .collation import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="common.collation")
