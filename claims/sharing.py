"""What a share link shows of a statement or a claim: the title and description of its Open
Graph and Twitter card tags, its permalink, and the code that embeds its card. A claim shows
its published verdict only (``Claim.verdict``), never a draft."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.text import Truncator

from .models import Claim, Quote

SITE_NAME = "OnRecord"
TITLE_CHARS = 90
DESCRIPTION_CHARS = 200
# The card's size in the embed code: room for a quote of a few lines and its byline.
CARD_WIDTH = 480
CARD_HEIGHT = 240


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    permalink: str
    card_url: str

    @property
    def embed(self) -> str:
        """The iframe to paste into another site's page (plain text: the template escapes
        it again where it shows it)."""
        return (
            f'<iframe src="{escape(self.card_url)}" title="{escape(self.title)}"'
            f' width="{CARD_WIDTH}" height="{CARD_HEIGHT}" style="border:0" loading="lazy">'
            "</iframe>"
        )


def _byline(*parts) -> str:
    return ", ".join(str(part) for part in parts if part)


def quote_share(quote: Quote, *, permalink: str, card_url: str) -> Share:
    """A statement: "Speaker: “its words”", and its words with speaker, outlet and date."""
    speaker = quote.speaker.name if quote.speaker else "Unattributed"
    words = Truncator(quote.text).chars(DESCRIPTION_CHARS)
    article = quote.article
    return Share(
        title=f"{speaker}: “{Truncator(quote.text).chars(TITLE_CHARS)}”",
        description=f"“{words}” — {_byline(speaker, article.outlet, article.published_on)}",
        permalink=permalink,
        card_url=card_url,
    )


def claim_share(claim: Claim, *, permalink: str, card_url: str) -> Share:
    """A claim: its published verdict and words, then speaker and outlet ("Unreviewed" while
    no verdict is published)."""
    verdict = claim.get_verdict_display()
    words = Truncator(claim.statement).chars(DESCRIPTION_CHARS)
    return Share(
        title=f"{verdict}: “{Truncator(claim.statement).chars(TITLE_CHARS)}”",
        description=f"“{words}” — {_byline(claim.speaker.name, claim.outlet)}. Verdict: {verdict}.",
        permalink=permalink,
        card_url=card_url,
    )
