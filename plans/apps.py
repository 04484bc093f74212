from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    demo_loaders = ["plans.demo.load"]
    default_auto_field = "django.db.models.BigAutoField"
