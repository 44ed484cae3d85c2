# One image for web (gunicorn), worker and beat; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Translations compile with Babel (no gettext needed); static files are vendored, then hashed.
RUN pybabel compile --domain django --directory locale \
 && DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=build-time-only-key-that-never-serves-a-request-0123456789abcdef \
    FIELD_ENCRYPTION_KEYS=YnVpbGQtdGltZS1vbmx5LW5ldmVyLXN0b3Jlcy1pZHM= \
    DJANGO_ALLOWED_HOSTS=build FANXIANG_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 fanxiang \
 && mkdir -p /data/media /app/var \
 && chown -R fanxiang /data /app/var

USER fanxiang
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
