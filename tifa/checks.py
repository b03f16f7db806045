"""Checks: the English uses each term's rendering and states the Chinese figures; every glossary
entry is used; candidate formulations without an entry are listed for editors."""

from __future__ import annotations

import re
from functools import partial

from .errors import Problem, error, warning
from .figures import english_has, find_figures
from .model import QUOTED, REPORT_LINK, Candidate, GlossaryEntry, Site
from .pagecache import Memo

# A numbered formulation is a small numeral, a measure word and a short name: 两个确立, 四个意识,
# 五大理念, 八项规定, 十个明确. Not one (一个五年计划), not inside a larger number or after 第,
# and not when the name holds a numeral or starts with a function word (二个百分点, 四条又规定).
_NUMBERED = re.compile(r"(?<![一二两三四五六七八九十百千万第\d])(?:十[一二三四五六七八九]?|"
                       r"[二两三四五六七八九])[个大项条种化](?P<name>[\u4e00-\u9fff]{1,4}?)"
                       r"(?=[”、，,。；;：:\s]|$)")
_NOT_A_NAME = re.compile(r"[一二两三四五六七八九十百千万亿零]|^[又和的是在了也都就并以对为等及与]")


def check_terms(site: Site, memo: Memo | None = None) -> list[Problem]:
    """A Chinese paragraph with a term whose English lacks that term's rendering; the terms
    each English text renders taken from ``memo`` where an earlier build found them."""
    by_slug = {e.slug: e for e in site.entries}
    problems = []
    for report in site.reports:
        for p in (p for s in report.sections for p in s.visible if p.en):
            find = partial(rendered_terms, site, p.en)
            have = set(memo.get(f"terms\0{p.en}", find) if memo else find())
            for slug in dict.fromkeys(o.slug for o in site.terms_in(report.slug, p.pid)):
                if slug not in have:
                    entry = by_slug[slug]
                    problems.append(warning(
                        p.path, p.line, f"{p.pid}: the Chinese has {entry.zh} but the English "
                        f"lacks its rendering '{entry.en}'",
                        f"use the rendering, or add an accepted one to en_variants in "
                        f"content/glossary/{slug}.md"))
    return problems


def rendered_terms(site: Site, en: str) -> list[str]:
    """The glossary terms an English text renders (their slugs, sorted)."""
    return sorted({m.slug for m in site.en.find(en)})


def unused(site: Site) -> list[GlossaryEntry]:
    """Glossary entries that match nothing in any report."""
    return [e for e in site.entries if not site.count(e.slug)]


def check_unused(site: Site) -> list[Problem]:
    """A local glossary entry (provincial, municipal, district) that matches nothing in any
    report: it was written for a report, so its zh is probably mistyped. National entries may
    wait for the report that uses them; the editors' page lists them."""
    if not site.reports:
        return []
    return [warning(e.path, 1, f"the entry {e.zh} matches nothing in the reports",
                    "check the zh and variants against the text, or delete the entry")
            for e in unused(site) if e.scope != "national"]


def check_figures(site: Site, memo: Memo | None = None) -> list[Problem]:
    """A figure in the Chinese whose value the English paragraph does not state; what each
    paragraph lacks taken from ``memo`` where an earlier build found it."""
    problems = []
    for report in site.reports:
        for p in (p for s in report.sections for p in s.visible if p.en):
            find = partial(missing_figures, p.pid, p.zh, p.en)
            for span, core in memo.get(f"figures\0{p.zh}\0{p.en}", find) if memo else find():
                problems.append(warning(p.path, p.line, f"{p.pid}: the Chinese has {span} "
                                        f"but the English does not say '{core}'",
                                        "write the exact value (亿 = 100 million, "
                                        "万 = 10,000)"))
    return problems


def missing_figures(pid: str, zh: str, en: str) -> list[list[str]]:
    """The figures of a paragraph's Chinese that its English does not state: each one's span
    and core rendering, in order (the same whatever the paragraph's id ``pid``)."""
    return [[f.span, f.core] for f in find_figures(pid, zh) if not english_has(f, en)]


