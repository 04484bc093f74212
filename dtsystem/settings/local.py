"""Embedded default for `make run`: SQLite under var/, eager Celery, console e-mail, DEBUG on."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
VAR_DIR.mkdir(exist_ok=True)
