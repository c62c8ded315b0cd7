"""OnRecord's extractor of attributed statements: a plain Python library (no Django).

from extraction import extract
for a in extract(text):
    print(a.kind, a.speaker, text[a.start:a.end])
"""

from .engine import ExtractionTimeout, extract, extract_many, load_models, load_pipeline
from .language import detect_language
from .types import Attribution, Kind, Span, SpeakerKind

# Bumped whenever a change alters what the extractor finds; stored on each article.
VERSION = "0.1.0"

__all__ = [
    "VERSION",
    "Attribution",
    "ExtractionTimeout",
    "Kind",
    "Span",
    "detect_language",
    "SpeakerKind",
    "extract",
    "extract_many",
    "load_models",
    "load_pipeline",
]
