from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị hành chính và cán bộ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from common.cache import watch

        from . import offices
        from .models import District, Office, Province, Succession, Ward

        watch(Province, District, Ward, Succession, Office)
        post_save.connect(offices.forget, sender=Office, dispatch_uid="office-names-save")
        post_delete.connect(offices.forget, sender=Office, dispatch_uid="office-names-delete")
