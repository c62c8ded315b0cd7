"""Lists show how a statement was made, not only its words: "denied: he was going to invade
Ukraine", never the bare words of a denial (issue 16, point 9)."""

from claims.models import Quote
from tests.factories import ArticleFactory, SpeakerFactory


def denial(db):
    body = "Mr Putin denied he was going to invade Ukraine."
    article = ArticleFactory(body=body, title="Drills")
    start = body.index("he was")
    return Quote.objects.create(
        article=article,
        speaker=SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin"),
        text=body[start:-1],
        content_start=start,
        content_end=len(body) - 1,
        kind="indirect",
        cue="denied",
        mention="Mr Putin",
    )


def test_the_speaker_page_and_the_search_say_the_verb(client, db):
    quote = denial(db)
    said = '<span class="cue">denied:</span> he was going to invade Ukraine'
    assert said in client.get("/speakers/vladimir-putin/").content.decode()
    found = client.get("/search/?q=invade").content.decode()
    assert '<span class="cue">denied:</span> he was going to <mark>invade</mark>' in found
    assert "(as “Mr Putin”)" in found
    assert quote.claims.count() == 0
