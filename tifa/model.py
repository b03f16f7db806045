"""The data model: every dataclass the stages hand each other, in one place.

Reports and glossary entries remember the file and line they came from. Nothing here imports
another tifa module: the model is the bottom floor of the import graph, as docs/architecture.md
draws it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, NamedTuple, Protocol

KINDS = ("title", "subtitle", "text")
STATUSES = ("draft", "translated", "stale", "removed")
_SENTENCE_END = re.compile(r"[。！？!?]")
QUOTED = re.compile(r"“([^”]{2,16})”")
"""A quoted formulation in a report's Chinese text (what is inside “…”)."""
REPORT_LINK = re.compile(r"\]\(report:([A-Za-z0-9_.-]+)(?:#([A-Za-z0-9_-]+))?\)")
"""A link an editor writes to a report or one of its paragraphs: ``[text](report:slug#p12)``."""


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

    @property
    def en_text(self) -> str:
        """The English as written, without the ``#`` of a chapter title ('' when none)."""
        return self.en.strip().lstrip("# ") if self.kind == "title" else self.en.strip()


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


@dataclass
class Source:
    """Where a rendering or fact comes from."""

    title: str
    url: str = ""


@dataclass
class Rendering:
    """An English rendering met in the wild, with who uses it."""

    text: str
    source: str = ""


@dataclass
class Note:
    """What a term refers to in one report (shown only on that report's pages)."""

    report: str
    en: str
    zh: str = ""
    line: int = 1


@dataclass
class GlossaryEntry:
    """One glossary term, as an editor wrote it."""

    slug: str
    zh: str
    en: str
    pinyin: str
    definition: str
    explanation: str = ""
    explanation_zh: str = ""
    variants: list[str] = field(default_factory=list)
    en_variants: list[Rendering] = field(default_factory=list)
    category: str = "ideology"
    scope: str = "national"
    related: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    path: Path | None = None
    line: int = 1

    def note(self, report: str) -> Note | None:
        """The entry's note for one report, if it has one."""
        return next((n for n in self.notes if n.report == report), None)

    @property
    def forms(self) -> list[str]:
        """Every written form of the term: the headword first, then its variants."""
        return [self.zh, *self.variants]

    @property
    def renderings(self) -> list[str]:
        """Every accepted English rendering: ours first, then the variants."""
        return [self.en, *(r.text for r in self.en_variants)]

    @property
    def definition_zh(self) -> str:
        """The short Chinese definition: the first paragraph of the 释义, or '' without one."""
        return re.split(r"\n\s*\n", self.explanation_zh.strip(), maxsplit=1)[0].strip()

    @property
    def pinyin_plain(self) -> str:
        """The pinyin without tone marks, lower case (for search and sorting)."""
        return strip_tones(self.pinyin).lower()


def strip_tones(text: str) -> str:
    """Remove tone marks from pinyin: ``liǎng gè`` becomes ``liang ge``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if unicodedata.category(c) != "Mn")).replace(
        "ü", "v")


@dataclass(frozen=True)
class Occurrence:
    """One place a term occurs: the paragraph and the span in its Chinese text."""

    slug: str
    report: str
    section: str
    pid: str
    start: int
    end: int


@dataclass(frozen=True)
class Card:
    """What a gloss card shows for one term (built once per build by ``resolve``)."""

    slug: str
    zh: str
    pinyin: str
    en: str
    definition_html: str
    count: int
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # report -> lang -> HTML
    definition_zh_html: str = ""  # the first paragraph of the entry's 释义, if it has one

    def definition(self, lang: str) -> tuple[str, str]:
        """The short definition for one interface language and the language it is in: the
        Chinese one (释义) when asked for and written, else the English one."""
        if lang == "zh" and self.definition_zh_html:
            return self.definition_zh_html, "zh"
        return self.definition_html, "en"

    def note(self, report: str, lang: str) -> tuple[str, str]:
        """The card's note for one report in one interface language and the language it is in
        (the Chinese note when asked for and written, else the English one); ('', '') if none."""
        texts = self.notes.get(report, {})
        if lang == "zh" and texts.get("zh"):
            return texts["zh"], "zh"
        return (texts["en"], "en") if texts.get("en") else ("", "")

    def note_html(self, report: str, lang: str) -> str:
        """The HTML of the card's note for one report in one interface language, or ''."""
        return self.note(report, lang)[0]


@dataclass(frozen=True)
class Candidate:
    """A quoted or numbered formulation in the text that has no glossary entry."""

    text: str
    report: str
    section: str
    pid: str


