"""Writes for the inbox. inbox_notify() is THE function an event goes through: it writes the users' items
and, for the kinds the inbox e-mails itself, queues their e-mail on the same rows; the reminders job calls
it for the deadline reminders it e-mails. Other apps call it (e.g. coordinating units' input requests):

    inbox_notify(users=[...], kind=InboxKind.INPUT_REQUESTED, key=f"input:{request.pk}",
                 title="...", task=task, obj=request)

Never twice: the key is unique per user (INSERT ... ON CONFLICT DO NOTHING), so an event notified again,
by a retry or by two processes at once, leaves one item and sends one e-mail. E-mails go out after commit
(inbox.send_emails, by its registered name), claimed with a conditional UPDATE, outside any transaction.
Each user's unread count is kept on the user row (User.inbox_unread), recounted by the database after
every change, so the navigation badge costs no query."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .choices import EMAILED_KINDS, EmailStatus, InboxKind
from .models import InboxItem

logger = logging.getLogger(__name__)

SEND_TASK = "inbox.send_emails"
STALE_CLAIM = timedelta(minutes=30)
RETRY_FOR = timedelta(days=1)


def task_url(task) -> str:
    return reverse("directives:task_detail", args=[getattr(task, "pk", task)])


def task_title(prefix: str, task) -> str:
    """ "Nhiệm vụ mới: 4.a — Triển khai ... (hạn 31/03/2022)" within the column's 300 characters."""
    item = f"{task.item} — " if task.item else ""
    due = f" (hạn {task.due_date:%d/%m/%Y})" if task.due_date else ""
    room = 300 - len(prefix) - len(item) - len(due) - 2
    content = " ".join((task.content or "").split())
    if len(content) > room:
        content = content[: room - 1].rstrip() + "…"
    return f"{prefix}: {item}{content}{due}"


@dataclass(frozen=True)
class Notice:
    """One event for some users (see inbox_notify)."""

    users: tuple[int, ...]
    kind: str
    key: str
    title: str
    task: object = None
    obj: object = None
    url: str = ""
    email: bool | None = None


def inbox_notify(
    *,
    users: Iterable,
    kind: str,
    key: str,
    title: str,
    task=None,
    obj=None,
    url: str = "",
    email: bool | None = None,
) -> None:
    """Write one item per user for the event `key` (users given as objects or ids; duplicates and users
    who already have the key are skipped), queue their e-mail when `email` (default: the kinds in
    EMAILED_KINDS) and the user has an address, and recount their unread items."""
    inbox_notify_many(
        notices=[
            Notice(
                users=tuple(getattr(u, "pk", u) for u in users if u is not None),
                kind=kind,
                key=key,
                title=title,
                task=task,
                obj=obj,
                url=url,
                email=email,
            )
        ]
    )


def inbox_notify_many(*, notices: Iterable[Notice]) -> None:
    """inbox_notify for many events at once (the reminders job): a fixed number of queries."""
    notices = [n for n in notices if n.users]
    if not notices:
        return
    for notice in notices:
        if notice.kind not in InboxKind.values:
            raise ValueError(f"unknown inbox kind {notice.kind!r}")
    emailed = {
        u for n in notices if (n.kind in EMAILED_KINDS if n.email is None else n.email) for u in n.users
    }
    with_email = (
        set(get_user_model().objects.filter(pk__in=emailed).exclude(email="").values_list("pk", flat=True))
        if emailed
        else set()
    )
    items, queued = [], False
    for notice in notices:
        send = notice.kind in EMAILED_KINDS if notice.email is None else notice.email
        object_type = ContentType.objects.get_for_model(notice.obj) if notice.obj is not None else None
        url = notice.url or (task_url(notice.task) if notice.task is not None else "")
        for user_id in sorted(set(notice.users)):
            mail = send and user_id in with_email
            queued = queued or mail
            items.append(
                InboxItem(
                    user_id=user_id,
                    kind=notice.kind,
                    key=notice.key[:200],
                    title=notice.title[:300],
                    url=url[:300],
                    task_id=getattr(notice.task, "pk", notice.task),
                    object_type=object_type,
                    object_id=notice.obj.pk if notice.obj is not None else None,
                    email_status=EmailStatus.QUEUED if mail else EmailStatus.NONE,
                )
            )
    InboxItem.objects.bulk_create(items, ignore_conflicts=True, batch_size=1000)
    _recount({i.user_id for i in items})
    if queued:
        transaction.on_commit(inbox_dispatch_emails)


