from django.urls import path, re_path

from . import views

app_name = "outputs"

urlpatterns = [
    path("scorecards/", views.scorecards, name="scorecards"),
    re_path(r"^scorecards/export\.(?P<fmt>xlsx|pdf)$", views.scorecards_export, name="scorecards_export"),
    path("chase/", views.chase, name="chase"),
    re_path(r"^chase/letter\.(?P<fmt>docx|pdf)$", views.chase_download, name="chase_download"),
    path("chase/sent/", views.chase_mark_sent, name="chase_mark_sent"),
]
