"""Writes for reminders. The daily job and `manage.py send_reminders` both call reminders_send().

Never twice (the Healthchecks way):
1. the reminders owed today are inserted as Delivery rows, ignoring the ones that already exist (unique
   constraint on recipient, task, kind, day);
2. a conditional UPDATE (queued/failed → sending, with this run's token) claims them: two runs, or a
   Celery retry of this one, can never claim the same row;
3. one e-mail per recipient lists every task claimed for that recipient; its rows become sent or failed.
No database transaction is open while talking to the SMTP server: each statement commits on its own.
Failed rows are claimed again by the next run (up to MAX_ATTEMPTS, for RETRY_DAYS days), and the task
raises so that Celery retries it with backoff; every failure stays visible on /reminders/."""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directives.aging import aging_counts, aging_rows
from directives.models import Task
from dtsystem import policy
from inbox.choices import InboxKind
from inbox.services import Notice, inbox_notify_many, task_title

from . import selectors
from .choices import DAILY_KINDS, DeliveryStatus, RecipientRole, ReminderKind
from .models import Delivery, ReminderPreference, ReminderSettings

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # the first run and its Celery retries (5) still leave the next days some tries
RETRY_DAYS = 7  # a failed reminder older than this is left failed (visible on the log page), not resent
STALE_CLAIM = timedelta(minutes=30)  # a row left "sending" by a worker that died is claimed again
DAILY_TASK = "reminders.send_daily"
DIGEST_TASK = "reminders.send_digest"


class ReminderDeliveryError(smtplib.SMTPException):
    """Some e-mails of a run failed (recorded on their rows); raised so that Celery retries the job."""


@dataclass
class ReminderSummary:
    job: str
    today: date
    dry_run: bool = False
    recipients: int = 0
    tasks: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deliveries: int = 0
    would_send: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        name = "send_reminders" if self.job == "daily" else "send_reminders --digest"
        head = f"{name} {self.today.isoformat()}{' (dry-run)' if self.dry_run else ''}"
        tail = f" would_send={self.would_send}" if self.dry_run else ""
        return (
            f"{head}: recipients={self.recipients} tasks={self.tasks} sent={self.sent} "
            f"skipped={self.skipped} failed={self.failed}{tail}"
        )

    def as_dict(self) -> dict:
        return {
            "job": self.job,
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "recipients": self.recipients,
            "tasks": self.tasks,
            "sent": self.sent,
            "skipped": self.skipped,
            "failed": self.failed,
            "deliveries": self.deliveries,
        }


# ------------------------------------------------------------------------------------------- settings


def reminder_settings_get() -> ReminderSettings:
    """The settings row (created by migration 0002); the defaults, unsaved, if someone deleted it.
    Reading never writes, so a dry run writes nothing."""
    return ReminderSettings.objects.filter(pk=1).first() or ReminderSettings(pk=1)


@transaction.atomic
def reminder_settings_update(
    *,
    user,
    day_offsets: list[int],
    send_hour: int,
    overdue_repeat_days: int,
    escalate_after_days: int,
) -> ReminderSettings:
    """The office changes when reminders go out; the beat schedule follows the new hour."""
    policy.require(user, policy.MANAGE_REMINDERS)
    config = reminder_settings_get()
    config.day_offsets = sorted({int(d) for d in day_offsets}, reverse=True)
    config.send_hour = send_hour
    config.overdue_repeat_days = overdue_repeat_days
    config.escalate_after_days = escalate_after_days
    config.full_clean()
    config.save()
    beat_schedule_sync(hour=config.send_hour)
    return config


def beat_schedule_sync(*, hour: int) -> None:
    """Move the daily job and the weekly digest to `hour` (keeping minute and weekday), creating them if
    the administrator deleted them."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    plans = [
        (DAILY_TASK, "Nhắc hạn nhiệm vụ hằng ngày", "*"),
        (DIGEST_TASK, "Báo cáo tuần việc quá hạn kéo dài (gửi Văn phòng)", "1"),
    ]
    for task_name, title, weekday in plans:
        periodic = PeriodicTask.objects.filter(task=task_name).select_related("crontab").first()
        current = periodic.crontab if periodic and periodic.crontab_id else None
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=current.minute if current else "0",
            hour=str(hour),
            day_of_week=current.day_of_week if current else weekday,
            day_of_month=current.day_of_month if current else "*",
            month_of_year=current.month_of_year if current else "*",
            timezone=settings.TIME_ZONE,
        )
        if periodic is None:
            PeriodicTask.objects.create(name=title, task=task_name, crontab=crontab, enabled=True)
        elif periodic.crontab_id != crontab.pk:
            periodic.crontab = crontab
            periodic.interval = None
            periodic.save()


def reminder_preference_get(*, user) -> ReminderPreference:
    """The user's choices (an unsaved row with the defaults when they never chose)."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def reminder_preference_update(*, user, **choices: bool) -> ReminderPreference:
    pref = reminder_preference_get(user=user)
    for name in selectors.PREF_FIELDS:
        if name in choices:
            setattr(pref, name, bool(choices[name]))
    pref.full_clean()
    pref.save()
    return pref


