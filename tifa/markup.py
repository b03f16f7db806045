"""Markup helpers shared by the stages that write pages and search records: Markdown escaping,
plain text from Markdown, Chinese spans, section labels. No knowledge of any renderer."""

from __future__ import annotations

import re
from html import escape

from .i18n import Interface
from .model import Report, Section, Series

_MD_SPECIAL = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
               "{": "\\{", "}": "\\}", "<": "&lt;", "&": "&amp;"}
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Escape source text so that Markdown shows it literally."""
    out = "".join(_MD_SPECIAL.get(c, c) for c in text)
    if out and out[0] in "#>-+=|":  # (an empty string is "in" every string)
        return "\\" + out
    return _ORDERED.sub(r"\1\\\2", out)  # "1. " would start a list: 1\. (not \1.)


def md_cell(text: str) -> str:
    """Source text escaped for one cell of a Markdown table."""
    return md_escape(text).replace("|", "\\|")


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


def zh_span(text: str) -> str:
    """Chinese text marked with its language, HTML-escaped."""
    return f'<span lang="zh-Hans">{escape(text)}</span>'


def report_title(report: Report, ui: Interface) -> str:
    """A report's title in the interface language."""
    return report.meta.title_zh if ui.lang == "zh" else report.meta.title_en


def series_name(series: Series, ui: Interface) -> str:
    """How a series is named to readers: its issuer and its document type."""
    issuer = series.issuer_zh if ui.lang == "zh" else (series.issuer_en or series.issuer_zh)
    return " · ".join(part for part in (issuer, series.doc_type) if part) or series.key
