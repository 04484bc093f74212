"""How a person who did something is named on pages, in the API and in exports: one function.

A history event, a progress report, a measurement... may have no user: the scheduled jobs (recurring task
instances, reports, reminders) and imports write them, and a deleted account leaves none. They read
"Hệ thống" (the system), never an error."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

SYSTEM_NAME = gettext_lazy("Hệ thống")


def actor_name(user) -> str:
    """The name of who did something: full name, else user name; "Hệ thống" when nobody did."""
    if not user:
        return str(SYSTEM_NAME)
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()
