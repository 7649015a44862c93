"""The fixed words of documents, one catalogue per language (cs, fi, en).

Templates say ``{{ t.due_date }}``, never the word itself, so a document changes
language with ``--lang`` and a translation is reviewed in one file. Every catalogue
has exactly the same keys (a test holds them to it); a key missing in a template is
an error, not a blank (``StrictUndefined``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from officectl.documents.labels import cs, en, fi

CATALOGUES: dict[str, Mapping[str, str]] = {
    "cs": MappingProxyType(cs.LABELS),
    "fi": MappingProxyType(fi.LABELS),
    "en": MappingProxyType(en.LABELS),
}
LANGUAGES = tuple(CATALOGUES)

DEFAULT_LOCALE = {"cs": "cs_CZ", "fi": "fi_FI", "en": "en_GB"}
"""The formatting locale of a language when the company's locale is of another one."""


def labels(lang: str) -> Mapping[str, str]:
    return CATALOGUES[lang]


def language_of(locale: str) -> str:
    """``cs_CZ`` → ``cs``; a locale of a language without a catalogue falls back to English."""
    lang = locale.split("_")[0].lower()
    return lang if lang in CATALOGUES else "en"


def locale_for(lang: str, company_locale: str) -> str:
    """Numbers and dates follow the company's locale when it speaks ``lang``."""
    return company_locale if language_of(company_locale) == lang else DEFAULT_LOCALE[lang]
