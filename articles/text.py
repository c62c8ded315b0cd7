"""Cleaning ingested text into the body that quote offsets refer to."""

import codecs
import hashlib
import re
import unicodedata

# C0/C1 control characters other than tab and newline, and the zero-width ones.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def text_clean(raw: str) -> str:
    """Unicode NFC, Unix line ends, no control characters, no trailing spaces or runs of blank
    lines, no leading or trailing blank space."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\xa0", " ")
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def text_hash(body: str) -> str:
    """The content hash that makes the same text ingested twice one article."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class UndecodableText(ValueError):
    """Bytes that are not a text article: binary data, or an encoding we cannot tell."""


_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Share of control characters (other than tab, newline, carriage return, form feed) above
# which decoded bytes are binary data, not text.
_MAX_CONTROL_SHARE = 0.01


HTML_SUFFIXES = (".html", ".htm")
# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_CHARS = 200


def upload_fields(name: str, data: bytes) -> dict[str, str]:
    """An uploaded or read file as ingest's input: its text (see :func:`text_decode`), as
    ``html`` for a file named .html or .htm, else as ``text``. The one rule every way in
    (the API, the ingest page, ``manage.py ingest``) uses."""
    content = text_decode(data)
    return {"html" if name.lower().endswith(HTML_SUFFIXES) else "text": content}


def text_title(text: str) -> str:
    """The first line of ``text`` when it reads like a headline (not blank, at most
    MAX_TITLE_CHARS characters), else "": the title of a text given without one."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= MAX_TITLE_CHARS else ""


def text_decode(data: bytes) -> str:
    """Decode an uploaded or read file: by its byte-order mark, else UTF-8, else Windows-1252
    (a superset of Latin-1 for printable text). Binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding)
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if (
        text
        and sum(ch < " " and ch not in "\t\n\r\f" for ch in text) / len(text) > _MAX_CONTROL_SHARE
    ):
        raise UndecodableText("binary data, not text")
    return text


# Lines of page furniture that scraped news text carries (BBC-style pages among others).
_FURNITURE_LINES = frozenset(
    {
        "article ad box",
        "more on this story",
        "read entire article",
        "related topics",
        "share",
        "advertisement",
    }
)
_FURNITURE_PREFIXES = ("image source,", "video source,", "getty images")
# A label line whose next line is a caption: "Image caption," then the caption itself.
_CAPTION_LABELS = frozenset({"image caption,", "media caption,", "video caption,", "caption,"})
# "2 years ago 46": a relative date and a comment count.
_AGO = re.compile(r"^\d+ (second|minute|hour|day|week|month|year)s? ago( \d+)?$")


def text_split_furniture(text: str) -> tuple[str, list[str]]:
    """Remove page furniture lines from cleaned ``text``; return the text and the captions."""
    lines = text.split("\n")
    kept: list[str] = []
    captions: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        lower = line.casefold()
        if lower in _CAPTION_LABELS:
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines):
                captions.append(lines[j].strip())
            i = j + 1
            continue
        if not (
            lower in _FURNITURE_LINES or lower.startswith(_FURNITURE_PREFIXES) or _AGO.match(lower)
        ):
            kept.append(lines[i])
        i += 1
    body = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()
    return body, captions
