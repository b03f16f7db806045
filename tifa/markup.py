"""Markup helpers shared by the stages that write pages and search records: Markdown escaping,
plain text from Markdown, Chinese spans, section labels. No knowledge of any renderer."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from .i18n import ENGLISH, Interface
from .model import Flow, Heading, Report, Section, Series

_MD_SPECIAL = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
               "{": "\\{", "}": "\\}", "<": "&lt;", "&": "&amp;"}
_MD_TABLE = str.maketrans(_MD_SPECIAL)  # one pass in C, not a generator per character
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Escape source text so that Markdown shows it literally."""
    out = text.translate(_MD_TABLE)
    if out and out[0] in "#>-+=|":  # (an empty string is "in" every string)
        return "\\" + out
    return _ORDERED.sub(r"\1\\\2", out)  # "1. " would start a list: 1\. (not \1.)


def section_title(section: Section, lang: str) -> str:
    """A section's title in one language ('zh' or 'en'), with a fallback for untitled parts."""
    title = section.title
    if title is None:
        return "导语" if lang == "zh" else "Opening"
    return title.zh if lang == "zh" else (title.en or title.zh)


def nav_label(section: Section, ui: Interface) -> str:
    """The navigation label of a section: its Chinese title, and its English one in the
    English interface."""
    zh, en = section_title(section, "zh"), section_title(section, "en")
    return zh if zh == en or ui.lang == "zh" else f"{zh} · {en}"


def plain(markdown_text: str) -> str:
    """Markdown reduced to plain text on one line (for descriptions and search records)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return " ".join(re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", "", text).split())


def text_html(text: str) -> str:
    """Text escaped as the sanitiser writes it (``&``, ``<``, ``>`` and no-break spaces)."""
    return escape(text, quote=False).replace("\xa0", "&nbsp;")


def attr_html(value: str) -> str:
    """An attribute value (between double quotes) escaped as the sanitiser writes it (as text,
    and ``"``)."""
    return text_html(value).replace('"', "&quot;")


def heading(level: int, text: str, anchor: str = "") -> Heading:
    """A heading of plain text (with its own id ``anchor``, else the one the renderer gives)."""
    return Heading(level, text_html(text), anchor)


def link_line(text: str, link: str) -> Flow:
    """A paragraph holding one link of plain text."""
    return Flow(f'<p><a href="{attr_html(link)}">{text_html(text)}</a></p>')


def zh_span(text: str) -> str:
    """Chinese text marked with its language, HTML-escaped."""
    return f'<span lang="zh-Hans">{text_html(text)}</span>'


def report_title(report: Report, ui: Interface) -> str:
    """A report's title in the interface language."""
    return report.meta.title_zh if ui.lang == "zh" else report.meta.title_en


def newest_first(reports: list[Report]) -> list[Report]:
    """Reports by date, the newest first; undated ones last, in the order given."""
    dated = sorted((r for r in reports if r.meta.date), key=lambda r: (r.meta.date, r.slug),
                   reverse=True)
    return dated + [r for r in reports if not r.meta.date]


def series_name(series: Series, ui: Interface) -> str:
    """How a series is named to readers: its issuer and its document type."""
    issuer = series.issuer_zh if ui.lang == "zh" else (series.issuer_en or series.issuer_zh)
    kind = doc_type_label(series.doc_type, ui)[0] if series.doc_type else ""
    return " · ".join(part for part in (issuer, kind) if part) or series.key


@lru_cache(maxsize=8)
def doc_type_labels(ui: Interface) -> dict[str, str]:
    """The fixed vocabulary of document types (what a report's ``doc_type:`` says), each with
    its label in the interface language (made once per interface: every report's list entry,
    search record and series name asks; not to be changed by callers)."""
    _ = ui._
    return {"Government work report": _("Government work report"),
            "Party congress report": _("Party congress report"),
            "Plenary session communiqué": _("Plenary session communiqué"),
            "Plenary session report": _("Plenary session report"),
            "News report on a plenary session": _("News report on a plenary session"),
            "People's congress standing committee work report":
                _("People's congress standing committee work report"),
            "Court work report": _("Court work report"),
            "Procuratorate work report": _("Procuratorate work report"),
            "Plan report": _("Plan report"),
            "Budget report": _("Budget report"),
            "Five-year plan": _("Five-year plan"),
            "Resolution": _("Resolution"),
            "Decision": _("Decision"),
            "Opinions": _("Opinions"),
            "Notice": _("Notice"),
            "Speech": _("Speech"),
            "White paper": _("White paper")}


DOC_TYPES = tuple(doc_type_labels(ENGLISH))
"""The document types a report's metadata may name (any other is warned about)."""


def doc_type_label(doc_type: str, ui: Interface) -> tuple[str, str]:
    """A report's document type as readers see it, and the language it is in: its label in
    the interface language when it is one of ``DOC_TYPES``, else as the editor wrote it
    (English)."""
    label = doc_type_labels(ui).get(doc_type)
    return (label, ui.lang) if label else (doc_type, "en")


def in_language(html: str, lang: str, ui: Interface) -> str:
    """HTML text marked with its language; in the Chinese interface an English one carries the
    "English only" label (we show what an editor wrote, never a machine translation)."""
    if lang == "zh":
        return f'<span lang="zh-Hans">{html}</span>'
    if ui.lang != "zh":
        return f'<span lang="en">{html}</span>'
    label = ui._("English only")
    return (f'<small class="tifa-en-only" lang="zh-Hans">{label}</small>'
            f'<span lang="en">{html}</span>')
