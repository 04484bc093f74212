"""Sending: one e-mail per recipient per day, coordinating units informed, preferences, never twice,
SMTP failures recorded and retried, the office's weekly digest, dry-run, the management command."""

import io
import smtplib
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from directives.choices import TaskStatus
from reminders import selectors, services, tasks
from reminders.choices import DeliveryStatus, RecipientRole, ReminderKind
from reminders.models import Delivery, ReminderPreference
from tests.support.reminders import TODAY, bodies_to

pytestmark = pytest.mark.django_db


def _alt_html(message) -> str:
    return next(content for content, mime in message.alternatives if mime == "text/html")


def test_one_email_per_recipient_listing_all_tasks(make_task, lead, mailoutbox, settings):
    settings.SITE_URL = "https://dtsystem.example.gov.vn/"
    soon = make_task(TODAY + timedelta(days=3), item="4.a", content="Hoàn thiện Đề án Trung tâm điều hành")
    today = make_task(TODAY, item="5.1", content="Bổ sung Kế hoạch kiểm tra")
    late = make_task(TODAY - timedelta(days=1), item="6.b", content="Rà soát hạ tầng số")
    summary = services.reminders_send(today=TODAY)
    assert (summary.recipients, summary.tasks, summary.sent, summary.failed) == (2, 3, 2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lead.email, "so-tttt@example.gov.vn"])
    message = bodies_to(mailoutbox, lead.email)[0]
    assert "10/03/2022" in message.subject and "3 nhiệm vụ" in message.subject
    for task in (soon, today, late):
        assert f"https://dtsystem.example.gov.vn/tasks/{task.pk}/" in message.body
        assert f'href="https://dtsystem.example.gov.vn/tasks/{task.pk}/"' in _alt_html(message)
    assert "13/03/2022" in message.body and "còn 3 ngày" in message.body
    assert "đến hạn hôm nay" in message.body and "quá hạn 1 ngày" in message.body
    assert "Kính gửi: Nguyễn" in message.body
    assert "NHIỆM VỤ QUÁ HẠN" in message.body and "Nhiệm vụ sắp đến hạn" in _alt_html(message)
    assert "ĐỂ BIẾT, PHỐI HỢP" not in message.body
    rows = Delivery.objects.filter(recipient=lead.email)
    assert {(r.kind, r.status) for r in rows} == {
        (ReminderKind.DUE_SOON, DeliveryStatus.SENT),
        (ReminderKind.DUE_TODAY, DeliveryStatus.SENT),
        (ReminderKind.OVERDUE, DeliveryStatus.SENT),
    }
    assert all(r.sent_at and r.attempts == 1 and r.user_id == lead.pk for r in rows)


def test_coordinating_units_are_informed_in_their_own_section(
    make_task, lead, coord_lead, coord_unit, mailoutbox
):
    task = make_task(TODAY + timedelta(days=1), coordinating_units=[coord_unit], item="6.a.1")
    services.reminders_send(today=TODAY)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [lead.email, "so-tttt@example.gov.vn", coord_lead.email, coord_unit.email]
    )
    for address in (coord_lead.email, coord_unit.email):
        message = bodies_to(mailoutbox, address)[0]
        assert "ĐỂ BIẾT, PHỐI HỢP" in message.body
        assert "SẮP ĐẾN HẠN" not in message.body
        assert f"/tasks/{task.pk}/" in message.body
    assert set(Delivery.objects.filter(recipient=coord_lead.email).values_list("role", flat=True)) == {
        RecipientRole.COORDINATING
    }


def test_other_units_get_nothing(make_task, lead, other_lead, mailoutbox):
    make_task(TODAY)
    services.reminders_send(today=TODAY)
    assert not bodies_to(mailoutbox, other_lead.email)


def test_staff_get_no_reminder_only_leads(make_task, lead, staff, mailoutbox):
    make_task(TODAY)
    services.reminders_send(today=TODAY)
    assert not bodies_to(mailoutbox, staff.email)
    assert bodies_to(mailoutbox, lead.email)


def test_preferences_respected(make_task, lead, coord_lead, coord_unit, mailoutbox):
    ReminderPreference.objects.create(user=lead, due_soon=False)
    ReminderPreference.objects.create(user=coord_lead, coordinating_info=False)
    make_task(TODAY + timedelta(days=7), coordinating_units=[coord_unit])
    services.reminders_send(today=TODAY)
    assert not bodies_to(mailoutbox, lead.email)
    assert not bodies_to(mailoutbox, coord_lead.email)
    assert bodies_to(mailoutbox, "so-tttt@example.gov.vn")  # the unit's own address is always told
    assert bodies_to(mailoutbox, coord_unit.email)
    mailoutbox.clear()
    make_task(TODAY)  # due today: the lead still wants that kind
    services.reminders_send(today=TODAY)
    assert len(bodies_to(mailoutbox, lead.email)) == 1


