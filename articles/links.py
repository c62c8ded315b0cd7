"""Web links that pages render as ``href``: http and https only. A ``javascript:`` or
``data:`` address in a link runs in the reader's browser, so every way in (admin, API,
forms) refuses other schemes, and templates show any other stored value as text."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

WEB_SCHEMES = ("http", "https")
MAX_LINK_LENGTH = 2000
MAX_EVIDENCE_LINKS = 100

validate_web_link = URLValidator(
    schemes=WEB_SCHEMES, message="Give a web address starting with http:// or https://."
)


def is_web_link(value: Any) -> bool:
    """Whether ``value`` is an http or https address that may be rendered as a link."""
    if not isinstance(value, str) or len(value) > MAX_LINK_LENGTH:
        return False
    try:
        validate_web_link(value)
    except ValidationError:
        return False
    return True


def validate_evidence_links(value: Any) -> None:
    """A claim's evidence: a list of at most MAX_EVIDENCE_LINKS http(s) addresses."""
    if not isinstance(value, list):
        raise ValidationError("Give a list of web addresses.")
    if len(value) > MAX_EVIDENCE_LINKS:
        raise ValidationError(f"At most {MAX_EVIDENCE_LINKS} links.")
    bad = [link for link in value if not is_web_link(link)]
    if bad:
        shown = ", ".join(f"“{str(link)[:100]}”" for link in bad[:3])
        raise ValidationError(
            f"Not a web address (http:// or https://, at most {MAX_LINK_LENGTH} characters):"
            f" {shown}."
        )
