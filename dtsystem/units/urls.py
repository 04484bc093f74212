from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("search/", views.unit_search, name="unit_search"),
]
