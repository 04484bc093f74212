"""Unit reorganisation with effective dates: rename, merge, split, dissolve, move under a new parent.

Each operation is a preview (`*_preview`: exactly what will move where, and why it would be refused) and
one atomic service that recomputes the same preview inside its transaction, refuses if it has an error,
ends the old units (valid_until = the day before, successor, inactive), lets every mover apply its part
and records a UnitChange with the preview as its summary.

What moves lives in several layers (tasks in directives, KPI targets in kpis, budget lines in plans,
reminder preferences in reminders), all above this one: each app registers a Mover in its
AppConfig.ready() (register_mover), the way the policy gets its memberships. The organisation's own
things (memberships, the reminder e-mail, names for new text, sub-units) are the movers of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtsystem import policy
from dtsystem.common.text import fold
from extraction.units import canonical_key

from .choices import ChangeKind
from .models import Membership, Unit, UnitChange, UnitName

# Categories of what moves, in the order the preview lists them.
CATEGORIES = {
    "task_lead": gettext_lazy("Nhiệm vụ đang thực hiện (đơn vị chủ trì)"),
    "task_coordinating": gettext_lazy("Nhiệm vụ đang thực hiện (đơn vị phối hợp)"),
    "task_closed": gettext_lazy("Nhiệm vụ đã kết thúc (giữ đơn vị cũ)"),
    "kpi_target": gettext_lazy("Chỉ tiêu"),
    "budget_line": gettext_lazy("Dòng kinh phí"),
    "membership": gettext_lazy("Người dùng của đơn vị"),
    "reminder_preference": gettext_lazy("Lựa chọn nhận nhắc việc"),
    "unit_email": gettext_lazy("E-mail nhận nhắc việc"),
    "group_membership": gettext_lazy("Nhóm đơn vị"),
    "alias": gettext_lazy("Tên gọi cho văn bản mới"),
    "child_unit": gettext_lazy("Đơn vị trực thuộc"),
    "unit": gettext_lazy("Đơn vị"),
}

VERBS = {
    ChangeKind.RENAME: "đổi tên",
    ChangeKind.MERGE: "sáp nhập",
    ChangeKind.SPLIT: "chia tách",
    ChangeKind.DISSOLVE: "giải thể",
    ChangeKind.MOVE: "chuyển đơn vị cấp trên",
}


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class Move:
    """One thing of the old organisation and where it goes (to_unit None: it stays, see note)."""

    category: str
    label: str
    from_unit: str
    to_unit: str | None
    object_id: int | None = None
    note: str = ""
    error: str = ""

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "label": self.label,
            "from": self.from_unit,
            "to": self.to_unit,
            "id": self.object_id,
            "note": self.note,
        }


@dataclass
class Transfer:
    """What an operation does: `sources` end on the day before `date` (except a rename or a move), and
    their things go to `default_target[source id]` (a split chooses per task: `task_targets`)."""

    kind: str
    date: date
    sources: list[Unit]
    targets: list[Unit]
    default_target: dict[int, Unit | None] = field(default_factory=dict)
    task_targets: dict[int, Unit] = field(default_factory=dict)
    ends_sources: bool = True

    @property
    def source_ids(self) -> set[int]:
        return {u.pk for u in self.sources}

    def target_of(self, unit_id: int) -> Unit | None:
        return self.default_target.get(unit_id)

    def source(self, unit_id: int) -> Unit:
        return next(u for u in self.sources if u.pk == unit_id)

    def history_note(self, old: Unit, new: Unit) -> str:
        """The line a moved task's history shows."""
        return _("Chuyển từ %(old)s sang %(new)s do %(verb)s từ %(date)s") % {
            "old": old.name,
            "new": new.name,
            "verb": VERBS[self.kind],
            "date": _d(self.date),
        }


@dataclass
class Preview:
    transfer: Transfer
    moves: list[Move]
    unit_lines: list[str]
    errors: list[str]

    def groups(self) -> list[tuple[str, list[Move]]]:
        out = []
        for key, label in CATEGORIES.items():
            rows = [m for m in self.moves if m.category == key]
            if rows:
                out.append((label, rows))
        return out

    def summary(self) -> dict:
        counts: dict[str, int] = {}
        for move in self.moves:
            if move.to_unit is not None:
                counts[move.category] = counts.get(move.category, 0) + 1
        return {
            "units": self.unit_lines,
            "counts": counts,
            "moves": [m.as_dict() for m in self.moves],
        }


@dataclass(frozen=True)
class Mover:
    """An app's part of a reorganisation: `preview(transfer)` lists its moves (with an `error` where the
    operation must be refused), `apply(transfer, user=, change=)` writes them (inside the operation's
    transaction, after the units are ended and the new ones saved)."""

    name: str
    preview: Callable[[Transfer], list[Move]]
    apply: Callable[..., None]


_movers: dict[str, Mover] = {}


def register_mover(name: str, *, preview: Callable, apply: Callable) -> None:
    """Called by an app's AppConfig.ready(); registering the same name again replaces it."""
    _movers[name] = Mover(name=name, preview=preview, apply=apply)


def movers() -> list[Mover]:
    return [_builtin, *_movers.values()]


# ------------------------------------------------------------------------------ the organisation's own


def _units_preview(transfer: Transfer) -> list[Move]:
    moves: list[Move] = []
    if not transfer.ends_sources:
        return moves
    ids = transfer.source_ids
    for m in (
        Membership.objects.filter(unit_id__in=ids).select_related("user", "unit").order_by("unit_id", "pk")
    ):
        target = transfer.target_of(m.unit_id)
        name = m.user.get_full_name() or m.user.username
        moves.append(
            Move(
                "membership",
                f"{name} ({m.get_role_display()})",
                m.unit.name,
                target.name if target else None,
                m.pk,
                note="" if target else _("Không có đơn vị kế thừa: thành viên bị gỡ khỏi đơn vị."),
            )
        )
    for unit in transfer.sources:
        target = transfer.target_of(unit.pk)
        if target is None:
            continue
        if unit.email and not target.email:
            moves.append(Move("unit_email", unit.email, unit.name, target.name, unit.pk))
        for name in unit.all_names():
            moves.append(Move("alias", name, unit.name, target.name, unit.pk))
        for child in Unit.objects.filter(parent=unit, valid_until__isnull=True).order_by("name"):
            moves.append(Move("child_unit", child.name, unit.name, target.name, child.pk))
    return moves


def _units_apply(transfer: Transfer, *, user, change: UnitChange) -> None:
    from .services import unit_save

    if not transfer.ends_sources:
        return
    for unit in transfer.sources:
        target = transfer.target_of(unit.pk)
        memberships = Membership.objects.filter(unit=unit)
        if target is None:
            memberships.delete()
            continue
        for m in memberships:
            if Membership.objects.filter(user_id=m.user_id, unit=target, role=m.role).exists():
                m.delete()
            else:
                m.unit = target
                m.save(update_fields=["unit"])
        if unit.email and not target.email:
            target.email = unit.email
        known = {canonical_key(n) for n in target.all_names()}
        extra = [n for n in unit.all_names() if canonical_key(n) not in known]
        target.aliases = [*(target.aliases or []), *extra]
        unit_save(unit=target)
        Unit.objects.filter(parent=unit, valid_until__isnull=True).update(parent=target)


_builtin = Mover(name="units", preview=_units_preview, apply=_units_apply)


# ----------------------------------------------------------------------------------------- checks


def _today() -> date:
    return timezone.localdate()


def _check_date(day: date | None) -> date:
    if day is None:
        raise ValidationError({"date": _("Nhập ngày hiệu lực.")})
    if day > _today():
        raise ValidationError(
            {
                "date": _("Ngày hiệu lực %(date)s ở sau hôm nay: chỉ ghi nhận thay đổi đã có hiệu lực.")
                % {"date": _d(day)}
            }
        )
    return day


def _check_current(unit: Unit, day: date, *, field_name: str = "unit") -> None:
    if unit.pk is None:
        return
    if unit.valid_until is not None:
        raise ValidationError(
            {
                field_name: _("Đơn vị “%(unit)s” đã hết hiệu lực từ %(date)s.")
                % {"unit": unit.name, "date": _d(unit.valid_until + timedelta(days=1))}
            }
        )
    if unit.valid_from is not None and day < unit.valid_from:
        raise ValidationError(
            {
                "date": _(
                    "Ngày hiệu lực %(date)s trước ngày đơn vị “%(unit)s” bắt đầu hoạt động (%(start)s)."
                )
                % {"date": _d(day), "unit": unit.name, "start": _d(unit.valid_from)}
            }
        )


def _check_name_free(name: str, *, exclude: Unit | None = None) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Nhập tên đơn vị.")})
    key = canonical_key(name)
    others = Unit.objects.exclude(pk=getattr(exclude, "pk", None)).only("name", "short_name")
    for other in others:
        if key == canonical_key(other.name):
            raise ValidationError({"name": _("Đã có đơn vị tên “%(name)s”.") % {"name": other.name}})


def _preview(transfer: Transfer, unit_lines: list[str]) -> Preview:
    moves: list[Move] = []
    for mover in movers():
        moves.extend(mover.preview(transfer))
    errors = [m.error for m in moves if m.error]
    return Preview(transfer=transfer, moves=moves, unit_lines=unit_lines, errors=errors)


def _end_lines(transfer: Transfer) -> list[str]:
    lines = []
    for unit in transfer.sources:
        target = transfer.target_of(unit.pk)
        lines.append(
            _("%(unit)s: hết hiệu lực từ %(date)s; đơn vị kế thừa: %(target)s.")
            % {
                "unit": unit.name,
                "date": _d(transfer.date),
                "target": target.name if target else _("không có"),
            }
        )
    return lines


@transaction.atomic
def _apply(
    *, user, preview_fn: Callable[[], Preview], finish_units: Callable[[Transfer], None], note: str
) -> UnitChange:
    """Recompute the preview inside the transaction, refuse on any error, then write everything."""
    policy.require(user, policy.REORGANISE_UNITS)
    preview = preview_fn()
    if preview.errors:
        raise ValidationError(preview.errors)
    transfer = preview.transfer
    finish_units(transfer)
    if transfer.ends_sources:
        for unit in transfer.sources:
            target = transfer.target_of(unit.pk)
            unit.valid_until = transfer.date - timedelta(days=1)
            unit.successor = target
            unit.is_active = False
            unit.full_clean()
            unit.save(update_fields=["valid_until", "successor", "is_active"])
    change = UnitChange.objects.create(
        kind=transfer.kind,
        date=transfer.date,
        note=(note or "").strip(),
        created_by=user if getattr(user, "pk", None) else None,
    )
    change.from_units.set(transfer.sources)
    change.to_units.set([t for t in transfer.targets if t is not None])
    for mover in movers():
        mover.apply(transfer, user=user, change=change)
    change.summary = preview.summary()
    change.save(update_fields=["summary"])
    return change


def _new_code(name: str) -> str:
    base = slugify(fold(name))[:56] or "don-vi-moi"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


# ------------------------------------------------------------------------------------------- rename


def unit_rename_preview(*, unit: Unit, name: str, short_name: str = "", date: date) -> Preview:
    _check_date(date)
    _check_current(unit, date)
    name = " ".join((name or "").split())
    _check_name_free(name, exclude=unit)
    if canonical_key(name) == canonical_key(unit.name):
        raise ValidationError({"name": _("Tên mới trùng tên hiện tại của đơn vị.")})
    last = UnitName.objects.filter(unit=unit).order_by("-valid_until").first()
    if last is not None and date <= last.valid_until + timedelta(days=1):
        raise ValidationError(
            {
                "date": _("Đơn vị đã đổi tên từ %(date)s; ngày hiệu lực phải sau ngày đó.")
                % {"date": _d(last.valid_until + timedelta(days=1))}
            }
        )
    transfer = Transfer(kind=ChangeKind.RENAME, date=date, sources=[unit], targets=[unit], ends_sources=False)
    lines = [
        _("“%(old)s” đổi tên thành “%(new)s” từ %(date)s; văn bản, nhiệm vụ trước ngày đó vẫn ghi tên cũ.")
        % {"old": unit.name, "new": name, "date": _d(date)}
    ]
    preview = _preview(transfer, lines)
    preview.moves.append(
        Move("alias", unit.name, unit.name, name, unit.pk, note=_("tên cũ vẫn nhận ra trong văn bản mới"))
    )
    return preview


def unit_rename(
    *, user, unit: Unit, name: str, short_name: str = "", date: date, note: str = ""
) -> UnitChange:
    """Rename `unit` from `date`: the old name is kept (UnitName, and as an alias for new text)."""
    from .services import unit_save

    name = " ".join((name or "").split())
    short_name = " ".join((short_name or "").split())

    def finish(transfer: Transfer) -> None:
        UnitName.objects.create(
            unit=unit, name=unit.name, short_name=unit.short_name, valid_until=date - timedelta(days=1)
        )
        old = [unit.name, unit.short_name]
        unit.name, unit.short_name = name, short_name
        unit.aliases = [*(unit.aliases or []), *[n for n in old if n and n not in (unit.aliases or [])]]
        unit_save(unit=unit)

    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        return _apply(
            user=user,
            preview_fn=lambda: unit_rename_preview(unit=unit, name=name, short_name=short_name, date=date),
            finish_units=finish,
            note=note,
        )


# -------------------------------------------------------------------------------------------- merge


def units_merge_preview(
    *,
    sources: list[Unit],
    target: Unit | None = None,
    new_name: str = "",
    new_short_name: str = "",
    date: date,
) -> Preview:
    """A, B → C: C is an existing unit (may be one of the sources) or a new one named `new_name`."""
    _check_date(date)
    sources = list({u.pk: u for u in sources}.values())
    if target is None:
        name = " ".join((new_name or "").split())
        _check_name_free(name)
        first = sources[0] if sources else None
        target = Unit(
            name=name,
            short_name=" ".join((new_short_name or "").split()),
            kind=first.kind if first else "department",
            parent=first.parent if first else None,
            valid_from=date,
        )
    else:
        _check_current(target, date, field_name="target")
        sources = [u for u in sources if u.pk != target.pk]
    if not sources:
        raise ValidationError({"sources": _("Chọn ít nhất một đơn vị khác với đơn vị nhận để sáp nhập.")})
    for unit in sources:
        _check_current(unit, date, field_name="sources")
    transfer = Transfer(
        kind=ChangeKind.MERGE,
        date=date,
        sources=sources,
        targets=[target],
        default_target={u.pk: target for u in sources},
    )
    lines = _end_lines(transfer)
    if target.pk is None:
        lines.insert(
            0, _("Thành lập đơn vị mới “%(name)s” từ %(date)s.") % {"name": target.name, "date": _d(date)}
        )
    return _preview(transfer, lines)


def units_merge(
    *,
    user,
    sources: list[Unit],
    target: Unit | None = None,
    new_name: str = "",
    new_short_name: str = "",
    date: date,
    note: str = "",
) -> UnitChange:
    from .services import unit_save

    def finish(transfer: Transfer) -> None:
        new = transfer.targets[0]
        if new.pk is None:
            new.code = _new_code(new.name)
            unit_save(unit=new)

    return _apply(
        user=user,
        preview_fn=lambda: units_merge_preview(
            sources=_locked(sources),
            target=target,
            new_name=new_name,
            new_short_name=new_short_name,
            date=date,
        ),
        finish_units=finish,
        note=note,
    )


def _locked(units: list[Unit]) -> list[Unit]:
    """The units again, locked for the operation's transaction (fresh from the database)."""
    ids = [u.pk for u in units if u is not None and u.pk]
    by_id = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


# -------------------------------------------------------------------------------------------- split


def unit_split_preview(
    *,
    unit: Unit,
    targets: list[Unit],
    task_targets: dict[int, Unit],
    date: date,
    successor: Unit | None = None,
) -> Preview:
    """A → B, C: every open task led by A goes to the unit chosen for it (a task without a choice is
    refused); the rest (users, names, KPI targets, budget lines, sub-units) to `successor` (default B)."""
    _check_date(date)
    _check_current(unit, date)
    targets = list({t.pk: t for t in targets if t is not None and t.pk != unit.pk}.values())
    if not targets:
        raise ValidationError({"targets": _("Chọn các đơn vị nhận (khác đơn vị bị chia tách).")})
    for t in targets:
        _check_current(t, date, field_name="targets")
    successor = successor or targets[0]
    if successor.pk not in {t.pk for t in targets}:
        raise ValidationError({"successor": _("Đơn vị kế thừa phải là một trong các đơn vị nhận.")})
    allowed = {t.pk for t in targets}
    choices = {}
    for task_id, t in (task_targets or {}).items():
        if t is None:
            continue
        if t.pk not in allowed:
            raise ValidationError(
                {
                    "task_targets": _("Đơn vị chọn cho nhiệm vụ #%(id)s không thuộc các đơn vị nhận.")
                    % {"id": task_id}
                }
            )
        choices[int(task_id)] = t
    transfer = Transfer(
        kind=ChangeKind.SPLIT,
        date=date,
        sources=[unit],
        targets=targets,
        default_target={unit.pk: successor},
        task_targets=choices,
    )
    lines = _end_lines(transfer)
    lines.append(_("Đơn vị nhận: %(names)s.") % {"names": "; ".join(t.name for t in targets)})
    return _preview(transfer, lines)