def test_run_twice_the_second_sends_nothing(make_task, lead, mailoutbox):
    make_task(TODAY)
    make_task(TODAY + timedelta(days=3))
    first = services.reminders_send(today=TODAY)
    second = services.reminders_send(today=TODAY)
    assert first.sent == 2 and len(mailoutbox) == 2
    assert second.sent == 0 and second.skipped == 4 and len(mailoutbox) == 2
    assert Delivery.objects.count() == 4


def test_the_unique_constraint_forbids_a_duplicate_row(make_task, lead):
    from django.db import IntegrityError, transaction

    task = make_task(TODAY)
    services.reminders_send(today=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            recipient=lead.email, task=task, kind=ReminderKind.DUE_TODAY, day=TODAY, role=RecipientRole.LEAD
        )


def test_a_second_claim_takes_nothing(make_task, lead):
    make_task(TODAY)
    candidates = selectors.reminder_candidates(today=TODAY, config=services.reminder_settings_get())
    Delivery.objects.bulk_create(
        [
            Delivery(recipient=c.recipient, task_id=c.task_id, kind=c.kind, day=c.day, role=c.role)
            for c in candidates
        ]
    )
    first = services._claim(today=TODAY, kinds=[ReminderKind.DUE_TODAY])
    second = services._claim(today=TODAY, kinds=[ReminderKind.DUE_TODAY])
    assert Delivery.objects.filter(claim=first).count() == 2
    assert Delivery.objects.filter(claim=second).count() == 0


def test_a_row_abandoned_by_a_dead_worker_is_sent_later(make_task, lead, mailoutbox):
    from django.utils import timezone

    make_task(TODAY)
    candidates = selectors.reminder_candidates(today=TODAY, config=services.reminder_settings_get())
    Delivery.objects.bulk_create(
        [
            Delivery(recipient=c.recipient, task_id=c.task_id, kind=c.kind, day=c.day, role=c.role)
            for c in candidates
        ]
    )
    services._claim(today=TODAY, kinds=[ReminderKind.DUE_TODAY])  # the worker dies here
    assert services.reminders_send(today=TODAY).sent == 0  # still "sending": not taken twice
    Delivery.objects.update(claimed_at=timezone.now() - services.STALE_CLAIM - timedelta(minutes=1))
    assert services.reminders_send(today=TODAY).sent == 2
    assert len(mailoutbox) == 2


def test_smtp_error_recorded_then_retried_next_run_and_sent_once(make_task, lead, flaky_smtp):
    from django.core import mail

    mail.outbox = []
    make_task(TODAY)
    failed = services.reminders_send(today=TODAY)
    assert (failed.sent, failed.failed) == (0, 2)
    rows = list(Delivery.objects.all())
    assert {r.status for r in rows} == {DeliveryStatus.FAILED}
    assert all(r.attempts == 1 and "SMTPServerDisconnected" in r.last_error for r in rows)
    flaky_smtp.failing = False
    retried = services.reminders_send(today=TODAY)  # the Celery retry, or the next scheduled run
    assert (retried.sent, retried.failed) == (2, 0)
    assert len(mail.outbox) == 2
    assert {(r.status, r.attempts, r.last_error) for r in Delivery.objects.all()} == {
        (DeliveryStatus.SENT, 2, "")
    }
    assert services.reminders_send(today=TODAY).sent == 0
    assert len(mail.outbox) == 2


def test_a_reminder_failed_yesterday_goes_out_with_todays(make_task, lead, flaky_smtp):
    from django.core import mail

    mail.outbox = []
    task = make_task(TODAY)
    services.reminders_send(today=TODAY)
    flaky_smtp.failing = False
    summary = services.reminders_send(today=TODAY + timedelta(days=1))
    assert summary.sent == 2  # one e-mail each, the task listed once (overdue since yesterday)
    assert mail.outbox[0].body.count(f"/tasks/{task.pk}/") == 1
    assert set(Delivery.objects.values_list("kind", "status", "attempts")) == {
        (ReminderKind.DUE_TODAY, DeliveryStatus.SENT, 2),
        (ReminderKind.OVERDUE, DeliveryStatus.SENT, 1),
    }


def test_one_failing_recipient_does_not_stop_the_others(make_task, lead, flaky_smtp):
    from django.core import mail

    mail.outbox = []
    flaky_smtp.failing = {lead.email}
    make_task(TODAY)
    summary = services.reminders_send(today=TODAY)
    assert (summary.sent, summary.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [["so-tttt@example.gov.vn"]]
    assert Delivery.objects.get(recipient=lead.email).status == DeliveryStatus.FAILED


def test_failures_stop_after_max_attempts_and_stay_visible(make_task, lead, flaky_smtp):
    make_task(TODAY)
    for _ in range(services.MAX_ATTEMPTS + 2):
        services.reminders_send(today=TODAY)
    rows = Delivery.objects.all()
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.FAILED, services.MAX_ATTEMPTS)}


