"""Settings come from the environment: each contract variable is read; the defaults are the embedded ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.settings_probe import settings_under

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_defaults_sqlite_eager_console_mail():
    out = settings_under(
        {},
        expr="[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE]",
    )
    engine, name, eager, email, debug, lang, tz = __import__("json").loads(out)
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("var/db.sqlite3")
    assert eager is True
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert debug is True
    assert (lang, tz) == ("vi", "Asia/Ho_Chi_Minh")


def test_environment_overrides_every_contract_variable():
    env = {
        "DATABASE_URL": "postgres://u:p@db.example:5433/dtx",
        "REDIS_URL": "redis://cache.example:6380/2",
        "EMAIL_URL": "filemail:///tmp/dt-mail",
        "SECRET_KEY": "s3cret-from-env",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "a.example,b.example",
    }
    out = settings_under(
        env,
        expr="[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.DATABASES['default']['PORT'], s.DATABASES['default']['NAME'],"
        " s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.EMAIL_FILE_PATH, s.SECRET_KEY, s.DEBUG, s.ALLOWED_HOSTS]",
    )
    values = __import__("json").loads(out)
    assert values == [
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "dtx",
        "redis://cache.example:6380/2",
        False,
        "django.core.mail.backends.filebased.EmailBackend",
        "/tmp/dt-mail",
        "s3cret-from-env",
        False,
        ["a.example", "b.example"],
    ]


def test_production_refuses_to_start_without_secret_key():
    code = "import django; django.setup()"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="dtsystem.settings.production", ALLOWED_HOSTS="x.example")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


@pytest.mark.parametrize(
    "value, expected", [(177510, "177.510"), (53325, "53.325"), ("1234.5", "1.234,5"), (None, "")]
)
def test_vietnamese_number_format(value, expected):
    from dtsystem.core.templatetags.vn import vn_number

    assert vn_number(value) == expected


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="dtsystem.settings.production",
        ALLOWED_HOSTS="dt.example.gov.vn",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
