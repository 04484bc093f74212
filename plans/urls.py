from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("budget-lines/export/", views.budget_line_export, name="budget_line_export"),
    path("budget-lines/import/", views.budget_line_import, name="budget_line_import"),
    path("budget-lines/<int:pk>/disburse/", views.disbursement_create, name="disbursement_create"),
]
