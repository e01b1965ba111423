from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị hành chính và cán bộ"

    def ready(self):
        from common.cache import watch

        from .models import District, Province, Ward

        watch(Province, District, Ward)
