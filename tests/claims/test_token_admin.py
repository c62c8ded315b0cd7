"""API tokens in the admin: staff mint tokens for themselves only (issue 18, item 8)."""

import pytest
from django.contrib.auth.models import Permission

from claims.models import ApiToken
from claims.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/claims/apitoken/add/"


def staff_who_may_add_tokens(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_apitoken", "view_apitoken"])
    )
    client.force_login(staff)
    return staff


def test_staff_cannot_mint_a_superusers_token(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    staff = staff_who_may_add_tokens(client)
    response = client.post(ADD, {"user": root.pk, "name": "mine now"}, follow=True)
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=root).exists()
    token = ApiToken.objects.get(name="mine now")
    assert token.user == staff
    shown = [str(m) for m in response.context["messages"]]
    assert any("The key of" in m for m in shown)


def test_staff_see_and_revoke_only_their_own_tokens(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    theirs, _ = api_token_create(user=root, name="root's")
    staff = staff_who_may_add_tokens(client)
    own, _ = api_token_create(user=staff, name="own")
    listing = client.get("/admin/claims/apitoken/").content.decode()
    assert own.prefix in listing and theirs.prefix not in listing
    assert client.get(f"/admin/claims/apitoken/{theirs.pk}/change/").status_code in (302, 404)


def test_a_superuser_may_create_a_token_for_someone_else(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    bot = UserFactory()
    client.force_login(root)
    client.post(ADD, {"user": bot.pk, "name": "importer"})
    assert ApiToken.objects.get(name="importer").user == bot
