"""Quote text, speaker names and articles are untrusted: they render as text everywhere."""

import pytest

from claims.models import Claim
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
HANDLER = '<img src=x onerror="alert(1)">'


def test_markup_in_untrusted_text_is_escaped_on_every_page(client):
    article = ArticleFactory(title=f"Title {SCRIPT}", body=f"{SCRIPT} said {HANDLER} today.")
    speaker = SpeakerFactory(name=f"Evil {HANDLER}", slug="evil")
    quote = QuoteFactory(article=article, speaker=speaker, length=len(SCRIPT))
    claim = Claim.objects.create(speaker=speaker, statement=f"{SCRIPT} claims", verdict="false")
    claim.quotes.add(quote)
    for url in (
        "/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/speakers/",
        "/speakers/evil/",
        f"/claims/{claim.pk}/",
    ):
        page = client.get(url).content.decode()
        assert SCRIPT not in page and HANDLER not in page, url
    article_page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in article_page
    claim_page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "\\u003Cscript\\u003E" in claim_page  # inside the JSON-LD too