# ------------------------------------------------------------------------------------------- sending


def reminders_send(*, today: date, dry_run: bool = False, raise_on_failure: bool = False) -> ReminderSummary:
    """The daily job: reminders of upcoming, due and overdue tasks, one e-mail per recipient."""
    config = reminder_settings_get()
    candidates = selectors.reminder_candidates(today=today, config=config)
    return _run(
        job="daily",
        today=today,
        candidates=candidates,
        kinds=DAILY_KINDS,
        dry_run=dry_run,
        raise_on_failure=raise_on_failure,
    )


def reminders_send_digest(
    *, today: date, dry_run: bool = False, raise_on_failure: bool = False
) -> ReminderSummary:
    """The weekly digest: tasks overdue for long, to each office user, once a week."""
    config = reminder_settings_get()
    candidates = selectors.digest_candidates(today=today, config=config)
    return _run(
        job="digest",
        today=today,
        candidates=candidates,
        kinds=(ReminderKind.ESCALATION,),
        dry_run=dry_run,
        raise_on_failure=raise_on_failure,
    )


def _run(*, job, today, candidates, kinds, dry_run, raise_on_failure) -> ReminderSummary:
    summary = ReminderSummary(job=job, today=today, dry_run=dry_run)
    summary.tasks = len({c.task_id for c in candidates})
    if dry_run:
        existing = selectors.existing_keys(candidates)
        pending = [c for c in candidates if c.key not in existing]
        summary.skipped = len(candidates) - len(pending)
        summary.recipients = len({c.recipient for c in pending})
        summary.would_send = summary.recipients
        summary.deliveries = len(pending)
        return summary

    Delivery.objects.bulk_create(
        [
            Delivery(
                recipient=c.recipient,
                task_id=c.task_id,
                kind=c.kind,
                day=c.day,
                role=c.role,
                user_id=c.user_id,
                unit_id=c.unit_id,
            )
            for c in candidates
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    _skip_finished(today=today, kinds=kinds)
    token = _claim(today=today, kinds=kinds)
    rows = list(
        Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING)
        .select_related("task__document", "task__lead_unit", "user", "unit")
        .order_by("recipient", "task__due_date", "task_id", "id")
    )
    _inbox_items(rows)
    claimed_keys = {(r.recipient, r.task_id, r.kind, r.day) for r in rows}
    summary.skipped = sum(1 for c in candidates if c.key not in claimed_keys)
    summary.deliveries = len(rows)
    summary.tasks = len({c.task_id for c in candidates} | {r.task_id for r in rows})

    by_recipient: dict[str, list[Delivery]] = defaultdict(list)
    for row in rows:
        by_recipient[row.recipient].append(row)
    summary.recipients = len(by_recipient)
    if not by_recipient:
        return summary

    extra = {"aging": digest_aging(today=today)} if job == "digest" else {}
    mail = get_connection()
    try:
        for recipient, group in by_recipient.items():
            ids = [r.pk for r in group]
            try:
                message = _message(
                    job=job, today=today, recipient=recipient, rows=group, connection=mail, extra=extra
                )
                message.send(fail_silently=False)
            except Exception as exc:  # recorded on the rows, retried by the next run
                error = f"{type(exc).__name__}: {exc}"[:2000]
                logger.warning("reminder to %s failed: %s", recipient, error)
                Delivery.objects.filter(pk__in=ids, claim=token).update(
                    status=DeliveryStatus.FAILED, last_error=error
                )
                summary.failed += 1
                summary.errors.append(error)
                continue
            Delivery.objects.filter(pk__in=ids, claim=token).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
            )
            summary.sent += 1
    finally:
        try:
            mail.close()
        except Exception:  # closing a broken SMTP connection must not hide the summary
            logger.debug("closing the mail connection failed", exc_info=True)
    if summary.failed and raise_on_failure:
        raise ReminderDeliveryError(f"{summary.line()} — {summary.errors[0]}")
    return summary


# Reminder kind → (inbox kind, key prefix, title prefix). One inbox item per user and deadline: the e-mails
# at 7, 3 and 1 days are one "due soon" item; overdue reminders repeat by e-mail, the item stays one.
INBOX_OF_KIND = {
    ReminderKind.DUE_SOON: (InboxKind.DUE_SOON, "due_soon", _lazy("Sắp đến hạn")),
    ReminderKind.DUE_TODAY: (InboxKind.DUE_SOON, "due_today", _lazy("Đến hạn hôm nay")),
    ReminderKind.OVERDUE: (InboxKind.OVERDUE, "overdue", _lazy("Quá hạn")),
    ReminderKind.ESCALATION: (InboxKind.OVERDUE, "escalation", _lazy("Quá hạn kéo dài, cần đôn đốc")),
}


