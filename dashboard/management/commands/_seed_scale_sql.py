"""`seed_scale --sql`: national-scale synthetic data generated inside PostgreSQL (issue 14).

The ORM path of seed_scale builds every row in Python (≈ 35 min for 1,000,000 tasks on a loaded 2-core
machine); here units, lead users and plans are still made by the ORM (a few thousand rows), and the
documents, tasks and coordinating units by `INSERT … SELECT` over `generate_series`, one statement per
province, with the same distributions as the ORM path:

- the shape of a nation: `provinces` provinces of `units_per_province` units each; a province's tasks go
  to its own units (Pareto(1.5) weights drawn per province, so the busiest unit of a province has the
  same few percent of its province's work as in the one-province seed) and its coordinating units are
  units of the same province;
- ten tasks per document, documents issued uniformly over `years` years (TB 60 %, CV 20 %, KH 10 %,
  QĐ 10 %), deadlines 10–400 days after the issue (8 % none, then day / month / quarter / year), the
  statuses, completion dates and progress of `_status` (most past tasks done, some late, some overdue),
  priorities 70/18/4/8 %, coordinating units on 30 % of the tasks, the folded search text.

Random draws use PostgreSQL's random() after setseed(): reproducible for a given --seed on one server,
not the same rows as the ORM path. The check constraints of the task table hold (PostgreSQL checks them
on insert); foreign keys are checked by PostgreSQL too, unless the batch is large (then the secondary
indexes are dropped and rebuilt, and the foreign keys are verified by anti-joins at the end instead of
row by row). The caller then recounts the rollups (directives.rollups.rebuild)."""

from __future__ import annotations

import random
import time
from datetime import date

from django.db import connection, transaction

from directives import rollups
from directives.models import Document
from dtsystem.common.text import fold

SLOTS = 8192  # a province's Pareto weights as an array of unit ids: unit i fills ~weight_i/sum slots
BIG_BATCH = 500_000  # from this many tasks on: drop the secondary indexes, insert, rebuild them
DONE_REASON = "Dừng theo chỉ đạo"


