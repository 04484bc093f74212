"""Saved filters of the task list, per user: the services (create, delete) and the selector (the user's own).

A saved filter keeps only the parameters TaskFilterSet knows, without empty values and without `page`
(nor `as_of`: a saved "quá hạn" means overdue on the day it is opened), in a stable order, so the link
`?<querystring>` gives the same rows as the query it was saved from. A query string that does not validate
with the FilterSet is refused; another user's filter is not found (404), whoever asks."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from .filters import TaskFilterSet
from .models import SavedFilter, Task

MAX_SAVED_FILTERS = 50  # per user: the list on the page stays short


def normalise_querystring(querystring: str) -> str:
    """The TaskFilterSet parameters of `querystring` (leading "?" allowed), empty values and unknown
    parameters dropped, in the FilterSet's order; a value that does not validate is a ValidationError."""
    known = list(TaskFilterSet.base_filters)
    pairs = [
        (key, value.strip())
        for key, value in parse_qsl(querystring.lstrip("?"), keep_blank_values=True)
        if key in known and value.strip()
    ]
    pairs.sort(key=lambda pair: known.index(pair[0]))  # stable: a key's several values keep their order
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    filterset = TaskFilterSet(data, queryset=Task.objects.none())
    if not filterset.is_valid():
        messages = [
            f"{filterset.form.fields[name].label}: {' '.join(str(e) for e in errors)}"
            if name in filterset.form.fields
            else " ".join(str(e) for e in errors)
            for name, errors in filterset.errors.items()
        ]
        raise ValidationError(
            {
                "querystring": [
                    _("Điều kiện lọc không hợp lệ, chưa lưu được bộ lọc. %(why)s")
                    % {"why": " ".join(messages)}
                ]
            }
        )
    return urlencode(pairs)


@transaction.atomic
def saved_filter_create(*, user, name: str, querystring: str) -> SavedFilter:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Hãy đặt tên cho bộ lọc.")]})
    if len(name) > 80:
        raise ValidationError({"name": [_("Tên bộ lọc dài tối đa 80 ký tự.")]})
    if len(querystring or "") > 4000:
        raise ValidationError({"querystring": [_("Điều kiện lọc quá dài (tối đa 2000 ký tự).")]})
    normalised = normalise_querystring(querystring or "")
    if len(normalised) > 2000:
        raise ValidationError({"querystring": [_("Điều kiện lọc quá dài (tối đa 2000 ký tự).")]})
    mine = SavedFilter.objects.filter(user=user)
    duplicate = _("Bạn đã có một bộ lọc tên “%(name)s”; hãy chọn tên khác.") % {"name": name}
    if mine.filter(name=name).exists():
        raise ValidationError({"name": [duplicate]})
    if mine.count() >= MAX_SAVED_FILTERS:
        raise ValidationError(
            {
                "name": [
                    _("Mỗi người lưu tối đa %(n)s bộ lọc; hãy xóa bớt bộ lọc cũ.") % {"n": MAX_SAVED_FILTERS}
                ]
            }
        )
    saved = SavedFilter(user=user, name=name, querystring=normalised)
    saved.full_clean()
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:  # the same name saved at the same moment
        raise ValidationError({"name": [duplicate]}) from None
    return saved


@transaction.atomic
def saved_filter_delete(*, user, saved_filter: SavedFilter) -> None:
    """Only the owner deletes a saved filter; for anyone else it does not exist."""
    if user is None or saved_filter.user_id != user.pk:
        raise Http404(_("Không tìm thấy bộ lọc."))
    saved_filter.delete()


def saved_filter_list(*, user) -> QuerySet[SavedFilter]:
    """The user's own saved filters, by name."""
    if user is None or not user.is_authenticated:
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(user=user).order_by("name", "id")
