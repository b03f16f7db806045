"""Interface languages: gettext catalogs (Babel) and locale-aware dates and numbers.

The catalogs live in ``templates/locales/<lang>/LC_MESSAGES/messages.po``, shared by the Jinja
templates and the generated pages. An ``Interface`` is one language with its catalog; it is
passed to every function that writes interface text (there is no ambient "current language").
English is the source language and needs no catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "zh")
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


def compiled(po: Path) -> bytes:
    """A ``.po`` catalog compiled to ``.mo`` bytes."""
    return _compiled(po.read_bytes())


@lru_cache(maxsize=8)
def _compiled(source: bytes) -> bytes:
    """A catalog compiled once per process for the same text (a build loads each interface
    several times, and Babel's reading of a catalog is slow)."""
    out = BytesIO()
    write_mo(out, read_po(BytesIO(source)))
    return out.getvalue()


@dataclass(frozen=True)
class Interface:
    """One interface language: its code ('en' or 'zh') and its translations."""

    lang: str
    translations: NullTranslations

    @classmethod
    def load(cls, lang: str, templates: Path) -> Interface:
        """The interface in ``lang``, its catalog read from ``templates/locales``."""
        if lang == "en":
            return ENGLISH
        po = templates / "locales" / lang / "LC_MESSAGES" / "messages.po"
        return cls(lang, Translations(BytesIO(compiled(po))))

    def _(self, message: str) -> str:
        """Translate an interface string."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate an interface string that depends on a count."""
        return self.translations.ngettext(singular, plural, n)

    def format_day(self, iso: str) -> str:
        """An ISO date (YYYY-MM-DD) in the locale's long form; other text unchanged."""
        try:
            day = date.fromisoformat(iso)
        except ValueError:
            return iso
        return babel_format_date(day, format="long", locale=LOCALES[self.lang])

    def format_count(self, n: int) -> str:
        """A whole number with the locale's grouping."""
        return _decimal(n, None, LOCALES[self.lang])

    def format_rate(self, value: float) -> str:
        """A rate with one decimal and the locale's grouping (12.5, 1,234.0)."""
        return _decimal(round(value, 1), "#,##0.0", LOCALES[self.lang])


ENGLISH = Interface("en", NullTranslations())
"""The English interface (the source language: no catalog to read)."""


@lru_cache(maxsize=8192)
def _decimal(value: float, pattern: str | None, locale: str) -> str:
    """Babel's number formatting, remembered: a page of tables formats the same few numbers
    thousands of times, and Babel parses its pattern on every call."""
    return format_decimal(value, format=pattern, locale=locale)
