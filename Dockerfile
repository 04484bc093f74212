FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=dtsystem.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
RUN useradd --create-home dtsystem && mkdir -p /app/var && chown -R dtsystem /app/var
USER dtsystem
EXPOSE 8000
CMD ["gunicorn", "dtsystem.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
