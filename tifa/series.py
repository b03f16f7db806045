"""Series: reports grouped by issuer and document type, what each report says how often, and
what changed from one report of a series to the next.

A report's series is the ``series`` field of its metadata when an editor set one, else a name
made from its issuer and document type (``series_key``). A series is ordered by date; a report
without a date cannot be placed and is left out (with a warning). For every report the stage
counts each glossary term (from the concordance) and each quoted formulation (“…” not covered
by a glossary term), and the report's length in characters, so that counts compare as rates per
10,000 characters. Consecutive reports of a series are compared (``Comparison``): a term is
*new* when the older report lacks it, *dropped* when the newer one does, and *rising* or
*falling* when its rate changed markedly (``markedly``). Matching section headings pair the
sections of the two reports. Nothing here renders; the pages read these dataclasses.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from .errors import Problem, warning
from .guard import MAX_NAME
from .model import QUOTED, Change, Comparison, Report, Section, Series, Site, Tally, Trends

HEADING_MATCH = 80
"""Normalised headings with a rapidfuzz ratio at least this high are taken as the same."""

_ORDINAL = re.compile(r"^(?:第?[一二三四五六七八九十百零〇]+(?:部分|篇|章)?[、，,.．\s]*|"
                      r"[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_NOISE = re.compile(r"[\s\u3000“”\"'‘’：:，,。、；;！？!?（）()《》—-]+")
_DIGITS = re.compile(r"\d+|[一二三四五六七八九十〇零]{2,}(?=年)")


def _name_part(text: str) -> str:
    """Text as part of a safe name: Chinese as toneless pinyin, accents dropped, lower case."""
    words = lazy_pinyin(unicodedata.normalize("NFKD", text))
    ascii_text = "-".join(words).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def series_key(report: Report) -> str:
    """The series a report belongs to: the editor's ``series``, else its issuer (Chinese name,
    or English) and document type made into a safe name; a report that names neither is a
    series of its own."""
    meta = report.meta
    if meta.series:
        return meta.series
    issuer = meta.issuer_zh or meta.issuer_en
    if not issuer or not meta.doc_type:
        return report.slug
    key = f"{_name_part(issuer)}-{_name_part(meta.doc_type)}"
    return key[:MAX_NAME].strip("-") or report.slug


def group(reports: list[Report]) -> tuple[list[Series], list[Problem]]:
    """The series of a digest, each ordered by date (then slug); undated reports are left out
    with a warning."""
    members: dict[str, list[Report]] = {}
    problems = []
    for report in reports:
        if not report.meta.date:
            problems.append(warning(report.meta.path or report.path, None,
                                    "the report has no date: it is left out of its series, the "
                                    "comparisons and the timeline",
                                    "add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY)"))
            continue
        members.setdefault(series_key(report), []).append(report)
    found = []
    for key, group_reports in members.items():
        group_reports.sort(key=lambda r: (r.meta.date, r.slug))
        newest = group_reports[-1].meta
        found.append(Series(key, newest.issuer_zh, newest.issuer_en, newest.doc_type,
                            tuple(r.slug for r in group_reports)))
    found.sort(key=lambda s: (s.issuer_en or s.issuer_zh or s.key, s.key))
    return found, problems


def tally(report: Report, site: Site) -> Tally:
    """Count a report's characters, glossary terms and quoted formulations (visible paragraphs
    only; a quoted phrase that is a glossary term counts as the term)."""
    chars, quoted, quoted_at = 0, {}, {}
    for section in report.sections:
        for p in section.visible:
            chars += len("".join(p.zh.split()))  # str.split cuts at what str.isspace is
            covered = [(o.start, o.end) for o in site.terms_in(report.slug, p.pid)]
            for m in QUOTED.finditer(p.zh):
                if any(a <= m.start(1) and m.end(1) <= b for a, b in covered):
                    continue
                quoted[m.group(1)] = quoted.get(m.group(1), 0) + 1
                places = quoted_at.setdefault(m.group(1), [])
                if (section.key, p.pid) not in places:
                    places.append((section.key, p.pid))
    return Tally(report.slug, chars, {}, quoted, quoted_at)


def tallies(site: Site) -> dict[str, Tally]:
    """Every report's tally; term counts come from the concordance (no second scan)."""
    found = {r.slug: tally(r, site) for r in site.reports}
    for slug, occurrences in site.concordance.items():
        for occ in occurrences:
            terms = found[occ.report].terms
            terms[slug] = terms.get(slug, 0) + 1
    return found


def compare(older: Tally, newer: Tally) -> list[Change]:
    """Every glossary term and quoted formulation of either report, with both counts."""
    changes = []
    for kind, before, after in (("term", older.terms, newer.terms),
                                ("quoted", older.quoted, newer.quoted)):
        for key in sorted(before.keys() | after.keys()):
            b, a = before.get(key, 0), after.get(key, 0)
            changes.append(Change(kind, key, b, a, older.rate(b), newer.rate(a)))
    return changes


def heading_key(section: Section) -> str:
    """A section heading reduced for matching: no ordinal (一、 / （二） / 第三部分), no
    punctuation, every number (and year) the same; an untitled opening is ''."""
    title = section.title
    if title is None:
        return ""
    text = _ORDINAL.sub("", title.zh.strip())
    return _DIGITS.sub("#", _NOISE.sub("", text))


def match_sections(older: Report, newer: Report) -> list[tuple[str, str]]:
    """Pairs of sections (older key, newer key) whose headings match, in the newer report's
    order: the same normalised heading, else the closest one scoring ``HEADING_MATCH``. The
    two openings (first sections) pair when neither found a partner: one report may give its
    title as a heading where the other gives none."""
    free = {s.key: heading_key(s) for s in older.sections}
    pairs = []
    for section in newer.sections:
        key = heading_key(section)
        best = next((k for k, h in free.items() if h == key), None)
        if best is None and key:
            scored = [(fuzz.ratio(key, h), k) for k, h in free.items() if h]
            score, best = max(scored, default=(0, None))
            best = best if score >= HEADING_MATCH else None
        if best is not None:
            pairs.append((best, section.key))
            del free[best]
    first_old, first_new = older.sections[0].key, newer.sections[0].key
    if first_old in free and all(n != first_new for _o, n in pairs):
        pairs.insert(0, (first_old, first_new))
    return pairs


def trends(site: Site) -> tuple[Trends, list[Problem]]:
    """Group the reports into series, tally each and compare each with the one before it;
    the problems are warnings about reports that could not be placed."""
    series, problems = group(site.reports)
    counted = tallies(site)
    reports = {r.slug: r for r in site.reports}
    result = Trends(series, {}, counted, {})
    for s in series:
        for slug in s.reports:
            result.series_of[slug] = s.key
        for old, new in zip(s.reports, s.reports[1:]):
            result.comparisons[new] = Comparison(
                s.key, old, new, compare(counted[old], counted[new]),
                match_sections(reports[old], reports[new]))
    return result, problems
