from .views import InboxViewSet

# (prefix, viewset, basename) for the one router in dtsystem/api_urls.py
routes = [("inbox", InboxViewSet, "inbox")]
