from django.apps import AppConfig


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = "Phường và số liệu hộ cận nghèo"

    def ready(self):
        from common.cache import watch

        from .models import Baseline, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount

        watch(Baseline, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount)
