"""Embedded default for `make run`: SQLite under var/, eager Celery, console e-mail, DEBUG on."""

import os
from datetime import date

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
VAR_DIR.mkdir(exist_ok=True)

# The demo opens at 31/03/2022, a day inside the demo data (DEMO_AS_OF= empty turns it off).
_demo_as_of = os.environ.get("DEMO_AS_OF", "2022-03-31").strip()
DEMO_AS_OF = date.fromisoformat(_demo_as_of) if _demo_as_of else None