def _recount(user_ids: Iterable[int]) -> None:
    """User.inbox_unread := the number of their unread items, computed by the database (one UPDATE)."""
    unread = (
        InboxItem.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    get_user_model().objects.filter(pk__in=list(user_ids)).update(inbox_unread=Coalesce(Subquery(unread), 0))


@transaction.atomic
def inbox_mark_read(*, user, item: InboxItem) -> InboxItem:
    """Mark one of the user's own items read (someone else's item is not found: the caller's selector is
    scoped, and this checks it again)."""
    if item.user_id != user.pk:
        raise InboxItem.DoesNotExist
    if item.read_at is None:
        item.read_at = timezone.now()
        InboxItem.objects.filter(pk=item.pk, read_at__isnull=True).update(read_at=item.read_at)
        _recount([user.pk])
    return item


@transaction.atomic
def inbox_mark_all_read(*, user, kind: str | None = None) -> int:
    """Mark every unread item of the user (of one kind, if given) read; the number marked."""
    qs = InboxItem.objects.filter(user=user, read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    marked = qs.update(read_at=timezone.now())
    if marked:
        _recount([user.pk])
    return marked


def inbox_resolve(*, keys: Iterable[str]) -> int:
    """The thing these items asked for was done (the office decided the extension, confirmed or returned
    the report): mark them read for everyone who had them."""
    keys = [k[:200] for k in keys]
    qs = InboxItem.objects.filter(key__in=keys, read_at__isnull=True)
    user_ids = list(qs.values_list("user_id", flat=True).distinct())
    if not user_ids:
        return 0
    marked = qs.update(read_at=timezone.now())
    _recount(user_ids)
    return marked


# ------------------------------------------------------------------------------------------- e-mail


def inbox_dispatch_emails() -> None:
    """Hand the sending to the broker by the task's registered name; never raises (a broker that is down
    leaves the items queued for the next run)."""
    try:
        current_app.tasks[SEND_TASK].delay()
    except Exception:
        logger.warning("inbox: could not hand %s to the broker", SEND_TASK, exc_info=True)


def _claim() -> uuid.UUID:
    token = uuid.uuid4()
    now = timezone.now()
    InboxItem.objects.filter(
        Q(email_status=EmailStatus.QUEUED)
        | Q(email_status=EmailStatus.FAILED, created_at__gte=now - RETRY_FOR)
        | Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=now - STALE_CLAIM)
    ).update(email_status=EmailStatus.SENDING, email_claim=token, email_claimed_at=now)
    return token


def inbox_send_emails() -> dict:
    """E-mail the queued items: one e-mail per user listing their new items. Each item is claimed with a
    conditional UPDATE first, so two runs never send the same item; no transaction is open while sending."""
    token = _claim()
    rows = list(
        InboxItem.objects.filter(email_claim=token, email_status=EmailStatus.SENDING)
        .select_related("user", "task__document")
        .order_by("user_id", "kind", "created_at", "id")
    )
    by_user: dict[int, list[InboxItem]] = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    sent = failed = 0
    if by_user:
        connection = get_connection()
        try:
            for group in by_user.values():
                ids = [r.pk for r in group]
                try:
                    _message(group, connection).send(fail_silently=False)
                except Exception as exc:  # recorded on the rows, retried by the next run for a day
                    error = f"{type(exc).__name__}: {exc}"[:2000]
                    logger.warning("inbox e-mail to user %s failed: %s", group[0].user_id, error)
                    InboxItem.objects.filter(pk__in=ids, email_claim=token).update(
                        email_status=EmailStatus.FAILED, email_error=error
                    )
                    failed += 1
                    continue
                InboxItem.objects.filter(pk__in=ids, email_claim=token).update(
                    email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_error=""
                )
                sent += 1
        finally:
            try:
                connection.close()
            except Exception:
                logger.debug("closing the mail connection failed", exc_info=True)
    return {"items": len(rows), "sent": sent, "failed": failed}


def _message(items: list[InboxItem], connection) -> EmailMultiAlternatives:
    user = items[0].user
    site = settings.SITE_URL.rstrip("/")
    context = {
        "recipient_name": user.get_full_name() or user.username,
        "items": [
            {"item": i, "label": i.get_kind_display(), "url": site + (i.url or "/inbox/")} for i in items
        ],
        "count": len(items),
        "inbox_url": site + reverse("inbox:index"),
        "province_name": settings.PROVINCE_NAME,
    }
    with translation.override("vi"):
        subject = " ".join(render_to_string("emails/inbox_subject.txt", context).split())
        text = render_to_string("emails/inbox.txt", context)
        html = render_to_string("emails/inbox.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        connection=connection,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    message.attach_alternative(html, "text/html")
    return message
