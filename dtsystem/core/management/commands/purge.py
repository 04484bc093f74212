"""The administrator's hard delete, recorded: `manage.py purge --model directives.Document --id 3 --reason …`.

Shows what would go (every row that hangs on the chosen ones) and refuses while history exists unless
--force; with --dry-run it only shows. Writes an AuditEntry (who: the server's administrator, when, why,
and a JSON snapshot of the rows) before it deletes."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dtsystem.core.purge import purge, purge_collect


class Command(BaseCommand):
    help = (
        "Xóa hẳn bản ghi và mọi dữ liệu gắn với nó, có ghi nhật ký (AuditEntry). Từ chối khi đã có lịch sử, "
        "trừ khi có --force. / Hard-delete rows and all that hangs on them, recorded; refused while history "
        "exists unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--model", required=True, help="app_label.Model, ví dụ directives.Document")
        parser.add_argument(
            "--id", dest="ids", action="append", required=True, help="mã bản ghi (lặp lại được)"
        )
        parser.add_argument("--reason", default="", help="lý do xóa (bắt buộc)")
        parser.add_argument("--force", action="store_true", help="xóa cả lịch sử gắn với bản ghi")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê những gì sẽ bị xóa")

    def handle(self, *args, model: str, ids: list[str], reason: str, force: bool, dry_run: bool, **options):
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError) as exc:
            raise CommandError(f"Không có loại bản ghi “{model}” (unknown model).") from exc
        try:
            pks = [model_class._meta.pk.to_python(value) for value in ids]
        except ValidationError as exc:
            raise CommandError(f"Mã bản ghi không hợp lệ (invalid id): {', '.join(ids)}") from exc
        plan = purge_collect(model_class._base_manager.filter(pk__in=pks))
        missing = sorted(set(pks) - set(plan.root_ids), key=str)
        if missing:
            raise CommandError(f"Không tìm thấy {model} với mã (not found): {', '.join(map(str, missing))}")
        counts = " ".join(f"{label}={n}" for label, n in plan.counts.items())
        history = " ".join(f"{label}={n}" for label, n in plan.history.items()) or "-"
        self.stdout.write(
            f"purge: {model} ids={plan.root_ids} rows={plan.total} ({counts}) history: {history}"
        )
        if dry_run:
            return
        try:
            entry = purge(plan=plan, user=None, via="manage.py purge", reason=reason, force=force)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"purge: deleted={plan.total} audit_entry={entry.pk}"))
