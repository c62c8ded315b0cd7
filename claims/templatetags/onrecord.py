import json
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import links
from articles.highlight import speaker_hue

register = template.Library()


@register.filter
def hue(speaker_id: int | None) -> int:
    """The colour hue of a speaker's statements."""
    return speaker_hue(speaker_id)


@register.filter
def is_web_link(value) -> bool:
    """Whether ``value`` may be rendered as a link: an http or https address. Anything else
    stored (a ``javascript:`` address from before links were validated) is shown as text."""
    return links.is_web_link(value)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: dict | None) -> str:
    """``data`` as a JSON-LD script element; <, > and & are escaped so that no text in it
    can close the element."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.filter
def highlight(text: str, query: str) -> str:
    """``text`` escaped, then each word of ``query`` wrapped in <mark>: the text is escaped
    before any markup is added, so nothing in it can become markup."""
    escaped = escape(text)
    words = sorted({escape(w.strip('"-')) for w in query.split() if w.strip('"-')}, key=len)
    if not words:
        return escaped
    pattern = re.compile("|".join(re.escape(w) for w in reversed(words)), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308
