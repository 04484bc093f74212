"""The reminders' part of a unit reorganisation (registered in RemindersConfig.ready): a user's reminder
preferences follow the user, whose membership moves to the successor; the preview says so for each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dtsystem.units.models import Membership
from dtsystem.units.reorganisation import Move, Transfer

from .models import ReminderPreference


def preview(transfer: Transfer) -> list[Move]:
    if not transfer.ends_sources:
        return []
    unit_of = {}
    for user_id, unit_id in Membership.objects.filter(unit_id__in=transfer.source_ids).values_list(
        "user_id", "unit_id"
    ):
        unit_of.setdefault(user_id, unit_id)
    moves = []
    for pref in (
        ReminderPreference.objects.filter(user_id__in=unit_of).select_related("user").order_by("user_id")
    ):
        source = transfer.source(unit_of[pref.user_id])
        target = transfer.target_of(source.pk)
        kinds = [
            label
            for flag, label in (
                (pref.due_soon, _("trước hạn")),
                (pref.due_today, _("đúng hạn")),
                (pref.overdue, _("quá hạn")),
                (pref.coordinating_info, _("phối hợp")),
            )
            if flag
        ]
        moves.append(
            Move(
                "reminder_preference",
                f"{pref.user.get_full_name() or pref.user.username}: {', '.join(kinds) or _('không nhận')}",
                source.name,
                target.name if target else None,
                pref.pk,
                note=_("đi theo người dùng"),
            )
        )
    return moves


def apply(transfer: Transfer, *, user, change) -> None:
    """Nothing to write: the preference belongs to the user, whose membership the units mover moves."""
