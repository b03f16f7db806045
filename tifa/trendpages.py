"""Pages across reports: what changed in a report since the previous one of its series (a block
on its home page), a comparison page per pair of consecutive reports, and the timeline of the
site's home. They read the ``series`` stage's dataclasses (``model.Trends``) and write HTML;
the numbers are counts and counts per 10,000 characters (``model.PER``)."""

from __future__ import annotations

from typing import Callable

from .charts import Line, Point, timeline, year_of
from .i18n import Interface
from .markup import heading, report_title, section_title, series_name, text_html, zh_span
from .model import (
    MARKED_DIFFERENCE,
    MARKED_RATIO,
    Change,
    Comparison,
    GlossaryEntry,
    Href,
    Locate,
    Made,
    Page,
    PageRef,
    Part,
    Report,
    Section,
    Site,
    Trends,
)

LISTED = 30
"""At most this many terms per list on a report's home; the comparison page has them all."""
PLACES = 3
"""A quoted formulation links to at most this many of its paragraphs."""
STATUSES = ("new", "dropped", "rising", "falling")


def status_labels(ui: Interface) -> dict[str, str]:
    """The kinds of change with their labels in the interface language."""
    return {"new": ui._("New"), "dropped": ui._("Dropped"),
            "rising": ui._("Markedly more frequent"), "falling": ui._("Markedly less frequent"),
            "": ui._("About the same")}


def markedly_note(ui: Interface) -> str:
    """What 'markedly' means, for readers."""
    return ui._("Counts are compared per 10,000 characters of each report. “Markedly” more or "
                "less frequent means at least %(ratio)s times as often (or as rarely) and a "
                "difference of at least %(diff)s occurrences.") % {
        "ratio": f"{MARKED_RATIO:g}", "diff": MARKED_DIFFERENCE}


class _Context:
    """What the writers of one interface share: the site, the trends, the language, links
    (``locate``: where a term's row or lines of a report are)."""

    def __init__(self, site: Site, trends: Trends, ui: Interface, href: Href,
                 locate: Locate) -> None:
        self.site, self.trends, self.ui, self.href = site, trends, ui, href
        self.locate = locate
        self.reports = {r.slug: r for r in site.reports}
        self.entries: dict[str, GlossaryEntry] = {e.slug: e for e in site.entries}

    def title(self, slug: str) -> str:
        return report_title(self.reports[slug], self.ui)

    def label(self, change: Change, link: str = "") -> str:
        """A term as HTML: its Chinese (linked to ``link`` when given) and its English
        rendering."""
        if change.kind == "quoted":
            return zh_span(f"“{change.key}”")
        entry, zh = self.entries[change.key], zh_span(self.entries[change.key].zh)
        zh = f'<a href="{link}">{zh}</a>' if link else zh
        return f"{zh} <small>{text_html(entry.en)}</small>"

    def occurrences(self, change: Change, comparison: Comparison, base: PageRef) -> str:
        """Links to a change's occurrences: in the newer report, or in the older one if it was
        dropped."""
        slug = comparison.older if change.status == "dropped" else comparison.newer
        if change.kind == "term":
            link = self.href(*self.locate(change.key, slug, "lines"), base)
            label = self.ui._("occurrences")
            return f'<a href="{link}">{text_html(label)}</a>'
        places = self.trends.tallies[slug].quoted_at.get(change.key, [])[:PLACES]
        return " ".join(f'<a href="{self.href(PageRef("reader", slug, key), pid, base)}">¶{pid}</a>'
                        for key, pid in places)

    def counts(self, change: Change) -> str:
        ui = self.ui
        return (f"{ui.format_count(change.before)} → {ui.format_count(change.after)} "
                f"({ui.format_rate(change.rate_before)} → {ui.format_rate(change.rate_after)} "
                + text_html(ui._("per 10,000 characters")) + ")")


