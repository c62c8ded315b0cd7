"""Deployment settings: strict, from the environment, and migrations in step with models."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.conftest import REPO


def manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")
    }
    environment.update(env)
    environment = {k: v for k, v in environment.items() if v is not None}  # None: unset
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    run = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="onrecord.example",
    )
    assert run.returncode != 0
    assert "Set SECRET_KEY" in run.stderr


@pytest.mark.parametrize(
    "key",
    [
        "compose-local-stack-change-me-0f6c2b9e7d4a41c8a3e5b1d9c7f2e8a6",  # the compose default
        "onrecord-local-only-insecure-key-do-not-use-in-production",  # the local default
        "django-insecure-" + "k" * 50,  # Django's startproject template
        "x" * 64,
        secrets.token_urlsafe(30),  # random but short
    ],
)
def test_production_refuses_a_published_or_weak_secret_key(key):
    run = manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=key,
        ALLOWED_HOSTS="onrecord.example",
    )
    assert run.returncode != 0
    assert "Set SECRET_KEY to a random string" in run.stderr


def test_the_compose_stack_has_no_default_secret_key_but_generates_one():
    compose = (REPO / "docker-compose.yml").read_text()
    assert "${SECRET_KEY:-}" in compose  # set by the operator, or empty
    assert "SECRET_KEY_FILE: /var/lib/onrecord/secret/key" in compose
    assert "secrets.token_urlsafe(50)" in compose


def test_production_reads_the_key_from_secret_key_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    settings = dict(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="a.example")
    assert manage("check", SECRET_KEY_FILE=str(key_file), **settings).returncode == 0
    key_file.write_text("change-me" * 8)
    refused = manage("check", SECRET_KEY_FILE=str(key_file), **settings)
    assert refused.returncode != 0 and "Set SECRET_KEY to a random string" in refused.stderr


def test_production_settings_pass_the_deploy_check():
    run = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="onrecord.example",
    )
    assert run.returncode == 0, run.stderr + run.stdout
    assert "no issues" in run.stdout


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "api.cache.RedisCache"),
        (None, "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_the_cache_comes_from_cache_url(cache_url, backend):
    run = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        CACHE_URL=cache_url,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == backend


@pytest.mark.parametrize(("value", "seconds"), [("75", "75.0"), (None, "60.0")])
def test_the_worker_waits_for_its_pool_processes_to_load_the_models(value, seconds):
    """A pool process reports to the worker only once it has loaded the models
    (EXTRACTION_PRELOAD); Celery's default wait, 4 s, kills it on a loaded machine."""
    run = manage(
        "shell",
        "-c",
        "from config.celery import app; print(app.conf.worker_proc_alive_timeout)",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        CELERY_WORKER_PROC_ALIVE_TIMEOUT=value,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == seconds


def test_the_benchmark_commands_exist_only_with_the_benchmark_settings():
    product = manage("help", DJANGO_SETTINGS_MODULE="config.settings.dev")
    benchmark = manage("help", DJANGO_SETTINGS_MODULE="config.settings.benchmark")
    assert product.returncode == benchmark.returncode == 0
    assert "bench_api" not in product.stdout and "bench_ingest" not in product.stdout
    assert "[benchmarks]" in benchmark.stdout
    assert "bench_api" in benchmark.stdout and "bench_ingest" in benchmark.stdout
