#!/usr/bin/env bash
# One recorded run of issue 14's targets, into one file that docs/benchmarks.md quotes:
# the pages against Redmine, the pages and the dashboard under 16 connections (wrk), the PDF report of
# 1,000 tasks and the 5,000-row imports, with the machine's load before and after each part.
#
#   sudo bench/redmine_setup.sh                               # Redmine on 127.0.0.1:3100, 200,000 issues
#   createdb -h 127.0.0.1 -U postgres dtsystem_cmp             # DTSystem at 200,000 tasks (seeded if empty)
#   bench/record_issue14.sh [OUT]                             # ≈ 25 min on 2 idle cores
#
# Quiet machine first: the figures are only worth what the load column says.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-var/bench/issue14-$(date -u +%Y%m%dT%H%MZ).md}
PG=postgres://postgres@127.0.0.1:5432
PY=.venv/bin/python
mkdir -p "$(dirname "$OUT")"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
fresh_db() { dropdb -h 127.0.0.1 -U postgres --if-exists "$1"; createdb -h 127.0.0.1 -U postgres "$1"; }

say "# Issue 14: one recorded run, $(date -u '+%Y-%m-%d %H:%M UTC')"
say ""
say "Machine: $(nproc) CPUs ($(uname -m)), $(free -g | awk '/Mem:/ {print $2}') GiB; commit $(git rev-parse --short HEAD); load average before: $(load)."

export DATABASE_URL=$PG/${DT_CMP_DB:-dtsystem_cmp}
$PY manage.py migrate -v0
$PY manage.py shell -c "from directives import rollups; print('rollups:', rollups.rebuild())"  # the nightly recount

say ""
say "## Pages against Redmine, over HTTP (bench/redmine_compare.py, 20 rounds)"
say ""
rm -f /tmp/dt-record-redmine.md
$PY bench/redmine_compare.py --no-seed --requests 20 --warmup 2 --out /tmp/dt-record-redmine.md >/dev/null \
  || say "(redmine_compare.py ended with an error: see above)"
{ cat /tmp/dt-record-redmine.md 2>/dev/null || true; } | tee -a "$OUT"

say ""
say "## Every page under 16 connections, load from wrk (bench/pages.py --wrk, 15 s a page)"
say ""
{ $PY bench/pages.py --wrk --duration 15 2>/dev/null || echo "(pages.py: some page answered other than 200)"; } \
  | grep -E '^\||^pages:|^gunicorn|^\(' | tee -a "$OUT"

say ""
say "## PDF progress report of 1,000 tasks (bench/report_build.py, PostgreSQL)"
say ""
fresh_db dtsystem_record_report
DATABASE_URL=$PG/dtsystem_record_report $PY bench/report_build.py --tasks 1000 --no-write 2>/dev/null | tee -a "$OUT"

say ""
say "## 5,000-row imports (bench/import_5000.py, PostgreSQL)"
say ""
fresh_db dtsystem_record_import
DATABASE_URL=$PG/dtsystem_record_import $PY bench/import_5000.py --rows 5000 --no-write 2>/dev/null | tee -a "$OUT"

say ""
say "Load average after: $(load)."
echo "written: $OUT"
