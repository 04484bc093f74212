from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("accounts/profile/calendars/", views.feed_create, name="feed_create"),
    path("accounts/profile/calendars/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("accounts/profile/calendars/<int:pk>/regenerate/", views.feed_regenerate, name="feed_regenerate"),
]
