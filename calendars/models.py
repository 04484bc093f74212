"""iCalendar feeds of deadlines at a secret URL (/calendar/<token>.ics), for Outlook, Thunderbird, phones.

A feed is a user's own (the tasks their units lead) or a unit's (the tasks it leads), created by a
member. The token is the only key: it opens this feed and nothing else; revoked (or its owner
deactivated) the URL answers 404. "Tạo lại" revokes and issues a new token."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dtsystem.units.models import Unit


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


class CalendarFeed(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        help_text=_("Để trống: lịch cá nhân (nhiệm vụ các đơn vị của tôi chủ trì)."),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết lịch iCal")
        verbose_name_plural = _("liên kết lịch iCal")
        ordering = ["-created_at", "-id"]
        constraints = [
            # one live feed per owner and scope (personal, or one unit)
            models.UniqueConstraint(
                fields=["owner", "unit"],
                condition=models.Q(revoked_at__isnull=True, unit__isnull=False),
                name="calendar_feed_one_live_per_unit",
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(revoked_at__isnull=True, unit__isnull=True),
                name="calendar_feed_one_live_personal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} — {self.unit or _('cá nhân')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
