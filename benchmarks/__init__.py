"""The benchmark commands (``bench_ingest``, ``bench_api``) and their helpers: installed only by
``config.settings.benchmark``, never part of the product."""
