"""Celery: the broker, how tasks are sent and acknowledged, the worker's time limits and
the periodic tasks."""

from celery.schedules import crontab

from .email import WATCHLIST_DIGEST_HOUR
from .environment import env

# Celery. With no broker configured, tasks run in-process (eagerly) so that the first run
# needs no Redis; with one, a worker picks them up.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, a request that ingests an article hands its tasks to a thread of the web
# process and answers at once (articles.services.background), rather than fetching, cleaning
# and extracting before it answers.
TASKS_IN_BACKGROUND = env.bool("TASKS_IN_BACKGROUND", default=CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="onrecord")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies is redelivered, not dropped (the task is idempotent).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The limits of the worker that runs a task: messages carry none (config.celery.Task). The
# extractor has its own, shorter limit (EXTRACTION_TIME_LIMIT).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# A pool process tells the worker it is up only once it has loaded them; Celery's default
# wait, 4 s, kills replacement processes on a loaded machine (and then their replacements).
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env.float("CELERY_WORKER_PROC_ALIVE_TIMEOUT", default=60.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Ingest must not hang when Redis is down: give up publishing quickly, the sweep sends later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    "enqueue-pending-articles": {
        "task": "articles.tasks.articles_enqueue_pending_task",
        "schedule": env.int("SWEEP_SECONDS", default=60),
    },
    "poll-feeds": {
        "task": "articles.tasks.feeds_poll_task",
        "schedule": 60,  # each feed is polled once FEED_POLL_SECONDS have passed
    },
    # builds the vector index at VECTOR_INDEX_MIN vectors, rebuilds it when they double
    "refresh-vector-index": {
        "task": "claims.tasks.vector_index_refresh_task",
        "schedule": env.int("VECTOR_INDEX_REFRESH_SECONDS", default=3600),
    },
    # each user's new watchlist statements, once a day
    "send-watchlist-digests": {
        "task": "claims.tasks.watchlist_digests_send_task",
        "schedule": crontab(hour=WATCHLIST_DIGEST_HOUR, minute=0),
    },
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
