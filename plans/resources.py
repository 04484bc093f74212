"""Excel (xlsx) and CSV for budget lines: Vietnamese headers, amounts in million VND written in
Vietnamese format ("177.510", "1,5"), units by name. The export's columns are the import's (plus the
disbursement so far, which the import ignores): an export imports again unchanged. The import is a row
specification (BudgetLineImport) that dtsystem.common.imports.rows_import runs; PlanRowSpec is the part
that the KPI imports share (a plan named by its code, units by name)."""

from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem import policy
from dtsystem.common.imports import ImportRow, RowKey, RowSpec, resource_columns, validate_instance
from dtsystem.common.numbers import format_vn_number, parse_vn_decimal
from dtsystem.common.text import fold
from dtsystem.units.matching import UnitMatcher

from . import services
from .choices import BudgetKind, Pillar
from .models import BudgetLine, Plan
from .selectors import budget_line_rate

COL_PLAN = "Kế hoạch"
COL_KIND = "Loại vốn"
COL_ITEM = "Stt"
COL_NAME = "Tên chương trình, dự án, nhiệm vụ"
COL_YEARS = "TG thực hiện"
COL_TOTAL = "TMĐT"
COL_CENTRAL = "NSTW hỗ trợ"
COL_LOCAL = "NSĐP"
COL_PRIOR = "Giải ngân đến cuối năm trước"
COL_ALLOCATED = "Bố trí vốn trong năm"
COL_AMOUNT = "Số tiền (vốn sự nghiệp)"
COL_UNIT = "Đơn vị"
COL_UNIT_TEXT = "Đơn vị (như văn bản ghi)"
COL_PILLAR = "Trụ cột"
MONEY_COLUMNS = {
    "total_investment": COL_TOTAL,
    "central": COL_CENTRAL,
    "local": COL_LOCAL,
    "disbursed_prior": COL_PRIOR,
    "allocated": COL_ALLOCATED,
    "amount": COL_AMOUNT,
}
BUDGET_COLUMNS = [
    COL_PLAN,
    COL_KIND,
    COL_ITEM,
    COL_NAME,
    COL_YEARS,
    *MONEY_COLUMNS.values(),
    COL_UNIT,
    COL_UNIT_TEXT,
    COL_PILLAR,
]
REQUIRED_COLUMNS = [COL_PLAN, COL_KIND, COL_NAME]


def budget_rows(dataset) -> list[dict]:
    return BudgetLineImport.read(dataset)


def vn(value) -> str:
    return format_vn_number(value) if value is not None else ""


class BudgetLineResource(resources.ModelResource):
    """Budget lines as the plan's budget tab lists them (read from selectors.budget_line_list)."""

    plan = fields.Field(column_name=COL_PLAN)
    kind = fields.Field(column_name=COL_KIND)
    item = fields.Field(attribute="item", column_name=COL_ITEM)
    name = fields.Field(attribute="name", column_name=COL_NAME)
    years = fields.Field(attribute="years", column_name=COL_YEARS)
    total_investment = fields.Field(column_name=COL_TOTAL)
    central = fields.Field(column_name=COL_CENTRAL)
    local = fields.Field(column_name=COL_LOCAL)
    disbursed_prior = fields.Field(column_name=COL_PRIOR)
    allocated = fields.Field(column_name=COL_ALLOCATED)
    amount = fields.Field(column_name=COL_AMOUNT)
    unit = fields.Field(column_name=COL_UNIT)
    unit_text = fields.Field(attribute="unit_text", column_name=COL_UNIT_TEXT)
    pillar = fields.Field(column_name=COL_PILLAR)
    disbursed = fields.Field(column_name="Đã giải ngân trong năm")
    rate = fields.Field(column_name="Tỷ lệ giải ngân (%)")

    class Meta:
        model = BudgetLine
        fields = (
            "plan",
            "kind",
            "item",
            "name",
            "years",
            "total_investment",
            "central",
            "local",
            "disbursed_prior",
            "allocated",
            "amount",
            "unit",
            "unit_text",
            "pillar",
            "disbursed",
            "rate",
        )

    def dehydrate_plan(self, obj):
        return obj.plan.document.code

    def dehydrate_kind(self, obj):
        return obj.get_kind_display()

    def dehydrate_total_investment(self, obj):
        return vn(obj.total_investment)

    def dehydrate_central(self, obj):
        return vn(obj.central)

    def dehydrate_local(self, obj):
        return vn(obj.local)

    def dehydrate_disbursed_prior(self, obj):
        return vn(obj.disbursed_prior)

    def dehydrate_allocated(self, obj):
        return vn(obj.allocated)

    def dehydrate_amount(self, obj):
        return vn(obj.amount)

    def dehydrate_unit(self, obj):
        return obj.unit.name if obj.unit else ""

    def dehydrate_pillar(self, obj):
        return obj.get_pillar_display()

    def dehydrate_disbursed(self, obj):
        return vn(getattr(obj, "disbursed", None))

    def dehydrate_rate(self, obj):
        return vn(budget_line_rate(obj))