def test_a_failed_reminder_for_a_task_done_since_is_skipped(make_task, lead, flaky_smtp):
    task = make_task(TODAY)
    services.reminders_send(today=TODAY)
    task.status, task.completed_on = TaskStatus.DONE, TODAY
    task.save()
    flaky_smtp.failing = False
    assert services.reminders_send(today=TODAY + timedelta(days=1)).sent == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SKIPPED}


def test_celery_task_raises_an_smtp_error_for_autoretry(make_task, lead, flaky_smtp):
    make_task(TODAY)
    with pytest.raises(smtplib.SMTPException):
        tasks.send_daily.run(today=TODAY.isoformat())
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    for task in (tasks.send_daily, tasks.send_digest):
        assert task.acks_late is True
        assert smtplib.SMTPException in task.autoretry_for
        assert task.retry_backoff


def test_celery_task_sends_once(make_task, lead, mailoutbox):
    make_task(TODAY)
    assert tasks.send_daily.delay(TODAY.isoformat()).get()["sent"] == 2
    assert tasks.send_daily.delay(TODAY.isoformat()).get()["sent"] == 0
    assert len(mailoutbox) == 2


def test_dry_run_sends_nothing_and_writes_nothing(make_task, lead, mailoutbox):
    make_task(TODAY)
    summary = services.reminders_send(today=TODAY, dry_run=True)
    assert (summary.sent, summary.would_send, summary.recipients) == (0, 2, 2)
    assert mailoutbox == []
    assert Delivery.objects.count() == 0
    assert "(dry-run)" in summary.line() and "sent=0" in summary.line()


def test_management_command_prints_sent(make_task, lead, mailoutbox):
    make_task(date(2022, 1, 25))
    out = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-20", stdout=out)
    assert (
        out.getvalue().strip() == "send_reminders 2022-01-20: recipients=2 tasks=1 sent=2 skipped=0 failed=0"
    )
    out = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-20", stdout=out)
    assert "sent=0" in out.getvalue() and "skipped=2" in out.getvalue()
    out = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-20", "--dry-run", stdout=out)
    assert "sent=0" in out.getvalue()
    assert len(mailoutbox) == 2


def test_management_command_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "20/01/2022")


# ------------------------------------------------------------------------------------ weekly digest


def test_escalation_digest_weekly_to_office(make_task, lead, office, mailoutbox):
    monday = date(2022, 3, 14)
    long_late = make_task(monday - timedelta(days=15), item="2.b")
    make_task(monday - timedelta(days=14), item="2.c")  # not more than 14 days: no escalation
    also_late = make_task(monday - timedelta(days=40), item="2.d")
    summary = services.reminders_send_digest(today=monday)
    assert (summary.sent, summary.tasks) == (1, 2)
    assert [m.to for m in mailoutbox] == [[office.email]]
    message = mailoutbox[0]
    assert "2 nhiệm vụ quá hạn kéo dài" in message.subject
    assert f"/tasks/{long_late.pk}/" in message.body and f"/tasks/{also_late.pk}/" in message.body
    assert "quá hạn 40 ngày" in message.body and "quá hạn 15 ngày" in message.body
    assert "Mục 2.c" not in message.body
    # The rest of the week: nothing new; the next week: the digest again.
    assert services.reminders_send_digest(today=monday + timedelta(days=3)).sent == 0
    assert services.reminders_send_digest(today=monday + timedelta(days=7)).sent == 1
    assert len(mailoutbox) == 2
    assert set(Delivery.objects.values_list("kind", "role")) == {
        (ReminderKind.ESCALATION, RecipientRole.OFFICE)
    }


def test_digest_respects_the_office_preference(make_task, office, mailoutbox):
    ReminderPreference.objects.create(user=office, weekly_digest=False)
    make_task(TODAY - timedelta(days=30))
    assert services.reminders_send_digest(today=TODAY).sent == 0
    assert mailoutbox == []


def test_command_digest_option(make_task, office, mailoutbox):
    make_task(TODAY - timedelta(days=30))
    out = io.StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), "--digest", stdout=out)
    assert "sent=1" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_no_database_transaction_is_open_while_talking_to_smtp(make_task, lead, settings):
    from tests.support.reminders import AtomicProbeBackend

    settings.EMAIL_BACKEND = "tests.support.reminders.AtomicProbeBackend"
    AtomicProbeBackend.in_atomic = []
    make_task(TODAY)
    assert services.reminders_send(today=TODAY).sent == 2
    assert AtomicProbeBackend.in_atomic == [False, False]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
