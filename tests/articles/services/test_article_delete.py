"""An article whose statements people decided on is not deleted, by the service, the admin
or the ORM: the editors' history of them stays."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from articles.models import Article
from articles.services import article_delete
from claims.models import ClaimEvent, Quote, QuoteEvent
from claims.services import claim_create, quote_update
from tests.factories import QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
REFUSED = "is not deleted: editors edited, verified, rejected or put in a claim 1 of its"


@pytest.fixture
def edited():
    """A quote an editor verified, and a machine's quote beside it."""
    quote = quote_update(quote=QuoteFactory(), by=UserFactory(), changes={"verified": True})
    QuoteFactory(article=quote.article, content_start=20)
    return quote


@pytest.fixture
def claimed():
    """A machine's quote an editor put in a claim (no quote event: the claim's records it)."""
    quote = QuoteFactory()
    claim_create(speaker=quote.speaker, statement="It works.", quotes=[quote], by=UserFactory())
    return quote


@pytest.fixture
def root(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("kept", ["edited", "claimed"])
def test_the_service_refuses_and_the_history_stays(request, kept):
    quote = request.getfixturevalue(kept)
    events = QuoteEvent.objects.count(), ClaimEvent.objects.count()
    with pytest.raises(ValidationError, match=REFUSED):
        article_delete(article=quote.article)
    assert Article.objects.filter(pk=quote.article_id).exists()
    assert Quote.objects.filter(pk=quote.pk, claims__isnull=kept == "edited").exists()
    assert (QuoteEvent.objects.count(), ClaimEvent.objects.count()) == events


def test_an_article_of_the_machines_statements_only_is_deleted():
    quote = QuoteFactory()
    article_delete(article=quote.article)
    assert not Article.objects.exists() and not Quote.objects.exists()


def test_the_orm_cannot_delete_a_quote_with_history_either(edited):
    with pytest.raises(ProtectedError):
        edited.article.delete()
    assert edited.events.count() == 1


@pytest.mark.parametrize("kept", ["edited", "claimed"])
def test_the_admin_says_why_and_deletes_nothing(request, root, kept):
    article = request.getfixturevalue(kept).article
    page = root.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert page.status_code == 200 and REFUSED in page.content.decode()
    action = root.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert action.status_code == 200 and REFUSED in action.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_admin_deletes_an_article_nobody_worked_on(root):
    article = QuoteFactory().article
    page = root.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert page.status_code == 302 and not Article.objects.exists()
