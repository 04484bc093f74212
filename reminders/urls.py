from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.log, name="log"),
    path("settings/", views.settings_edit, name="settings"),
    path("preferences/", views.preferences, name="preferences"),
]
