#!/bin/sh
# Debian's Redmine 5 on PostgreSQL for bench/redmine_compare.py (issue 14). Idempotent: every step checks
# what is already there. Nothing of Redmine is committed; it comes from Debian's packages.
#
#   sudo bench/redmine_setup.sh            # install, migrate, seed, start puma on 127.0.0.1:3100
#   REDMINE_PORT=3100 REDMINE_DB=redmine_cmp REDMINE_ISSUES=200000 REDMINE_BENCH_PASSWORD=... bench/redmine_setup.sh
#   bench/redmine_setup.sh stop            # stop the puma it started
#
# Seeds (SQL, straight into Redmine's tables): one public project `bench`, Redmine's default trackers,
# statuses and priorities, 500 issue categories, 20 quarterly versions (2022-2026), 200,000 issues with due
# dates spread over 5 years (≈ 18 % Closed, 2 % Rejected, 3 % Resolved), every 27th issue assigned to the
# admin; the admin's password and an API key; the REST API on and login required.
set -eu

PORT=${REDMINE_PORT:-3100}
DB=${REDMINE_DB:-redmine_cmp}
ISSUES=${REDMINE_ISSUES:-200000}
PASSWORD=${REDMINE_BENCH_PASSWORD:-bench-admin-pw}
WORKERS=${REDMINE_WORKERS:-3}
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1"
APP=/usr/share/redmine
PIDFILE=/var/cache/redmine/default/puma-bench.pid
export X_DEBIAN_SITEID=default RAILS_ENV=production