class SqlSeeder:
    def __init__(self, command, rng: random.Random, today: date, years: int, stamp: int, verbosity: int = 1):
        self.command = command
        self.rng = rng
        self.today = today
        self.years = years
        self.stamp = stamp
        self.timings: dict[str, float] = {}
        self.verbosity = verbosity

    def log(self, text: str) -> None:
        if self.verbosity >= 2:
            self.command.stdout.write(text)

    def run(self, tasks: int, provinces: int, units_per_province: int) -> str:
        from .seed_scale import OBJECTS, VERBS

        t0 = time.monotonic()
        with transaction.atomic():
            units = self.command._units(self.rng, provinces * units_per_province, self.stamp)
            self.command._leads(units, self.stamp)
        by_province = [units[p * units_per_province : (p + 1) * units_per_province] for p in range(provinces)]
        self.timings["units"] = time.monotonic() - t0
        big = tasks >= BIG_BATCH
        with connection.cursor() as cur:
            cur.execute("SELECT setseed(%s)", [(self.rng.random() * 2) - 1])
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("SET work_mem = '64MB'")
            self._temp_tables(cur, by_province)
            t = time.monotonic()
            n_docs = self._documents(cur, tasks, provinces)
            self.timings["documents"] = time.monotonic() - t
            dropped = self._drop_indexes(cur) if big else []
            if big:
                cur.execute("SET session_replication_role = replica")  # no row-by-row FK checks
            t = time.monotonic()
            try:
                done = 0
                for p in range(provinces):
                    with transaction.atomic():
                        done += self._tasks(cur, p, tasks, provinces, VERBS, OBJECTS)
                    self.log(f"  province {p + 1}/{provinces}: {done:,} tasks")
            finally:
                if big:
                    cur.execute("SET session_replication_role = origin")
            self.timings["tasks"] = time.monotonic() - t
            t = time.monotonic()
            self._create_indexes(cur, dropped)
            self.timings["indexes"] = time.monotonic() - t
            if big:
                self._verify_foreign_keys(cur)
            cur.execute("RESET maintenance_work_mem")
            cur.execute("RESET work_mem")
        t = time.monotonic()
        plans = 0
        for p, province_units in enumerate(by_province):
            docs = list(
                Document.objects.raw(
                    "SELECT d.* FROM directives_document d JOIN seed_docs s ON s.doc_id = d.id "
                    "WHERE s.p = %s AND d.kind = 'KH' ORDER BY d.id LIMIT 200",
                    [p],
                )
            )
            with transaction.atomic():
                plans += self.command._plans(self.rng, docs, province_units, self.today)
        self.timings["plans"] = time.monotonic() - t
        t = time.monotonic()
        result = rollups.rebuild()
        self.timings["rollups"] = time.monotonic() - t
        timings = " ".join(f"{k}={v:.0f}s" for k, v in self.timings.items())
        return (
            f"units={len(units)} documents={n_docs} tasks={done} plans={plans} "
            f"rollup_keys={result['keys']} ({timings})"
        )

    # ------------------------------------------------------------------------------------------ parts

    def _temp_tables(self, cur, by_province) -> None:
        cur.execute("DROP TABLE IF EXISTS seed_slots, seed_punits, seed_uname, seed_docs")
        cur.execute("CREATE TEMP TABLE seed_slots (p int PRIMARY KEY, ids bigint[] NOT NULL)")
        cur.execute(
            "CREATE TEMP TABLE seed_punits (p int PRIMARY KEY, ids bigint[] NOT NULL, n int NOT NULL)"
        )
        cur.execute("CREATE TEMP TABLE seed_uname (id bigint PRIMARY KEY, folded text NOT NULL)")
        cur.execute(
            "CREATE TEMP TABLE seed_docs (doc_id bigint PRIMARY KEY, i int NOT NULL, p int NOT NULL, "
            "issued date NOT NULL)"
        )
        for p, units in enumerate(by_province):
            weights = [self.rng.paretovariate(1.5) for _ in units]
            total = sum(weights)
            slots, acc = [], 0.0
            for unit, w in zip(units, weights, strict=True):
                acc += w
                while len(slots) < round(acc / total * SLOTS):
                    slots.append(unit.pk)
            slots = (slots + [units[-1].pk] * SLOTS)[:SLOTS]
            cur.execute("INSERT INTO seed_slots VALUES (%s, %s)", [p, slots])
            cur.execute("INSERT INTO seed_punits VALUES (%s, %s, %s)", [p, [u.pk for u in units], len(units)])
        rows = [(u.pk, fold(u.name)) for units in by_province for u in units]
        cur.executemany("INSERT INTO seed_uname VALUES (%s, %s)", rows)
        cur.execute("ANALYZE seed_slots, seed_punits, seed_uname")

    def _documents(self, cur, tasks: int, provinces: int) -> int:
        n = -(-tasks // 10)
        start = date(self.today.year - self.years + 1, 1, 1)
        span = max(1, (self.today - start).days)
        titles = {
            "TB": "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp Ban Chỉ đạo chuyển đổi số quý ",
            "KH": "Kế hoạch chuyển đổi số năm ",
            "QD": "Quyết định phê duyệt danh mục nhiệm vụ chuyển đổi số năm ",
            "CV": "Về việc triển khai nhiệm vụ chuyển đổi số (đợt ",
        }
        symbols = {"TB": "TB-VPUBND", "KH": "KH-UBND", "QD": "QĐ-UBND", "CV": "UBND-VP"}
        params = {
            "n": n,
            "provinces": provinces,
            "start": start,
            "span": span,
            "key": f"seed:{self.stamp}:",
            **{f"t_{k}": v for k, v in titles.items()},
            **{f"f_{k}": fold(v) + " " for k, v in titles.items()},
            **{f"s_{k}": v for k, v in symbols.items()},
            **{f"fs_{k}": fold(v) for k, v in symbols.items()},
        }
        # kind by weights TB 0.6, KH 0.1, QD 0.1, CV 0.2 (the ORM path's), a number 1–999, a title by kind.
        cur.execute(
            """
            WITH g AS (
                SELECT i, %(start)s::date + floor(random() * %(span)s)::int AS issued,
                       random() AS rk, 1 + floor(random() * 999)::int AS num
                FROM generate_series(0, %(n)s - 1) AS i OFFSET 0
            ), k AS (
                SELECT i, issued, num::text AS num,
                       CASE WHEN rk < 0.6 THEN 'TB' WHEN rk < 0.7 THEN 'KH' WHEN rk < 0.8 THEN 'QD' ELSE 'CV' END
                           AS kind,
                       extract(quarter FROM issued)::int AS q, extract(year FROM issued)::int AS y
                FROM g
            ), t AS (
                SELECT k.*,
                       CASE kind WHEN 'TB' THEN %(t_TB)s || q || '/' || y WHEN 'KH' THEN %(t_KH)s || y
                                 WHEN 'QD' THEN %(t_QD)s || y ELSE %(t_CV)s || (i %% 12 + 1) || '/' || y || ')' END
                           AS title,
                       CASE kind WHEN 'TB' THEN %(f_TB)s || q || '/' || y WHEN 'KH' THEN %(f_KH)s || y
                                 WHEN 'QD' THEN %(f_QD)s || y ELSE %(f_CV)s || (i %% 12 + 1) || '/' || y || ')' END
                           AS ftitle,
                       CASE kind WHEN 'TB' THEN %(s_TB)s WHEN 'KH' THEN %(s_KH)s WHEN 'QD' THEN %(s_QD)s
                                 ELSE %(s_CV)s END AS symbol,
                       CASE kind WHEN 'TB' THEN %(fs_TB)s WHEN 'KH' THEN %(fs_KH)s WHEN 'QD' THEN %(fs_QD)s
                                 ELSE %(fs_CV)s END AS fsymbol
                FROM k
            ), ins AS (
                INSERT INTO directives_document (
                    kind, number, symbol, issuing_body_text, superior_body_text, place, issue_year, issue_month,
                    issue_day, issue_date, title, meeting_date, chair, chair_title, signer, signer_title,
                    recipients, body, source_key, search_text, version, created_at, updated_at,
                    cancellation_reason)
                SELECT kind, num, symbol, 'Ủy ban nhân dân tỉnh', '', '', y, extract(month FROM issued),
                       extract(day FROM issued), issued, title,
                       CASE WHEN kind = 'TB' THEN issued - 3 END, '', '', '', '', '[]'::jsonb, '',
                       %(key)s || i, num || '/' || fsymbol || ' | ' || ftitle, 1, now(), now(), ''
                FROM t
                RETURNING id, source_key, issue_date
            )
            INSERT INTO seed_docs (doc_id, i, p, issued)
            SELECT id, split_part(source_key, ':', 3)::int, split_part(source_key, ':', 3)::int %% %(provinces)s,
                   issue_date
            FROM ins
            """,
            params,
        )
        cur.execute("CREATE INDEX ON seed_docs (p)")
        cur.execute("ANALYZE seed_docs")
        return n

    def _tasks(self, cur, p: int, tasks: int, provinces: int, verbs, objects) -> int:
        today = self.today
        contents = [f"{v} {o}" for v in verbs for o in objects]
        params = {
            "p": p,
            "n": tasks,
            "today": today,
            "slots": SLOTS,
            "contents": contents,
            "fcontents": [fold(c) for c in contents],
            "reason": DONE_REASON,
        }
        # One row per (document of province p, position 1–10) while 10·i + position ≤ n; the draws in g
        # (OFFSET 0: computed once a row), the deadline in d, the status in s (the ORM path's _status).
        cur.execute(
            """
            WITH g AS (
                SELECT d.doc_id, d.issued, pos,
                       sl.ids[1 + floor(random() * %(slots)s)::int] AS lead,
                       random() AS r_kind, 10 + floor(random() * 391)::int AS plus,
                       random() AS r_st, random() AS r_sub, random() AS r_a,
                       1 + floor(random() * cardinality(%(contents)s::text[]))::int AS c,
                       random() AS r_prio
                FROM seed_docs d
                JOIN seed_slots sl ON sl.p = d.p
                CROSS JOIN generate_series(1, 10) AS pos
                WHERE d.p = %(p)s AND d.i * 10 + pos <= %(n)s
                OFFSET 0
            ), d AS (
                SELECT g.*,
                       CASE WHEN r_kind < 0.08 THEN NULL
                            WHEN r_kind < 0.55 THEN issued + plus
                            WHEN r_kind < 0.8 THEN (date_trunc('month', issued + plus) + interval '1 month - 1 day')::date
                            WHEN r_kind < 0.93 THEN (date_trunc('quarter', issued + plus) + interval '3 month - 1 day')::date
                            ELSE make_date(extract(year FROM issued + plus)::int, 12, 31) END AS due,
                       CASE WHEN r_kind < 0.08 THEN 'none' WHEN r_kind < 0.55 THEN 'day' WHEN r_kind < 0.8 THEN 'month'
                            WHEN r_kind < 0.93 THEN 'quarter' ELSE 'year' END AS dkind
                FROM g
            ), s AS (
                SELECT d.*,
                       CASE WHEN issued > %(today)s THEN 'new'
                            WHEN due IS NULL THEN
                                CASE WHEN r_st < 0.3 THEN 'done' WHEN r_st < 0.9 THEN 'in_progress' ELSE 'new' END
                            WHEN due < %(today)s THEN
                                CASE WHEN r_st < 0.68 THEN 'done' WHEN r_st < 0.73 THEN 'reported_done'
                                     WHEN r_st < 0.9 THEN 'in_progress' WHEN r_st < 0.95 THEN 'paused'
                                     ELSE 'cancelled' END
                            ELSE CASE WHEN r_st < 0.15 THEN 'done' WHEN r_st < 0.2 THEN 'reported_done'
                                      WHEN r_st < 0.7 THEN 'in_progress' WHEN r_st < 0.97 THEN 'new'
                                      ELSE 'cancelled' END
                       END AS status
                FROM d
            ), f AS (
                SELECT s.*,
                       CASE WHEN status NOT IN ('done', 'reported_done') OR issued > %(today)s THEN NULL
                            WHEN due IS NULL THEN least(%(today)s, issued + 20 + floor(r_a * 281)::int)
                            WHEN due < %(today)s AND status = 'done' THEN least(%(today)s,
                                CASE WHEN r_sub < 0.75 THEN greatest(issued, due - floor(r_a * 41)::int)
                                     ELSE due + 1 + floor(r_a * 90)::int END)
                            WHEN due < %(today)s THEN greatest(issued, least(%(today)s, due - floor(r_a * 11)::int))
                            WHEN status = 'done' THEN least(%(today)s,
                                issued + 1 + floor(r_a * greatest(1, %(today)s - issued + 1))::int)
                            ELSE %(today)s - floor(r_a * 6)::int END AS completed,
                       CASE WHEN status IN ('done', 'reported_done') THEN 100
                            WHEN status = 'new' OR status = 'cancelled' THEN 0
                            WHEN status = 'paused' THEN floor(r_a * 51)::int
                            WHEN due IS NULL THEN 10 + floor(r_a * 81)::int
                            WHEN due < %(today)s THEN 20 + floor(r_a * 71)::int
                            ELSE 5 + floor(r_a * 76)::int END AS progress,
                       CASE WHEN dkind = 'none' THEN ''
                            WHEN dkind = 'day' THEN 'trước ngày ' || to_char(due, 'DD/MM/YYYY')
                            WHEN dkind = 'month' THEN 'trong tháng ' || to_char(due, 'MM') || ' năm ' || extract(year FROM due)
                            WHEN dkind = 'quarter' THEN 'Quý ' || extract(quarter FROM due) || ' năm ' || extract(year FROM due)
                            ELSE 'trong năm ' || extract(year FROM due) END AS dtext,
                       CASE WHEN dkind = 'none' THEN '|'
                            WHEN dkind = 'day' THEN 'truoc ngay ' || to_char(due, 'DD/MM/YYYY') || ' |'
                            WHEN dkind = 'month' THEN 'trong thang ' || to_char(due, 'MM') || ' nam ' || extract(year FROM due) || ' |'
                            WHEN dkind = 'quarter' THEN 'quy ' || extract(quarter FROM due) || ' nam ' || extract(year FROM due) || ' |'
                            ELSE 'trong nam ' || extract(year FROM due) || ' |' END AS fdtext
                FROM s
            ), ins AS (
                INSERT INTO directives_task (
                    document_id, item, position, content, lead_unit_id, deadline_text, deadline_kind, due_date,
                    original_due_date, status, completed_on, progress, priority, search_text, status_reason,
                    recurrence, period_label, version, created_at, updated_at, due_date_is_default, issuer,
                    issuer_name, kind, source_kind)
                SELECT f.doc_id, pos::text, pos, (%(contents)s::text[])[c], lead, dtext, dkind, due, due, status,
                       completed, progress,
                       CASE WHEN r_prio < 0.7 THEN 2 WHEN r_prio < 0.88 THEN 3 WHEN r_prio < 0.92 THEN 4 ELSE 1 END,
                       pos || ' | ' || (%(fcontents)s::text[])[c] || ' | ' || fdtext || ' ' || un.folded,
                       CASE WHEN status IN ('paused', 'cancelled') THEN %(reason)s ELSE '' END,
                       '', '', 1, now(), now(), false, '', '', 'single', 'document'
                FROM f JOIN seed_uname un ON un.id = f.lead
                RETURNING id, lead_unit_id
            ), c AS (
                SELECT ins.id, ins.lead_unit_id, pu.ids, pu.n, random() AS r_c, random() AS r_two,
                       random() AS r1, random() AS r2
                FROM ins CROSS JOIN seed_punits pu WHERE pu.p = %(p)s
                OFFSET 0
            )
            INSERT INTO directives_task_coordinating_units (task_id, unit_id)
            SELECT DISTINCT id, u FROM (
                SELECT id, lead_unit_id, ids[1 + floor(r1 * n)::int] AS u FROM c WHERE r_c < 0.3
                UNION ALL
                SELECT id, lead_unit_id, ids[1 + floor(r2 * n)::int] FROM c WHERE r_c < 0.3 AND r_two < 0.5
            ) AS x
            WHERE u <> lead_unit_id
            """,
            params,
        )
        cur.execute(
            "SELECT count(*) FROM seed_docs d, generate_series(1, 10) pos "
            "WHERE d.p = %s AND d.i * 10 + pos <= %s",
            [p, tasks],
        )
        return cur.fetchone()[0]

    def _drop_indexes(self, cur) -> list[str]:
        """The secondary indexes of the task and coordinating-unit tables (their definitions, to rebuild)."""
        cur.execute(
            """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid IN ('directives_task'::regclass, 'directives_task_coordinating_units'::regclass)
              AND NOT x.indisprimary AND NOT x.indisunique
            """
        )
        rows = cur.fetchall()
        for name, _definition in rows:
            cur.execute(f'DROP INDEX "{name}"')
        self.log(f"  dropped {len(rows)} indexes")
        return [definition for _name, definition in rows]

    def _create_indexes(self, cur, definitions: list[str]) -> None:
        for definition in definitions:
            cur.execute(definition)

    def _verify_foreign_keys(self, cur) -> None:
        checks = [
            "SELECT count(*) FROM directives_task t LEFT JOIN directives_document d ON d.id = t.document_id "
            "WHERE d.id IS NULL",
            "SELECT count(*) FROM directives_task t LEFT JOIN units_unit u ON u.id = t.lead_unit_id "
            "WHERE t.lead_unit_id IS NOT NULL AND u.id IS NULL",
            "SELECT count(*) FROM directives_task_coordinating_units c LEFT JOIN directives_task t "
            "ON t.id = c.task_id WHERE t.id IS NULL",
            "SELECT count(*) FROM directives_task_coordinating_units c LEFT JOIN units_unit u "
            "ON u.id = c.unit_id WHERE u.id IS NULL",
        ]
        for sql in checks:
            cur.execute(sql)
            missing = cur.fetchone()[0]
            if missing:
                raise RuntimeError(f"seed_scale --sql: {missing} rows break a foreign key ({sql})")
