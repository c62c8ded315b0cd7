"""Issue 13 in a real browser: three articles reporting one statement show as one group with
a misquote alert naming the changed word; a fact-checker confirms it from the queue; the
speaker's timeline is drawn, readable at phone width, and a bar lists its week. Fixtures and
pattern of test_browser.py."""

import pytest

from api.permissions import FACT_CHECKERS
from claims.models import MisquoteAlert, StatementGroup
from tests.web.browsing import ARTIFACTS, person, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_group_alert_and_timeline(browser, live_server, three_reports):
    group = StatementGroup.objects.get()
    page = signed_in(browser, live_server, person(FACT_CHECKERS))
    speaker = group.speaker

    # the speaker's page: the chart, then a click on its bar lists that week
    page.goto(f"{live_server.url}/speakers/{speaker.slug}/")
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    bars = chart.locator("a.bar")
    assert bars.count() == 1
    page.click("summary:has-text('The numbers, as a table')")
    assert "week of 4 Mar 2024" in page.inner_text("details.numbers table")
    bars.first.click()
    page.wait_for_url("**published_after=2024-03-04**")
    page.locator("a:has-text('as other outlets reported it')").first.click()
    page.wait_for_url(f"**/groups/{group.pk}/")

    # the group: every outlet, the first appearance, the changed word marked
    assert "Reported 3 times by 3 outlets" in page.inner_text("main")
    assert page.inner_text("main del.changed") == "purely"
    assert page.inner_text("main ins.changed") == "entirely"
    page.screenshot(path=str(ARTIFACTS / "statement-group.png"), full_page=True)

    # the queue, where the fact-checker confirms it
    page.click("header >> text=Misquotes")
    page.wait_for_url("**/review/misquotes/")
    page.fill("input[name=note]", "Checked against the ministry's transcript")
    page.click("button:has-text('Confirm misquote')")
    page.wait_for_selector(".messages >> text=Confirmed as a misquote.")
    alert = MisquoteAlert.objects.get()
    assert alert.status == "confirmed" and "transcript" in alert.note

    # at phone width the chart fits the screen
    phone = browser.new_page(viewport={"width": 375, "height": 800})
    phone.goto(f"{live_server.url}/speakers/{speaker.slug}/")
    box = phone.locator("svg.chart").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    phone.screenshot(path=str(ARTIFACTS / "speaker-timeline-phone.png"), full_page=True)
