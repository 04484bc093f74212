from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("search/", views.unit_search, name="unit_search"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
]
