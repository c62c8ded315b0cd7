"""API tokens in the admin: staff mint tokens for themselves only (issue 18, item 8), access
follows Django's permissions and tokens expire (issue 19, item 2)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/api/apitoken/add/"


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
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert own.prefix in listing and theirs.prefix not in listing
    assert client.get(f"/admin/api/apitoken/{theirs.pk}/change/").status_code in (302, 404)


def test_a_superuser_may_create_a_token_for_someone_else(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    bot = UserFactory()
    client.force_login(root)
    client.post(ADD, {"user": bot.pk, "name": "importer"})
    assert ApiToken.objects.get(name="importer").user == bot


# Issue 19, item 2: admin access follows Django's permissions, and tokens can expire.

LIST = "/admin/api/apitoken/"


def staff_with(client, *codenames):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    return staff


def revoke(client, *tokens):
    return client.post(
        LIST, {"action": "revoke", "_selected_action": [t.pk for t in tokens]}, follow=True
    )


def test_staff_without_token_permissions_can_neither_list_nor_revoke(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    theirs, _ = api_token_create(user=root, name="root's")
    staff = staff_with(client)
    own, _ = api_token_create(user=staff, name="own")
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{own.pk}/change/").status_code == 403
    assert revoke(client, own, theirs).status_code == 403
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_revoking_needs_the_change_permission(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    theirs, _ = api_token_create(user=root, name="root's")
    viewer = staff_with(client, "view_apitoken")
    own, _ = api_token_create(user=viewer, name="own")
    listing = client.get(LIST)
    assert listing.status_code == 200 and own.prefix in listing.content.decode()
    assert "Revoke the selected tokens" not in listing.content.decode()
    revoke(client, own)
    own.refresh_from_db()
    assert own.revoked_at is None

    changer = staff_with(client, "view_apitoken", "change_apitoken")
    mine, _ = api_token_create(user=changer, name="mine")
    revoke(client, mine, theirs)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None  # another user's token: not even with the permission


def test_deleting_needs_the_delete_permission(client):
    staff = staff_with(client, "view_apitoken", "change_apitoken")
    own, _ = api_token_create(user=staff, name="own")
    assert client.get(f"{LIST}{own.pk}/delete/").status_code == 403
    assert client.post(f"{LIST}{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=own.pk).exists()


def test_a_token_is_created_with_an_expiry_shown_in_the_list(client, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    staff = staff_who_may_add_tokens(client)
    soon = timezone.now() + timedelta(days=30)
    response = client.post(
        ADD,
        {"name": "for a month", "expires_at_0": f"{soon:%Y-%m-%d}", "expires_at_1": "12:00:00"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=staff, name="for a month")
    assert token.expires_at.date() == soon.date()
    assert "Expires" in client.get(LIST).content.decode()

    client.post(ADD, {"name": "default", "expires_at_0": "", "expires_at_1": ""})
    default = ApiToken.objects.get(user=staff, name="default")
    assert abs(default.expires_at - timezone.now() - timedelta(days=365)) < timedelta(minutes=1)


@pytest.mark.parametrize(("days", "message"), [(-1, "in the future"), (400, "at most 365 days")])
def test_an_expiry_in_the_past_or_beyond_the_longest_lifetime_is_refused(
    client, settings, days, message
):
    settings.API_TOKEN_MAX_DAYS = 365
    staff_who_may_add_tokens(client)
    when = timezone.now() + timedelta(days=days)
    response = client.post(
        ADD, {"name": "bad", "expires_at_0": f"{when:%Y-%m-%d}", "expires_at_1": "12:00:00"}
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["expires_at"])
    assert not ApiToken.objects.filter(name="bad").exists()


def test_the_command_creates_tokens_that_expire(settings, capsys):
    settings.API_TOKEN_MAX_DAYS = 365
    user = UserFactory(username="importer")
    call_command("api_token", "create", "importer", "feed", "--expires-in", "30")
    token = ApiToken.objects.get(user=user, name="feed")
    assert abs(token.expires_at - timezone.now() - timedelta(days=30)) < timedelta(minutes=1)
    call_command("api_token", "list", "importer")
    assert f"expires {token.expires_at:%Y-%m-%d}" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at most 365 days"):
        call_command("api_token", "create", "importer", "feed", "--expires-in", "400")


def test_with_no_longest_lifetime_a_token_need_not_expire(settings):
    settings.API_TOKEN_MAX_DAYS = 0
    token, _ = api_token_create(user=UserFactory(), name="forever")
    assert token.expires_at is None
