from django.urls import path

from . import reorganise_views, views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("search/", views.unit_search, name="unit_search"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/", reorganise_views.unit_detail, name="unit_detail"),
    path("changes/", reorganise_views.change_list, name="change_list"),
    path("changes/<int:pk>/", reorganise_views.change_detail, name="change_detail"),
    path("reorganise/", reorganise_views.reorganise, name="reorganise"),
    path("reorganise/<str:kind>/", reorganise_views.reorganise_operation, name="reorganise_operation"),
]
