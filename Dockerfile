# One image for the web process (gunicorn) and the Celery worker.
# The base image is pinned by digest: python:3.11-slim-bookworm as published on 2026-08-25
# (Python 3.11.16, Debian bookworm; the multi-platform index, whose linux/amd64 image is
# sha256:2fc9207f64226cb05ac317cee0bab6fa55a9ea311ce5a086baddd4b4a83c2d3c), from the official
# images' record (docker-library/repo-info, repos/python/remote/3.11-slim-bookworm.md). To move
# it to a newer build, see the README, "Releasing".
FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# The locked pip and setuptools, spaCy's English pipeline, checked against its pinned sha256,
# then every run-time package from the hashed lock: wheels only, each checked against its
# sha256, nothing resolved (README, "Dependencies: the lock").
COPY requirements/install.txt requirements/model.txt requirements/lock.txt requirements/
RUN pip install --require-hashes --no-deps --only-binary :all: -r requirements/install.txt \
 && pip install --require-hashes --no-deps --only-binary :all: -r requirements/model.txt \
 && pip install --require-hashes --no-deps --only-binary :all: -r requirements/lock.txt
COPY . .
# The project itself, built by the locked setuptools, pulling in nothing more.
RUN pip install --no-deps --no-build-isolation . \
 && pip check \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 onrecord \
 && install -d -o onrecord -g onrecord -m 700 /var/lib/onrecord/secret

USER onrecord
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
