"""``manage.py ingest`` of a PolNeAR BRAT folder: outlet, date and title come from its
metadata.tsv and file names (issue 16, item 7). The fixture is a small synthetic copy of the
layout: PolNeAR's own texts are never copied into the repository."""

import datetime as dt

import pytest
from django.core.management import call_command

from articles.models import Article
from claims.models import Speaker

pytestmark = pytest.mark.django_db

METADATA = (
    "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\n"
    "dev\tnyt_2016-09-08_mayor-promises-a-new-bridge\t1\tab12\tnyt\t2016-09-08\tNone\t"
    "Mayor Promises a New Bridge for the River District\n"
)
LISTED = (
    "Mayor Promises a New Bridge\n\n"
    '"The bridge will open before winter," Mayor Jane Holloway said on Thursday.\n'
)
UNLISTED = (
    "Council delays the vote\n\n"
    '"We need another month," council member Tom Ridley told reporters on Friday.\n'
)


@pytest.fixture
def brat(tmp_path):
    """polnear/metadata.tsv and polnear/brat/dev/{text,attributions}/, as PolNeAR has them."""
    (tmp_path / "metadata.tsv").write_text(METADATA, encoding="utf-8")
    dev = tmp_path / "brat" / "dev"
    (dev / "text").mkdir(parents=True)
    (dev / "attributions").mkdir()
    (dev / "text" / "nyt_2016-09-08_mayor-promises-a-new-bridge.txt").write_text(LISTED)
    (dev / "text" / "wash-post_2016-10-02_council-delays-the-vote.txt").write_text(UNLISTED)
    (dev / "attributions" / "nyt_2016-09-08_mayor-promises-a-new-bridge_ab12.ann").write_text(
        "T1\tSource 52 72\tMayor Jane Holloway\n"
    )
    return dev


def test_a_brat_folder_gives_its_articles_outlet_date_and_title(
    brat, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(brat))
    assert "2 new" in capsys.readouterr().out
    listed = Article.objects.get(body__startswith="Mayor")
    assert (listed.outlet, listed.published_on, listed.title) == (
        "The New York Times",
        dt.date(2016, 9, 8),
        "Mayor Promises a New Bridge for the River District",
    )
    # not in metadata.tsv: outlet and date from the file name, the title its first line
    unlisted = Article.objects.get(body__startswith="Council")
    assert (unlisted.outlet, unlisted.published_on, unlisted.title) == (
        "The Washington Post",
        dt.date(2016, 10, 2),
        "Council delays the vote",
    )


def test_dates_from_a_brat_folder_work_on_speaker_pages(
    brat, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(brat / "text"), verbosity=0)
    mayor = Speaker.objects.get(name="Jane Holloway")
    page = f"/speakers/{mayor.slug}/"
    assert "before winter" in client.get(page, {"published_after": "2016-09-01"}).content.decode()
    assert (
        "before winter" not in client.get(page, {"published_after": "2016-09-09"}).content.decode()
    )


def test_an_outlet_given_wins_and_files_elsewhere_get_no_brat_fields(tmp_path, brat):
    call_command("ingest", str(brat), "--outlet", "Wire", verbosity=0)
    assert set(Article.objects.values_list("outlet", flat=True)) == {"Wire"}
    loose = tmp_path / "nyt_2016-09-08_loose.txt"
    loose.write_text("A loose file\n\nThe council met on Monday and adjourned.\n")
    call_command("ingest", str(loose), verbosity=0)
    article = Article.objects.get(title="A loose file")
    assert (article.outlet, article.published_on) == ("", None)


def test_the_command_extracts_in_its_own_process_even_with_tasks_in_background(
    brat, settings, transactional_db
):
    """Its progress bar and summary cover the extraction; nothing is left to a thread."""
    settings.TASKS_IN_BACKGROUND = True
    call_command("ingest", str(brat), verbosity=0)
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
