"""Share links (issue 17, item 1): a statement's permalink page, the Open Graph and Twitter
card tags of statement and claim pages, and the cards other sites embed. Only the published
verdict is ever shown publicly; rejected statements stay the newsroom's. The browser flow is
in test_share_browser.py."""

import datetime as dt
import html
import re

import pytest
from django.utils.html import escape

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim, Verdict
from claims.services import quote_update
from tests.factories import ArticleFactory, QuoteFactory, UserFactory, member, signed_in
from tests.web.test_security_headers import policy

pytestmark = pytest.mark.django_db

DRAFT = "draft-summary-never-public"


def meta(page: str) -> dict[str, str]:
    """The page's <meta property|name=... content=...> tags, unescaped."""
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page)
    return {name: html.unescape(content) for name, content in found}


@pytest.fixture
def quote():
    article = ArticleFactory(
        body='Anna Berg said: "The drills are <b>purely</b> defensive & "safe"." Then she left.',
        outlet="Daily <Courier>",
        published_on=dt.date(2024, 3, 5),
        title="Drills",
    )
    return QuoteFactory(
        article=article, content_start=16, length=45, speaker__name='Anna "Defence" Berg'
    )


@pytest.fixture
def claim(quote):
    """A claim whose published verdict is Mostly accurate, with a draft False waiting."""
    claim = Claim.objects.create(
        speaker=quote.speaker,
        statement="The drills are defensive.",
        verdict=Verdict.MOSTLY_ACCURATE,
        summary="They were announced in advance.",
        outlet="Daily <Courier>",
        draft_verdict=Verdict.FALSE,
        draft_summary=DRAFT,
    )
    claim.quotes.add(quote)
    return claim


