"""Throttling of signing in (django-axes), with two limits over the cool-off period (settings):

- AXES_FAILURE_LIMIT failures of one account from one address lock that account at that address (axes'
  own rule, AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]): a colleague behind the same office
  address, or the same user elsewhere, still signs in, and nobody can lock another user out everywhere;
- LOGIN_FAILURE_LIMIT_PER_ADDRESS failures of any accounts from one address lock the address (one
  machine trying many accounts), set well above the first so that an office behind one address is not
  locked by its own typing.

The lock ends AXES_COOLOFF_TIME after the last failure; an administrator lifts it earlier in the admin
(Axes › Access attempts: delete the row) or with `manage.py axes_reset_username USERNAME` (or
`axes_reset_ip ADDRESS`, `axes_reset`)."""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str:
    """The address of the client: REMOTE_ADDR, or, behind LOGIN_PROXY_COUNT trusted reverse proxies, the
    address the outermost proxy saw. X-Forwarded-For is read from the right (each proxy appends the address
    it saw), so what a client writes into the header itself is never taken."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.LOGIN_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, plus the limit per address (see the module's docstring)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        by_address = (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        if by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures
