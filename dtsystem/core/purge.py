"""The one hard delete: rows and everything that hangs on them, recorded in an AuditEntry first.

History is append-only: every foreign key through which history hangs on a task, a document, a plan or a
user is PROTECT, the admin neither changes nor deletes history rows, and tasks and documents are cancelled,
not deleted. What remains is an administrator's deliberate removal (test data, a document entered twice,
`seed_scale --reset`):

    plan = purge_collect(Document.objects.filter(pk=3))   # every row that hangs on it, found by the schema
    plan.history                                          # {"directives.TaskEvent": 12, ...}: PROTECT-ed rows
    purge(plan=plan, user=None, via="manage.py purge", reason="Nhập trùng", force=True)

`purge` refuses while the plan holds history (rows that a plain delete would refuse) unless `force=True`.
It writes one AuditEntry (who, when, via what, why, how many rows of each kind, and a JSON snapshot of every
row, or of the roots when there are more than SNAPSHOT_LIMIT rows), then deletes the rows in one
transaction and, after the commit, their files.

The walk follows the schema (every reverse relation of every model), so it knows no app: it lives in the
ground layer and the layers above use it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models.deletion import PROTECT, RESTRICT
from django.utils.translation import gettext as _

from .models import AuditEntry

SNAPSHOT_LIMIT = 5000
CHUNK = 500  # ids per IN (...) list: well under every database's limit on parameters
HISTORY_DELETES = (PROTECT, RESTRICT)


def _label(model) -> str:
    return model._meta.label


def _chunks(ids: Iterable, size: int = CHUNK) -> Iterator[list]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _reverse_relations(model):
    """Every foreign key (and one-to-one) that points at `model`, hidden ones (related_name="+") included."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel


@dataclass
class PurgePlan:
    """What a purge of `roots` removes: {model: ids} in the order found, and what of it is history."""

    model: type[models.Model]
    root_ids: list
    rows: dict[type[models.Model], set] = field(default_factory=dict)
    history_rows: dict[type[models.Model], set] = field(default_factory=dict)
    nulled: list[tuple[type[models.Model], str, list]] = field(default_factory=list)  # (model, fk, ids)

    @property
    def counts(self) -> dict[str, int]:
        return {_label(model): len(ids) for model, ids in self.rows.items() if ids}

    @property
    def history(self) -> dict[str, int]:
        """Rows reached through a PROTECT (or RESTRICT) key: what a plain delete would refuse to remove."""
        return {_label(model): len(ids) for model, ids in self.history_rows.items() if ids}

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.rows.values())


def purge_collect(queryset: models.QuerySet) -> PurgePlan:
    """The rows of `queryset` and, transitively, every row whose foreign key would cascade or protect."""
    model = queryset.model
    root_ids = sorted(queryset.values_list("pk", flat=True))
    plan = PurgePlan(model=model, root_ids=root_ids, rows={model: set(root_ids)})
    queue: list[tuple[type[models.Model], set]] = [(model, set(root_ids))]
    while queue:
        parent, ids = queue.pop(0)
        for rel in _reverse_relations(parent):
            child, fk = rel.related_model, rel.field
            found: set = set()
            for chunk in _chunks(ids):
                found.update(
                    child._base_manager.filter(**{f"{fk.name}__in": chunk}).values_list("pk", flat=True)
                )
            if not found:
                continue
            on_delete = rel.on_delete
            if on_delete is models.CASCADE or on_delete in HISTORY_DELETES:
                if on_delete in HISTORY_DELETES:
                    plan.history_rows.setdefault(child, set()).update(found)
                new = found - plan.rows.setdefault(child, set())
                if new:
                    plan.rows[child].update(new)
                    queue.append((child, new))
            elif on_delete is models.SET_NULL:  # rows outside the purge lose the link, as a delete does
                plan.nulled.append((child, fk.name, sorted(ids)))
            elif on_delete is not models.DO_NOTHING:
                raise NotImplementedError(f"purge: {_label(child)}.{fk.name} uses {on_delete.__name__}")
    return plan


def _snapshot(plan: PurgePlan) -> tuple[list, bool]:
    complete = plan.total <= SNAPSHOT_LIMIT
    chosen = plan.rows if complete else {plan.model: set(plan.root_ids)}
    rows: list = []
    for model, ids in chosen.items():
        for chunk in _chunks(sorted(ids)):
            objects = model._base_manager.filter(pk__in=chunk).order_by("pk")
            rows.extend(json.loads(serializers.serialize("json", objects)))
    return rows, complete


def _files(plan: PurgePlan) -> list[tuple]:
    """(storage, name) of every file a purged row holds, removed after the commit."""
    found = []
    for model, ids in plan.rows.items():
        for file_field in [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]:
            for chunk in _chunks(sorted(ids)):
                names = model._base_manager.filter(pk__in=chunk).values_list(file_field.attname, flat=True)
                found.extend((file_field.storage, name) for name in names if name)
    return found


def _remove_files(files: list[tuple]) -> None:
    for storage, name in files:
        with contextlib.suppress(OSError):  # a file already gone is what we wanted
            storage.delete(name)


def _refusal(plan: PurgePlan) -> str:
    parts = ", ".join(f"{label}: {count}" for label, count in sorted(plan.history.items()))
    return _(
        "Không xóa: bản ghi đã có lịch sử (%(parts)s). Lịch sử không được xóa; hãy hủy thay vì xóa, "
        "hoặc dùng --force nếu thực sự phải xóa hẳn (việc xóa được ghi vào nhật ký)."
    ) % {"parts": parts}


def purge(*, plan: PurgePlan, user, via: str, reason: str, force: bool = False) -> AuditEntry:
    """Delete what `plan` holds, recorded. Refuses (ValidationError) without a reason, and while the plan
    holds history unless `force`. `user` None: the server's administrator at the command line."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do xóa.")})
    if not plan.root_ids:
        raise ValidationError(_("Không có bản ghi nào để xóa."))
    if plan.history and not force:
        raise ValidationError(_refusal(plan))
    using = router.db_for_write(plan.model)
    with transaction.atomic(using=using):
        snapshot, complete = _snapshot(plan)
        roots = plan.model._base_manager.filter(pk__in=plan.root_ids[:20])
        entry = AuditEntry(
            actor=user if getattr(user, "pk", None) else None,
            via=via,
            action=AuditEntry.Action.PURGE,
            model=_label(plan.model),
            object_ids=plan.root_ids,
            summary="\n".join(str(obj) for obj in roots)[:10000],
            reason=reason,
            forced=bool(plan.history),
            counts=plan.counts,
            snapshot=snapshot,
            snapshot_complete=complete,
        )
        entry.full_clean()
        entry.save()
        files = _files(plan)
        for model, fk_name, ids in plan.nulled:
            keep = model._base_manager.exclude(pk__in=plan.rows.get(model, ()))
            for chunk in _chunks(ids):
                keep.filter(**{f"{fk_name}__in": chunk}).update(**{fk_name: None})
        # Every row that points at a purged row is purged too (the walk is closed), so the order does not
        # matter: the foreign keys are checked at the end of the transaction (deferred), and checked now.
        for model, ids in reversed(list(plan.rows.items())):
            for chunk in _chunks(sorted(ids)):
                model._base_manager.filter(pk__in=chunk)._raw_delete(using)
        connections[using].check_constraints(table_names=[m._meta.db_table for m in plan.rows])
        transaction.on_commit(lambda: _remove_files(files), using=using)
    return entry