def what_changed(report: Report, site: Site, trends: Trends, ui: Interface, href: Href,
                 locate: Locate) -> tuple[Part, ...]:
    """The block on a report's home: its series, and against the previous report of the series
    the terms and quoted formulations that are new, dropped, or markedly more or less frequent,
    each linked to its occurrences."""
    comparison = trends.comparisons.get(report.slug)
    key = trends.series_of.get(report.slug)
    if key is None:
        return ()
    c, base = _Context(site, trends, ui, href, locate), PageRef("report", report.slug)
    series = next(s for s in trends.series if s.key == key)
    out: list[Part] = [heading(2, ui._("In its series"), "series"),
                       f"<p>{text_html(series_name(series, ui))} "
                       f'<small>(<code>{text_html(series.key)}</code>)</small></p>']
    nearby = [(ui._("Previous report"), comparison.older if comparison else None),
              (ui._("Next report"), trends.following(report.slug))]
    links = [f'{text_html(label)}: <a href="{href(PageRef("report", slug), "", base)}">'
             f"{text_html(c.title(slug))}</a>" for label, slug in nearby if slug]
    out += ['<p class="tifa-inline-links">' + " · ".join(links) + "</p>"] if links else []
    if comparison is None:
        first = ui._("This is the first report of its series.")
        out.append(f"<p>{text_html(first)}</p>")
        return tuple(out)
    compare = href(PageRef("compare", report.slug), "", base)
    out.append(heading(3, ui._("What changed since %(report)s") % {"report": c.title(
        comparison.older)}))
    label = ui._("Compare the two reports")
    out.append(f'<p class="tifa-note">{text_html(markedly_note(ui))} '
               f'<a href="{compare}">{text_html(label)}</a></p>')
    labels, by_status = status_labels(ui), {s: comparison.having(s) for s in STATUSES}
    for status, changes in by_status.items():
        if not changes:
            continue
        items = "".join(f"<li>{c.label(ch)} <span class=\"tifa-count\">{c.counts(ch)}</span> "
                        f"{c.occurrences(ch, comparison, base)}</li>" for ch in changes[:LISTED])
        more = ""
        if len(changes) > LISTED:
            more = (f'<p><a href="{compare}">' + text_html(ui._("and %(n)s more") % {
                "n": ui.format_count(len(changes) - LISTED)}) + "</a></p>")
        title = f"{text_html(labels[status])} ({ui.format_count(len(changes))})"
        out.append(f'<h4 id="changed-{status}">{title}</h4>\n'  # one element a line, as
                   f'<ul class="tifa-changes">{items}</ul>' + "\n" * bool(more) + more)  # before
    if not any(by_status.values()):
        none = ui._("No glossary term or quoted formulation changed markedly.")
        out.append(f"<p>{text_html(none)}</p>")
    return tuple(out)


def _count_cell(count: int, rate: float, ui: Interface) -> str:
    return f"<td>{ui.format_count(count)} <small>{ui.format_rate(rate)}</small></td>"


def _row(change: Change, comparison: Comparison, c: _Context, base: PageRef,
         labels: dict[str, str]) -> str:
    """A term's row: a glossary term linked to its row of counts on its page, a quoted
    formulation with links to its paragraphs after its change."""
    label, status = c.label(change), text_html(labels[change.status])
    if change.kind == "term":
        slug = comparison.older if change.status == "dropped" else comparison.newer
        label = c.label(change, c.href(*c.locate(change.key, slug, "row"), base))
    else:
        status += " " + c.occurrences(change, comparison, base)
    return (f'<tr><th scope="row">{label}</th>'
            + _count_cell(change.before, change.rate_before, c.ui)
            + _count_cell(change.after, change.rate_after, c.ui) + f"<td>{status}</td></tr>")


