from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
