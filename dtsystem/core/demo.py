"""Demo data: every installed app may name a loader in its AppConfig (`demo_loaders`: dotted paths to
callables taking no arguments and returning a dict of counts); `load_demo` runs them in the order of
INSTALLED_APPS, which follows the layers (units, then users, then documents, plans...)."""

from django.apps import apps
from django.utils.module_loading import import_string

DEMO_PASSWORD = "demo12345"


def load_all(stdout=None) -> dict:
    summary: dict = {}
    for config in apps.get_app_configs():
        for dotted in getattr(config, "demo_loaders", ()):
            summary.update(import_string(dotted)())
    return summary
