"""Annotate: find glossary terms in text and mark them in rendered Markdown.

One Aho-Corasick automaton holds every Chinese form of every entry; matches are chosen
leftmost-longest without overlaps, and a match inside one of its entry's ``exclude`` strings is
dropped. Chinese is matched without word boundaries. English renderings have their own automaton,
matched case-insensitively with word boundaries. The Markdown extension marks matches in the text
nodes of ``.tifa-zh`` / ``.tifa-en`` blocks, never inside links, code or another annotation. It
is handed the resolved site (matchers built once per build) and the link function in-process,
as Python-Markdown extension settings. A mark is a plain link to the term's entry; the gloss
cards are not in the pages but in one file per interface (``cards_data``, written by the
renderer), from which ``tifa.js`` builds a card when a term is opened.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable, Iterable

import ahocorasick
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .i18n import Interface
from .markup import text_html
from .model import Card, GlossaryEntry, Href, Match, Occurrence, PageRef, Report, Site

SKIP_TAGS = {"a", "code", "pre", "script", "style", "kbd", "samp"}


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


def matchers(entries: list[GlossaryEntry]) -> tuple[Matcher, Matcher]:
    """The Chinese and the English matcher of a glossary."""
    zh = Matcher(((f, e.slug, e.exclude) for e in entries for f in e.forms), english=False)
    en = Matcher(((r.strip('"“”'), e.slug, []) for e in entries for r in e.renderings),
                 english=True)
    return zh, en


def occurrences(reports: list[Report], zh: Matcher) -> list[Occurrence]:
    """Every occurrence of every term in every visible paragraph, in reading order."""
    return [Occurrence(m.slug, report.slug, section.key, p.pid, m.start, m.end)
            for report in reports for section in report.sections for p in section.visible
            for m in zh.find(p.zh)]


def term_attributes(href: str) -> dict[str, str]:
    """The attributes of the link that marks a term in the text: its entry's address alone
    (the term's slug, its language and its card are found from the link by ``tifa.js``)."""
    return {"class": "tifa-term", "href": href}


def mark_text(text: str, matcher: Matcher, href: Callable[[str], str]) -> str:
    """Plain text as HTML with its terms marked as the treeprocessor marks them (attributes in
    the serialiser's order)."""
    out, at = [], 0
    for m in matcher.find(text):
        attributes = sorted(term_attributes(href(m.slug)).items())
        out += [text_html(text[at:m.start]), "<a ", " ".join(f'{k}="{v}"' for k, v in attributes),
                ">", text_html(text[m.start:m.end]), "</a>"]
        at = m.end
    out.append(text_html(text[at:]))
    return "".join(out)


def cards_data(cards: list[Card], ui: Interface) -> dict:
    """What the gloss cards of one interface show, as ``tifa.js`` builds them: for each term
    its Chinese, pinyin and English (text), its definition (sanitised HTML, the 释义 in the
    Chinese interface when written) and its language, its notes by report (HTML, language)
    and its count of occurrences (text); and the card's labels in the interface's language."""
    def count(n: int) -> str:
        return ui.ngettext("%(n)s occurrence", "%(n)s occurrences", n) % {
            "n": ui.format_count(n)}
    terms = {c.slug: {"zh": c.zh, "pinyin": c.pinyin, "en": c.en,
                      "definition": list(c.definition(ui.lang)), "count": count(c.count),
                      "notes": {r: list(c.note(r, ui.lang)) for r in c.notes
                                if c.note(r, ui.lang)[0]}}
             for c in cards}
    labels = {"englishOnly": ui._("English only"), "here": ui._("In this report"),
              "entry": ui._("Entry")}
    return {"labels": labels, "terms": terms}


class AnnotateTreeprocessor(Treeprocessor):
    """Marks glossary terms in the text of Chinese and English paragraph blocks (a page) or of
    the whole document in one language (prose converted on its own: ``lang``)."""

    def __init__(self, md: Markdown, site: Site, href: Href, lang: str = "") -> None:
        super().__init__(md)
        self.site, self.links, self.lang = site, href, lang
        self.by_class = {"tifa-zh": site.zh, "tifa-en": site.en}

    def href(self, slug: str) -> str:
        """Where a term links: its entry page, as the renderer addresses it."""
        return self.links(PageRef("term", term=slug))

    def run(self, root: etree.Element) -> None:
        if self.lang:
            self._walk(root, self.site.zh if self.lang == "zh" else self.site.en)
            return
        for element in list(root.iter("div")):
            classes = (element.get("class") or "").split()
            for css, matcher in self.by_class.items():
                if css in classes:
                    self._walk(element, matcher)

    def _walk(self, element: etree.Element, matcher: Matcher) -> None:
        if element.tag in SKIP_TAGS or "tifa-term" in (element.get("class") or ""):
            return
        children = list(element)
        if element.text:
            element.text = self._mark(element, 0, element.text, matcher)
        for child in children:
            self._walk(child, matcher)
            if child.tail:
                child.tail = self._mark(element, list(element).index(child) + 1, child.tail,
                                        matcher)

    def _mark(self, parent: etree.Element, index: int, text: str, matcher: Matcher) -> str:
        """Mark the terms of ``text`` (parent.text or a tail), inserting links at ``index``."""
        found = matcher.find(text)
        for offset, m in enumerate(found):
            link = etree.Element("a", term_attributes(self.href(m.slug)))
            link.text = text[m.start:m.end]
            nxt = found[offset + 1].start if offset + 1 < len(found) else len(text)
            link.tail = text[m.end:nxt]
            parent.insert(index + offset, link)
        return text[: found[0].start] if found else text


class AnnotateExtension(Extension):
    """Python-Markdown extension marking glossary terms, configured in-process with the resolved
    ``site`` and the renderer's ``href``."""

    def __init__(self, **kwargs) -> None:
        self.config = {"site": ["", "the resolved site (its matchers)"],
                       "href": ["", "the renderer's link function"],
                       "lang": ["", "mark the whole document in this language"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.getConfig("site"):  # MkDocs loads extensions once to validate its
            return  # configuration, before the renderer hands the site over
        treeprocessor = AnnotateTreeprocessor(md, self.getConfig("site"), self.getConfig("href"),
                                              self.getConfig("lang"))
        md.treeprocessors.register(treeprocessor, "tifa_annotate", 1)


def makeExtension(**kwargs) -> AnnotateExtension:  # noqa: N802 (Python-Markdown's hook name)
    """Entry point used by Python-Markdown when the extension is named ``tifa.annotate``."""
    return AnnotateExtension(**kwargs)
