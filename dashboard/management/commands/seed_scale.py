"""python manage.py seed_scale --tasks N [--years 5] [--seed 1] [--today YYYY-MM-DD] [--reset]

Believable synthetic data at provincial scale, for benchmarks and load tests: about one unit per 400
tasks (departments, districts, communes, enterprises), ten tasks per document over five years, a lead
user per unit, a realistic spread of deadlines and statuses (most past tasks done, some late, some
overdue; future tasks new or in progress), coordinating units on a third of the tasks, and for every
plan (KH) a few KPI targets with measurements and budget lines with disbursements.

Rows are written with bulk_create in batches; 200,000 tasks take about a minute on PostgreSQL.
Everything it creates is marked (unit codes "seed-…", document source keys "seed:…", user names
"seed_lead_…"); --reset deletes the previous seeded data first."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directives import rollups
from directives.choices import DeadlineKind, DocumentKind, Priority, TaskStatus
from directives.models import Document, Task
from dtsystem.common.text import fold
from dtsystem.units.choices import Role, UnitKind
from dtsystem.units.models import Membership, Unit

BATCH = 5000
TASKS_PER_DOCUMENT = 10
TASKS_PER_UNIT = 400
PLANS_PER_YEAR = 2
# --sql (national scale): tasks split over provinces of ~570 units each, ~210,000 tasks a province.
UNITS_PER_PROVINCE = 570
TASKS_PER_PROVINCE = 210_000

UNIT_KINDS = [
    (
        UnitKind.DEPARTMENT,
        0.35,
        "Sở",
        [
            "Kế hoạch và Đầu tư",
            "Tài chính",
            "Y tế",
            "Giáo dục và Đào tạo",
            "Nông nghiệp và Môi trường",
            "Xây dựng",
            "Công Thương",
            "Nội vụ",
            "Khoa học và Công nghệ",
            "Văn hóa, Thể thao và Du lịch",
            "Tư pháp",
        ],
    ),
    (
        UnitKind.DISTRICT,
        0.25,
        "UBND huyện",
        [
            "Tháp Mười",
            "Cao Lãnh",
            "Lấp Vò",
            "Tam Nông",
            "Thanh Bình",
            "Hồng Ngự",
            "Châu Thành",
            "Lai Vung",
            "Tân Hồng",
        ],
    ),
    (
        UnitKind.COMMUNE,
        0.3,
        "UBND xã",
        [
            "Mỹ An",
            "Tân Kiều",
            "Phú Điền",
            "Mỹ Hòa",
            "Bình Thạnh",
            "An Phong",
            "Tân Thạnh",
            "Phong Hòa",
            "Định Yên",
            "Long Hậu",
        ],
    ),
    (UnitKind.ENTERPRISE, 0.05, "Công ty", ["VNPT", "Viettel", "Bưu điện", "MobiFone"]),
    (UnitKind.MASS_ORG, 0.05, "Đoàn", ["Thanh niên", "Hội Phụ nữ", "Hội Nông dân"]),
]
VERBS = [
    "Triển khai",
    "Hoàn thiện",
    "Xây dựng",
    "Nâng cấp",
    "Tổ chức",
    "Rà soát",
    "Tham mưu",
    "Báo cáo",
    "Đẩy mạnh",
    "Số hóa",
    "Kết nối",
    "Đào tạo",
]
OBJECTS = [
    "cơ sở dữ liệu chuyên ngành",
    "dịch vụ công trực tuyến toàn trình",
    "nền tảng tích hợp, chia sẻ dữ liệu",
    "hạ tầng mạng 4G/5G tại vùng sâu",
    "ứng dụng định danh điện tử VNeID",
    "kho dữ liệu dùng chung",
    "hệ thống quản lý văn bản và điều hành",
    "mô hình xã thông minh",
    "thanh toán không dùng tiền mặt",
    "kỹ năng số cho người dân",
    "Tổ công nghệ số cộng đồng",
    "an toàn thông tin theo cấp độ",
    "Trung tâm giám sát, điều hành thông minh (IOC)",
    "hồ sơ sức khỏe điện tử",
    "học bạ số",
]
PILLARS = ["foundation", "digital_government", "digital_economy", "digital_society"]


class Command(BaseCommand):
    help = "Tạo dữ liệu giả lập quy mô lớn (đơn vị, văn bản, nhiệm vụ, kế hoạch, chỉ tiêu, kinh phí) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, required=True, help="Số nhiệm vụ cần tạo.")
        parser.add_argument("--years", type=int, default=5, help="Số năm lịch sử (mặc định 5).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (tái lập được).")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Ngày hôm nay giả định.")
        parser.add_argument("--reset", action="store_true", help="Xóa dữ liệu giả lập cũ trước khi tạo.")
        parser.add_argument(
            "--sql",
            action="store_true",
            help="PostgreSQL: sinh văn bản, nhiệm vụ, đơn vị phối hợp ngay trong cơ sở dữ liệu (hàng triệu nhiệm vụ "
            "trong vài phút); dữ liệu thêm vào dữ liệu giả lập đã có.",
        )
        parser.add_argument(
            "--provinces",
            type=int,
            default=0,
            help="Với --sql: số tỉnh (mặc định: một tỉnh mỗi 210.000 nhiệm vụ); mỗi tỉnh có đơn vị, văn bản riêng.",
        )
        parser.add_argument(
            "--units-per-province",
            type=int,
            default=UNITS_PER_PROVINCE,
            help="Với --sql: số đơn vị mỗi tỉnh.",
        )

    def handle(self, *args, tasks: int, years: int, seed: int, today, reset: bool, **options):
        if tasks < 1:
            raise CommandError("--tasks phải lớn hơn 0.")
        started = time.monotonic()
        rng = random.Random(seed)
        today = today or timezone.localdate()
        if options.get("sql"):
            if connection.vendor != "postgresql":
                raise CommandError("--sql chỉ dùng với PostgreSQL.")
            provinces = options.get("provinces") or max(1, -(-tasks // TASKS_PER_PROVINCE))
            from ._seed_scale_sql import SqlSeeder

            if reset:
                self._reset()
            stamp = Unit.objects.filter(code__startswith="seed-").count()
            summary = SqlSeeder(self, rng, today, years, stamp, options.get("verbosity", 1)).run(
                tasks, provinces, options.get("units_per_province") or UNITS_PER_PROVINCE
            )
            self.stdout.write(
                f"seed_scale --sql: provinces={provinces} {summary} in {time.monotonic() - started:.1f}s"
            )
            return
        if reset:
            self._reset()
        stamp = Unit.objects.filter(code__startswith="seed-").count()
        with transaction.atomic():
            units = self._units(rng, max(5, round(tasks / TASKS_PER_UNIT)), stamp)
            self._leads(units, stamp)
            documents = self._documents(rng, -(-tasks // TASKS_PER_DOCUMENT), today, years, stamp)
            n = self._tasks(rng, tasks, documents, units, today)
            plans = self._plans(rng, documents, units, today)
        rollups.rebuild()  # the rows were bulk-inserted: count them in the dashboard rollups
        self.stdout.write(
            f"seed_scale: units={len(units)} documents={len(documents)} tasks={n} plans={plans} "
            f"in {time.monotonic() - started:.1f}s"
        )

    # ------------------------------------------------------------------------------------------ parts

    def _reset(self) -> None:
        from dtsystem.core.purge import purge, purge_collect

        with transaction.atomic():
            seeded = purge_collect(Document.objects.filter(source_key__startswith="seed:"))
            if seeded.root_ids:  # the synthetic documents and all that hangs on them: a recorded purge
                purge(
                    plan=seeded, user=None, via="seed_scale --reset", reason="seed_scale --reset", force=True
                )
            Membership.objects.filter(unit__code__startswith="seed-").delete()
            get_user_model().objects.filter(username__startswith="seed_lead_").delete()
            Unit.objects.filter(code__startswith="seed-").delete()

    def _units(self, rng: random.Random, n: int, stamp: int) -> list[Unit]:
        rows = []
        kinds = [k for k, _w, _p, _n in UNIT_KINDS]
        weights = [w for _k, w, _p, _n in UNIT_KINDS]
        spec = {k: (p, names) for k, _w, p, names in UNIT_KINDS}
        for i in range(n):
            kind = rng.choices(kinds, weights)[0]
            prefix, names = spec[kind]
            name = f"{prefix} {rng.choice(names)} {stamp + i + 1}"
            short = f"{prefix.split()[-1]} {stamp + i + 1}"
            rows.append(
                Unit(
                    code=f"seed-{stamp + i + 1}",
                    name=name,
                    short_name=short,
                    kind=kind,
                    email=f"seed-{stamp + i + 1}@example.gov.vn",
                    search_text=fold(f"{name} | {short}"),
                )
            )
        return Unit.objects.bulk_create(rows, batch_size=BATCH)

    def _leads(self, units: list[Unit], stamp: int) -> None:
        user_model = get_user_model()
        password = make_password("demo12345")
        users = user_model.objects.bulk_create(
            [
                user_model(
                    username=f"seed_lead_{unit.code[5:]}",
                    password=password,
                    first_name="Lãnh đạo",
                    last_name=unit.short_name,
                )
                for unit in units
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [
                Membership(user=u, unit=unit, role=Role.LEAD, title="Giám đốc")
                for u, unit in zip(users, units, strict=True)
            ],
            batch_size=BATCH,
        )

    def _documents(self, rng: random.Random, n: int, today: date, years: int, stamp: int) -> list[Document]:
        start = date(today.year - years + 1, 1, 1)
        span = (today - start).days
        kinds = [DocumentKind.TB, DocumentKind.KH, DocumentKind.QD, DocumentKind.CV]
        weights = [0.6, 0.1, 0.1, 0.2]
        symbols = {"TB": "TB-VPUBND", "KH": "KH-UBND", "QD": "QĐ-UBND", "CV": "UBND-VP"}
        rows = []
        for i in range(n):
            kind = rng.choices(kinds, weights)[0]
            issued = start + timedelta(days=rng.randrange(max(1, span)))
            number = str(rng.randint(1, 999))
            title = {
                "TB": f"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp Ban Chỉ đạo chuyển đổi số quý {(issued.month - 1) // 3 + 1}/{issued.year}",
                "KH": f"Kế hoạch chuyển đổi số năm {issued.year}",
                "QD": f"Quyết định phê duyệt danh mục nhiệm vụ chuyển đổi số năm {issued.year}",
                "CV": f"Về việc triển khai nhiệm vụ chuyển đổi số (đợt {i % 12 + 1}/{issued.year})",
            }[kind]
            doc = Document(
                kind=kind,
                number=number,
                symbol=symbols[kind],
                issuing_body_text="Ủy ban nhân dân tỉnh",
                issue_year=issued.year,
                issue_month=issued.month,
                issue_day=issued.day,
                issue_date=issued,
                meeting_date=issued - timedelta(days=3) if kind == "TB" else None,
                title=title,
                source_key=f"seed:{stamp}:{i}",
            )
            doc.search_text = fold(f"{number}/{symbols[kind]} | {title}")
            rows.append(doc)
        return Document.objects.bulk_create(rows, batch_size=BATCH)

    def _tasks(self, rng, n: int, documents: list[Document], units: list[Unit], today: date) -> int:
        # A few units get much more work than others (as in real life): weights from a Pareto draw.
        unit_weights = [rng.paretovariate(1.5) for _ in units]
        Through = Task.coordinating_units.through
        done_tasks = 0
        pending: list[Task] = []
        coordination: list[tuple[int, list[int]]] = []

        def flush():
            nonlocal pending, coordination
            created = Task.objects.bulk_create(pending, batch_size=BATCH)
            links = [
                Through(task_id=created[index].pk, unit_id=unit_id)
                for index, unit_ids in coordination
                for unit_id in unit_ids
            ]
            Through.objects.bulk_create(links, batch_size=BATCH)
            pending, coordination = [], []
            return len(created)

        for i in range(n):
            document = documents[i // TASKS_PER_DOCUMENT]
            issued = document.issue_date
            lead = rng.choices(units, unit_weights)[0]
            content = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            roll = rng.random()
            if roll < 0.08:
                kind, due, text = DeadlineKind.NONE, None, ""
            else:
                due = issued + timedelta(days=rng.randint(10, 400))
                if roll < 0.55:
                    kind, text = DeadlineKind.DAY, f"trước ngày {due:%d/%m/%Y}"
                elif roll < 0.8:
                    due = _month_end(due)
                    kind, text = DeadlineKind.MONTH, f"trong tháng {due.month:02d} năm {due.year}"
                elif roll < 0.93:
                    due = _quarter_end(due)
                    kind, text = DeadlineKind.QUARTER, f"Quý {(due.month - 1) // 3 + 1} năm {due.year}"
                else:
                    due = date(due.year, 12, 31)
                    kind, text = DeadlineKind.YEAR, f"trong năm {due.year}"
            status, completed, progress = _status(rng, due, issued, today)
            task = Task(
                document=document,
                item=f"{i % TASKS_PER_DOCUMENT + 1}",
                position=i % TASKS_PER_DOCUMENT + 1,
                content=content,
                lead_unit=lead,
                deadline_text=text,
                deadline_kind=kind,
                due_date=due,
                original_due_date=due,
                status=status,
                completed_on=completed,
                progress=progress,
                priority=rng.choices(
                    [Priority.NORMAL, Priority.HIGH, Priority.URGENT, Priority.LOW], [0.7, 0.18, 0.04, 0.08]
                )[0],
                search_text=fold(f"{i % TASKS_PER_DOCUMENT + 1} | {content} | {text} | {lead.name}"),
                status_reason="Dừng theo chỉ đạo"
                if status in (TaskStatus.PAUSED, TaskStatus.CANCELLED)
                else "",
            )
            pending.append(task)
            if rng.random() < 0.3:
                others = rng.sample(units, k=min(len(units), rng.randint(1, 2)))
                coordination.append((len(pending) - 1, [u.pk for u in others if u.pk != lead.pk]))
            if len(pending) >= BATCH:
                done_tasks += flush()
        if pending:
            done_tasks += flush()
        return done_tasks

    def _plans(self, rng, documents: list[Document], units: list[Unit], today: date) -> int:
        try:
            from kpis.models import KpiMeasurement, KpiTarget, period_end
            from plans.models import BudgetLine, Disbursement, Plan
        except ImportError:  # pragma: no cover
            return 0
        # A province issues a couple of digital transformation plans a year, not one per KH document.
        plan_docs, per_year = [], {}
        for d in documents:
            if d.kind == DocumentKind.KH and per_year.get(d.issue_year, 0) < PLANS_PER_YEAR:
                per_year[d.issue_year] = per_year.get(d.issue_year, 0) + 1
                plan_docs.append(d)
        plans = Plan.objects.bulk_create(
            [
                Plan(document=d, year=d.issue_year, reporting_deadline=date(d.issue_year, 12, 15))
                for d in plan_docs
            ],
            batch_size=BATCH,
        )
        targets, lines = [], []
        for plan in plans:
            for j in range(6):
                comparison = "milestone" if j == 5 else "at_least"
                targets.append(
                    KpiTarget(
                        plan=plan,
                        pillar=PILLARS[j % len(PILLARS)],
                        code=f"{j + 1}",
                        position=j,
                        text=f"Chỉ tiêu {j + 1}: tỷ lệ {rng.choice(OBJECTS)}",
                        unit_of_measure="milestone" if comparison == "milestone" else "percent",
                        comparison=comparison,
                        target_value=None
                        if comparison == "milestone"
                        else Decimal(rng.choice([50, 70, 80, 90, 100])),
                        baseline=None if comparison == "milestone" else Decimal(rng.randint(0, 40)),
                        period=plan.year,
                        responsible_unit=rng.choice(units),
                    )
                )
            for j in range(4):
                investment = j < 2
                allocated = Decimal(rng.randint(500, 20000))
                lines.append(
                    BudgetLine(
                        plan=plan,
                        kind="investment" if investment else "recurring",
                        pillar=PILLARS[j % len(PILLARS)],
                        item=str(j + 1),
                        position=j,
                        name=f"Dự án {rng.choice(OBJECTS)}",
                        unit=rng.choice(units),
                        total_investment=allocated * 3 if investment else None,
                        central=allocated if investment else None,
                        local=allocated * 2 if investment else None,
                        disbursed_prior=Decimal(0) if investment else None,
                        allocated=allocated if investment else None,
                        amount=None if investment else allocated,
                    )
                )
        targets = KpiTarget.objects.bulk_create(targets, batch_size=BATCH)
        lines = BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        measurements = []
        for target in targets:
            if rng.random() < 0.2 or target.period > today.year:
                continue
            period = f"{target.period}"
            if target.comparison == "milestone":
                measurements.append(
                    KpiMeasurement(
                        target=target,
                        period=period,
                        period_end=period_end(period),
                        achieved=rng.random() < 0.6,
                    )
                )
            else:
                value = Decimal(rng.randint(int(target.baseline or 0), int(target.target_value) + 15))
                measurements.append(
                    KpiMeasurement(target=target, period=period, period_end=period_end(period), value=value)
                )
        KpiMeasurement.objects.bulk_create(measurements, batch_size=BATCH)
        disbursements = []
        for line in lines:
            money = line.allocated if line.allocated is not None else line.amount
            year = line.plan.year
            if year > today.year:
                continue
            for month in (4, 8, 11):
                day = date(year, month, 15)
                if day <= today:
                    disbursements.append(
                        Disbursement(
                            budget_line=line,
                            date=day,
                            amount=(money * Decimal(rng.randint(5, 30)) / 100).quantize(Decimal("0.001")),
                        )
                    )
        Disbursement.objects.bulk_create(disbursements, batch_size=BATCH)
        return len(plans)


def _month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    return _month_end(date(day.year, month, 1))


def _status(rng: random.Random, due: date | None, issued: date, today: date):
    """(status, completed_on, progress) believable for a task due on `due`, seen on `today`."""
    if issued > today:
        return TaskStatus.NEW, None, 0
    roll = rng.random()
    if due is None:
        if roll < 0.3:
            done = min(today, issued + timedelta(days=rng.randint(20, 300)))
            return TaskStatus.DONE, done, 100
        return (
            (TaskStatus.IN_PROGRESS, None, rng.randint(10, 90)) if roll < 0.9 else (TaskStatus.NEW, None, 0)
        )
    if due < today:
        if roll < 0.68:
            if rng.random() < 0.75:
                done = max(issued, due - timedelta(days=rng.randint(0, 40)))
            else:
                done = due + timedelta(days=rng.randint(1, 90))
            return TaskStatus.DONE, min(done, today), 100
        if roll < 0.73:
            done = min(today, due - timedelta(days=rng.randint(0, 10)))
            return TaskStatus.REPORTED_DONE, max(issued, done), 100
        if roll < 0.9:
            return TaskStatus.IN_PROGRESS, None, rng.randint(20, 90)
        if roll < 0.95:
            return TaskStatus.PAUSED, None, rng.randint(0, 50)
        return TaskStatus.CANCELLED, None, 0
    if roll < 0.15:
        done = min(today, issued + timedelta(days=rng.randint(1, max(1, (today - issued).days + 1))))
        return TaskStatus.DONE, done, 100
    if roll < 0.2:
        return TaskStatus.REPORTED_DONE, today - timedelta(days=rng.randint(0, 5)), 100
    if roll < 0.7:
        return TaskStatus.IN_PROGRESS, None, rng.randint(5, 80)
    if roll < 0.97:
        return TaskStatus.NEW, None, 0
    return TaskStatus.CANCELLED, None, 0