@dataclass(frozen=True)
class Figure:
    """One quantity found in a paragraph, with its exact English rendering."""

    pid: str
    span: str
    start: int
    value: Decimal
    kind: str  # "amount" (a currency), "number" (bare 亿 figure), "percent", "count", "area"
    qualifier: str
    core: str
    context_zh: str
    ordinal: int = 0  # how many times the same number stands earlier in the paragraph
    unit_en: str = ""  # the unit named after the value in English ("km", "people"), if any

    @property
    def en(self) -> str:
        """The English rendering shown to readers, with its qualifier and unit."""
        core = f"{self.core} {self.unit_en}" if self.unit_en else self.core
        if self.qualifier in ("or more", "or less"):  # qualifiers written after the value
            return f"{core} {self.qualifier}"
        return f"{self.qualifier} {core}" if self.qualifier else core


class Match(NamedTuple):
    """A term found in a text: [start, end) and the entry's slug."""

    start: int
    end: int
    slug: str


class TermFinder(Protocol):
    """Finds the glossary terms of one language in a text (``annotate.Matcher``)."""

    def find(self, text: str) -> list[Match]:
        """Every term in ``text``, in order, without overlaps."""
        ...


@dataclass
class Site:
    """Everything the pages are made from: reports, glossary, matchers, concordance, cards.

    Built once per build by ``resolve``; every later stage reads it and none rescans the text
    for terms: ``concordance`` lists each term's occurrences, ``in_paragraph`` each paragraph's.
    """

    reports: list[Report]
    entries: list[GlossaryEntry] = field(default_factory=list)
    zh: TermFinder | None = None
    en: TermFinder | None = None
    concordance: dict[str, list[Occurrence]] = field(default_factory=dict)
    in_paragraph: dict[tuple[str, str], list[Occurrence]] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)

    @property
    def by_zh(self) -> dict[str, GlossaryEntry]:
        """Entries by every written form (headword and variants)."""
        return {form: e for e in self.entries for form in e.forms}

    def count(self, slug: str) -> int:
        """How many times a term occurs across all reports."""
        return len(self.concordance.get(slug, []))

    def terms_in(self, report: str, pid: str) -> list[Occurrence]:
        """The term occurrences of one paragraph, in reading order."""
        return self.in_paragraph.get((report, pid), [])


class PageRef(NamedTuple):
    """Which page (or downloadable file): its kind and the report, section, term or file it
    shows, and the interface it is in ('' for the one the link is written in). Only the renderer
    turns a reference into a file name or an address (``render.href``)."""

    kind: str  # "home", "report", "reader", "figures", "glossary", "term", "term-report" (a
    #            term's occurrences in several reports, every line of each), "term-series"
    #            (the list of the series that use a term and its counts in every report of
    #            those its page shows in part),
    #            "compare" (a report and the previous one of its series), "editors", "about",
    #            "download" (figures and editors with a report: that report's own page)
    report: str = ""
    section: str = ""
    term: str = ""
    file: str = ""  # a download: the file's name in the site's downloads/ (shared by interfaces)
    lang: str = ""
    part: str = ""  # term-series, term-report: which page after the first ("2", …; "" the first)


class Locate(Protocol):
    """Where a term's row of counts (``what`` "row") or its lines (``what`` "lines") of one
    report are, as a page and an anchor (``termpages.Places``)."""

    def __call__(self, term: str, report: str, what: str) -> tuple[PageRef, str]:
        """The page and anchor of term ``term``'s ``what`` for the report ``report``."""
        ...


class Href(Protocol):
    """The link to a page and anchor; relative to ``base`` when given (``render.href``)."""

    def __call__(self, target: PageRef, anchor: str = "", base: PageRef | None = None) -> str:
        """The address of ``target#anchor`` as written on the page ``base``."""
        ...


@dataclass(frozen=True)
class Prose:
    """Markdown written by an editor (or the seed's text, escaped) inside an assembled page:
    converted once per build whatever the interface; ``lang`` ("zh" or "en") has the glossary
    terms of that language marked in it."""

    text: str
    lang: str = ""


@dataclass(frozen=True)
class Block:
    """An element tifa makes around prose: its tag, its attributes (plain values, escaped by
    the renderer) and its content, in order: blocks, prose, and HTML made (and escaped) by
    tifa. The renderer writes it as Python-Markdown's ``md_in_html`` wrote the same element
    marked ``markdown="1"``."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    content: tuple[Block | Prose | Heading | Flow | str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading tifa makes: its level, its content as HTML made and escaped by tifa, its own
    id if it has one and its other attributes (plain values). The renderer gives it the id
    the table of contents would give it from its text, and lists it there (levels 1 and 2),
    as it lists the headings of converted prose."""

    level: int
    html: str
    id: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Flow:
    """HTML tifa makes where its pages held Markdown before (a paragraph, a list, a table): the
    renderer joins it to what follows as it joins converted prose, without the blank line it
    leaves after a piece of tifa's HTML (``str``), as Python-Markdown left one after a raw
    block (kept so that pages did not change when they stopped being Markdown)."""

    html: str


