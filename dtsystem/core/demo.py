"""Demo data: every installed app may name a loader in its AppConfig (`demo_loaders`: dotted paths to
callables taking no arguments and returning a dict of counts); `load_demo` runs them in the order of
INSTALLED_APPS, which follows the layers (units, then users, then documents, plans...)."""

from django.apps import apps
from django.utils.module_loading import import_string

DEMO_PASSWORD = "demo12345"


def load_all(stdout=None, *, reorganise: bool = False) -> dict:
    """The demo data. With `reorganise` (what `load_demo` does) the `demo_reorganisation_loaders` run last:
    the 2025 reorganisation of the province, applied to the 2022 data (fixtures/reorganisation_2025.json).
    Without it, the organisation the 2022 seeds name (what most tests of 2022 dates describe)."""
    summary: dict = {}
    configs = list(apps.get_app_configs())
    for config in configs:
        for dotted in getattr(config, "demo_loaders", ()):
            summary.update(import_string(dotted)())
    if reorganise:
        for config in configs:
            for dotted in getattr(config, "demo_reorganisation_loaders", ()):
                summary.update(import_string(dotted)())
    return summary
