"""A plan (kế hoạch) is a directives.Document of kind KH with its own data: objectives by pillar,
sections of solutions, legal bases, a reporting deadline, and budget lines in million VND.

Its tasks are ordinary directives.Task rows of the plan's document; its KPI targets live in `kpis`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Document
from dtsystem.units.models import Unit

from .choices import BudgetKind, Pillar

MONEY = {"max_digits": 14, "decimal_places": 3}  # million VND, never float


class Plan(models.Model):
    document = models.OneToOneField(
        Document, verbose_name=_("văn bản kế hoạch"), on_delete=models.PROTECT, related_name="plan"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    reporting_deadline = models.DateField(_("hạn báo cáo kết quả"), null=True, blank=True)
    reporting_deadline_text = models.CharField(_("hạn báo cáo (như văn bản ghi)"), max_length=255, blank=True)
    objectives = models.JSONField(
        _("mục tiêu"),
        default=dict,
        blank=True,
        help_text=_("Mục tiêu tổng quát ('general') và mục tiêu theo trụ cột: {trụ cột: [nội dung]}."),
    )
    funding_text = models.TextField(_("kinh phí thực hiện (như văn bản ghi)"), blank=True)
    legal_bases = models.ManyToManyField(
        Document,
        through="PlanLegalBasis",
        verbose_name=_("căn cứ pháp lý"),
        related_name="plans_based_on",
        blank=True,
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="plan_year_valid"),
        ]

    def __str__(self) -> str:
        return str(self.document)


class PlanLegalBasis(models.Model):
    """One document of the plan's legal bases (Phụ lục I), in its group and order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_basis_links")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("nhóm"), max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document"], name="plan_legal_basis_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.document_id}"


class PlanSection(models.Model):
    """A section of the plan's solutions (mục II: "1.a Chuyển đổi nhận thức"...), with its bullets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("mục"), max_length=16)
    title = models.CharField(_("tiêu đề"), max_length=255)
    pillar = models.CharField(_("trụ cột"), max_length=32, choices=Pillar.choices, blank=True)
    items = models.JSONField(_("nội dung"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ, giải pháp")
        verbose_name_plural = _("nhiệm vụ, giải pháp")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_section_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def _non_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


INVESTMENT_FIELDS = ["total_investment", "central", "local", "disbursed_prior", "allocated"]


class BudgetLine(models.Model):
    """A line of the plan's budget (Phụ lục II), in million VND.

    Investment projects carry TMĐT, NSTW, NSĐP, the amount disbursed to the end of the previous year
    and the allocation of the plan's year; recurring lines carry one amount. An empty cell of the
    source table is NULL (not 0): "0" and "" are both written in Phụ lục II and mean different things."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("loại vốn"), max_length=16, choices=BudgetKind.choices)
    pillar = models.CharField(_("trụ cột"), max_length=32, choices=Pillar.choices, blank=True)
    item = models.CharField(_("số thứ tự"), max_length=16, blank=True)
    position = models.PositiveIntegerField(default=0)
    name = models.TextField(_("tên chương trình, dự án, nhiệm vụ"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("chủ đầu tư / đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    unit_text = models.CharField(_("đơn vị (như văn bản ghi)"), max_length=255, blank=True)
    years = models.CharField(_("thời gian thực hiện"), max_length=32, blank=True)
    total_investment = models.DecimalField(_("tổng mức đầu tư (TMĐT)"), null=True, blank=True, **MONEY)
    central = models.DecimalField(_("NSTW hỗ trợ"), null=True, blank=True, **MONEY)
    local = models.DecimalField(_("NSĐP"), null=True, blank=True, **MONEY)
    disbursed_prior = models.DecimalField(_("giải ngân đến cuối năm trước"), null=True, blank=True, **MONEY)
    allocated = models.DecimalField(_("bố trí vốn trong năm"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("số tiền (vốn sự nghiệp)"), null=True, blank=True, **MONEY)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["plan_id", "kind", "position", "id"]
        constraints = [
            *[
                models.CheckConstraint(condition=_non_negative(f), name=f"budget_line_{f}_non_negative")
                for f in [*INVESTMENT_FIELDS, "amount"]
            ],
            models.CheckConstraint(
                condition=(
                    Q(kind=BudgetKind.INVESTMENT, amount__isnull=True)
                    | Q(
                        kind=BudgetKind.RECURRING,
                        amount__isnull=False,
                        total_investment__isnull=True,
                        central__isnull=True,
                        local__isnull=True,
                        disbursed_prior__isnull=True,
                        allocated__isnull=True,
                    )
                ),
                name="budget_line_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}. {self.name[:80]}"

    @property
    def year_budget(self):
        """The money available in the plan's year: the allocation (investment) or the amount (recurring)."""
        return self.allocated if self.kind == BudgetKind.INVESTMENT else self.amount

    def clean(self):
        errors = {}
        for f in [*INVESTMENT_FIELDS, "amount"]:
            value = getattr(self, f)
            if value is not None and value < 0:
                errors[f] = _("Số tiền không được âm.")
        if self.kind == BudgetKind.RECURRING:
            if self.amount is None:
                errors["amount"] = _("Dòng vốn sự nghiệp cần có số tiền.")
            for f in INVESTMENT_FIELDS:
                if getattr(self, f) is not None:
                    errors[f] = _("Dòng vốn sự nghiệp chỉ có số tiền, không có các cột của dự án đầu tư.")
        elif self.kind == BudgetKind.INVESTMENT and self.amount is not None:
            errors["amount"] = _("Dự án đầu tư không dùng cột số tiền của vốn sự nghiệp.")
        if errors:
            raise ValidationError(errors)


class Disbursement(models.Model):
    """Money actually paid out on a budget line (giải ngân), entered by the office over the year."""

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="disbursements")
    date = models.DateField(_("ngày giải ngân"))
    amount = models.DecimalField(_("số tiền (triệu đồng)"), **MONEY)
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["budget_line_id", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.amount}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Số tiền giải ngân phải lớn hơn 0.")})
