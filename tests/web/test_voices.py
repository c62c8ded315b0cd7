"""Who is speaking is not colour alone (issue 16, point 11): each article's speakers get hues
picked for that article, far apart, a numbered label and a legend; "no speaker found" looks
like no speaker."""

import re

from articles.highlight import speaker_palette
from articles.models import Article
from claims.models import Quote
from tests.factories import ArticleFactory, SpeakerFactory


def statements(speakers: list) -> Article:
    """An article of one quoted sentence per speaker (None: unattributed), in that order."""
    sentences = [f'"Line {n} stands," said someone.' for n in range(len(speakers))]
    body = " ".join(sentences)
    article = ArticleFactory(body=body)
    position = 0
    for n, speaker in enumerate(speakers):
        start = body.index(f"Line {n} ", position)
        end = start + len(f"Line {n} stands")
        Quote.objects.create(
            article=article,
            speaker=speaker,
            text=body[start:end],
            content_start=start,
            content_end=end,
            kind="direct",
        )
        position = end
    return article


def hue_gap(a: int, b: int) -> int:
    return min((a - b) % 360, (b - a) % 360)


def test_the_speakers_of_an_article_get_hues_far_apart_and_labels(db):
    # ids next to each other gave near-identical greens before
    trump, clinton, pence = (SpeakerFactory() for _ in range(3))
    article = statements([trump, clinton, None, trump, pence])
    quotes = list(article.quotes.select_related("speaker"))
    palette = speaker_palette(quotes)
    assert [palette[s.pk].label for s in (trump, clinton, pence)] == ["1", "2", "3"]
    hues = [palette[s.pk].hue for s in (trump, clinton, pence)]
    assert min(hue_gap(a, b) for a in hues for b in hues if a != b) >= 90
    assert (palette[None].hue, palette[None].label, palette[None].name) == (
        None,
        "?",
        "No speaker found",
    )
    assert palette[trump.pk].count == 2 and quotes[0].voice == palette[trump.pk]


def test_the_page_labels_each_highlight_and_lists_the_speakers(client, db):
    anna, ben = SpeakerFactory(name="Anna Able"), SpeakerFactory(name="Ben Bell")
    article = statements([anna, ben, None])
    page = client.get(f"/articles/{article.pk}/").content.decode()
    legend = page.split('<ul class="legend"')[1].split("</ul>")[0]
    assert re.findall(r'class="swatch" aria-hidden="true">([^<]+)<', legend) == ["1", "2", "?"]
    assert "Anna Able" in legend and "Ben Bell" in legend and "No speaker found" in legend
    marks = re.findall(
        r'<mark class="quote([^"]*)" role="link" tabindex="-1"[^>]*data-label="([^"]+)"', page
    )
    assert marks == [("", "1"), ("", "2"), (" unattributed", "?")]
    assert "<em>No speaker found</em>" in page
