from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using DTSystem. Units and roles come from Membership rows (dtsystem.units)."""

    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Thị Lan")."""
        return f"{self.last_name} {self.first_name}".strip()
