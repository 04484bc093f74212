"""{% timeliness_badge task %}, {% status_badge task %}, {% task_progress task %}: the small pieces every
task row, card and page shows, written in Python: a list shows them twice per task (table and phone cards),
and as included templates they were the larger part of rendering a list page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from dtsystem.core.templatetags.vn import bar_width

register = template.Library()


@register.simple_tag
def timeliness_badge(task) -> str:
    """The task's timeliness at the list's date (labelled by presenters.label_timeliness), or the
    recurrence of a recurring template, which has none."""
    timeliness = getattr(task, "timeliness", None)
    if timeliness:
        return format_html(
            '<span class="badge timeliness-{}">{}</span>', timeliness, getattr(task, "timeliness_label", "")
        )
    if task.is_recurring_template:
        return format_html(
            '<span class="badge text-bg-light border">{}</span>', task.get_recurrence_display()
        )
    return ""


@register.simple_tag
def status_badge(task) -> str:
    return format_html(
        '<span class="badge status-badge status-{}">{}</span>', task.status, task.get_status_display()
    )


@register.simple_tag
def task_progress(task) -> str:
    """The progress bar (a width class, not a style: the Content-Security-Policy allows no inline style)."""
    progress = task.progress
    return format_html(
        '<div class="d-flex align-items-center gap-2 task-progress">'
        '<div class="progress flex-grow-1 progress-thin" role="progressbar" aria-label="{}" '
        'aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100">'
        '<div class="progress-bar{} {}"></div></div>'
        '<span class="small text-muted text-nowrap">{}%</span></div>',
        gettext("Tiến độ"),
        progress,
        " bg-success" if progress == 100 else "",
        bar_width(progress),
        progress,
    )
