"""The data model: plain dataclasses that remember the file and line they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("title", "subtitle", "text")
STATUSES = ("draft", "translated", "stale", "removed")
_SENTENCE_END = re.compile(r"[。！？!?]")


def lead_length(zh: str) -> int:
    """Length of the first sentence of ``zh`` (its lead), including the closing punctuation."""
    match = _SENTENCE_END.search(zh)
    return match.end() if match else len(zh)


@dataclass
class Paragraph:
    """One source paragraph (or heading line) and its English, as kept in a section file."""

    pid: str
    kind: str
    zh: str
    en: str = ""
    status: str = "draft"
    lead: bool = False
    path: Path | None = None
    line: int = 0
    en_line: int = 0  # where the English starts in the section file
    origin: str = ""  # where a draft's English came from (``tm=`` in the header line), if reused

    @property
    def lead_zh(self) -> str:
        """The lead sentence of the Chinese text, or an empty string when it has none."""
        return self.zh[: lead_length(self.zh)] if self.lead else ""


@dataclass
class Section:
    """A part of a report following its own structure: a page of the reader."""

    key: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    summary: str = ""
    path: Path | None = None
    line: int = 0

    def _first(self, kind: str) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.kind == kind), None)

    @property
    def title(self) -> Paragraph | None:
        """The chapter heading paragraph, if the section has one."""
        return self._first("title")

    @property
    def visible(self) -> list[Paragraph]:
        """Paragraphs a reader sees (those removed from the source are kept but not shown)."""
        return [p for p in self.paragraphs if p.status != "removed"]


@dataclass
class ReportMeta:
    """What an editor states about a report: titles, issuer, date, place, type, source."""

    title_zh: str
    title_en: str
    issuer_zh: str = ""
    issuer_en: str = ""
    date: str = ""
    date_note: str = ""
    place_zh: str = ""
    place_en: str = ""
    doc_type: str = ""
    source: str = ""
    source_url: str = ""
    series: str = ""  # the series it belongs to, when not its issuer and type (see series.py)
    split: dict = field(default_factory=dict)
    path: Path | None = None


@dataclass
class Digest:
    """Our editors' digest of a report: a summary and key takeaways (not the source's words)."""

    summary: str
    takeaways: list[str] = field(default_factory=list)
    path: Path | None = None


@dataclass
class Report:
    """A whole report: its metadata, our digest and its sections in order."""

    slug: str
    meta: ReportMeta
    sections: list[Section] = field(default_factory=list)
    digest: Digest | None = None
    path: Path | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the report in reading order."""
        return [p for s in self.sections for p in s.paragraphs]
