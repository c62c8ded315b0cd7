"""The review queue in a real browser (issue 17): a claim assigned from its row, a bulk
action on ticked rows, my queue, and a draft verdict approved by a second fact-checker.
Fixtures and pattern of test_browser.py."""

import pytest

from api.permissions import FACT_CHECKERS
from claims.models import Claim, ClaimEvent
from claims.services import claim_create
from tests.factories import QuoteFactory, SpeakerFactory
from tests.web.browsing import ARTIFACTS, person, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def claims_made(n, by):
    speaker = SpeakerFactory()
    return [
        claim_create(
            speaker=speaker,
            statement=f"Claim number {i}",
            quotes=[QuoteFactory(speaker=speaker, checkworthiness=i / 10)],
            by=by,
        )
        for i in range(n)
    ]


def test_assign_from_a_row_and_a_bulk_action_on_ticked_rows(browser, live_server):
    ana = person(FACT_CHECKERS)
    claims = claims_made(4, ana)
    page = signed_in(browser, live_server, ana)
    page.goto(f"{live_server.url}/review/")
    rows = page.locator("table.queue tbody tr")
    # the most check-worthy first
    assert rows.first.locator("td").nth(1).inner_text() == "Claim number 3"
    rows.first.locator("button:has-text('Assign to me')").click()
    page.wait_for_selector(".messages >> text=1 of 1 changed.")
    assert Claim.objects.get(pk=claims[3].pk).assignee == ana

    # tick two rows, set their status in one action
    page.check(f"input[name=items][value='{claims[0].pk}']")
    page.check(f"input[name=items][value='{claims[1].pk}']")
    page.select_option("#bulk-action", "status")
    page.select_option("#bulk-status", "in_progress")
    page.fill("#bulk-note", "on it")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".messages >> text=2 of 2 changed.")
    moved = ClaimEvent.objects.filter(action="status", note="on it")
    assert sorted(moved.values_list("claim_id", flat=True)) == [claims[0].pk, claims[1].pk]
    page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

    # my queue holds the one assigned to me
    page.click("header nav >> text=My queue")
    page.wait_for_url("**assignee=me**")
    assert page.locator("table.queue tbody tr").count() == 1


def test_a_draft_verdict_is_published_by_a_second_fact_checker(browser, live_server):
    ana, ben = person(FACT_CHECKERS), person(FACT_CHECKERS)
    [claim] = claims_made(1, ana)
    page = signed_in(browser, live_server, ana)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.select_option("#id_verdict", "misleading")
    page.fill("#id_summary", "The figure leaves out inflation.")
    page.click("button:has-text('Save as a draft for second review')")
    page.wait_for_selector(".messages >> text=Draft verdict saved: Misleading.")
    assert page.locator("#draft >> text=another fact-checker approves it").count() == 1
    assert page.locator("button:has-text('Approve and publish')").count() == 0

    second = signed_in(browser, live_server, ben)
    second.goto(f"{live_server.url}/review/?status=second_review")
    second.click("table.queue >> text=Claim number 0")
    second.fill("#approve-note", "checked the CPI series")
    second.click("button:has-text('Approve and publish')")
    second.wait_for_selector(".messages >> text=Verdict approved and published.")
    claim.refresh_from_db()
    assert (claim.verdict, claim.status, claim.draft_verdict) == ("misleading", "published", "")
    second.screenshot(path=str(ARTIFACTS / "claim-approved.png"), full_page=True)


def test_the_queue_works_from_the_keyboard(browser, live_server):
    ana = person(FACT_CHECKERS)
    claims = claims_made(3, ana)
    page = signed_in(browser, live_server, ana)
    page.goto(f"{live_server.url}/review/")
    rows = page.locator("table.queue tbody tr")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert rows.nth(1).get_attribute("aria-current") == "true"
    page.keyboard.press("k")
    assert rows.nth(0).get_attribute("aria-current") == "true"
    page.keyboard.press("t")  # tick the current row
    assert rows.nth(0).locator("input[name=items]").is_checked()
    # typing in a field fires nothing
    page.fill("#bulk-note", "")
    page.focus("#bulk-note")
    page.keyboard.type("a")
    assert page.input_value("#bulk-note") == "a"
    assert not Claim.objects.filter(assignee=ana).exists()
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("?")
    help = page.locator("#shortcuts-help")
    assert help.is_visible() and "Assign to me" in help.inner_text()
    page.keyboard.press("Escape")
    assert not help.is_visible()
    page.keyboard.press("a")  # on the current row, the first
    page.wait_for_selector(".messages >> text=1 of 1 changed.")
    assert Claim.objects.get(assignee=ana).pk == claims[2].pk  # the most check-worthy row
