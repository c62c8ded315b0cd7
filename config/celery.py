"""The Celery app. Configuration comes from Django settings (the CELERY_* names)."""

import os

from celery import Celery
from celery import Task as CeleryTask
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class Task(CeleryTask):
    """Sends its messages without time limits, so the worker that runs a task applies its own
    (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT).

    Celery copies those settings onto each task and from there into every message it sends,
    where they override the worker's: the web process's settings would decide how long an
    extraction may run. A caller may still pass limits of its own.
    """

    def apply_async(self, args=None, kwargs=None, **options):
        options.setdefault("time_limit", None)
        options.setdefault("soft_time_limit", None)
        return super().apply_async(args, kwargs, **options)


app = Celery("onrecord", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def load_extractor(**_kwargs) -> None:
    """Each pool process loads the extraction models once, when it starts (and only then
    tells the worker it is up: CELERY_WORKER_PROC_ALIVE_TIMEOUT)."""
    from django.conf import settings

    if settings.EXTRACTION_PRELOAD:
        import extraction
        from extraction.embedding import load_encoder

        extraction.load_models(settings.EXTRACTION_MODE)
        if settings.EMBED_STATEMENTS:
            load_encoder()  # the statements' embeddings, computed after each batch