def _table(comparison: Comparison, c: _Context, base: PageRef) -> str:
    """Every term of both reports with its counts side by side; sortable by column where
    JavaScript runs (tifa.js adds the buttons and sorts by the text of the cells: ``data-sort``
    says how: as text, by the number a cell starts with, or in the order written), listed by
    change where it does not."""
    ui, labels = c.ui, status_labels(c.ui)
    changes = [ch for status in STATUSES + ("",) for ch in comparison.having(status)]
    older, newer = (c.reports[slug].meta for slug in (comparison.older, comparison.newer))
    heads = ((ui._("Term or formulation"), "text"), (older.date, "number"),
             (newer.date, "number"), (ui._("Change"), "order"))
    head = "".join(f'<th scope="col" data-sort="{how}">{text_html(text)}</th>'
                   for text, how in heads)
    rows = [_row(ch, comparison, c, base, labels) for ch in changes]
    caption = ui._("Glossary terms and quoted formulations (“…”) in %(older)s (%(older_date)s) "
                   "and %(newer)s (%(newer_date)s): each count, and in small type the count per "
                   "10,000 characters.") % {
        "older": c.title(comparison.older), "older_date": older.date,
        "newer": c.title(comparison.newer), "newer_date": newer.date}
    return (f'<div class="tifa-table-wrap"><table class="tifa-table tifa-sortable tifa-counts">'
            f"<caption>{text_html(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _column(report: Report, section: Section, c: _Context, base: PageRef) -> str:
    reader = PageRef("reader", report.slug, section.key)
    link = c.href(reader, "", base)
    paragraphs = "".join(f'<p><a href="{c.href(reader, p.pid, base)}">'
                         f"¶{p.pid}</a> {text_html(p.zh)}</p>" for p in section.visible
                         if p.kind != "title")
    return (f'<div class="tifa-side" lang="zh-Hans"><p class="tifa-side-head"><a href="{link}">'
            f"{text_html(c.title(report.slug))} · {text_html(section_title(section, 'zh'))}</a></p>"
            f"{paragraphs}</div>")


def _sections(comparison: Comparison, c: _Context, base: PageRef) -> tuple[Part, ...]:
    """The sections of the two reports side by side where their headings match, each pair
    folded (``details``) so that the page can be scanned; then those without a partner."""
    older, newer = c.reports[comparison.older], c.reports[comparison.newer]
    old_sections = {s.key: s for s in older.sections}
    new_sections = {s.key: s for s in newer.sections}
    out = []
    for old_key, new_key in comparison.sections:
        a, b = old_sections[old_key], new_sections[new_key]
        summary = f"{zh_span(section_title(a, 'zh'))} ↔ {zh_span(section_title(b, 'zh'))}"
        english = section_title(b, "en")
        if c.ui.lang != "zh" and english != section_title(b, "zh"):
            summary += f" <small>{text_html(english)}</small>"
        out.append(f'<details class="tifa-match"><summary>{summary}</summary>'
                   f'<div class="tifa-sides">{_column(older, a, c, base)}'
                   f"{_column(newer, b, c, base)}</div></details>\n")
    paired_old = {o for o, _n in comparison.sections}
    paired_new = {n for _o, n in comparison.sections}
    for report, paired in ((older, paired_old), (newer, paired_new)):
        alone = [s for s in report.sections if s.key not in paired]
        if alone:
            links = [(c.href(PageRef("reader", report.slug, s.key), "", base), s) for s in alone]
            items = "".join(f'<li><a href="{link}">{zh_span(section_title(s, "zh"))}</a></li>'
                            for link, s in links)
            text = c.ui._("Only in %(report)s") % {"report": c.title(report.slug)}
            out.append(f"<h3>{text_html(text)}</h3>\n<ul>{items}</ul>\n")
    return heading(2, c.ui._("Sections side by side"), "sections"), "".join(out).rstrip("\n")


def _compare_page(comparison: Comparison, c: _Context) -> Page:
    """The comparison of a report with the previous one of its series: every term's counts
    side by side, and the sections whose headings match."""
    ui, href, me = c.ui, c.href, PageRef("compare", comparison.newer)
    title = ui._("%(older)s and %(newer)s compared") % {"older": c.title(comparison.older),
                                                        "newer": c.title(comparison.newer)}
    links = " · ".join(f'<a href="{href(PageRef("report", slug), "", me)}">'
                       f"{text_html(c.title(slug))}</a>" for slug in (comparison.older,
                                                                   comparison.newer))
    body = (heading(1, title, "compare"), f"<p>{links}</p>",
            f'<p class="tifa-note">{text_html(markedly_note(ui))}</p>',
            heading(2, ui._("Terms in both reports"), "terms"), _table(comparison, c, me),
            *_sections(comparison, c, me))
    return Page(me, title, body, description=title)


def compare_pages(site: Site, trends: Trends, ui: Interface, href: Href,
                  locate: Locate, each: Callable[[Comparison, Made], list[Page]]
                  = lambda _c, make: make()) -> list[Page]:
    """One comparison page per pair of consecutive reports in a series, each made through
    ``each`` (the build's cache of pages)."""
    c = _Context(site, trends, ui, href, locate)
    return [page for comparison in trends.comparisons.values()
            for page in each(comparison, lambda comparison=comparison:
                             [_compare_page(comparison, c)])]


def home_timeline(site: Site, trends: Trends, ui: Interface) -> tuple[Part, ...]:
    """The site home's timeline: the dated reports on a time axis, one row per series, and the
    series as a table (first and last date, number of reports)."""
    if not trends.series:
        return ()
    reports = {r.slug: r for r in site.reports}
    lines, rows = [], []
    for s in trends.series:
        line = Line(series_name(s, ui))
        for slug in s.reports:
            meta = reports[slug].meta
            line.points.append(Point(year_of(meta.date), 0,
                                     f"{report_title(reports[slug], ui)} ({meta.date})"))
        lines.append(line)
        first, last = (reports[slug].meta.date for slug in (s.reports[0], s.reports[-1]))
        rows.append(f'<tr><th scope="row">{text_html(line.name)}</th>'
                    f"<td>{text_html(ui.format_day(first))}</td><td>{text_html(ui.format_day(last))}"
                    f'</td><td class="tifa-num">{ui.format_count(len(s.reports))}</td></tr>')
    label, caption = ui._("The reports on a time axis, one row per series"), ui._("The series")
    head = "".join(f'<th scope="col">{text_html(c)}</th>' for c in (
        ui._("Series"), ui._("First report"), ui._("Latest report"), ui._("Reports")))
    return (heading(2, ui._("Timeline"), "timeline"),
            f'<figure class="tifa-figure">{timeline(lines, label)}'
            f"<figcaption>{text_html(label)}</figcaption></figure>\n"
            f'<div class="tifa-table-wrap"><table class="tifa-table"><caption>'
            f"{text_html(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")
