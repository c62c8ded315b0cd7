"""Cleaning ingested text into the body that quote offsets refer to."""

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
