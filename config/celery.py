"""The Celery app. Configuration comes from Django settings (the CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("onrecord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def load_extractor(**_kwargs) -> None:
    """Each pool process loads the extraction models once, when it starts."""
    from django.conf import settings

    if settings.EXTRACTION_PRELOAD:
        import extraction

        extraction.load_models(settings.EXTRACTION_MODE)
