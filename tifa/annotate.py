"""Annotate: find glossary terms in text and mark them in rendered Markdown.

One Aho-Corasick automaton holds every Chinese form of every entry; matches are chosen
leftmost-longest without overlaps, and a match inside one of its entry's ``exclude`` strings is
dropped. Chinese is matched without word boundaries. English renderings have their own automaton,
matched case-insensitively with word boundaries. The Markdown extension marks matches in the text
nodes of ``.tifa-zh`` / ``.tifa-en`` blocks, never inside links, code or another annotation.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import ahocorasick
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .glossary import GlossaryEntry
from .i18n import _, current, format_count, ngettext
from .model import Report

SKIP_TAGS = {"a", "code", "pre", "script", "style", "kbd", "samp"}


class Match(NamedTuple):
    """A term found in a text: [start, end) and the entry's slug."""

    start: int
    end: int
    slug: str


def _fold(text: str) -> str:
    """Case-fold English for matching; keeps the length so offsets stay valid."""
    return text.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')


class Matcher:
    """Finds the terms of one language in a text, leftmost-longest and without overlaps."""

    def __init__(self, terms: Iterable[tuple[str, str, list[str]]], english: bool) -> None:
        """``terms`` yields (form, slug, exclude strings of that entry)."""
        self.english = english
        self.automaton = ahocorasick.Automaton()
        self.excludes: dict[str, list[str]] = {}
        for form, slug, exclude in terms:
            key = _fold(form) if english else form
            if key and key not in self.automaton:
                self.automaton.add_word(key, (len(key), slug))
            self.excludes.setdefault(slug, []).extend(_fold(x) if english else x
                                                      for x in exclude)
        self.excluding = {slug for slug, strings in self.excludes.items() if strings}
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Every term in ``text``, in order: leftmost-longest, without overlaps."""
        if self.empty or not text:
            return []
        haystack = _fold(text) if self.english else text
        longest: dict[int, tuple[int, str]] = {}  # start -> (end, slug) of its longest match
        for last, (length, slug) in self.automaton.iter(haystack):
            start, end = last - length + 1, last + 1
            if self.english and not _at_word_boundaries(haystack, start, end):
                continue
            if slug in self.excluding and self._excluded(haystack, start, end, slug):
                continue
            known = longest.get(start)
            if known is None or end > known[0]:
                longest[start] = (end, slug)
        chosen, reach = [], 0
        for start in sorted(longest):
            if start >= reach:
                end, slug = longest[start]
                chosen.append(Match(start, end, slug))
                reach = end
        return chosen

    def _excluded(self, text: str, start: int, end: int, slug: str) -> bool:
        for longer in self.excludes.get(slug, ()):
            pos = text.find(longer, max(0, start - len(longer)), end + len(longer))
            while pos != -1 and pos <= start:
                if pos + len(longer) >= end:
                    return True
                pos = text.find(longer, pos + 1, end + len(longer))
        return False


def _at_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def term_rows(entries: list[GlossaryEntry]) -> list[dict]:
    """What matching needs of each entry, as plain data (also stored as JSON for the extension)."""
    return [{"slug": e.slug, "forms": e.forms, "exclude": e.exclude, "renderings": e.renderings}
            for e in entries]


def matchers(rows: list[dict]) -> tuple[Matcher, Matcher]:
    """The Chinese and the English matcher for a glossary's term rows."""
    zh = Matcher(((f, t["slug"], t["exclude"]) for t in rows for f in t["forms"]), english=False)
    en = Matcher(((r.strip('"“”'), t["slug"], []) for t in rows for r in t["renderings"]),
                 english=True)
    return zh, en


@dataclass(frozen=True)
class Occurrence:
    """One place a term occurs: the paragraph and the span in its Chinese text."""

    slug: str
    report: str
    section: str
    pid: str
    start: int
    end: int


def occurrences(reports: list[Report], zh: Matcher) -> dict[str, list[Occurrence]]:
    """The concordance: every occurrence of every term in every report, in reading order."""
    found: dict[str, list[Occurrence]] = {}
    for report in reports:
        for section in report.sections:
            for p in section.visible:
                for m in zh.find(p.zh):
                    found.setdefault(m.slug, []).append(
                        Occurrence(m.slug, report.slug, section.key, p.pid, m.start, m.end))
    return found


@dataclass(frozen=True)
class Card:
    """What a gloss card shows for one term (prepared by the renderer, stored as JSON)."""

    slug: str
    zh: str
    pinyin: str
    en: str
    definition_html: str
    count: int
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # report -> lang -> HTML

    def note_html(self, report: str) -> str:
        """The HTML of the card's note for one report in the interface language, or ''."""
        return self.notes.get(report, {}).get(current(), "")


