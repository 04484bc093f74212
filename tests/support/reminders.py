"""What the reminder tests share: their today, e-mail backends that fail or watch on purpose, and the
messages sent to one address."""

from datetime import date

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


class AtomicProbeBackend(FlakySMTPBackend):
    """Records whether a database transaction is open while a message is handed to the SMTP server."""

    in_atomic: list[bool] = []

    def send_messages(self, messages):
        from django.db import connection

        AtomicProbeBackend.in_atomic.append(connection.in_atomic_block)
        return super().send_messages(messages)


def bodies_to(outbox, address):
    return [m for m in outbox if address in m.to]
