"""drf-spectacular post-processing: what the generated schema leaves out and every operation
shares, documented once."""

from typing import Any

# The error answers any operation may give (the API's errors are JSON: `{"detail": ...}`, or
# for a body's validation, the fields at fault with their messages).
ERRORS = {
    "400": "The input is malformed or invalid: the fields or parameters at fault are named.",
    "401": "Credentials are needed (or the token given is invalid or expired).",
    "403": "The user's role may not do this.",
    "404": "Nothing there (or an invalid cursor).",
    "405": "The operation does not offer this method (see the Allow header).",
    "406": "No representation in the format asked for (Accept).",
    "429": "Too many requests, or exports past the row budget: wait for Retry-After.",
    "503": "A service the API needs is down: try again after Retry-After.",
}
WRITE_ERRORS = {
    "409": "The resource changed since the version sent.",
    "422": "The Idempotency-Key was used for another request.",
    "413": "The body is larger than the API accepts.",
    "415": "The body's content type is not one the operation reads.",
}
WRITES = {"post", "put", "patch", "delete"}
# parameters whose empty value is a value of their own, not "no filter"
NOT_EMPTY = {"cursor", "page_size", "format"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def document_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """Every operation documents the error answers it may give, with the error's shape; a
    filter's empty value (`?kind=`, as the browsable API's filter form sends it) is documented
    as allowed: it means no filter."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = ERRORS | (WRITE_ERRORS if method in WRITES else {})
            for status, description in errors.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": content}
                )
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] not in NOT_EMPTY:
                    parameter["allowEmptyValue"] = True
    return result