def card_element(card: Card, href: str, definition: str, note: str = "") -> etree.Element:
    """The hidden gloss card of one term: pinyin, English, short definition, the note for the
    page's report, occurrences."""
    box = etree.Element("div", {"class": "tifa-card", "id": f"tifa-card-{card.slug}",
                                "role": "tooltip", "hidden": "hidden"})
    head = etree.SubElement(box, "p", {"class": "tifa-card-head"})
    etree.SubElement(head, "span", {"lang": "zh-Hans", "class": "tifa-card-zh"}).text = card.zh
    etree.SubElement(head, "span", {"class": "tifa-card-pinyin"}).text = card.pinyin
    etree.SubElement(box, "p", {"class": "tifa-card-en"}).text = card.en
    etree.SubElement(box, "div", {"class": "tifa-card-def"}).text = definition
    if note:
        holder = etree.SubElement(box, "div", {"class": "tifa-card-note"})
        etree.SubElement(holder, "strong").text = _("In this report")
        etree.SubElement(holder, "div").text = note
    foot = etree.SubElement(box, "p", {"class": "tifa-card-foot"})
    foot.text = ngettext("%(n)s occurrence", "%(n)s occurrences", card.count) % {
        "n": format_count(card.count)} + " · "
    etree.SubElement(foot, "a", {"href": href}).text = _("Entry")
    return box


class AnnotateTreeprocessor(Treeprocessor):
    """Marks glossary terms in the text of Chinese and English paragraph blocks."""

    def __init__(self, md: Markdown, data: "GlossaryData", base_url: str) -> None:
        super().__init__(md)
        self.data, self.base_url = data, base_url
        self.by_class = {"tifa-zh": (data.zh, "zh"), "tifa-en": (data.en, "en")}

    def href(self, slug: str) -> str:
        """Where a term links: its entry page, as a docs-absolute Markdown path."""
        return f"{self.base_url}{slug}.md"

    def run(self, root: etree.Element) -> None:
        used: dict[str, None] = {}
        report = next((e.get("data-report") for e in root.iter("div") if e.get("data-report")),
                      "")
        for element in list(root.iter("div")):
            classes = (element.get("class") or "").split()
            for css, (matcher, lang) in self.by_class.items():
                if css in classes:
                    self._walk(element, matcher, lang, used)
        cards = [self.data.cards[s] for s in used if s in self.data.cards]
        if cards:
            holder = etree.SubElement(root, "div", {"class": "tifa-cards"})
            for card in cards:
                stash, note = self.md.htmlStash.store, card.note_html(report)
                holder.append(card_element(card, self.href(card.slug), stash(card.definition_html),
                                           stash(note) if note else ""))

    def _walk(self, element: etree.Element, matcher: Matcher, lang: str,
              used: dict[str, None]) -> None:
        if element.tag in SKIP_TAGS or "tifa-term" in (element.get("class") or ""):
            return
        children = list(element)
        if element.text:
            element.text = self._mark(element, 0, element.text, matcher, lang, used)
        for child in children:
            self._walk(child, matcher, lang, used)
            if child.tail:
                child.tail = self._mark(element, list(element).index(child) + 1, child.tail,
                                        matcher, lang, used)

    def _mark(self, parent: etree.Element, index: int, text: str, matcher: Matcher,
              lang: str, used: dict[str, None]) -> str:
        """Mark the terms of ``text`` (parent.text or a tail), inserting links at ``index``."""
        found = matcher.find(text)
        for offset, m in enumerate(found):
            link = etree.Element("a", {"href": self.href(m.slug), "class": f"tifa-term "
                                       f"tifa-term-{lang}", "data-term": m.slug,
                                       "aria-describedby": f"tifa-card-{m.slug}"})
            link.text = text[m.start:m.end]
            nxt = found[offset + 1].start if offset + 1 < len(found) else len(text)
            link.tail = text[m.end:nxt]
            parent.insert(index + offset, link)
            used[m.slug] = None
        return text[: found[0].start] if found else text


@dataclass
class GlossaryData:
    """The matchers and gloss cards the extension needs, loaded once from the renderer's JSON."""

    zh: Matcher
    en: Matcher
    cards: dict[str, Card]


@lru_cache(maxsize=4)
def load_data(path: str, stamp: float) -> GlossaryData:
    """Read the glossary JSON written by the renderer (cached per file version)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    zh, en = matchers(raw["terms"])
    return GlossaryData(zh, en, {c["slug"]: Card(**c) for c in raw["cards"]})


class AnnotateExtension(Extension):
    """Python-Markdown extension marking glossary terms; configured with the JSON data path."""

    def __init__(self, **kwargs) -> None:
        self.config = {"data": ["", "path of the glossary JSON written by the renderer"],
                       "base_url": ["/glossary/", "docs-absolute folder of the entry pages"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        path = self.getConfig("data")
        data = load_data(path, Path(path).stat().st_mtime)
        md.treeprocessors.register(AnnotateTreeprocessor(md, data, self.getConfig("base_url")),
                                   "tifa_annotate", 1)


def makeExtension(**kwargs) -> AnnotateExtension:  # noqa: N802 (Python-Markdown's hook name)
    """Entry point used by Python-Markdown when the extension is named ``tifa.annotate``."""
    return AnnotateExtension(**kwargs)
