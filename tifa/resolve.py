"""Resolve: put reports and glossary together — matchers, the concordance, gloss-card data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import markdown
import nh3

from .annotate import Card, Matcher, Occurrence, matchers, occurrences, term_rows
from .glossary import GlossaryEntry
from .model import Report

CARD_TAGS = {"p", "em", "strong", "code", "a"}


@dataclass
class Site:
    """Everything the pages are made from."""

    reports: list[Report]
    entries: list[GlossaryEntry] = field(default_factory=list)
    zh: Matcher | None = None
    en: Matcher | None = None
    concordance: dict[str, list[Occurrence]] = field(default_factory=dict)

    @property
    def by_zh(self) -> dict[str, GlossaryEntry]:
        """Entries by every written form (headword and variants)."""
        return {form: e for e in self.entries for form in e.forms}

    def count(self, slug: str) -> int:
        """How many times a term occurs across all reports."""
        return len(self.concordance.get(slug, []))


def resolve(reports: list[Report], entries: list[GlossaryEntry]) -> Site:
    """Build the matchers and the concordance for a set of reports and a glossary."""
    zh, en = matchers(term_rows(entries))
    return Site(reports, entries, zh, en, occurrences(reports, zh))


def safe_html(text: str) -> str:
    """Markdown from an editor turned into HTML that keeps only harmless tags."""
    html = markdown.markdown(text)
    return nh3.clean(html, tags=CARD_TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https"})


def cards(site: Site) -> list[Card]:
    """The gloss-card data of every entry."""
    return [Card(e.slug, e.zh, e.pinyin, e.en, safe_html(e.definition), site.count(e.slug),
                 {n.report: {lang: safe_html(n.text(lang)) for lang in ("en", "zh")}
                  for n in e.notes})
            for e in site.entries]


def annotator_data(site: Site) -> dict:
    """The JSON the annotator extension reads: matching terms and gloss cards."""
    return {"terms": term_rows(site.entries), "cards": [asdict(c) for c in cards(site)]}
