"""Routes of the KPI API, registered on the one router in dtsystem/api_urls.py."""

from .views import KpiTargetViewSet

routes = [
    ("kpis", KpiTargetViewSet, "kpi"),
]
