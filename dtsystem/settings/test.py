"""Test settings: DATABASE_URL (PostgreSQL in CI) or SQLite; Celery eager unless a test opts into a worker."""

from .base import *  # noqa: F403
from .base import BASE_DIR, VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=VAR_DIR / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {  # one per test process
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "workdays": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "workdays"},
}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
VAR_DIR.mkdir(exist_ok=True)
FIXTURES_DIR = BASE_DIR / "fixtures"