def unit_split(
    *,
    user,
    unit: Unit,
    targets: list[Unit],
    task_targets: dict[int, Unit],
    date: date,
    successor: Unit | None = None,
    note: str = "",
) -> UnitChange:
    return _apply(
        user=user,
        preview_fn=lambda: unit_split_preview(
            unit=_locked([unit])[0],
            targets=targets,
            task_targets=task_targets,
            date=date,
            successor=successor,
        ),
        finish_units=lambda transfer: None,
        note=note,
    )


# ----------------------------------------------------------------------------------------- dissolve


def unit_dissolve_preview(*, unit: Unit, successor: Unit | None, date: date) -> Preview:
    """The unit ends; its open work goes to `successor` (refused if an open task would have no lead)."""
    _check_date(date)
    _check_current(unit, date)
    if successor is not None:
        if successor.pk == unit.pk:
            raise ValidationError({"successor": _("Đơn vị kế thừa phải khác đơn vị bị giải thể.")})
        _check_current(successor, date, field_name="successor")
    transfer = Transfer(
        kind=ChangeKind.DISSOLVE,
        date=date,
        sources=[unit],
        targets=[successor] if successor else [],
        default_target={unit.pk: successor},
    )
    return _preview(transfer, _end_lines(transfer))


def unit_dissolve(*, user, unit: Unit, successor: Unit | None, date: date, note: str = "") -> UnitChange:
    return _apply(
        user=user,
        preview_fn=lambda: unit_dissolve_preview(unit=_locked([unit])[0], successor=successor, date=date),
        finish_units=lambda transfer: None,
        note=note,
    )


# --------------------------------------------------------------------------------------------- move


def _descendant_ids(unit: Unit) -> set[int]:
    from .selectors import unit_descendant_ids

    return unit_descendant_ids({unit.pk})


def unit_move_preview(*, unit: Unit, parent: Unit | None, date: date) -> Preview:
    _check_date(date)
    _check_current(unit, date)
    if parent is not None:
        _check_current(parent, date, field_name="parent")
        if parent.pk in _descendant_ids(unit):
            raise ValidationError(
                {"parent": _("Không thể đặt đơn vị dưới chính nó hoặc đơn vị trực thuộc của nó.")}
            )
    if (parent.pk if parent else None) == unit.parent_id:
        raise ValidationError({"parent": _("Đơn vị đã trực thuộc đơn vị này.")})
    transfer = Transfer(kind=ChangeKind.MOVE, date=date, sources=[unit], targets=[unit], ends_sources=False)
    old = unit.parent.name if unit.parent_id else _("(không có)")
    new = parent.name if parent else _("(không có)")
    preview = _preview(
        transfer,
        [
            _("%(unit)s: đơn vị cấp trên từ %(date)s là %(new)s.")
            % {"unit": unit.name, "date": _d(date), "new": new}
        ],
    )
    preview.moves.append(Move("unit", unit.name, old, new, unit.pk, note=_("đơn vị cấp trên")))
    return preview


def unit_move(*, user, unit: Unit, parent: Unit | None, date: date, note: str = "") -> UnitChange:
    from .services import unit_save

    def finish(transfer: Transfer) -> None:
        moved = transfer.sources[0]
        moved.parent = parent
        unit_save(unit=moved)

    return _apply(
        user=user,
        preview_fn=lambda: unit_move_preview(unit=_locked([unit])[0], parent=parent, date=date),
        finish_units=finish,
        note=note,
    )
