"""API clients for each role: anonymous, a reader with a token, an editor, a fact-checker,
an admin. Tokens are real ones, created by the service and sent in the header."""

import pytest
from rest_framework.test import APIClient

from api.permissions import EDITORS, FACT_CHECKERS
from api.services import api_token_create
from tests.factories import member


def token_client(user) -> APIClient:
    _, key = api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.user = user
    return client


@pytest.fixture
def anonymous(db) -> APIClient:
    return APIClient()


@pytest.fixture
def reader(db) -> APIClient:
    return token_client(member())


@pytest.fixture
def editor(db) -> APIClient:
    return token_client(member(EDITORS))


@pytest.fixture
def fact_checker(db) -> APIClient:
    return token_client(member(FACT_CHECKERS))


@pytest.fixture
def admin(db) -> APIClient:
    return token_client(member(is_superuser=True, is_staff=True))


@pytest.fixture
def clients(anonymous, reader, editor, fact_checker, admin) -> dict[str, APIClient]:
    return {
        "anonymous": anonymous,
        "reader": reader,
        "editor": editor,
        "fact_checker": fact_checker,
        "admin": admin,
    }
