from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    demo_loaders = ["kpis.demo.load"]
    default_auto_field = "django.db.models.BigAutoField"