def _inbox_items(rows: list[Delivery]) -> None:
    """The in-app side of the reminders e-mailed in this run: each claimed row addressed to a user gets
    that user's inbox item (written through inbox_notify_many, the inbox's one entry point)."""
    users: dict[tuple, set[int]] = defaultdict(set)
    tasks = {}
    for row in rows:
        if row.user_id and row.task.due_date:
            users[(row.kind, row.task_id, row.task.due_date)].add(row.user_id)
            tasks[row.task_id] = row.task
    notices = []
    for (kind, task_id, due), user_ids in users.items():
        inbox_kind, prefix, label = INBOX_OF_KIND[kind]
        notices.append(
            Notice(
                users=tuple(sorted(user_ids)),
                kind=inbox_kind,
                key=f"{prefix}:{task_id}:{due.isoformat()}",
                title=task_title(str(label), tasks[task_id]),
                task=tasks[task_id],
                email=False,  # this job sends the e-mail
            )
        )
    inbox_notify_many(notices=notices)


def _skip_finished(*, today: date, kinds) -> None:
    """Rows waiting for a (re)try whose task no longer calls for a reminder are closed as skipped."""
    Delivery.objects.filter(
        status__in=(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), kind__in=kinds, day__lte=today
    ).exclude(task_id__in=selectors.remindable_tasks(today).values("pk")).update(
        status=DeliveryStatus.SKIPPED,
        last_error=_("Nhiệm vụ không còn cần nhắc (đã xong, tạm dừng hoặc hủy)."),
    )


def _claim(*, today: date, kinds) -> uuid.UUID:
    """Conditional UPDATE: this run takes the rows that are queued, failed (retry) or abandoned by a dead
    worker. The status test is in the UPDATE's own WHERE, so concurrent runs never take the same row."""
    token = uuid.uuid4()
    now = timezone.now()
    claimable = (
        Q(status=DeliveryStatus.QUEUED)
        | Q(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    )
    Delivery.objects.filter(
        claimable,
        kind__in=kinds,
        day__lte=today,
        day__gte=today - timedelta(days=RETRY_DAYS),
        task_id__in=selectors.remindable_tasks(today).values("pk"),
    ).update(status=DeliveryStatus.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    return token


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _task_line(task, today: date) -> dict:
    left = (task.due_date - today).days if task.due_date else None
    if left is None:
        when = ""
    elif left < 0:
        when = _("quá hạn %(n)s ngày") % {"n": -left}
    elif left == 0:
        when = _("đến hạn hôm nay")
    else:
        when = _("còn %(n)s ngày") % {"n": left}
    return {
        "task": task,
        "url": _site_url(reverse("directives:task_detail", args=[task.pk])),
        "days_left": left,
        "when": when,
        "document": task.document.code,
        "lead_unit": task.lead_unit.name,
    }


def digest_aging(*, today: date) -> list[dict]:
    """The aging figures of every task at `today` for the office's digest (one query), each with the link
    to the task list that shows its tasks (the dashboard's drill-down)."""
    counts = aging_counts(Task.objects.all(), as_of=today)
    base = _site_url(reverse("directives:task_list"))
    rows = []
    for row in aging_rows(counts):
        param = "stale=true" if row["key"] == "stale" else f"age={row['key']}"
        rows.append({**row, "url": f"{base}?as_of={today.isoformat()}&{param}"})
    return rows


def _message(
    *, job: str, today: date, recipient: str, rows: list[Delivery], connection, extra: dict | None = None
) -> EmailMultiAlternatives:
    user = next((r.user for r in rows if r.user_id), None)
    unit = next((r.unit for r in rows if r.unit_id and not r.user_id), None)
    name = (user.get_full_name() or user.username) if user else (unit.name if unit else recipient)
    seen: dict[int, dict] = {}
    lead_ids = {r.task_id for r in rows if r.role in (RecipientRole.LEAD, RecipientRole.OFFICE)}
    for row in rows:
        if row.task_id not in seen:
            seen[row.task_id] = _task_line(row.task, today)
    lines = sorted(
        seen.values(), key=lambda x: (x["days_left"] if x["days_left"] is not None else 10**6, x["task"].pk)
    )
    lead = [x for x in lines if x["task"].pk in lead_ids]
    info = [x for x in lines if x["task"].pk not in lead_ids]
    context = {
        "recipient_name": name,
        "today": today,
        "site_url": settings.SITE_URL.rstrip("/"),
        "province_name": settings.PROVINCE_NAME,
        "overdue": [x for x in lead if x["days_left"] < 0],
        "due_today": [x for x in lead if x["days_left"] == 0],
        "due_soon": [x for x in lead if x["days_left"] > 0],
        "coordinating": info,
        "lines": lines,
        "task_count": len(lines),
        **(extra or {}),
    }
    prefix = "emails/digest" if job == "digest" else "emails/reminder"
    with translation.override("vi"):
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        text = render_to_string(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient],
        connection=connection,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    message.attach_alternative(html, "text/html")
    return message
