from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        # Cache invalidation only: the pages' cached copies follow every write to their data.
        from .progress_cache import connect_signals

        connect_signals()
