"""Resolve: put reports and glossary together, once per build — the matchers, the concordance
(every occurrence of every term, by term and by paragraph) and the gloss cards."""

from __future__ import annotations

import markdown
import nh3

from .annotate import matchers, occurrences
from .model import Card, GlossaryEntry, Occurrence, Report, Site

CARD_TAGS = {"p", "em", "strong", "code", "a"}


def resolve(reports: list[Report], entries: list[GlossaryEntry]) -> Site:
    """The site: matchers, concordance and gloss cards for a set of reports and a glossary."""
    zh, en = matchers(entries)
    found = occurrences(reports, zh)
    concordance: dict[str, list[Occurrence]] = {}
    in_paragraph: dict[tuple[str, str], list[Occurrence]] = {}
    for occ in found:
        concordance.setdefault(occ.slug, []).append(occ)
        in_paragraph.setdefault((occ.report, occ.pid), []).append(occ)
    site = Site(reports, entries, zh, en, concordance, in_paragraph)
    site.cards = {c.slug: c for c in cards(site)}
    return site


def safe_html(text: str) -> str:
    """Markdown from an editor turned into HTML that keeps only harmless tags."""
    html = markdown.markdown(text)
    return nh3.clean(html, tags=CARD_TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https"})


def cards(site: Site) -> list[Card]:
    """The gloss-card data of every entry."""
    return [Card(e.slug, e.zh, e.pinyin, e.en, safe_html(e.definition), site.count(e.slug),
                 {n.report: {"en": safe_html(n.en), "zh": safe_html(n.zh) if n.zh else ""}
                  for n in e.notes},
                 safe_html(e.definition_zh) if e.definition_zh else "")
            for e in site.entries]
