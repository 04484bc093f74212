from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ChaseLetter(models.Model):
    """A chase letter (văn bản đôn đốc) the office marked as sent to a unit: its date, the reply-by date and
    the tasks it listed. One a unit a day (sending the same letter twice is refused); each listed task
    gets a history event (directives.TaskEvent, kind "chased")."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="chase_letters", verbose_name=_("đơn vị")
    )
    letter_date = models.DateField(_("ngày văn bản"))
    reply_by = models.DateField(_("hạn báo cáo"))
    tasks = models.ManyToManyField(
        "directives.Task", related_name="chase_letters", verbose_name=_("nhiệm vụ")
    )
    overdue_count = models.PositiveIntegerField(_("số nhiệm vụ quá hạn"), default=0)
    task_count = models.PositiveIntegerField(_("số nhiệm vụ"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    sent_at = models.DateTimeField(_("đánh dấu gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đôn đốc")
        verbose_name_plural = _("văn bản đôn đốc")
        ordering = ["-letter_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "letter_date"], name="chase_letter_one_a_unit_a_day"),
            models.CheckConstraint(
                condition=Q(reply_by__gt=F("letter_date")), name="chase_letter_reply_after_date"
            ),
            models.CheckConstraint(condition=Q(overdue_count__gte=1), name="chase_letter_lists_overdue"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.letter_date:%d/%m/%Y}"
