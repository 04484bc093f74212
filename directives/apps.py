from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    demo_loaders = ["directives.demo.load"]
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dtsystem.units.reorganisation import register_mover

        from . import (
            panels,  # noqa: F401 - registers the home page panels
            reorganisation,
        )

        register_mover("tasks", preview=reorganisation.preview, apply=reorganisation.apply)
