from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "dtsystem.units"
    demo_loaders = ["dtsystem.units.demo.load_units"]
    # Run by load_demo after every app's demo_loaders (the tasks, KPIs and budget lines exist by then).
    demo_reorganisation_loaders = ["dtsystem.units.demo.load_reorganisation"]
    label = "units"
    verbose_name = _("Đơn vị")

    def ready(self):
        from dtsystem import policy

        from .selectors import policy_memberships

        policy.register_membership_loader(policy_memberships)

        from .group_movers import group_apply, group_preview
        from .reorganisation import register_mover

        register_mover("unit_groups", preview=group_preview, apply=group_apply)
