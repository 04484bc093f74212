"""The iCalendar text of a feed (calendars.ical does the RFC 5545 part)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from directives.choices import TaskStatus

from . import ical


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def feed_name(feed) -> str:
    if feed.unit_id:
        return _("Hạn nhiệm vụ — %(unit)s") % {"unit": feed.unit.name}
    owner = feed.owner.get_full_name() or feed.owner.username
    return _("Hạn nhiệm vụ — %(name)s") % {"name": owner}


def task_event(task) -> list[str]:
    doc = task.document
    item = f" {_('mục')} {task.item}" if task.item else ""
    content = " ".join(task.content.split())
    summary = _("Hạn: %(content)s") % {"content": content[:150] + ("…" if len(content) > 150 else "")}
    lines = [
        _("Văn bản: %(code)s%(item)s — %(title)s") % {"code": doc.code, "item": item, "title": doc.title},
        _("Đơn vị chủ trì: %(unit)s") % {"unit": task.lead_unit.name},
        _("Trạng thái: %(status)s, tiến độ %(p)s%%")
        % {"status": task.get_status_display(), "p": task.progress},
    ]
    if task.deadline_text:
        lines.append(_("Thời hạn theo văn bản: %(text)s") % {"text": task.deadline_text})
    lines.append(_("Nội dung: %(content)s") % {"content": content})
    return ical.all_day_event(
        uid=f"task-{task.pk}@dtsystem",
        day=task.due_date,
        summary=summary,
        description="\n".join(lines),
        url=_site(reverse("directives:task_detail", args=[task.pk])),
        stamp=task.updated_at,
        status="CANCELLED" if task.status == TaskStatus.CANCELLED else "CONFIRMED",
    )


def feed_ics(feed, tasks) -> bytes:
    with translation.override("vi"):
        return ical.calendar(name=feed_name(feed), events=(task_event(t) for t in tasks))
