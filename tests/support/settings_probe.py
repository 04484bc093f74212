"""The settings a module computes from a given environment, read in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_under(env: dict, module: str = "dtsystem.settings.local", expr: str = "") -> str:
    code = (
        "import django, json; from django.conf import settings as s; django.setup();"
        f"print(json.dumps({expr}, default=str))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()
