import socket

from celery import shared_task


@shared_task(name="core.ping")
def ping(value: str) -> dict:
    """Round-trip check for the broker and the workers (used by the live test and health checks)."""
    return {"pong": value, "worker": socket.gethostname()}
