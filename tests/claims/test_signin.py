"""Sign-in, the site's and the admin's: a user name or an address that failed too often is
refused for a while, even with the right password. Failures are counted in the shared cache
(Redis here, as in CI and deployments)."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # the factories' password
SITE, ADMIN = "/accounts/login/", "/admin/login/"
LOCKED = "Too many failed sign-ins"


@pytest.fixture
def limit(settings) -> int:
    settings.AUTH_FAILURE_LIMIT = 3
    settings.AUTH_FAILURE_WINDOW = 900
    return 3


def sign_in(client, url: str, username: str, password: str, address: str, **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_a_user_name_that_failed_too_often_is_refused_even_with_the_right_password(
    url, client, redis_cache, limit, caplog
):
    user = UserFactory(is_staff=True, is_superuser=True)
    with caplog.at_level("WARNING", logger="claims.signin"):
        # from a new address each time: the user name's count locks it
        wrong = [
            sign_in(client, url, user.username, "wrong", f"192.0.2.{n}").content.decode()
            for n in range(limit)
        ]
        right = sign_in(client, url, user.username, PASSWORD, "198.51.100.1")
    assert all(LOCKED not in page for page in wrong[:-1])
    assert "correct" in wrong[0] or "do not match" in wrong[0]
    assert LOCKED in wrong[-1]  # the last failure says so at once
    assert right.status_code == 200 and LOCKED in right.content.decode()
    assert re.search(r"Try again in \d+ minutes?\.", right.content.decode())
    assert not signed_in(client)
    assert "sign-in failed" in caplog.text and "sign-in refused" in caplog.text
    (key,) = redis_cache.keys("*failures_signin_user*")
    assert int(redis_cache.get(key)) == limit  # a refused attempt checks nothing, counts nothing

    other = UserFactory(is_staff=True)  # other user names, from those addresses, still sign in
    assert sign_in(client, url, other.username, PASSWORD, "192.0.2.0").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_an_address_that_failed_too_often_is_refused_whatever_user_name_it_tries(
    url, client, redis_cache, limit
):
    """The address is the one the API's throttles count: X-Forwarded-For is believed only
    for our own proxies (NUM_PROXIES, 0 here), so rotating it changes nothing."""
    user = UserFactory(is_staff=True)
    for n in range(limit):
        sign_in(client, url, f"guess{n}", "wrong", "192.0.2.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    refused = sign_in(
        client, url, user.username, PASSWORD, "192.0.2.9", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert LOCKED in refused.content.decode() and not signed_in(client)
    assert sign_in(client, url, user.username, PASSWORD, "192.0.2.10").status_code == 302
    assert signed_in(client)


def test_signing_in_clears_the_user_names_failures_but_not_the_addresses(
    client, redis_cache, limit
):
    user = UserFactory()
    for address in ("192.0.2.1", "192.0.2.2"):
        for _ in range(limit - 1):
            sign_in(client, SITE, user.username, "wrong", address)
        # the second time, the user name has failed 4 times in all: cleared by the first sign-in
        assert sign_in(client, SITE, user.username, PASSWORD, address).status_code == 302
        client.logout()
    sign_in(client, SITE, "someone", "wrong", "192.0.2.1")  # that address's third failure
    refused = sign_in(client, SITE, user.username, PASSWORD, "192.0.2.1")
    assert LOCKED in refused.content.decode() and not signed_in(client)


def test_user_names_are_counted_whatever_their_case(client, redis_cache, limit):
    user = UserFactory(username="editor")
    for n, name in enumerate(["editor", "Editor", "EDITOR"]):
        sign_in(client, SITE, name, "wrong", f"192.0.2.{n}")
    assert LOCKED in sign_in(client, SITE, user.username, PASSWORD, "192.0.2.9").content.decode()


def test_with_the_cache_down_sign_in_fails_open(client, dead_redis_cache, limit, caplog):
    user = UserFactory()
    with caplog.at_level("WARNING", logger="api.throttling"):
        wrong = [sign_in(client, SITE, user.username, "wrong", "192.0.2.1") for _ in range(4)]
        right = sign_in(client, SITE, user.username, PASSWORD, "192.0.2.1")
    assert all("do not match" in r.content.decode() for r in wrong)
    assert right.status_code == 302 and signed_in(client)
    assert "failure not counted" in caplog.text