def test_the_statement_page_shows_its_facts_claims_and_share_block(client, quote, claim):
    response = client.get(f"/statements/{quote.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(quote.text) in page
    assert f'href="/speakers/{quote.speaker.slug}/"' in page
    assert f'href="/articles/{quote.article_id}/?quote={quote.pk}#quote-{quote.pk}"' in page
    assert "Daily &lt;Courier&gt;" in page and 'datetime="2024-03-05"' in page
    assert "Indirect" in page
    assert f'claim {claim.pk}</a>: <span class="verdict verdict-mostly_accurate">' in page
    assert '<input type="url" id="share-link" readonly value="http://testserver/statements/' in page
    embed = re.search(r'<textarea id="share-embed" readonly rows="3">(.*?)</textarea>', page, re.S)
    code = html.unescape(embed.group(1))
    assert code.startswith(f'<iframe src="http://testserver/statements/{quote.pk}/card/" title="')
    assert "&amp;lt;" not in page.split("</head>")[0]  # the tags escape once, not twice


def test_the_statement_page_links_its_group(client, quote):
    from claims.models import GroupMember, StatementGroup

    group = StatementGroup.objects.create(speaker=quote.speaker)
    GroupMember.objects.create(quote=quote, group=group)
    page = client.get(f"/statements/{quote.pk}/").content.decode()
    assert f'href="/groups/{group.pk}/"' in page


def test_open_graph_and_twitter_tags_of_a_statement_are_escaped(client, quote):
    page = client.get(f"/statements/{quote.pk}/").content.decode()
    tags = meta(page)
    assert tags["og:type"] == "article" and tags["og:site_name"] == "OnRecord"
    assert tags["og:url"] == f"http://testserver/statements/{quote.pk}/"
    assert tags["twitter:card"] == "summary"
    assert tags["og:title"] == tags["twitter:title"] == f'Anna "Defence" Berg: “{quote.text}”'
    description = f'“{quote.text}” — Anna "Defence" Berg, Daily <Courier>, 2024-03-05'
    assert tags["og:description"] == tags["twitter:description"] == description
    assert f'<link rel="canonical" href="http://testserver/statements/{quote.pk}/">' in page
    # nothing of the text became markup: each < " & is an entity inside the attribute
    assert "<b>" not in page and 'content="Anna &quot;Defence&quot; Berg: ' in page


def test_the_claim_page_has_tags_of_its_published_verdict_only(client, claim):
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    tags = meta(page)
    assert tags["og:title"] == "Mostly accurate: “The drills are defensive.”"
    assert tags["og:description"] == (
        '“The drills are defensive.” — Anna "Defence" Berg, Daily <Courier>.'
        " Verdict: Mostly accurate."
    )
    assert tags["og:url"] == f"http://testserver/claims/{claim.pk}/"
    assert f'<link rel="canonical" href="http://testserver/claims/{claim.pk}/">' in page
    assert "False" not in str(tags) and DRAFT not in page
    card = client.get(f"/claims/{claim.pk}/card/").content.decode()
    assert "Mostly accurate" in card and "verdict verdict-false" not in card and DRAFT not in card


def test_a_claim_with_no_published_verdict_is_unreviewed_everywhere(client, quote):
    claim = Claim.objects.create(
        speaker=quote.speaker,
        statement="It works.",
        draft_verdict=Verdict.FALSE,
        draft_summary=DRAFT,
    )
    claim.quotes.add(quote)
    for url in (f"/claims/{claim.pk}/", f"/claims/{claim.pk}/card/", f"/statements/{quote.pk}/"):
        page = client.get(url).content.decode()
        assert "Unreviewed" in page and DRAFT not in page, url
        assert "verdict verdict-false" not in page, url
    tags = meta(client.get(f"/claims/{claim.pk}/").content.decode())
    assert (
        tags["og:title"].startswith("Unreviewed: ")
        and "Verdict: Unreviewed." in (tags["twitter:description"])
    )


@pytest.mark.parametrize("kind", ["statements", "claims"])
def test_cards_may_be_framed_by_any_site_and_run_no_script(client, claim, kind):
    pk = claim.pk if kind == "claims" else claim.quotes.get().pk
    response = client.get(f"/{kind}/{pk}/card/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = policy(response)
    assert csp["frame-ancestors"] == "*"
    assert "script-src" not in csp and csp["default-src"] == "'none'"
    assert csp["form-action"] == "'none'" and csp["base-uri"] == "'none'"
    card = response.content.decode()
    assert "<script" not in card
    assert f'href="http://testserver/{kind}/{pk}/" target="_top"' in card
    # the pages themselves stay unframeable
    page = client.get(f"/{kind}/{pk}/")
    assert page["X-Frame-Options"] == "DENY" and policy(page)["frame-ancestors"] == "'none'"


def test_the_statement_card_shows_quote_speaker_outlet_and_date(client, quote):
    card = client.get(f"/statements/{quote.pk}/card/").content.decode()
    assert escape(quote.text) in card
    assert "Anna &quot;Defence&quot; Berg" in card and "Daily &lt;Courier&gt;" in card
    assert 'datetime="2024-03-05"' in card


def test_missing_statements_and_claims_are_404s(client, db):
    for url in ("/statements/999999/", "/statements/999999/card/", "/claims/999999/card/"):
        assert client.get(url).status_code == 404, url


def test_a_rejected_statement_is_the_newsrooms(client, quote):
    quote_update(quote=quote, by=UserFactory(), changes={"rejected": True})
    for url in (f"/statements/{quote.pk}/", f"/statements/{quote.pk}/card/"):
        assert client.get(url).status_code == 404, url
    signed_in(client)  # a reader with no role is not the newsroom
    assert client.get(f"/statements/{quote.pk}/").status_code == 404
    for role in (EDITORS, FACT_CHECKERS):
        client.force_login(member(role))
        page = client.get(f"/statements/{quote.pk}/")
        assert page.status_code == 200, role
        text = page.content.decode()
        assert 'id="rejected-notice"' in text and "This statement was rejected" in text
        # nothing to share: no tags, no embed code, and its card stays a 404
        assert "og:title" not in text and "share-embed" not in text
        assert client.get(f"/statements/{quote.pk}/card/").status_code == 404


def test_a_private_instance_asks_for_sign_in_before_pages_and_cards(client, settings, claim):
    settings.API_ANONYMOUS_READS = False
    quote = claim.quotes.get()
    urls = [
        f"/statements/{quote.pk}/",
        f"/statements/{quote.pk}/card/",
        f"/claims/{claim.pk}/card/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url
    signed_in(client)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_list_of_statements_links_their_permalinks(client, quote, claim):
    link = f'<a href="/statements/{quote.pk}/">Permalink</a>'
    for url in (
        f"/articles/{quote.article_id}/",
        f"/speakers/{quote.speaker.slug}/",
        f"/claims/{claim.pk}/",
        "/search/?q=drills",
    ):
        assert link in client.get(url).content.decode(), url
