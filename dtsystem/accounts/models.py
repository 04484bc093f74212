from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using DTSystem. Units and roles come from Membership rows (dtsystem.units)."""

    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    # Unread items of the inbox ("Việc cần xử lý"), recounted by the database by inbox.services after
    # every change: the navigation badge reads it from the user row the request has already loaded.
    inbox_unread = models.PositiveIntegerField(_("việc chưa đọc"), default=0, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Thị Lan")."""
        return f"{self.last_name} {self.first_name}".strip()
