"""The in-app inbox ("Việc cần xử lý"): one row per (user, dedupe key).

Rows are written only by inbox.services.inbox_notify, the function that also queues (or, for deadline
reminders, is called by the job that sends) the e-mail of the same event, so the two channels cannot
drift. The unique (user, key) constraint makes a second item for the same event impossible, whatever
runs twice or concurrently (INSERT ... ON CONFLICT DO NOTHING)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.models import Task

from .choices import EmailStatus, InboxKind


class InboxItem(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    kind = models.CharField(_("loại"), max_length=32, choices=InboxKind.choices)
    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    # The object the event is about when it is not the task itself (an extension request, an input request).
    object_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("nội dung"), max_length=300)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_claim = models.UUIDField(null=True, blank=True, editable=False)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("việc cần xử lý")
        verbose_name_plural = _("việc cần xử lý")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="inbox_item_once_per_user_and_key"),
            models.CheckConstraint(
                condition=models.Q(object_type__isnull=True, object_id__isnull=True)
                | models.Q(object_type__isnull=False, object_id__isnull=False),
                name="inbox_item_object_type_and_id_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.get_kind_display()} — {self.title[:60]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
