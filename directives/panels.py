"""Home page panels of the directives app (registered with dtsystem.common.home_panels)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.as_of import default_as_of
from dtsystem.common.home_panels import register

from . import selectors
from .choices import Timeliness

ORDER = [
    Timeliness.OVERDUE,
    Timeliness.ON_TRACK,
    Timeliness.NO_DEADLINE,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
]


def _rows(counts: dict, url_for) -> list[dict]:
    return [
        {"value": value, "label": Timeliness(value).label, "count": counts[value], "url": url_for(value)}
        for value in ORDER
    ]


@register(10)
def my_unit_tasks(request, actor):
    """For unit members: their units' tasks by timeliness, each linking to "Việc của đơn vị tôi"."""
    if not actor.member_unit_ids:
        return None
    qs = selectors.task_queryset(user=request.user, as_of=default_as_of(request)).filter(
        lead_unit_id__in=actor.member_unit_ids
    )
    counts = selectors.timeliness_counts(qs)
    my_tasks = reverse("directives:my_tasks")
    return {
        "title": _("Nhiệm vụ đơn vị tôi chủ trì"),
        "template": "directives/panels/timeliness.html",
        "context": {
            "rows": _rows(counts, lambda value: f"{my_tasks}#nhom-{value}"),
            "total": sum(counts.values()),
            "more_url": my_tasks,
            "more_label": _("Mở “Việc của đơn vị tôi”"),
        },
        "width": 6,
    }


@register(20)
def awaiting_approval(request, actor):
    """For office staff: completion reports and extension requests waiting for a decision."""
    if not policy.may(request.user, policy.DECIDE_EXTENSIONS):
        return None
    return {
        "title": _("Chờ Văn phòng duyệt"),
        "template": "directives/panels/approvals.html",
        "context": {
            "reports": selectors.completion_reports(user=request.user).count(),
            "extensions": selectors.pending_extensions(user=request.user).count(),
            "url": reverse("directives:approval_queue"),
        },
        "width": 6,
    }


@register(30)
def all_tasks(request, actor):
    """For the committee and the office: every task of the province by timeliness."""
    if not actor.sees_everything:
        return None
    counts = selectors.timeliness_counts(
        selectors.task_queryset(user=request.user, as_of=default_as_of(request))
    )
    task_list = reverse("directives:task_list")
    return {
        "title": _("Toàn bộ nhiệm vụ theo tình trạng thời hạn"),
        "template": "directives/panels/timeliness.html",
        "context": {
            "rows": _rows(counts, lambda value: f"{task_list}?{urlencode({'timeliness': value})}"),
            "total": sum(counts.values()),
            "more_url": task_list,
            "more_label": _("Xem danh sách nhiệm vụ"),
        },
        "width": 6,
    }