Part = Block | Prose | Heading | Flow | str
"""One piece of an assembled page."""


@dataclass
class Page:
    """One generated page as data: the renderer decides its file, front matter and escaping.
    Its content is pieces (``parts``) the renderer assembles without converting the page as a
    whole: HTML tifa made, headings, prose to convert, elements around prose."""

    ref: PageRef
    title: str  # plain text
    parts: tuple[Part, ...] = ()
    description: str = ""  # an editor's Markdown, reduced to plain text by the renderer
    citation: Citation | None = None  # a report's home and its sections: how they are cited


Made = Callable[[], "list[Page]"]
"""Pages still to be made: handed to the build's cache of pages, which calls it only for pages
it does not hold."""


@dataclass(frozen=True)
class Citation:
    """How a report's page is cited: the report's titles, issuer and date as the editor gave
    them, the same as the interface shows them (``title``, ``issuer``, ``day``), and the
    section's label (empty on the report's home). Plain text; the renderer escapes it."""

    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    date: str  # ISO (YYYY, YYYY-MM or YYYY-MM-DD) or empty
    title: str
    issuer: str
    day: str
    where: str  # the report's title in the interface language and its date ("…, 2 August 2023")
    section: str = ""
    languages: tuple[str, ...] = ("zh-Hans",)  # BCP 47 tags of the page's report text


@dataclass
class NavItem:
    """One entry of the site navigation: a page, or a group of pages."""

    title: str
    ref: PageRef | None = None
    children: list[NavItem] = field(default_factory=list)


@dataclass(frozen=True)
class Record:
    """One searchable unit: the file the indexer reads it from, which names the page and the
    paragraphs it points to (Pagefind gives it back as the URL; ``search.record_file``), and
    its HTML."""

    file: str
    html: str


PER = 10_000
"""Counts are compared as occurrences per this many characters of Chinese text."""
MARKED_RATIO = 2.0
"""A rate is markedly higher (lower) when it is at least this many times the other one ..."""
MARKED_DIFFERENCE = 3
"""... and the counts differ by at least this many occurrences (so 1 → 2 is not marked)."""


def markedly(before: int, after: int, rate_before: float, rate_after: float) -> str:
    """'rising' or 'falling' when a rate changed at least ``MARKED_RATIO`` times and the counts
    by at least ``MARKED_DIFFERENCE``; else ''."""
    if abs(after - before) < MARKED_DIFFERENCE:
        return ""
    if rate_after >= MARKED_RATIO * rate_before:
        return "rising"
    if rate_before >= MARKED_RATIO * rate_after:
        return "falling"
    return ""


@dataclass(frozen=True)
class Series:
    """Reports of one issuer and document type, oldest first."""

    key: str
    issuer_zh: str
    issuer_en: str
    doc_type: str
    reports: tuple[str, ...]


@dataclass
class Tally:
    """What one report says how often: glossary terms by slug, quoted formulations by their
    text (each with the paragraphs it stands in), and its length in characters."""

    report: str
    chars: int
    terms: dict[str, int] = field(default_factory=dict)
    quoted: dict[str, int] = field(default_factory=dict)
    quoted_at: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def rate(self, count: int) -> float:
        """A count as occurrences per ``PER`` characters of this report."""
        return count * PER / self.chars if self.chars else 0.0


@dataclass(frozen=True)
class Change:
    """One term or formulation in two consecutive reports: its counts and rates in each."""

    kind: str  # "term" (key = glossary slug) or "quoted" (key = the formulation)
    key: str
    before: int
    after: int
    rate_before: float
    rate_after: float

    @property
    def status(self) -> str:
        """'new', 'dropped', 'rising', 'falling', or '' when it stayed about the same."""
        if not self.before:
            return "new"
        if not self.after:
            return "dropped"
        return markedly(self.before, self.after, self.rate_before, self.rate_after)


@dataclass
class Comparison:
    """A report against the previous report of its series."""

    series: str
    older: str
    newer: str
    changes: list[Change] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (older key, newer key)

    def having(self, status: str, kind: str | None = None) -> list[Change]:
        """The changes with one status (and kind), the largest first."""
        found = [c for c in self.changes if c.status == status and kind in (None, c.kind)]
        return sorted(found, key=lambda c: (-max(c.before, c.after), c.kind, c.key))


@dataclass
class Trends:
    """The series of a digest, each report's tally and each report's comparison."""

    series: list[Series] = field(default_factory=list)
    series_of: dict[str, str] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # by the newer report

    def previous(self, slug: str) -> str | None:
        """The report before this one in its series, if any."""
        comparison = self.comparisons.get(slug)
        return comparison.older if comparison else None

    def following(self, slug: str) -> str | None:
        """The report after this one in its series, if any."""
        return next((c.newer for c in self.comparisons.values() if c.older == slug), None)
