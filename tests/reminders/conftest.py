from datetime import date

import pytest

from tests.directives.factories import TaskFactory

TODAY = date(2022, 3, 10)  # a Thursday


class FlakySMTPBackend:
    """An e-mail backend that fails while FlakySMTPBackend.failing is set (like an SMTP server that is down)."""

    failing: set[str] | bool = False

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        from django.core import mail

        for message in messages:
            bad = FlakySMTPBackend.failing
            if bad is True or (bad and set(message.to) & set(bad)):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            mail.outbox.append(message)
        return len(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.reminders.conftest.FlakySMTPBackend"
    FlakySMTPBackend.failing = True
    yield FlakySMTPBackend
    FlakySMTPBackend.failing = False


@pytest.fixture
def make_task(own_unit):
    def make(due=None, **kwargs):
        kwargs.setdefault("lead_unit", own_unit)
        return TaskFactory(due_date=due, **kwargs)

    return make


def bodies_to(outbox, address):
    return [m for m in outbox if address in m.to]


class AtomicProbeBackend(FlakySMTPBackend):
    """Records whether a database transaction is open while a message is handed to the SMTP server."""

    in_atomic: list[bool] = []

    def send_messages(self, messages):
        from django.db import connection

        AtomicProbeBackend.in_atomic.append(connection.in_atomic_block)
        return super().send_messages(messages)
