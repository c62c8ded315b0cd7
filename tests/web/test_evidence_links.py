"""Evidence links are http(s) addresses on every way in, and a page never renders anything
else as a link, even a value stored before links were validated (issue 18, item 9)."""

import re

import pytest
from django.core.exceptions import ValidationError

from api.permissions import FACT_CHECKERS
from articles.models import Article
from claims.models import Claim, ClaimEvent
from tests.api.conftest import token_client
from tests.factories import ArticleFactory, SpeakerFactory, member, signed_in

pytestmark = pytest.mark.django_db

BAD_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
]
HREF = re.compile(r'href="([^"]*)"')


def test_a_stored_javascript_link_is_text_on_the_claim_page(client):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim", verdict="false")
    # as the admin could store them before links were validated: no validation on update()
    Claim.objects.filter(pk=claim.pk).update(
        evidence_links=[*BAD_LINKS, "https://example.org/report", {"not": "a link"}]
    )
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    evidence = page.split("<h2>Evidence</h2>")[1].split("</ul>")[0]
    assert HREF.findall(evidence) == ["https://example.org/report"]
    assert "javascript:alert(document.cookie)" in evidence  # shown, as text
    assert not any(
        h.lower().strip().startswith(("javascript", "data", "vbscript")) for h in HREF.findall(page)
    )


def test_a_stored_article_url_that_is_not_http_is_text(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(url="javascript:alert(1)")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert 'href="javascript:' not in page and "source: javascript:alert(1)" in page


def test_the_model_refuses_links_that_are_not_http():
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    for bad in BAD_LINKS:
        claim.evidence_links = [bad]
        with pytest.raises(ValidationError) as refused:
            claim.full_clean()
        assert "evidence_links" in refused.value.message_dict, bad
    claim.evidence_links = ["https://example.org/a", "http://example.org/b"]
    claim.full_clean()
    article = ArticleFactory(url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        article.full_clean()


@pytest.mark.usefixtures("verdicts_published_at_once")
def test_the_api_and_the_verdict_form_refuse_links_that_are_not_http(client):
    claim = Claim.objects.create(speaker=SpeakerFactory(), statement="A claim")
    api = token_client(member(FACT_CHECKERS))
    for bad in BAD_LINKS:
        response = api.post(
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"verdict": "false", "evidence_links": [bad]},
            format="json",
        )
        assert response.status_code == 400, bad
        assert "evidence_links" in response.json()
    signed_in(client, FACT_CHECKERS)
    for bad in BAD_LINKS:
        client.post(
            f"/claims/{claim.pk}/verdict/", {"verdict": "false", "evidence_links": bad.strip()}
        )
    claim.refresh_from_db()
    assert claim.evidence_links == [] and claim.verdict == "unreviewed"
    assert not ClaimEvent.objects.exists()
    client.post(
        f"/claims/{claim.pk}/verdict/", {"verdict": "false", "evidence_links": "example.org/a"}
    )
    claim.refresh_from_db()
    assert claim.evidence_links == ["https://example.org/a"]


def test_the_database_check_names_claims_with_stored_bad_links():
    from claims.checks import evidence_links_check  # here: the check is new (item 9)

    good = Claim.objects.create(speaker=SpeakerFactory(), statement="Good")
    Claim.objects.filter(pk=good.pk).update(evidence_links=["https://example.org/a"])
    assert evidence_links_check(None, databases=["default"]) == []
    bad = Claim.objects.create(speaker=good.speaker, statement="Bad")
    Claim.objects.filter(pk=bad.pk).update(evidence_links=["javascript:alert(1)"])
    (warning,) = evidence_links_check(None, databases=["default"])
    assert warning.id == "claims.W001" and f"ids {bad.pk}" in warning.msg
