from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    default_auto_field = "django.db.models.BigAutoField"
