"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis):
every operation, with generated valid and invalid input, as an admin (who may call all of
them), must answer without a server error and as the schema says."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from api.services import api_token_create
from claims.models import Claim
from tests.factories import QuoteFactory, UserFactory

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _load_schema():
    """The schema as the app serves it, given to schemathesis with the app to call."""
    from drf_spectacular.generators import SchemaGenerator

    from config.wsgi import application

    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The app is called as a WSGI application: Django's handlers that close database
    connections between requests are disconnected, as Django's own test client does, so
    that the test's transaction stays open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_key(db) -> str:
    quotes = QuoteFactory.create_batch(3)
    claim = Claim.objects.create(speaker=quotes[0].speaker, statement="x", verdict="false")
    claim.quotes.add(*quotes)
    _, key = api_token_create(user=UserFactory(is_superuser=True), name="schemathesis")
    return key


@schema.parametrize()
@hypothesis_settings(
    max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_the_api_keeps_to_its_schema(case, admin_key):
    case.call_and_validate(headers={"Authorization": f"Token {admin_key}"}, checks=CHECKS)
