from django.contrib import admin

from .models import BudgetLine, Disbursement, Plan, PlanLegalBasis, PlanSection


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyInline):
    model = PlanSection
    fields = ["number", "title", "pillar"]


class LegalBasisInline(ReadOnlyInline):
    model = PlanLegalBasis
    fields = ["group", "document", "position"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Read-only: plans change through the pages and the API (services validate and check policy)."""

    list_display = ["document", "year", "reporting_deadline"]
    list_filter = ["year"]
    list_select_related = ["document"]
    inlines = [SectionInline, LegalBasisInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DisbursementInline(ReadOnlyInline):
    model = Disbursement
    fields = ["date", "amount", "note", "entered_by", "entered_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "item", "name", "unit", "total_investment", "allocated", "amount"]
    list_filter = ["kind", "pillar", "plan"]
    list_select_related = ["plan__document", "unit"]
    search_fields = ["name", "unit_text"]
    inlines = [DisbursementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
