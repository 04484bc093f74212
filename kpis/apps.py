from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    demo_loaders = ["kpis.demo.load"]
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dtsystem.units.reorganisation import register_mover

        from . import reorganisation

        register_mover("kpis", preview=reorganisation.preview, apply=reorganisation.apply)
