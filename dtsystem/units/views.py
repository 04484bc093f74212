from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dtsystem import policy
from dtsystem.common.forms import form_add_service_errors

from . import selectors, services
from .choices import GroupMembership
from .filters import UnitFilterSet, UnitGroupFilterSet
from .group_forms import UnitGroupForm
from .models import Unit, UnitGroup


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


# ------------------------------------------------------------------------------------------ unit groups


@login_required
@require_GET
def group_list(request):
    filterset = UnitGroupFilterSet(request.GET, queryset=UnitGroup.objects.all())
    return render(
        request,
        "units/group_list.html",
        {
            "filter": filterset,
            "groups": selectors.unit_group_list(queryset=filterset.qs),
            "may_manage": policy.may(request.user, policy.MANAGE_UNIT_GROUPS),
        },
    )


def _group_form_page(request, group: UnitGroup | None):
    policy.require(request.user, policy.MANAGE_UNIT_GROUPS)
    initial = (
        UnitGroupForm.initial_for(group)
        if group
        else {"membership_kind": GroupMembership.BY_LIST, "is_active": True}
    )
    form = UnitGroupForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data, units = form.service_data()
            try:
                saved = services.unit_group_save(user=request.user, group=group, data=data, units=units)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu nhóm “%(name)s”.") % {"name": saved.name})
                return redirect("units:group_list")
        status = 400
    return render(request, "units/group_form.html", {"form": form, "group": group}, status=status)


@login_required
def group_create(request):
    return _group_form_page(request, None)


@login_required
def group_edit(request, pk: int):
    return _group_form_page(request, get_object_or_404(UnitGroup, pk=pk))
