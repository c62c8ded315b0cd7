from django import template

from articles.highlight import speaker_hue

register = template.Library()


@register.filter
def hue(speaker_id: int | None) -> int:
    """The colour hue of a speaker's statements."""
    return speaker_hue(speaker_id)
