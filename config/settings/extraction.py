"""The extractor as the worker runs it: its mode, its limits, its batches and leases."""

from .celery import CELERY_TASK_TIME_LIMIT
from .environment import env

# Larger texts are refused at ingest with a clear error (characters after decoding).
ARTICLE_MAX_CHARS = env.int("ARTICLE_MAX_CHARS", default=10_000_000)

# The extractor stops itself after this long (checked between paragraph windows) and the
# article is marked failed; Celery's limits (CELERY_TASK_SOFT_TIME_LIMIT and
# CELERY_TASK_TIME_LIMIT) are the backstop for anything else.
EXTRACTION_TIME_LIMIT = env.float("EXTRACTION_TIME_LIMIT", default=200)
# A worker that finds more articles waiting extracts several at once (one spaCy pipe call):
# up to this many, and this many characters in all.
EXTRACTION_BATCH_SIZE = env.int("EXTRACTION_BATCH_SIZE", default=32)
EXTRACTION_BATCH_CHARS = env.int("EXTRACTION_BATCH_CHARS", default=200_000)
# An article claimed by a task that died is free again after this long (and the sweep
# queues it again).
EXTRACTION_LEASE_SECONDS = env.int("EXTRACTION_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# "fast" (the default): cue rules over the parse, at the parser's speed; "accurate": the
# trained statement tagger with them (better recall, about half the speed).
EXTRACTION_MODE = env.str("EXTRACTION_MODE", default="fast")
# Worker processes load the spaCy pipeline when they start, not on their first article.
EXTRACTION_PRELOAD = env.bool("EXTRACTION_PRELOAD", default=True)
# The worker embeds each batch's statements and puts them in their statement groups after
# storing them; off, that waits for ``manage.py embed_statements`` (make bench-ingest measures
# the cost both ways).
EMBED_STATEMENTS = env.bool("EMBED_STATEMENTS", default=True)
# Search by meaning reads every statement's vector until there are this many; then the
# periodic refresh builds the vector index (cells of similar vectors) and rebuilds it each
# time their number doubles (claims.services.vector_index).
VECTOR_INDEX_MIN = env.int("VECTOR_INDEX_MIN", default=50_000)
# Cells whose vectors a search reads, the nearest to its vector first: more finds more of the
# exact nearest statements and takes longer (make bench-similar measures both).
VECTOR_INDEX_PROBE = env.int("VECTOR_INDEX_PROBE", default=16)
