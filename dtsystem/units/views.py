from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .filters import UnitFilterSet
from .models import Unit


@login_required
def unit_list(request):
    filterset = UnitFilterSet(
        request.GET, queryset=Unit.objects.select_related("parent").order_by("kind", "name")
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "units/unit_list.html", {"filter": filterset, "page": page})


@login_required
def unit_search(request):
    """htmx/JSON helper for unit pickers: matches name, short name and aliases, ignoring diacritics."""
    filterset = UnitFilterSet({"q": request.GET.get("q", ""), "is_active": True}, queryset=Unit.objects.all())
    units = list(filterset.qs.order_by("kind", "name")[:20])
    return render(
        request, "units/_unit_options.html", {"units": units, "field": request.GET.get("field", "")}
    )
