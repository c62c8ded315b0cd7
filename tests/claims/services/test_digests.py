"""The watchlists' daily digest (issue 17): a new article's matching statement is sent in
exactly one digest; a second run sends nothing; one email per user, with every watchlist
that has new statements; an email that fails to send moves no mark, and the retry sends it."""

import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives

from articles.services import article_ingest
from claims import services
from claims.models import Quote, Watchlist
from claims.searches import StatementSearch
from claims.services.digests import DIGEST_ITEMS
from claims.tasks import watchlist_digests_send_task
from tests.factories import QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db

STORY = (
    "Riverside news\n\n"
    '"The bridge will reopen before winter," Mayor Jane Holloway said on Thursday.\n\n'
)
LATER = (
    "Riverside news, later\n\n"
    '"The bridge works are delayed by a month," Mayor Jane Holloway said on Friday.\n\n'
)


def ingested(text: str, capture) -> list[Quote]:
    with capture(execute=True):
        article, _ = article_ingest(text=text, outlet="Riverside Gazette")
    return list(article.quotes.all())


def test_a_new_articles_statement_is_sent_in_exactly_one_digest(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://onrecord.example"
    owner = member(email="reader@example.org")
    search = StatementSearch(words="bridge", outlets=("riverside gazette",))
    watchlist = services.watchlist_create(owner=owner, name="Bridge", search=search)
    assert services.watchlist_digests_send() == 0 and mailoutbox == []  # nothing new yet

    [quote] = ingested(STORY, django_capture_on_commit_callbacks)
    assert services.watchlist_digests_send() == 1
    [email] = mailoutbox
    assert email.to == ["reader@example.org"]
    assert email.subject == "OnRecord: 1 new statement on your watchlists"
    assert "The bridge will reopen before winter" in email.body
    link = (
        f"https://onrecord.example/articles/{quote.article_id}/?quote={quote.pk}#quote-{quote.pk}"
    )
    assert link in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and "Bridge</a>: 1 new" in html and link in html

    assert services.watchlist_digests_send() == 0  # again: nothing sent twice
    assert len(mailoutbox) == 1
    watchlist.refresh_from_db()
    assert watchlist.digest_through == quote.pk

    [later] = ingested(LATER, django_capture_on_commit_callbacks)
    assert services.watchlist_digests_send() == 1
    assert "delayed by a month" in mailoutbox[1].body
    assert "before winter" not in mailoutbox[1].body


def test_one_email_per_user_with_each_watchlist_that_has_new_statements(mailoutbox):
    ana, bo = SpeakerFactory(name="Ana Alder"), SpeakerFactory(name="Bo Birch")
    owner = member(email="one@example.org")
    for speaker in (ana, bo):
        services.watchlist_create(
            owner=owner, name=speaker.name, search=StatementSearch(speaker_ids=(speaker.pk,))
        )
    services.watchlist_create(owner=owner, name="Quiet", search=StatementSearch(words="zebra"))
    services.watchlist_create(
        owner=member(), name="No address", search=StatementSearch(speaker_ids=(ana.pk,))
    )
    QuoteFactory.create_batch(DIGEST_ITEMS + 2, speaker=ana)
    QuoteFactory(speaker=bo)
    assert services.watchlist_digests_send() == 1
    [email] = mailoutbox
    assert email.subject == f"OnRecord: {DIGEST_ITEMS + 3} new statements on your watchlists"
    assert f"Ana Alder: {DIGEST_ITEMS + 2} new" in email.body and "Bo Birch: 1 new" in email.body
    assert "Quiet" not in email.body
    assert email.body.count("- Ana Alder") == DIGEST_ITEMS  # the others are linked
    assert f"All {DIGEST_ITEMS + 2} on the watchlist's page" in email.body


def test_a_digest_that_fails_to_send_moves_nothing_and_the_retry_sends_it(mailoutbox, monkeypatch):
    speaker = SpeakerFactory()
    owner = member(email="retry@example.org")
    watchlist = services.watchlist_create(
        owner=owner, name="W", search=StatementSearch(speaker_ids=(speaker.pk,))
    )
    before = watchlist.digest_through
    QuoteFactory(speaker=speaker)
    real_send = EmailMultiAlternatives.send

    def refused(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(smtplib.SMTPException):
        services.watchlist_digests_send()
    assert Watchlist.objects.get().digest_through == before and mailoutbox == []

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert watchlist_digests_send_task.apply().get() == 1  # the task, as beat runs it
    assert watchlist_digests_send_task.apply().get() == 0
    assert len(mailoutbox) == 1


def test_beat_sends_the_digest_daily_at_the_hour_set():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["send-watchlist-digests"]
    assert entry["task"] == "claims.tasks.watchlist_digests_send_task"
    assert entry["schedule"].hour == {settings.WATCHLIST_DIGEST_HOUR}
    assert entry["schedule"].minute == {0}
    assert watchlist_digests_send_task.acks_late and watchlist_digests_send_task.max_retries