if [ "${1:-}" = stop ]; then
    [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" && rm -f "$PIDFILE"
    exit 0
fi

# 1. packages (Debian's only)
if ! dpkg -s redmine redmine-pgsql puma >/dev/null 2>&1; then
    echo "redmine redmine/instances/default/dbconfig-install boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
        redmine redmine-pgsql puma
fi

# 2. the instance's database
cat > /etc/redmine/default/database.yml <<EOF
production:
  adapter: postgresql
  database: $DB
  host: 127.0.0.1
  username: postgres
  encoding: utf8
  pool: 5
EOF
$PG -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres "$DB"
mkdir -p /var/cache/redmine/default/tmp /var/log/redmine/default
cd "$APP"
if ! $PG -d "$DB" -Atc "SELECT count(*) FROM trackers" >/dev/null 2>&1; then
    rake db:migrate
    REDMINE_LANG=en rake redmine:load_default_data
fi

# 3. the data
if [ "$($PG -d "$DB" -Atc "SELECT count(*) FROM issues")" != "$ISSUES" ]; then
    $PG -d "$DB" <<EOF
BEGIN;
DELETE FROM issues; DELETE FROM versions; DELETE FROM issue_categories; DELETE FROM enabled_modules;
DELETE FROM projects_trackers; DELETE FROM projects WHERE identifier = 'bench';
INSERT INTO projects (name, description, identifier, is_public, status, lft, rgt, created_on, updated_on, inherit_members)
    VALUES ('Bench', 'Đo so sánh với DTSystem', 'bench', true, 1, 1, 2, now(), now(), false);
INSERT INTO enabled_modules (project_id, name)
    SELECT p.id, m FROM projects p, unnest(ARRAY['issue_tracking', 'time_tracking', 'news', 'documents', 'files',
        'wiki', 'calendar', 'gantt']) m WHERE p.identifier = 'bench';
INSERT INTO projects_trackers (project_id, tracker_id) SELECT p.id, t.id FROM projects p, trackers t WHERE p.identifier = 'bench';
INSERT INTO issue_categories (project_id, name)
    SELECT p.id, 'Đơn vị ' || lpad(g::text, 3, '0') FROM projects p, generate_series(1, 500) g WHERE p.identifier = 'bench';
INSERT INTO versions (project_id, name, effective_date, status, sharing, created_on, updated_on)
    SELECT p.id, 'Quý ' || (q % 4 + 1) || '/' || (2022 + q / 4),
           (make_date(2022 + q / 4, (q % 4) * 3 + 1, 1) + interval '3 months - 1 day')::date,
           CASE WHEN q < 16 THEN 'closed' ELSE 'open' END, 'none', now(), now()
    FROM projects p, generate_series(0, 19) q WHERE p.identifier = 'bench';
CREATE TEMP TABLE s AS SELECT
    (SELECT array_agg(id ORDER BY id) FROM trackers) AS trackers,
    (SELECT array_agg(id ORDER BY position) FROM enumerations WHERE type = 'IssuePriority') AS priorities,
    (SELECT array_agg(id ORDER BY id) FROM issue_categories) AS categories,
    (SELECT array_agg(id ORDER BY effective_date) FROM versions) AS versions,
    (SELECT id FROM projects WHERE identifier = 'bench') AS project,
    (SELECT id FROM users WHERE login = 'admin') AS admin,
    (SELECT id FROM issue_statuses WHERE name = 'New') AS st_new,
    (SELECT id FROM issue_statuses WHERE name = 'In Progress') AS st_progress,
    (SELECT id FROM issue_statuses WHERE name = 'Resolved') AS st_resolved,
    (SELECT id FROM issue_statuses WHERE name = 'Closed') AS st_closed,
    (SELECT id FROM issue_statuses WHERE name = 'Rejected') AS st_rejected;
INSERT INTO issues (tracker_id, project_id, subject, description, due_date, category_id, status_id, assigned_to_id,
                    priority_id, fixed_version_id, author_id, lock_version, created_on, updated_on, start_date,
                    done_ratio, is_private, closed_on, lft, rgt)
SELECT s.trackers[1 + g % array_length(s.trackers, 1)], s.project,
       'Nhiệm vụ số ' || g || ': triển khai nội dung chuyển đổi số', 'Mô tả nhiệm vụ ' || g,
       due, s.categories[1 + (hashint % 500)],
       CASE WHEN r < 0.18 THEN s.st_closed WHEN r < 0.20 THEN s.st_rejected WHEN r < 0.23 THEN s.st_resolved
            WHEN r < 0.60 THEN s.st_progress ELSE s.st_new END,
       CASE WHEN g % 27 = 0 THEN s.admin END,
       s.priorities[1 + g % array_length(s.priorities, 1)],
       s.versions[1 + least(19, greatest(0, ((due - date '2022-01-01') / 91)))],
       s.admin, 0, due - 60, due - 60, due - 60,
       CASE WHEN r < 0.23 THEN 100 ELSE (g * 7) % 100 END, false,
       CASE WHEN r < 0.20 THEN (due - 5)::timestamp END, 1, 2
FROM s, LATERAL (SELECT g, (date '2022-01-01' + (g * 7919) % 1826) AS due,
                        ((g::bigint * 2654435761) % 4294967296) AS hashint,
                        (((g::bigint * 40503) % 65536) / 65536.0) AS r
                 FROM generate_series(1, $ISSUES) g) x;
UPDATE issues SET root_id = id;
COMMIT;
VACUUM ANALYZE;
EOF
fi

# 4. the admin: password, API key, REST API on, login required
SALT=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
INNER=$(printf '%s' "$PASSWORD" | sha1sum | cut -d' ' -f1)
HASHED=$(printf '%s%s' "$SALT" "$INNER" | sha1sum | cut -d' ' -f1)
KEY=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
$PG -d "$DB" -q <<EOF
UPDATE users SET salt = '$SALT', hashed_password = '$HASHED', must_change_passwd = false, status = 1
    WHERE login = 'admin';
INSERT INTO tokens (user_id, action, value, created_on, updated_on)
    SELECT id, 'api', '$KEY', now(), now() FROM users u WHERE login = 'admin'
    AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = u.id AND t.action = 'api');
DELETE FROM settings WHERE name IN ('rest_api_enabled', 'login_required');
INSERT INTO settings (name, value, updated_on) VALUES ('rest_api_enabled', '1', now()), ('login_required', '1', now());
EOF

# 5. puma, production, 3 workers of 1 thread (gunicorn runs 3 sync workers), loopback only
if ! curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/login"; then
    rm -f /var/cache/redmine/default/tmp/cache -r
    setsid puma -e production -b "tcp://127.0.0.1:$PORT" -w "$WORKERS" -t 1:1 --preload --pidfile "$PIDFILE" \
        config.ru >/var/log/redmine/default/puma-bench.log 2>&1 < /dev/null &
    i=0
    until curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/login"; do
        i=$((i + 1)); [ $i -gt 120 ] && { echo "puma did not answer; see /var/log/redmine/default/puma-bench.log"; exit 1; }
        sleep 1
    done
fi
echo "Redmine on http://127.0.0.1:$PORT (database $DB, $($PG -d "$DB" -Atc "SELECT count(*) FROM issues") issues)"
