from rest_framework import serializers


class ScorecardUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class TrendPointSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Kỳ trước (cùng loại kỳ), ví dụ 2021-Q4.")
    label = serializers.CharField()
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ScorecardRowSerializer(serializers.Serializer):
    unit = ScorecardUnitSerializer()
    rank = serializers.IntegerField(
        allow_null=True, help_text="Hạng theo tỷ lệ đúng hạn; null khi chưa có nhiệm vụ nào được tính."
    )
    due = serializers.IntegerField(help_text="Nhiệm vụ có hạn trong kỳ.")
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    overdue = serializers.IntegerField(
        help_text="Quá hạn chưa hoàn thành tại cuối kỳ (hoặc hôm nay nếu kỳ chưa kết thúc)."
    )
    on_track = serializers.IntegerField(help_text="Chưa đến hạn / báo cáo hoàn thành đúng hạn chờ xác nhận.")
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    avg_days_late = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    extensions_asked = serializers.IntegerField()
    extensions_granted = serializers.IntegerField()
    returned = serializers.IntegerField(
        help_text="Số nhiệm vụ Văn phòng trả lại (không xác nhận hoàn thành) trong kỳ."
    )
    trend = TrendPointSerializer(many=True)
    trend_change = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class ScorecardSerializer(serializers.Serializer):
    period = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField()
    previous_periods = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()
    results = ScorecardRowSerializer(many=True)