# --------------------------------------------------------------------------------------------- import


class PlanRowSpec(RowSpec):
    """Import rows that name a plan by its document's code (column “Kế hoạch”) and units by name, short
    name or alias: budget lines, KPI targets, KPI measurements. Office staff only."""

    @classmethod
    def authorize(cls, user) -> None:
        policy.require(user, policy.IMPORT_DATA)

    def prepare(self, rows: list[ImportRow]) -> None:
        self.plans = {p.document.code: p for p in Plan.objects.select_related("document")}
        self.units = UnitMatcher()
        self.load({self.plans[c].pk for c in {r.cell(COL_PLAN) for r in rows} if c in self.plans})

    def load(self, plan_ids: set[int]) -> None:
        """Load once what the rows of these plans are matched against (targets, lines...)."""

    def plan_of(self, row: ImportRow) -> Plan | None:
        plan = self.plans.get(row.cell(COL_PLAN))
        if plan is None:
            row.error(COL_PLAN, _("Không có kế hoạch “%(code)s”.") % {"code": row.values.get(COL_PLAN, "")})
        return plan


def _kind_of(text: str) -> str | None:
    folded = fold(text)
    if folded in ("investment", "dau tu", "von dau tu", "von dau tu phat trien") or folded.startswith(
        "von dau tu"
    ):
        return BudgetKind.INVESTMENT
    if folded in ("recurring", "su nghiep", "chi thuong xuyen") or folded.startswith("von su nghiep"):
        return BudgetKind.RECURRING
    return None


class BudgetLineImport(PlanRowSpec):
    """Budget lines: a line with the same plan, kind and Stt is updated (budget_line_update), any other
    is added (budget_line_create)."""

    columns = BUDGET_COLUMNS
    required = REQUIRED_COLUMNS
    field_columns = resource_columns(BudgetLineResource)
    default_column = COL_NAME

    def load(self, plan_ids: set[int]) -> None:
        self.lines = {
            (line.plan_id, line.kind, line.item): line
            for line in BudgetLine.objects.filter(plan_id__in=plan_ids).exclude(item="")
        }
        self.pillars = {fold(str(label)): value for value, label in Pillar.choices}
        self.pillars |= {v: v for v in Pillar.values}

    def clean(self, row: ImportRow) -> None:
        plan = self.plan_of(row)
        kind = _kind_of(row.values.get(COL_KIND, ""))
        if kind is None:
            row.error(COL_KIND, _("Loại vốn ghi “Vốn đầu tư phát triển” hoặc “Vốn sự nghiệp”."))
        unit = self.units.named(row, COL_UNIT)
        pillar_text = row.cell(COL_PILLAR)
        pillar = self.pillars.get(fold(pillar_text), "") if pillar_text else ""
        if pillar_text and not pillar:
            row.error(COL_PILLAR, _("Không có trụ cột “%(pillar)s”.") % {"pillar": pillar_text})
        amounts = {name: row.parse(column, parse_vn_decimal) for name, column in MONEY_COLUMNS.items()}
        if row.errors:
            return
        item = row.cell(COL_ITEM)
        row.existing = self.lines.get((plan.pk, kind, item)) if item else None
        row.fields = {
            "key": (plan.pk, kind, item) if item else None,
            "new": {"plan": plan, "kind": kind, "item": item},
            "values": {
                "name": row.cell(COL_NAME),
                "pillar": pillar,
                "unit": unit,
                "unit_text": row.cell(COL_UNIT_TEXT) or (unit.short_name or unit.name if unit else ""),
                "years": row.cell(COL_YEARS),
                **amounts,
            },
        }

    def keys(self, row: ImportRow) -> list[RowKey]:
        message = _("Trùng kế hoạch, loại vốn và số thứ tự với dòng %(row)s.")
        return [RowKey(COL_ITEM, row.fields["key"], message)] if row.fields else []

    def validate(self, row: ImportRow) -> None:
        line = row.existing or BudgetLine(position=0, **row.fields["new"])
        for name, value in row.fields["values"].items():
            setattr(line, name, value)
        validate_instance(line)

    def save_row(self, row: ImportRow) -> None:
        if row.existing is not None:
            services.budget_line_update(user=self.user, line=row.existing, **row.fields["values"])
        else:
            services.budget_line_create(user=self.user, **row.fields["new"], **row.fields["values"])
