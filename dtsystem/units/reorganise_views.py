"""Pages of the unit history and the reorganisation (office and administrators): the unit's page, the
"Tổ chức lại" page with a form per operation → a preview listing everything that moves → confirm, and
the list of recorded changes. The services (reorganisation.py) decide; these views only parse and show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dtsystem import policy

from . import reorganisation, selectors
from .choices import ChangeKind
from .forms import FORMS, current_units
from .models import Unit

TITLES = dict(ChangeKind.choices)


@require_GET
@login_required
def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_detail(pk=pk)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "unit": unit,
        **selectors.unit_history(unit=unit),
        "can_reorganise": policy.may(request.user, policy.REORGANISE_UNITS),
    }
    return render(request, "units/unit_detail.html", context)


@require_GET
@login_required
def change_list(request):
    policy.require(request.user, policy.REORGANISE_UNITS)
    page = Paginator(selectors.unit_change_list(), 50).get_page(request.GET.get("page"))
    return render(request, "units/change_list.html", {"page": page})


@require_GET
@login_required
def change_detail(request, pk: int):
    policy.require(request.user, policy.REORGANISE_UNITS)
    change = get_object_or_404(selectors.unit_change_list(), pk=pk)
    groups = {}
    for row in change.summary.get("moves", []):
        move = reorganisation.Move(
            row["category"], row["label"], row["from"], row["to"], row.get("id"), note=row.get("note", "")
        )
        groups.setdefault(move.category, []).append(move)
    labelled = [(label, groups[key]) for key, label in reorganisation.CATEGORIES.items() if key in groups]
    return render(request, "units/change_detail.html", {"change": change, "groups": labelled})


@require_GET
@login_required
def reorganise(request):
    policy.require(request.user, policy.REORGANISE_UNITS)
    return render(request, "units/reorganise.html", {"kinds": ChangeKind.choices})


def _split_choices(request) -> dict[int, Unit]:
    ids = {}
    for key, value in request.POST.items():
        if key.startswith("task_") and value.isdigit() and key[5:].isdigit():
            ids[int(key[5:])] = int(value)
    units = current_units().in_bulk(set(ids.values()))
    return {task: units[u] for task, u in ids.items() if u in units}


def _call(kind: str, data: dict, request, *, apply: bool):
    """The operation's preview, or (apply) the operation itself, from the form's cleaned data."""
    date, note = data["date"], data.get("note", "")
    user = request.user
    if kind == "rename":
        args = {
            "unit": data["unit"],
            "name": data["name"],
            "short_name": data.get("short_name", ""),
            "date": date,
        }
        return (
            reorganisation.unit_rename(user=user, note=note, **args)
            if apply
            else reorganisation.unit_rename_preview(**args)
        )
    if kind == "merge":
        args = {
            "sources": list(data["sources"]),
            "target": data.get("target"),
            "new_name": data.get("new_name", ""),
            "new_short_name": data.get("new_short_name", ""),
            "date": date,
        }
        return (
            reorganisation.units_merge(user=user, note=note, **args)
            if apply
            else reorganisation.units_merge_preview(**args)
        )
    if kind == "split":
        args = {
            "unit": data["unit"],
            "targets": list(data["targets"]),
            "successor": data.get("successor"),
            "task_targets": _split_choices(request),
            "date": date,
        }
        return (
            reorganisation.unit_split(user=user, note=note, **args)
            if apply
            else reorganisation.unit_split_preview(**args)
        )
    if kind == "dissolve":
        args = {"unit": data["unit"], "successor": data.get("successor"), "date": date}
        return (
            reorganisation.unit_dissolve(user=user, note=note, **args)
            if apply
            else reorganisation.unit_dissolve_preview(**args)
        )
    args = {"unit": data["unit"], "parent": data.get("parent"), "date": date}
    return (
        reorganisation.unit_move(user=user, note=note, **args)
        if apply
        else reorganisation.unit_move_preview(**args)
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
@login_required
def reorganise_operation(request, kind: str):
    policy.require(request.user, policy.REORGANISE_UNITS)
    if kind not in FORMS:
        raise Http404
    form_class = FORMS[kind]
    context = {"kind": kind, "title": TITLES[kind]}
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("unit",) if request.GET.get(k, "").isdigit()}
        return render(request, "units/reorganise_form.html", {**context, "form": form_class(initial=initial)})
    form = form_class(request.POST)
    if not form.is_valid():
        return render(request, "units/reorganise_form.html", {**context, "form": form}, status=400)
    try:
        if "confirm" in request.POST:
            change = _call(kind, form.cleaned_data, request, apply=True)
            messages.success(request, _("Đã ghi nhận: %(change)s.") % {"change": change})
            return redirect("units:change_detail", pk=change.pk)
        preview = _call(kind, form.cleaned_data, request, apply=False)
    except ValidationError as exc:
        _add_errors(form, exc)
        return render(request, "units/reorganise_form.html", {**context, "form": form}, status=400)
    choices = _split_choices(request) if kind == "split" else {}
    split_rows = []
    if kind == "split":
        for move in preview.moves:
            if move.category == "task_lead":
                chosen = choices.get(move.object_id)
                split_rows.append((move, chosen.pk if chosen else None))
    context.update(
        form=form,
        preview=preview,
        split_rows=split_rows,
        targets=list(form.cleaned_data.get("targets") or []),
    )
    return render(request, "units/reorganise_preview.html", context, status=400 if preview.errors else 200)
