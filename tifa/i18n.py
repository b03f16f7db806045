"""Interface languages: gettext catalogs (Babel) and locale-aware dates and numbers.

The catalogs live in ``templates/locales/<lang>/LC_MESSAGES/messages.po``, shared by the Jinja
templates and the generated pages. The build compiles them to ``.mo`` in its own theme folder;
compiled files are never committed. English is the source language and needs no catalog.
"""

from __future__ import annotations

import contextvars
import shutil
from datetime import date
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "zh")
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
_current: contextvars.ContextVar[tuple[str, NullTranslations]] = contextvars.ContextVar(
    "tifa_language", default=("en", NullTranslations()))


def compile_theme(templates: Path, theme: Path) -> None:
    """Copy the templates into ``theme`` and compile every ``.po`` catalog next to it."""
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(templates, theme, ignore=shutil.ignore_patterns("*.po", "*.pot", "*.mo"))
    for po in sorted((templates / "locales").glob("*/LC_MESSAGES/*.po")):
        target = theme / po.relative_to(templates).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source)
        with target.open("wb") as out:
            write_mo(out, catalog)


def use(lang: str, theme: Path) -> None:
    """Make ``lang`` the language of ``_`` for the pages generated next."""
    translations = (NullTranslations() if lang == "en"
                    else Translations.load(str(theme / "locales"), [lang]))
    _current.set((lang, translations))


def current() -> str:
    """The interface language pages are being generated in."""
    return _current.get()[0]


def _(message: str) -> str:
    """Translate an interface string into the current language."""
    return _current.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate an interface string that depends on a count."""
    return _current.get()[1].ngettext(singular, plural, n)


def format_day(iso: str) -> str:
    """An ISO date (YYYY-MM-DD) in the current locale's long form; other text unchanged."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return babel_format_date(day, format="long", locale=LOCALES[current()])


def format_count(n: int) -> str:
    """A whole number with the current locale's grouping."""
    return format_decimal(n, locale=LOCALES[current()])
