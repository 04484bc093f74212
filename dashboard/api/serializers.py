"""Shapes of /api/v1/dashboard/: the same figures as the dashboard page, in JSON.

Counts by timeliness add up to `totals.total`, the number of tasks in scope (cancelled tasks and
recurring templates are outside every count). Money is in million VND, as decimal strings."""

from rest_framework import serializers

from directives.api.serializers import EnumField
from directives.choices import TaskStatus, Timeliness
from directives.models import Task
from dtsystem.units.api.serializers import UnitRefSerializer


class TimelinessCountsSerializer(serializers.Serializer):
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    on_track = serializers.IntegerField()
    overdue = serializers.IntegerField()
    no_deadline = serializers.IntegerField()


class TimelinessLinksSerializer(serializers.Serializer):
    done_on_time = serializers.CharField()
    done_late = serializers.CharField()
    on_track = serializers.CharField()
    overdue = serializers.CharField()
    no_deadline = serializers.CharField()


class TotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Số nhiệm vụ trong phạm vi (= tổng các tình trạng thời hạn).")
    by_timeliness = TimelinessCountsSerializer()
    upcoming = serializers.IntegerField(
        help_text="Nhiệm vụ đang trong hạn, đến hạn trong 14 ngày kể từ as_of."
    )
    links = TimelinessLinksSerializer(help_text="Trang danh sách nhiệm vụ tạo nên từng con số.")
    api_links = TimelinessLinksSerializer(help_text="Cùng danh sách đó qua /api/v1/tasks/.")


class LeagueRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    assigned = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    on_track = serializers.IntegerField()
    overdue = serializers.IntegerField()
    no_deadline = serializers.IntegerField()
    pct_on_time = serializers.FloatField(
        allow_null=True, help_text="Hoàn thành đúng hạn / (đúng hạn + quá hạn đã xong + quá hạn), %."
    )


class TrendQuarterSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="2024-Q3")
    label = serializers.CharField(help_text="Q3/2024")
    due_after = serializers.DateField()
    due_before = serializers.DateField()
    counts = TimelinessCountsSerializer()
    total = serializers.IntegerField()


class DashboardTaskSerializer(serializers.ModelSerializer):
    document_code = serializers.CharField(source="document.code", read_only=True)
    lead_unit = UnitRefSerializer(read_only=True)
    status = EnumField(TaskStatus, read_only=True)
    timeliness = EnumField(Timeliness, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "document",
            "document_code",
            "item",
            "content",
            "lead_unit",
            "due_date",
            "status",
            "timeliness",
            "progress",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, obj: Task) -> str:
        return f"/tasks/{obj.pk}/"


class TaskListBlockSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Số nhiệm vụ của danh sách đầy đủ (theo `link`).")
    link = serializers.CharField()
    api_link = serializers.CharField()
    tasks = DashboardTaskSerializer(many=True, help_text="10 nhiệm vụ đầu tiên.")


class AttainmentCountsSerializer(serializers.Serializer):
    achieved = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    off_track = serializers.IntegerField()
    no_data = serializers.IntegerField()


class KpiPillarSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    counts = AttainmentCountsSerializer()
    total = serializers.IntegerField()


class KpiBlockSerializer(serializers.Serializer):
    pillars = KpiPillarSerializer(many=True)
    total = serializers.IntegerField()


class BudgetRowSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    allocated = serializers.DecimalField(max_digits=20, decimal_places=3)
    disbursed = serializers.DecimalField(max_digits=20, decimal_places=3)
    rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class BudgetBlockSerializer(serializers.Serializer):
    rows = BudgetRowSerializer(many=True)
    allocated = serializers.DecimalField(max_digits=20, decimal_places=3)
    disbursed = serializers.DecimalField(max_digits=20, decimal_places=3)
    rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class AgingRowSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["le30", "31_90", "gt90", "stale"])
    label = serializers.CharField()
    count = serializers.IntegerField()
    link = serializers.CharField(help_text="Trang danh sách nhiệm vụ của nhóm (?age= hoặc ?stale=true).")
    api_link = serializers.CharField(help_text="/api/v1/tasks/ với cùng bộ lọc.")


class DashboardSerializer(serializers.Serializer):
    """Every figure of the steering committee dashboard for the user's scope, at `as_of`."""

    as_of = serializers.DateField()
    filters = serializers.DictField(
        child=serializers.CharField(), help_text="Tham số lọc nhiệm vụ (TaskFilterSet) đã áp dụng."
    )
    totals = TotalsSerializer()
    league = LeagueRowSerializer(many=True)
    trend = TrendQuarterSerializer(many=True)
    overdue = TaskListBlockSerializer()
    upcoming = TaskListBlockSerializer()
    kpis = KpiBlockSerializer(allow_null=True)
    budget = BudgetBlockSerializer(allow_null=True)
    aging = AgingRowSerializer(
        many=True,
        help_text="Tuổi của việc chậm: quá hạn ≤ 30, 31–90, > 90 ngày; không thời hạn lâu chưa báo cáo.",
    )
