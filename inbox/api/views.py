"""/api/v1/inbox/: the caller's own items (?unread=true|false), mark one read, mark all (of a kind) read."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import selectors, services
from ..filters import InboxFilterSet
from ..models import InboxItem
from .serializers import InboxItemSerializer, MarkAllSerializer, MarkedSerializer


def _unread(user) -> int:
    return get_user_model().objects.filter(pk=user.pk).values_list("inbox_unread", flat=True).first() or 0


class InboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InboxItemSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = InboxFilterSet
    queryset = InboxItem.objects.none()  # the schema's model; get_queryset scopes to the caller

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InboxItem.objects.none()
        return selectors.inbox_items(user=self.request.user)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        item = self.get_object()
        request.data  # noqa: B018 — it takes no body, but one it cannot read is a 415, as on every write
        was_unread = item.read_at is None
        services.inbox_mark_read(user=request.user, item=item)
        return Response(
            {"marked": int(was_unread), "unread": _unread(request.user)}, status=status.HTTP_200_OK
        )

    @extend_schema(request=MarkAllSerializer, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        body = MarkAllSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marked = services.inbox_mark_all_read(user=request.user, kind=body.validated_data.get("kind") or None)
        return Response({"marked": marked, "unread": _unread(request.user)})
