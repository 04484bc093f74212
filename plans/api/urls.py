"""Routes of the plans API, registered on the one router in dtsystem/api_urls.py."""

from .views import BudgetLineViewSet, PlanViewSet

routes = [
    ("plans", PlanViewSet, "plan"),
    ("budget-lines", BudgetLineViewSet, "budget-line"),
]
