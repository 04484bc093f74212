from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    demo_loaders = ["plans.demo.load"]
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dtsystem.units.reorganisation import register_mover

        from . import reorganisation

        register_mover("plans", preview=reorganisation.preview, apply=reorganisation.apply)
