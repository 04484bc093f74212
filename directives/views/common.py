"""Helpers shared by the directives pages: query parameters, pagination, form errors, the task a POST
acts on (404 when the user may not see it)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from dtsystem.common.exceptions import DomainError
from dtsystem.common.forms import form_add_service_errors as add_errors

from .. import presenters, selectors
from ..forms import TaskListOptionsForm
from ..models import Task

PAGE_SIZE = 25


def as_of(request) -> date:
    """?as_of=YYYY-MM-DD, the date the tasks' timeliness is derived at (default: today)."""
    form = TaskListOptionsForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("as_of"):
        return form.cleaned_data["as_of"]
    return timezone.localdate()


def next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def attempt(form, call):
    """Run one service call for a page: (its result, "", 200) when it went through; otherwise (None, the
    message for the page, 400 or 409): a ValidationError goes next to the form's fields it names (400),
    a DomainError (conflict, not possible in this state) is a 409."""
    try:
        return call(), "", 200
    except ValidationError as exc:
        add_errors(form, exc)
        return None, error_text(exc), 400
    except DomainError as exc:
        return None, exc.message, 409


def page_of(request, queryset, per_page: int = PAGE_SIZE, count: int | None = None, param: str = "page"):
    """One page (at most `per_page` rows) of a list; `param` is the query parameter of its number."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # already known (cached_property): skip the COUNT(*) query
    page = paginator.get_page(request.GET.get(param))
    page.object_list = list(page.object_list)  # read once (bounded by per_page), however often it is used
    return page


def querystring(request, **changes) -> str:
    """The page's query string without `page`, with `changes` (None removes a parameter)."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [value])
    return query.urlencode()


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def task_for_action(request, pk: int) -> Task:
    """The task a POST acts on, if the user may see it (404 otherwise: its existence is not revealed)."""
    try:
        return (
            selectors.task_queryset(user=request.user)
            .select_related("document", "lead_unit")
            .prefetch_related("coordinating_units")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from exc


def load_task_detail(request, pk: int, at: date | None = None) -> Task:
    """The task of the task page, with everything it shows (404 if the user may not see it)."""
    try:
        task = selectors.task_detail(user=request.user, pk=pk, as_of=at)
    except Task.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from exc
    presenters.label_timeliness([task])
    return task
