from rest_framework import viewsets

from ..filters import UnitFilterSet
from ..models import Unit
from .serializers import UnitSerializer


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units (đơn vị). Readable by every signed-in user; managed by administrators in the admin."""

    queryset = Unit.objects.select_related("parent").order_by("kind", "name")
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
