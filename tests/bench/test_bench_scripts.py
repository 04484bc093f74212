"""The benchmark scripts still run against the current services (a small size, a throw-away SQLite
database of their own): a benchmark that cannot start records nothing when the recorded run needs it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*argv: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "dtsystem.settings.local"}
    done = subprocess.run(
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_import_benchmark_imports_both_files():
    out = _run("bench/import_5000.py", "--rows", "20", "--no-write")
    assert "Số liệu chỉ tiêu (kpis): 20 rows" in out
    assert "Nhiệm vụ (directives): 20 rows" in out
