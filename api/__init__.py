"""The REST API's own machinery: who a client is (API tokens, authentication), what it may do
(roles and permissions), how much (throttling, export budgets), and how requests and answers
are shaped (parsers, errors, pagination, filtering, renderers, idempotent POSTs, the schema).
The resources themselves live with their data: ``articles.api``, ``claims.api``."""
