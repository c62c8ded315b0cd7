"""Editors verify a statement from its article's page (issue 16, point 14)."""

from api.permissions import EDITORS
from claims.models import Quote, QuoteEvent
from tests.factories import QuoteFactory, signed_in


def test_an_editor_verifies_a_statement_on_the_page_and_it_is_recorded(client, db):
    quote = QuoteFactory()
    reader = client.get(f"/articles/{quote.article_id}/").content.decode()
    assert f'action="/quotes/{quote.pk}/verify/"' not in reader  # readers get no button
    signed_in(client, EDITORS)
    page = client.get(f"/articles/{quote.article_id}/").content.decode()
    assert f'action="/quotes/{quote.pk}/verify/"' in page
    done = client.post(f"/quotes/{quote.pk}/verify/", {"version": quote.version}, follow=True)
    assert "Statement verified." in done.content.decode() and "✓ verified" in done.content.decode()
    assert Quote.objects.get(pk=quote.pk).verified
    event = QuoteEvent.objects.get(quote=quote)
    assert (event.action, event.old, event.new) == (
        "edited",
        {"verified": False},
        {"verified": True},
    )
    stale = client.post(f"/quotes/{quote.pk}/verify/", {"version": quote.version})
    assert stale.status_code == 409
