"""Excel (xlsx) and CSV for budget lines: Vietnamese headers, amounts in million VND written in
Vietnamese format ("177.510", "1,5"), units by name. The export's columns are the import's (plus the
disbursement so far, which the import ignores): an export imports again unchanged."""

from import_export import fields, resources

from dtsystem.common.imports import dataset_rows
from dtsystem.common.numbers import format_vn_number

from .models import BudgetLine
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
    return dataset_rows(dataset, required=REQUIRED_COLUMNS, columns=BUDGET_COLUMNS)


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
