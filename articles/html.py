"""Turning a news web page into article text, title, date, outlet and captions (trafilatura)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml.etree import ParserError


class NoArticleText(ValueError):
    """The page has no article text that could be found."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    outlet: str = ""
    published_on: dt.date | None = None
    captions: list[str] = field(default_factory=list)


def html_extract(html: str) -> Page:
    """The article in ``html``: main text without navigation, scripts or comments; metadata;
    and the image and video captions, kept apart from the text."""
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError) as exc:
        raise NoArticleText(f"not an HTML page ({exc})") from exc
    captions = []
    for caption in list(tree.iter("figcaption")):
        words = " ".join(caption.text_content().split())
        if words:
            captions.append(words)
        caption.drop_tree()
    text = trafilatura.extract(
        tree,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if not text or not text.strip():
        raise NoArticleText("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    return Page(
        text=text,
        title=(meta.title or "") if meta else "",
        outlet=(meta.sitename or "") if meta else "",
        published_on=_date(meta.date) if meta else None,
        captions=captions,
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
