from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.start, name="start"),
    path("quality/", views.quality, name="quality"),
]
