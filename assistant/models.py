"""What the clerks did with the assistant's proposals, so that its quality is measured from real use."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ReviewedField


class FieldReview(models.Model):
    """One field of one proposed row, as the clerk saved it: what the assistant proposed (`before`), what
    was saved (`after`) and whether the proposal was kept (`accepted`). `accepted` is None when the
    outcome says nothing of the assistant: a group of units the clerk resolved to one unit (groups cannot
    be stored yet), a row the clerk added by hand. A row removed is a ROW field with accepted False.

    Written by assistant.services in the same transaction as the document, never edited afterwards."""

    document = models.ForeignKey(
        "directives.Document",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the measurement outlives a document deleted later
        related_name="assistant_reviews",
    )
    row = models.PositiveIntegerField(_("dòng đề xuất"), help_text=_("Thứ tự dòng trong đề xuất (từ 1)."))
    item = models.CharField(_("mục"), max_length=32, blank=True)
    field = models.CharField(_("trường"), max_length=32, choices=ReviewedField.choices)
    before = models.TextField(_("trợ lý đề xuất"), blank=True)
    after = models.TextField(_("đã lưu"), blank=True)
    accepted = models.BooleanField(_("giữ nguyên đề xuất"), null=True, blank=True)
    shape = models.CharField(_("dạng văn bản"), max_length=16, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lưu"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kết quả rà soát đề xuất")
        verbose_name_plural = _("kết quả rà soát đề xuất")
        ordering = ["-created_at", "row", "field"]
        indexes = [models.Index(fields=["field", "created_at"], name="assistant_review_field_month")]

    def __str__(self) -> str:
        return f"{self.get_field_display()} #{self.row}: {self.before} → {self.after}"
