import socket

from celery import shared_task

from .requestid import current_request_id


@shared_task(name="core.ping")
def ping(value: str) -> dict:
    """Round-trip check for the broker and the workers (used by the live test and health checks); answers
    with the request id the job ran under (the one of the request that started it)."""
    return {"pong": value, "worker": socket.gethostname(), "request_id": current_request_id()}
