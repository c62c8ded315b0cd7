"""Statement groups and misquote alerts (issue 13): three articles quoting one statement
(exactly, in paraphrase, with one word changed inside the quotation marks) make one group
and one alert naming the changed word; editors move statements in and out, recorded, and the
worker never undoes it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from articles.services import article_ingest
from claims import services
from claims.models import (
    GroupExclusion,
    GroupMember,
    MisquoteAlert,
    Quote,
    QuoteEvent,
    Speaker,
    StatementGroup,
)
from tests.conftest import THREE_REPORTS
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, member

pytestmark = pytest.mark.django_db


def test_three_reports_make_one_group_and_one_misquote_alert(three_reports):
    assert three_reports.count() == 3
    (group,) = StatementGroup.objects.all()
    assert set(GroupMember.objects.values_list("quote_id", flat=True)) == set(
        three_reports.values_list("pk", flat=True)
    )
    assert group.speaker.name == "Anna Berg"
    (alert,) = MisquoteAlert.objects.all()
    assert alert.earlier.article.outlet == "Reuters"
    assert alert.later.article.outlet == "Daily Courier"
    assert alert.changes == [{"before": ["purely"], "after": ["entirely"]}]
    assert alert.status == MisquoteAlert.Status.OPEN


def test_grouping_again_changes_nothing(three_reports):
    before = list(GroupMember.objects.order_by("quote_id").values_list("quote_id", "group_id"))
    assert services.statement_groups_update(quotes=Quote.objects.all()) == 0
    after = list(GroupMember.objects.order_by("quote_id").values_list("quote_id", "group_id"))
    assert before == after and MisquoteAlert.objects.count() == 1


def test_an_editors_split_is_never_undone_and_is_recorded(three_reports):
    editor = member()
    changed = three_reports.get(article__outlet="Daily Courier")
    group_id = changed.group_member.group_id
    services.quote_group_leave(quote=changed, by=editor, note="a different occasion")
    assert GroupExclusion.objects.filter(quote=changed, group_id=group_id).exists()
    assert not MisquoteAlert.objects.exists()  # the open alert went with it
    services.statement_groups_update(quotes=Quote.objects.all())
    assert not GroupMember.objects.filter(quote=changed).exists()
    event = QuoteEvent.objects.get(quote=changed, action=QuoteEvent.Action.GROUPED)
    assert (event.old, event.new, event.note) == (
        {"group": group_id},
        {"group": None},
        "a different occasion",
    )
    # the editor's decision keeps the statement through a re-extraction of its article
    from claims.selectors import quotes_kept

    assert changed in quotes_kept(article=changed.article)


def test_an_editor_joins_statements_the_worker_kept_apart():
    editor = member()
    speaker = SpeakerFactory()
    first = QuoteFactory(speaker=speaker, article=ArticleFactory(body="We will build it."))
    second = QuoteFactory(speaker=speaker, article=ArticleFactory(body="Taxes go down soon."))
    joined = services.quote_group_join(quote=second, other=first, by=editor)
    assert joined.by_editor and GroupMember.objects.get(quote=first).by_editor
    assert joined.group_id == GroupMember.objects.get(quote=first).group_id
    event = QuoteEvent.objects.get(quote=second, action=QuoteEvent.Action.GROUPED)
    assert event.old == {"group": None} and event.new == {"group": joined.group_id}


def test_only_one_speakers_statements_form_a_group():
    editor = member()
    first, second = QuoteFactory(), QuoteFactory()
    with pytest.raises(ValidationError, match="one speaker"):
        services.quote_group_join(quote=second, other=first, by=editor)


def test_reports_weeks_apart_are_different_occasions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for (outlet, _, text), day in zip(
            THREE_REPORTS[:1] * 2, (dt.date(2024, 3, 4), dt.date(2024, 5, 4)), strict=True
        ):
            article_ingest(text=text + f" ({day})", title=outlet, outlet=outlet, published_on=day)
    assert Speaker.objects.filter(name="Anna Berg").exists()
    assert not StatementGroup.objects.exists()


def test_an_alert_is_decided_once(three_reports):
    checker = member()
    alert = MisquoteAlert.objects.get()
    services.misquote_alert_review(alert=alert, status="confirmed", by=checker, note="checked")
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by, alert.note) == ("confirmed", checker, "checked")
    with pytest.raises(ValidationError, match="Already confirmed"):
        services.misquote_alert_review(alert=alert, status="dismissed", by=checker)


def test_a_decided_alert_keeps_its_statements_through_re_extraction(three_reports):
    from claims.selectors import quotes_kept

    alert = MisquoteAlert.objects.get()
    assert alert.later not in quotes_kept(article=alert.later.article)
    services.misquote_alert_review(alert=alert, status="confirmed", by=member())
    assert alert.later in quotes_kept(article=alert.later.article)
    assert alert.earlier in quotes_kept(article=alert.earlier.article)


def test_an_editors_correction_updates_groups_and_alerts(
    three_reports, django_capture_on_commit_callbacks
):
    editor = member()
    changed = three_reports.get(article__outlet="Daily Courier")
    # the span cut to the words before the changed one: the alert no longer holds
    start = changed.content_start
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_update(
            quote=changed, by=editor, changes={"content_start": start, "content_end": start + 15}
        )
    assert not MisquoteAlert.objects.exists()
    # another speaker: out of Anna Berg's group
    other = SpeakerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_update(quote=changed, by=editor, changes={"speaker": other})
    assert not GroupMember.objects.filter(quote=changed).exists()
    # rejected: out of its group too
    paraphrase = three_reports.get(article__outlet="BBC")
    services.quote_update(quote=paraphrase, by=editor, changes={"rejected": True})
    assert not GroupMember.objects.filter(quote=paraphrase).exists()


def test_a_merge_gives_the_groups_to_the_speaker_merged_into(three_reports):
    group = StatementGroup.objects.get()
    target = SpeakerFactory()
    services.speaker_merge(source=group.speaker, target=target, by=member())
    group.refresh_from_db()
    assert group.speaker == target


def test_a_speakers_waiting_statements_are_grouped_in_runs_of_a_few_weeks():
    import datetime as dt

    from claims.services import group_updates as groups

    day = dt.date(2026, 3, 1)
    waiting = {
        7: [
            (1, day),
            (2, day + dt.timedelta(days=20)),
            (3, day + dt.timedelta(days=29)),  # more than two windows after the run's first
            (4, None),  # undated: its window is every date, with the other undated
            (5, None),
        ],
        8: [(quote_id, day) for quote_id in range(10, 10 + groups.RUN_MAX + 1)],
    }
    runs = groups._runs(waiting)
    assert runs[:3] == [(7, [1, 2]), (7, [3]), (7, [4, 5])]
    assert [(speaker, len(run)) for speaker, run in runs[3:]] == [(8, groups.RUN_MAX), (8, 1)]


def test_only_runs_with_a_close_report_elsewhere_in_the_window_are_grouped(monkeypatch):
    """The worker takes a speaker's lock and reads its reports again only for a run of
    waiting statements with a report close enough in another article within the window, of
    the same speaker, not rejected, with a vector of the current encoder."""
    from claims.models import QuoteEmbedding
    from claims.services import group_screen, group_updates

    day = dt.date(2024, 3, 4)
    words = "These drills are purely defensive and threaten no one."
    other = "The harvest this autumn was the largest in a decade."
    bodies = iter(range(100))

    def report(speaker, text, published_on, article=None):
        body = f"{text} (Report {next(bodies)}.)"
        article = article or ArticleFactory(body=body, published_on=published_on)
        return QuoteFactory(speaker=speaker, article=article, length=len(text))

    names = "same one far undated unlike rejected older".split()
    speakers = {name: SpeakerFactory(name=name) for name in names}
    report(speakers["same"], words, day)
    report(speakers["same"], words, day + dt.timedelta(days=3))
    shared = ArticleFactory(body=f"{words} Twice.", published_on=day)
    report(speakers["one"], words, day, shared)
    report(speakers["one"], words, day, shared)  # one article: nothing to group
    report(speakers["far"], words, day)
    report(speakers["far"], words, day + dt.timedelta(days=group_screen.WINDOW_DAYS + 1))
    report(speakers["undated"], words, None)
    report(speakers["undated"], words, day + dt.timedelta(days=90))
    report(speakers["unlike"], words, day)
    report(speakers["unlike"], other, day)
    report(speakers["rejected"], words, day)
    rejected = report(speakers["rejected"], words, day)
    Quote.objects.filter(pk=rejected.pk).update(rejected=True)
    report(speakers["older"], words, day)
    older = report(speakers["older"], words, day)
    services.quote_embeddings_fill()
    QuoteEmbedding.objects.filter(quote=older).update(encoder="an older encoder")
    runs = [
        (speaker.pk, list(Quote.objects.filter(speaker=speaker).values_list("pk", flat=True)))
        for speaker in speakers.values()
    ]
    days = dict(Quote.objects.values_list("pk", "published_on"))
    kept = group_screen.runs_to_group(runs, days)
    assert [Speaker.objects.get(pk=pk).name for pk, _ in kept] == ["same", "undated"]
    # the grouping takes the lock of those two speakers alone, and forms their groups
    locked = []
    lock = group_updates.speaker_groups_lock

    def spied(speaker_id):
        locked.append(speaker_id)
        lock(speaker_id)

    monkeypatch.setattr(group_updates, "speaker_groups_lock", spied)
    services.statement_groups_update(quotes=Quote.objects.all())
    assert set(locked) == {pk for pk, _ in kept}
    assert set(StatementGroup.objects.values_list("speaker__name", flat=True)) == {
        "same",
        "undated",
    }