def check_notes(site: Site) -> list[Problem]:
    """A glossary note must name a report of the digest, and one in which the term occurs."""
    slugs = sorted(r.slug for r in site.reports)
    problems = []
    for entry in site.entries:
        where = {o.report for o in site.concordance.get(entry.slug, [])}
        for note in entry.notes:
            if note.report not in slugs:
                problems.append(error(entry.path, note.line, f"notes: unknown report "
                                      f"'{note.report}'", "key each note by a report's slug; "
                                      f"known reports: {', '.join(slugs) or 'none'}"))
            elif note.report not in where:
                problems.append(warning(entry.path, note.line, f"notes: {entry.zh} does not "
                                        f"occur in the report '{note.report}'",
                                        "delete the note, or check the term's zh and variants"))
    return problems


def check_status(site: Site) -> list[Problem]:
    """English paragraphs whose Chinese changed since they were written."""
    return [warning(p.path, p.line, f"{p.pid}: the Chinese changed since this English was "
                    "written (status=stale)", "revise the English, then set status=translated")
            for r in site.reports for s in r.sections for p in s.paragraphs
            if p.status == "stale"]


def check_site(site: Site, memo: Memo | None = None) -> list[Problem]:
    """Every check, as warnings (errors under --strict); with ``memo`` (made for this glossary's
    names and forms), the figures and terms found in each paragraph by an earlier build are
    not looked for again."""
    return (check_links(site) + check_terms(site, memo) + check_unused(site)
            + check_figures(site, memo) + check_notes(site) + check_status(site))


def _formulations(text: str) -> list[tuple[int, int]]:
    """Where quoted phrases and numbered formulations stand in a paragraph."""
    numbered = [m.span() for m in _NUMBERED.finditer(text) if not _NOT_A_NAME.search(m["name"])]
    return [m.span(1) for m in QUOTED.finditer(text)] + numbered


def candidates(site: Site) -> list[Candidate]:
    """Quoted phrases and numbered formulations (X个Y) not covered by any glossary entry, each
    where it is first seen in each report, in report and reading order."""
    found: dict[tuple[str, str], Candidate] = {}
    for report in site.reports:
        for s in report.sections:
            for p in s.visible:
                covered = [(o.start, o.end) for o in site.terms_in(report.slug, p.pid)]
                for start, end in _formulations(p.zh):
                    if not any(a <= start and end <= b for a, b in covered):
                        found.setdefault((report.slug, p.zh[start:end]),
                                         Candidate(p.zh[start:end], report.slug, s.key, p.pid))
    return sorted(found.values(), key=lambda c: (c.report, int(c.pid[1:]) if c.pid[1:].isdigit()
                                                 else 0, c.text))


def _texts_with_links(site: Site):
    """Every editor-written Markdown text that may link to a report, with where it stands."""
    for report in site.reports:
        if report.digest:
            text = report.digest.summary + "\n" + "\n".join(report.digest.takeaways)
            yield report.digest.path, 1, text
        for section in report.sections:
            yield section.path, 1, section.summary
            for p in section.paragraphs:
                yield p.path, p.en_line or p.line, p.en
    for entry in site.entries:
        yield entry.path, 1, "\n".join([entry.definition, entry.explanation])


def check_links(site: Site) -> list[Problem]:
    """Links written as ``[text](report:<slug>)`` or ``(report:<slug>#p12)`` must resolve."""
    anchors = {(r.slug, p.pid) for r in site.reports for p in r.paragraphs}
    slugs = {r.slug for r in site.reports}
    problems = []
    for path, line, text in _texts_with_links(site):
        for match in REPORT_LINK.finditer(text):
            slug, pid = match.group(1), match.group(2)
            where = line + text.count("\n", 0, match.start())
            if slug not in slugs:
                problems.append(error(path, where, f"unknown report '{slug}' in a link",
                                      f"known reports: {', '.join(sorted(slugs))}"))
            elif pid and (slug, pid) not in anchors:
                problems.append(error(path, where, f"report '{slug}' has no paragraph '{pid}'",
                                      "link to an existing paragraph ID, e.g. report:slug#p12"))
    return problems
