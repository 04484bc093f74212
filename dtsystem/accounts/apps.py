from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dtsystem.accounts"
    demo_loaders = ["dtsystem.accounts.demo.load_users"]
    label = "accounts"
    verbose_name = _("Tài khoản")
