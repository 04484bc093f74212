"""Plans and budget lines in the admin: read-only (they change through the pages, the API and the imports,
whose services validate and check the policy); disbursements are history, never changed or deleted."""

from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin, HistoryInline

from .models import BudgetLine, Disbursement, Plan, PlanLegalBasis, PlanSection


class SectionInline(HistoryInline):
    model = PlanSection
    fields = ["number", "title", "pillar"]


class LegalBasisInline(HistoryInline):
    model = PlanLegalBasis
    fields = ["group", "document", "position"]


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["document", "year", "reporting_deadline"]
    list_filter = ["year"]
    list_select_related = ["document"]
    inlines = [SectionInline, LegalBasisInline]


class DisbursementInline(HistoryInline):
    model = Disbursement
    fields = ["date", "amount", "note", "entered_by", "entered_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin):
    list_display = ["plan", "kind", "item", "name", "unit", "total_investment", "allocated", "amount"]
    list_filter = ["kind", "pillar", "plan"]
    list_select_related = ["plan__document", "unit"]
    search_fields = ["name", "unit_text"]
    inlines = [DisbursementInline]
