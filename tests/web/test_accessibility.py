"""No serious or critical accessibility violation on any page, at desktop and phone widths
(issue 16): axe-core, from the axe-playwright-python wheel (no CDN), run in the browser
tests on every page a reader, an editor and a fact-checker open."""

import pytest

from api.permissions import EDITORS, FACT_CHECKERS
from claims.models import Claim
from claims.services import claim_verdict_set
from tests.factories import QuoteFactory, UserFactory
from tests.web.browsing import WAIT_MS, person, signed_in

# axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules and its best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def rows(transactional_db):
    quote = QuoteFactory()
    claim = Claim.objects.create(speaker=quote.speaker, statement="The plan works.")
    claim.quotes.add(quote)
    claim_verdict_set(
        claim=claim,
        verdict="false",
        by=UserFactory(),
        summary="It did not.",
        evidence_links=["https://records.example/" + "a-very-long-path-segment/" * 8],
    )
    return {"quote": quote, "claim": claim, "other": QuoteFactory().speaker}


def pages(rows) -> list[str]:
    quote, claim = rows["quote"], rows["claim"]
    return [
        "/",
        "/articles/",
        f"/articles/{quote.article_id}/",
        "/speakers/",
        f"/speakers/{quote.speaker.slug}/",
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/claims/{claim.pk}/card/",
        f"/statements/{quote.pk}/",
        f"/statements/{quote.pk}/card/",
        "/search/?q=minister",
    ]


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
        for node in v["nodes"][:3]
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("role", [None, EDITORS, FACT_CHECKERS])
def test_no_page_has_a_serious_accessibility_violation(browser, live_server, rows, role, width):
    if role:
        page = signed_in(browser, live_server, person(role))
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    else:
        w, h = WIDTHS[width]
        page = browser.new_page(viewport={"width": w, "height": h})
        page.set_default_timeout(WAIT_MS)
    editing = [
        "/ingest/",
        "/review/rejected/",
        "/review/speakers/",
        f"/speakers/{rows['other'].slug}/merge/?source={rows['quote'].speaker.slug}",
    ]
    urls = pages(rows) + (editing if role == EDITORS else [])
    urls += ["/accounts/login/", "/api/docs/"] if role is None else []
    found = {}
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        if url == "/api/docs/":
            page.wait_for_selector(".swagger-ui .info")
        violations = serious_violations(page)
        if violations:
            found[url] = violations
    assert found == {}
