"""Glossary pages: the index (by category and A–Z, with a filter box) and one page per term with
its frequency per report over time (a chart and a table) and its occurrences grouped by report,
each a keyword-in-context line beside its English paragraph. A term page is bounded whatever the
size of the digest: it charts the newest reports of the few series that used the term most
recently and shows the lines of the newest reports, each report's first few; a series shown in
part has its counts in all its reports on the term's pages of series (``term-series``: the
list of every series that uses the term, then a chart and a table per series, a bounded number of
rows a page), and the reports with more lines every line of them, several reports a page
(``term-report``: ``ReportParts``, at most ``REPORT_LINES`` occurrences a page). ``Places``
says where each report's row and lines of a term are, for every page that links to them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .charts import Line, Point, legend, line_chart, year_of
from .i18n import Interface
from .markup import (
    attr_html,
    heading,
    md_escape,
    nav_label,
    newest_first,
    plain,
    report_title,
    series_name,
    text_html,
    zh_span,
)
from .memory import align, en_sentences, zh_sentences
from .model import (
    Block,
    GlossaryEntry,
    Heading,
    Href,
    Made,
    Match,
    Occurrence,
    Page,
    PageRef,
    Paragraph,
    Part,
    Prose,
    Report,
    Series,
    Site,
    Trends,
)
from .safety import editor_markdown

PREVIEW = 5
"""How many occurrences per report a term page shows (a report with more has a page of its own
for the term)."""
NEWEST = 10
"""How many reports' lines a term page shows, the newest first (the table links to the rest)."""
SERIES_SHOWN = 6
"""How many series a term page charts (those that used the term most recently; one chart style
each); a page lists every series that uses it."""
SERIES_NEWEST = 10
"""How many reports of each series a term page charts, the newest; a series with more has a page
of the term's counts in all of them."""
SERIES_ROWS = 100
"""At most this many reports' rows on one page of a term's series (``SeriesParts``), so that no
page grows with the digest."""
PAGER_NEAR = 2
"""A page of a term's series or occurrences by report links to this many pages either side of
it (and to the first and the last)."""
REPORT_LINES = 60
"""At most this many occurrences on one page of a term's occurrences by report (``ReportParts``;
a report is never split, so one with more has a page to itself), so that no page grows with
the digest."""


def category_labels(ui: Interface) -> dict[str, str]:
    """The glossary categories with their labels in the interface language."""
    _ = ui._
    return {"ideology": _("Ideology and theory"), "party": _("Party building and discipline"),
            "development": _("Development strategy and economy"),
            "society": _("Social policy and governance"),
            "campaign": _("Plans, campaigns and targets"),
            "body": _("Bodies, meetings and offices"),
            "local": _("Local formulations and allusions")}


def scope_labels(ui: Interface) -> dict[str, str]:
    """The scopes of a term with their labels in the interface language."""
    _ = ui._
    return {"national": _("national"), "provincial": _("provincial"),
            "municipal": _("municipal"), "district": _("district")}


def _search_key(entry: GlossaryEntry) -> str:
    """What the filter box matches a query against: Chinese, toneless pinyin, English (a query
    with tone marks is matched against ``data-pinyin``, the toned pinyin, instead)."""
    parts = [entry.zh, *entry.variants, entry.pinyin_plain, entry.pinyin_plain.replace(" ", ""),
             *entry.renderings]
    return attr_html(" ".join(parts).lower())


def _index_item(entry: GlossaryEntry, count: int, href: Href) -> str:
    link = href(PageRef("term", term=entry.slug), "", PageRef("glossary"))
    return (f'<li class="tifa-gl-item" data-search="{_search_key(entry)}" '
            f'data-pinyin="{attr_html(entry.pinyin.lower())}">'
            f'<a href="{link}">{zh_span(entry.zh)}</a> '
            f'<span lang="zh-Latn-pinyin" class="tifa-pinyin">{text_html(entry.pinyin)}</span> — '
            f'<span lang="en">{text_html(entry.en)}</span> '
            f'<span class="tifa-count">({count})</span></li>')


def glossary_index(entries: list[GlossaryEntry], counts: dict[str, int], ui: Interface,
                   href: Href) -> Page:
    """The glossary index: a filter box, entries by category, then A–Z with letter jumps."""
    _ = ui._
    letters = sorted({e.pinyin_plain[:1].upper() for e in entries if e.pinyin_plain})
    jumps = " ".join(f'<a href="#az-{c.lower()}">{c}</a>' for c in letters)
    intro = ui.ngettext("%(n)s term, with its pinyin, English rendering and every place it occurs.",
                     "%(n)s terms, each with its pinyin, English rendering and every place it "
                     "occurs.", len(entries)) % {"n": ui.format_count(len(entries))}
    t = {"title": _("Glossary"), "filter": _("Filter"), "hint": _("中文, pinyin or English"),
         "none": _("No term matches."), "jump": _("Jump to letter")}
    head = (heading(1, t["title"]), f"<p>{intro}</p>",
            f'<div class="tifa-gl-filter"><label for="tifa-filter">{t["filter"]}</label> '
            '<input id="tifa-filter" type="search" autocomplete="off" '
            f'placeholder="{t["hint"]}" aria-controls="tifa-gl-lists">'
            f'<span class="tifa-gl-none" hidden="">{t["none"]}</span></div>',
            f'<nav class="tifa-gl-letters" aria-label="{t["jump"]}">{jumps}</nav>')
    out = ['<div id="tifa-gl-lists">\n']
    for key, label in category_labels(ui).items():
        group = [e for e in entries if e.category == key]
        if group:
            items = "".join(_index_item(e, counts.get(e.slug, 0), href) for e in group)
            out.append(f'<section class="tifa-gl-group"><h2 id="cat-{key}">{text_html(label)}</h2>'
                       f'<ul class="tifa-gl-list">{items}</ul></section>\n')
    out.append('<section class="tifa-gl-group tifa-gl-az"><h2 id="a-z">' + _("A–Z") + "</h2>")
    for letter in letters:
        group = [e for e in entries if e.pinyin_plain[:1].upper() == letter]
        items = "".join(_index_item(e, counts.get(e.slug, 0), href) for e in group)
        out.append(f'<h3 id="az-{letter.lower()}">{letter}</h3><ul class="tifa-gl-list">{items}'
                   "</ul>")
    out.append("</section>\n</div>")
    return Page(PageRef("glossary"), t["title"], (*head, "".join(out)),
                description=plain(intro))


def _facts(entry: GlossaryEntry, by_zh: dict[str, GlossaryEntry], ui: Interface,
           href: Href) -> str:
    _, me = ui._, PageRef("term", term=entry.slug)
    rows = [(_("Pinyin"), text_html(entry.pinyin)),
            (_("English"), f"<strong>{text_html(entry.en)}</strong>")]
    if entry.variants:
        rows.append((_("Also written"), " · ".join(zh_span(v) for v in entry.variants)))
    if entry.en_variants:
        rows.append((_("Other renderings"), "<br>".join(
            text_html(r.text) + (f" <small>({text_html(r.source)})</small>" if r.source else "")
            for r in entry.en_variants)))
    rows.append((_("Category"), text_html(category_labels(ui)[entry.category])))
    rows.append((_("Scope"), text_html(scope_labels(ui)[entry.scope])))
    if entry.related:
        links = [f'<a href="{href(PageRef("term", term=by_zh[r].slug), "", me)}">'
                 f"{zh_span(r)}</a> <small>{text_html(by_zh[r].en)}</small>"
                 for r in entry.related if r in by_zh]
        rows.append((_("Related"), " · ".join(links)))
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="tifa-meta">{items}</dl>'


def _sources(entry: GlossaryEntry, ui: Interface) -> tuple[Part, ...]:
    if not entry.sources:
        return ()
    lines = [f"- [{md_escape(s.title)}]({s.url})" if s.url else f"- {md_escape(s.title)}"
             for s in entry.sources]
    return heading(2, ui._("Sources")), Prose("\n".join(lines))


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Plain text as HTML with the spans ``[start, end)`` (in order, not overlapping) marked."""
    out, at = [], 0
    for start, end in spans:
        out += [text_html(text[at:start]), f"<mark>{text_html(text[start:end])}</mark>"]
        at = end
    return "".join(out + [text_html(text[at:])])


@dataclass(frozen=True)
class Bead:
    """One unit of a paragraph's alignment: Chinese ``[start, end)`` of the paragraph and the
    English sentence(s) aligned with it, as plain text with the terms found in it."""

    start: int
    end: int
    en: str
    terms: tuple[Match, ...] = ()


Split = tuple[list[tuple[int, int]], list[Bead] | None]
"""A paragraph's Chinese sentences as spans and its beads (``Lines.split``)."""


class Lines:
    """The sentence of each occurrence and the English aligned with it (``memory``'s
    Gale–Church alignment inside the paragraph), each paragraph split, aligned and searched for
    English terms once however many term pages show it; ``remember`` (the build's cache, given
    the paragraph's report and id and how to split it) may keep them from build to build."""

    def __init__(self, site: Site, remember: Callable[[tuple[str, str], Callable[[], Split]],
                                                      Split] = lambda _key, make: make()) -> None:
        self.site, self.remember = site, remember
        self.where = {(r.slug, p.pid): (s, p) for r in site.reports for s in r.sections
                      for p in s.paragraphs}
        self._beads: dict[tuple[str, str], Split] = {}

    def _english(self, text: str) -> Bead:
        text = plain(text)
        return Bead(0, 0, text, tuple(self.site.en.find(text)))

    def split(self, report: str, p: Paragraph) -> Split:
        """The paragraph's Chinese sentences as spans, and its beads (None when the English
        cannot be paired sentence by sentence; [] when there is no English)."""
        key = (report, p.pid)
        if key not in self._beads:
            self._beads[key] = self.remember(key, lambda: _split(p, self._english))
        return self._beads[key]

    def place(self, occ: Occurrence, p: Paragraph, slug: str) -> tuple[int, int, Bead | None,
                                                                        bool]:
        """Where an occurrence is shown: the Chinese span (its bead, else its sentence), the
        English of it (None when the paragraph has none), and whether that English is the whole
        paragraph's (the alignment is unsure, or puts the term's rendering elsewhere)."""
        sentences, beads = self.split(occ.report, p)
        bead = next((b for b in beads or [] if b.start <= occ.start < b.end), None)
        if bead is not None and (any(m.slug == slug for m in bead.terms) or not any(
                m.slug == slug for b in beads for m in b.terms)):
            return bead.start, bead.end, bead, False
        start, end = next((s for s in sentences if s[0] <= occ.start < s[1]), (0, len(p.zh)))
        if beads == []:
            return start, end, None, False
        return start, end, self._english(" ".join(b.en for b in beads) if beads
                                         else p.en_text), True

    def row(self, found: list[Occurrence], p: Paragraph, slug: str) -> tuple[str, str, bool]:
        """Occurrences shown in one place (``place``; one or more of one paragraph) as their
        Chinese with each of them marked and the English with the term's renderings marked
        ('' when there is none), and whether that English is the whole paragraph's."""
        start, end, english, whole = self.place(found[0], p, slug)
        marks = [o for o in self.site.terms_in(found[0].report, p.pid)
                 if o.slug == slug and start <= o.start < end] or found  # every one in the span
        zh = _marked(p.zh[start:end], [(o.start - start, o.end - start) for o in marks])
        if english is None:
            return zh, "", False
        return zh, _marked(english.en, [(m.start, m.end) for m in english.terms
                                        if m.slug == slug]), whole

    def rows(self, found: list[Occurrence], slug: str) -> list[tuple[Paragraph, str, str, bool]]:
        """The rows of some occurrences of one term in one report, in order: those shown in the
        same place (several in one sentence) share a row."""
        groups: list[tuple[Paragraph, tuple[int, int], list[Occurrence]]] = []
        for occ in found:
            p = self.where[(occ.report, occ.pid)][1]
            at = self.place(occ, p, slug)[:2]
            if groups and groups[-1][0] is p and groups[-1][1] == at:
                groups[-1][2].append(occ)
            else:
                groups.append((p, at, [occ]))
        return [(p, *self.row(group, p, slug)) for p, _at, group in groups]


def _split(p: Paragraph, english: Callable[[str], Bead]) -> Split:
    """Sentence spans of a paragraph's Chinese and its beads (see ``Lines.split``). The beads
    are None, and the English shown whole, when the Chinese has several sentences and the
    English one, or when no alignment leaves every sentence a partner."""
    spans, at = [], 0
    for sentence in zh_sentences(p.zh):
        at = p.zh.index(sentence, at)
        spans.append((at, at + len(sentence)))
        at += len(sentence)
    spans = spans or [(0, len(p.zh))]
    text = p.en_text
    en = en_sentences(text) if text else []
    if not en:
        return spans, []
    if len(spans) > 1 and len(en) == 1:
        return spans, None
    pairs = align([p.zh[a:b] for a, b in spans], en)
    if pairs is None:
        return spans, None
    beads, at = [], 0
    for zh, text in pairs:
        bead = english(text)
        beads.append(Bead(at, at + len(zh), bead.en, bead.terms))
        at += len(zh)
    return spans, beads


def _occurrence_rows(entry: GlossaryEntry, report: Report, found: list[Occurrence],
                     lines: Lines, ui: Interface, href: Href, me: PageRef) -> str:
    """A term's occurrences in one report as ready HTML (one raw block: a page may list
    hundreds): each the sentence of the Chinese with the English aligned with it."""
    whole_label = text_html(ui._("English of the whole paragraph:"))
    rows = []
    for p, zh, en, whole in lines.rows(found, entry.slug):
        section = lines.where[(report.slug, p.pid)][0]
        link = href(PageRef("reader", report.slug, section.key), p.pid, me)
        where = f'<a href="{link}">{text_html(nav_label(section, ui))} · ¶{p.pid}</a>'
        if whole:
            en = f'<small class="tifa-kwic-whole">{whole_label}</small> {en}'
        english = f'<p class="tifa-kwic-en" lang="en">{en}</p>' if en else ""
        rows.append(f'<div class="tifa-kwic-row"><p class="tifa-kwic-zh" lang="zh-Hans">{zh}'
                    f'</p>{english}<p class="tifa-kwic-where">{where}</p></div>')
    return '<div class="tifa-kwic">\n' + "\n".join(rows) + "\n</div>"


@lru_cache(maxsize=4096)
def _day(iso: str, ui: Interface) -> str:
    """A report's date as the interface writes it, escaped (Babel is slow, and the pages of a
    term's series repeat the same dates thousands of times)."""
    return text_html(ui.format_day(iso))


def _count_note(n: int, ui: Interface) -> str:
    return ui.ngettext("%(n)s occurrence", "%(n)s occurrences", n) % {"n": ui.format_count(n)}


def _by_report(site: Site, slug: str) -> dict[str, list[Occurrence]]:
    found: dict[str, list[Occurrence]] = {}
    for occ in site.concordance.get(slug, []):
        found.setdefault(occ.report, []).append(occ)
    return found


def _where(places: TermPlaces, report: str, found: list[Occurrence], ui: Interface,
           href: Href, me: PageRef, short: bool = False) -> str:
    """Links written on the page ``me`` to a term's occurrences in one report: to each of their
    paragraphs when there are at most ``PREVIEW``, else to the report's block on the pages of
    them all (``short``: "All 6", for a table cell)."""
    if len(found) > PREVIEW:
        link = href(*places.reports.at[report], me)
        text = (ui._("All %(n)s") if short else ui._("All %(n)s occurrences in this report")) % {
            "n": ui.format_count(len(found))}
        return f'<a href="{link}">{text_html(text)}</a>'
    places = dict.fromkeys((o.section, o.pid) for o in found)
    return " ".join(f'<a href="{href(PageRef("reader", report, key), pid, me)}">¶{pid}</a>'
                    for key, pid in places)


def _note(entry: GlossaryEntry, report: str, site: Site, ui: Interface) -> str:
    """The entry's note for one report, if it has one (the gloss card's, sanitised once)."""
    note = site.cards[entry.slug].note_html(report, ui.lang)
    label = ui._("In this report")
    return (f'<div class="tifa-report-note"><strong>{label}</strong> {note}</div>',) \
        if note else ()


def _shown(site: Site, by_report: dict[str, list[Occurrence]]) -> list[Report]:
    """The reports whose lines a term page shows: the ``NEWEST`` newest that use the term and
    any undated one."""
    using = [r for r in newest_first(site.reports) if r.slug in by_report]
    return using[:NEWEST] + [r for r in using[NEWEST:] if not r.meta.date]


def _report_head(entry: GlossaryEntry, report: Report, found: list[Occurrence], site: Site,
                 ui: Interface, level: int) -> tuple[str, ...]:
    """The heading of a report's lines of a term (its title, date and count; ``in-<slug>``)
    and the entry's note for that report."""
    date = f" <small>{_day(report.meta.date, ui)}</small>" if report.meta.date else ""
    return (f'<h{level} class="tifa-kwic-report" id="in-{report.slug}">'
            f"{text_html(report_title(report, ui))}{date} "
            f'<span class="tifa-count">({text_html(_count_note(len(found), ui))})</span>'
            f"</h{level}>", *_note(entry, report.slug, site, ui))


def _grouped(entry: GlossaryEntry, site: Site, lines: Lines, ui: Interface, href: Href,
             places: TermPlaces) -> list[str]:
    """The occurrences of the reports ``_shown``, each report's first ``PREVIEW`` lines with a
    link to the rest; every other report's occurrences are linked from the frequency table."""
    me, by_report = PageRef("term", term=entry.slug), _by_report(site, entry.slug)
    shown = _shown(site, by_report)
    note = ui._("The lines of the %(n)s newest reports; the frequency table links to the "
                "occurrences in every report.") % {"n": ui.format_count(NEWEST)}
    run = [f'<p class="tifa-note">{text_html(note)}</p>'] if len(shown) < len(by_report) else []
    out = []
    for report in shown:  # a run of elements, one a line, up to each report's heading
        found = by_report[report.slug]
        head, *report_note = _report_head(entry, report, found, site, ui, 3)
        out += ["\n".join([*run, head]), *report_note]
        run = [_occurrence_rows(entry, report, found[:PREVIEW], lines, ui, href, me)]
        if len(found) > PREVIEW:
            run.append(f'<p class="tifa-more">{_where(places, report.slug, found, ui, href, me)}'
                       "</p>")
    return out + ["\n".join(run)] * bool(run)


def _series_rows(entry: GlossaryEntry, s: Series, slugs: tuple[str, ...], site: Site,
                 trends: Trends, ui: Interface, href: Href, me: PageRef, places: TermPlaces,
                 titled: bool = True) -> tuple[Line, list[str]]:
    """The chart line and the table rows (newest first) of a term in some reports of a series,
    each report named by its title and date (``titled``), or, under its series' heading, by
    its date alone."""
    reports, by_report = {r.slug: r for r in site.reports}, _by_report(site, entry.slug)
    line, rows, per = Line(series_name(s, ui)), [], ui._("per 10,000 characters")
    for slug in reversed(slugs):
        tally, report = trends.tallies[slug], reports[slug]
        meta, title = report.meta, report_title(report, ui)
        count = tally.terms.get(entry.slug, 0)
        rate = ui.format_rate(tally.rate(count))
        line.points.insert(0, Point(year_of(meta.date), tally.rate(count),
                                    f"{meta.date}: {count} · {rate} {per}"))  # the row names it
        link = href(PageRef("report", slug), "", me)
        where = _where(places, slug, by_report[slug], ui, href, me, short=True) if count else ""
        name = f'<a href="{link}">{text_html(title)}</a> <small>{_day(meta.date, ui)}</small>' \
            if titled else f'<a href="{link}">{_day(meta.date, ui)}</a>'
        rows.append(f'<tr id="row-{slug}"><th scope="row">{name}</th>'
                    f"<td>{ui.format_count(count)}</td><td>{rate}</td><td>{where}</td></tr>")
    return line, rows


def _chart_and_table(entry: GlossaryEntry, lines: list[Line], rows: list[str],
                     ui: Interface) -> str:
    label = ui._("Occurrences of %(term)s per 10,000 characters in each report, by date") % {
        "term": entry.zh}
    head = "".join(f'<th scope="col">{text_html(c)}</th>' for c in (
        ui._("Report"), ui._("Occurrences"), ui._("per 10,000 characters"), ui._("Where")))
    caption = ui._("The same numbers as a table, newest report first")
    return (f'<div class="tifa-trend"><figure class="tifa-figure">{line_chart(lines, label)}'
            f"<figcaption>{text_html(label)}{legend(lines)}</figcaption></figure>"
            f'<div class="tifa-table-wrap"><table class="tifa-table tifa-counts"><caption>'
            f"{text_html(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</div></div>")


def _using(entry: GlossaryEntry, site: Site, trends: Trends) -> list[Series]:
    """The series that use a term, in the digest's order."""
    by_report = _by_report(site, entry.slug)
    return [s for s in trends.series if any(r in by_report for r in s.reports)]


def _charted(entry: GlossaryEntry, site: Site, trends: Trends) -> list[Series]:
    """The series a term page charts: the ``SERIES_SHOWN`` that used the term most recently,
    in the digest's order."""
    using, by_report = _using(entry, site, trends), _by_report(site, entry.slug)
    dates = {r.slug: r.meta.date for r in site.reports}
    recent = sorted(using, key=lambda s: max(dates[r] for r in s.reports if r in by_report),
                    reverse=True)[:SERIES_SHOWN]
    return [s for s in using if s in recent]


def _paged(entry: GlossaryEntry, site: Site, trends: Trends) -> list[Series]:
    """The series with a page of the term's counts: those the term page shows only in part."""
    charted = _charted(entry, site, trends)
    return [s for s in _using(entry, site, trends)
            if s not in charted or len(s.reports) > SERIES_NEWEST]


def _totals(entry: GlossaryEntry, site: Site, trends: Trends, ui: Interface, href: Href) -> str:
    """The summary above a bounded chart: how many reports and series use the term, and where
    the rest of the numbers are."""
    using, charted = _using(entry, site, trends), _charted(entry, site, trends)
    n_reports = len(_by_report(site, entry.slug))
    line = ui.ngettext("Used in %(reports)s report of %(series)s series.",
                       "Used in %(reports)s reports of %(series)s series.", n_reports) % {
        "reports": ui.format_count(n_reports), "series": ui.format_count(len(using))}
    if len(using) > len(charted):
        shown = ui._("The chart and the table show the %(n)s series that used it most recently.")
        link = href(PageRef("term-series", term=entry.slug), "", PageRef("term", term=entry.slug))
        line += " " + shown % {"n": ui.format_count(len(charted))}
        every = ui._("Every series that uses it")
        return (f'<p class="tifa-note">{text_html(line)} <a href="{link}">'
                f"{text_html(every)}</a></p>")
    return f'<p class="tifa-note">{text_html(line)}</p>'


def _frequency(entry: GlossaryEntry, site: Site, trends: Trends, ui: Interface,
               href: Href, places: TermPlaces) -> tuple[Part, ...]:
    """The term's frequency per report in the series that used it most recently (at most
    ``SERIES_SHOWN``, each with its newest ``SERIES_NEWEST`` reports): a chart and a table that
    also links to the occurrences in each report and to the pages of the series shown in part."""
    me, charted = PageRef("term", term=entry.slug), places.charted
    if not charted:
        return ()
    parts, lines, rows = places.series, [], []
    for s in charted:
        line, series_rows = _series_rows(entry, s, s.reports[-SERIES_NEWEST:], site, trends, ui,
                                         href, me, places)
        more = ""
        if s.key in parts.series_at:
            link = href(*parts.series_at[s.key], me)
            more = f' <a href="{link}">' + text_html(ui._("All %(n)s reports") % {
                "n": ui.format_count(len(s.reports))}) + "</a>"
        rows.append(f'<tr><th scope="colgroup" colspan="4">{text_html(line.name)}{more}</th></tr>')
        rows += series_rows
        lines.append(line)
    return (heading(2, ui._("Frequency by report"), "frequency"),
            _totals(entry, site, trends, ui, href), _chart_and_table(entry, lines, rows, ui))


@dataclass(frozen=True)
class Run:
    """A run of one series' reports (in date order) charted and tabled together on a page of a
    term's series, with its id there."""

    series: Series
    reports: tuple[str, ...]
    anchor: str


class SeriesParts:
    """The pages of a term's series: the series its term page shows in part (``_paged``), each
    a chart and a table, packed whole onto pages of at most ``SERIES_ROWS`` reports' rows while
    they fit, a longer series cut into runs of ``SERIES_ROWS`` (the newest first); the first
    page also lists every series that uses the term."""

    def __init__(self, entry: GlossaryEntry, site: Site, trends: Trends) -> None:
        self.slug, using = entry.slug, _using(entry, site, trends)
        self.parts: list[list[Run]] = []
        self.series_at: dict[str, tuple[PageRef, str]] = {}  # by key: its first run's page, id
        self.row_at: dict[str, tuple[PageRef, str]] = {}  # by report: its row's page and id
        rows = SERIES_ROWS
        for s in _paged(entry, site, trends):
            for k, end in enumerate(range(len(s.reports), 0, -SERIES_ROWS)):
                block = Run(s, s.reports[max(0, end - SERIES_ROWS):end],
                              f"s{using.index(s) + 1}" + (f"-{k + 1}" if k else ""))
                if rows + len(block.reports) > SERIES_ROWS:
                    self.parts.append([])
                    rows = 0
                self.parts[-1].append(block)
                rows += len(block.reports)
                ref = self.ref(len(self.parts) - 1)
                self.series_at.setdefault(s.key, (ref, block.anchor))
                self.row_at.update((slug, (ref, f"row-{slug}")) for slug in block.reports)

    def ref(self, n: int) -> PageRef:
        """The ``n``-th page (from 0)."""
        return PageRef("term-series", term=self.slug, part=str(n + 1) if n else "")


def _series_list(entry: GlossaryEntry, site: Site, trends: Trends, parts: SeriesParts,
                 ui: Interface, href: Href) -> str:
    """Every series that uses a term, with its totals, each linked to where its rows are."""
    me, by_report = parts.ref(0), _by_report(site, entry.slug)
    items = []
    for s in _using(entry, site, trends):
        using = [r for r in s.reports if r in by_report]
        target, anchor = parts.series_at.get(s.key, (PageRef("term", term=entry.slug),
                                                     f"row-{s.reports[-1]}"))
        note = ui._("%(used)s of %(n)s reports, %(occurrences)s") % {
            "used": ui.format_count(len(using)), "n": ui.format_count(len(s.reports)),
            "occurrences": _count_note(sum(len(by_report[r]) for r in using), ui)}
        items.append(f'<li><a href="{href(target, anchor, me)}">'
                     f"{text_html(series_name(s, ui))}</a> "
                     f"<small>{text_html(note)}</small></li>")
    return f'<ul class="tifa-series-list">{"".join(items)}</ul>'


def _block(entry: GlossaryEntry, block: Run, site: Site, trends: Trends, ui: Interface,
           href: Href, me: PageRef, places: TermPlaces) -> tuple[str, str]:
    name = text_html(series_name(block.series, ui))
    if len(block.reports) < len(block.series.reports):  # a run of a long series: its dates
        dates = {r.slug: r.meta.date for r in site.reports}
        name += f" · {_day(dates[block.reports[0]], ui)} – {_day(dates[block.reports[-1]], ui)}"
    line, rows = _series_rows(entry, block.series, block.reports, site, trends, ui, href, me,
                              places, titled=False)
    return f'<h2 id="{block.anchor}">{name}</h2>', _chart_and_table(entry, [line], rows, ui)


def _pager(ref: Callable[[int], PageRef], n: int, total: int, href: Href) -> str:
    """Links to the first, the last and the ``PAGER_NEAR`` either side of the ``n``-th (from
    0, in bold) of ``total`` pages of one kind, "…" where some are left out ('' for one page):
    a bounded number of links however many pages there are."""
    if total < 2:
        return ""
    me, out, last = ref(n), [], -1
    for k in sorted({0, total - 1, *range(max(0, n - PAGER_NEAR), min(total, n + PAGER_NEAR + 1))}):
        out += ["…"] if k > last + 1 else []
        out.append(f"<strong>{k + 1}</strong>" if k == n else
                   f'<a href="{href(ref(k), "", me)}">{k + 1}</a>')
        last = k
    return " · " + " · ".join(out)


def term_series_pages(entry: GlossaryEntry, site: Site, ui: Interface, href: Href,
                      trends: Trends, places: TermPlaces) -> list[Page]:
    """The pages of a term's series (``SeriesParts``), linked from the term page."""
    title, pages, parts = f"{entry.zh} · " + ui._("Every series that uses it"), [], places.series
    for n, blocks in enumerate(parts.parts):
        me = parts.ref(n)
        back = _back(PageRef("term", term=entry.slug), "frequency", me, ui, href)
        head = f"{title} ({n + 1}/{len(parts.parts)})" if n else title
        body: list[Part] = [heading(1, head), f'<p class="tifa-inline-links">{back}'
                            + _pager(parts.ref, n, len(parts.parts), href) + "</p>"]
        if n == 0:
            body.append(_series_list(entry, site, trends, parts, ui, href))
        body += [p for b in blocks for p in _block(entry, b, site, trends, ui, href, me, places)]
        pages.append(Page(me, head, tuple(body), description=head))
    return pages


def term_page(entry: GlossaryEntry, site: Site, by_zh: dict[str, GlossaryEntry], ui: Interface,
              href: Href, trends: Trends, lines: Lines | None = None,
              places: TermPlaces | None = None) -> Page:
    """The page of one glossary entry: its frequency per report over time and its occurrences
    grouped by report (the first few of each; the rest on the pages of them by report)."""
    found = site.concordance.get(entry.slug, [])
    places = places or TermPlaces(entry, site, trends)
    zh = (("lang", "zh-Hans"),)
    english: tuple[Part, ...] = (
        Prose(editor_markdown(entry.definition + "\n\n" + entry.explanation)),)
    chinese: tuple[Part, ...] = (
        Heading(2, "释义", attrs=zh),
        Block("div", zh, (Prose(editor_markdown(entry.explanation_zh)),))) \
        if entry.explanation_zh else ()
    return Page(PageRef("term", term=entry.slug), f"{entry.zh} · {entry.en}", (
        Heading(1, f"{zh_span(entry.zh)} <small>{text_html(entry.en)}</small>"),
        _facts(entry, by_zh, ui, href),
        *(chinese + english if ui.lang == "zh" else english + chinese),
        *_sources(entry, ui), *_frequency(entry, site, trends, ui, href, places),
        heading(2, _count_note(len(found), ui), "occurrences"),
        *_grouped(entry, site, lines or Lines(site), ui, href, places)),
        description=plain(entry.definition))


def _back(target: PageRef, anchor: str, me: PageRef, ui: Interface, href: Href) -> str:
    """The link back from one of a term's pages to where the term page (or its series' page)
    lists it."""
    label = ui._("Back to the term")
    return f'<a href="{href(target, anchor, me)}">{text_html(label)}</a>'


class ReportParts:
    """The pages of a term's occurrences by report: every report with more than ``PREVIEW``
    (those its term page shows in part or not at all), the oldest first and undated ones last,
    each whole under its heading (``in-<slug>``), packed onto pages of at most ``REPORT_LINES``
    occurrences — ``glossary/<term>/_reports/``, ``_reports/2/``, … A report added after the
    others changes only the last page."""

    def __init__(self, entry: GlossaryEntry, site: Site) -> None:
        self.slug, by_report = entry.slug, _by_report(site, entry.slug)
        self.parts: list[list[tuple[Report, list[Occurrence]]]] = []
        self.at: dict[str, tuple[PageRef, str]] = {}  # by report: its block's page and id
        lines = REPORT_LINES
        ordered = newest_first(site.reports)
        for report in [r for r in reversed(ordered) if r.meta.date] + [
                r for r in ordered if not r.meta.date]:
            found = by_report.get(report.slug, [])
            if len(found) <= PREVIEW:
                continue
            if lines + len(found) > REPORT_LINES:
                self.parts.append([])
                lines = 0
            self.parts[-1].append((report, found))
            lines += len(found)
            self.at[report.slug] = (self.ref(len(self.parts) - 1), f"in-{report.slug}")

    def ref(self, n: int) -> PageRef:
        """The ``n``-th page (from 0)."""
        return PageRef("term-report", term=self.slug, part=str(n + 1) if n else "")


class TermPlaces:
    """Where a term's row of counts and lines of each report are: on its term page, the pages
    of its series (``SeriesParts``) or its pages by report (``ReportParts``)."""

    def __init__(self, entry: GlossaryEntry, site: Site, trends: Trends) -> None:
        self.term = PageRef("term", term=entry.slug)
        self.charted = _charted(entry, site, trends)
        self.series, self.reports = SeriesParts(entry, site, trends), ReportParts(entry, site)
        self.dated = {r.slug for r in site.reports if r.meta.date}
        self.shown = {r.slug for r in _shown(site, _by_report(site, entry.slug))}

    def row(self, report: str) -> tuple[PageRef, str]:
        """The page and anchor of a report's row in a frequency table: on the term page, or on
        the pages of its series when the term page leaves it out (an undated report, in no
        series, has its lines on the term page instead)."""
        if report not in self.dated:
            return self.term, f"in-{report}"
        if report in self.series.row_at and not any(
                report in s.reports[-SERIES_NEWEST:] for s in self.charted):
            return self.series.row_at[report]
        return self.term, f"row-{report}"

    def lines(self, report: str) -> tuple[PageRef, str]:
        """The page and anchor of a report's occurrences: its lines on the term page, else its
        block on the pages by report, else (at most ``PREVIEW``, linked one by one) its row."""
        if report in self.shown:
            return self.term, f"in-{report}"
        return self.reports.at.get(report) or self.row(report)


class Places:
    """Every term's ``TermPlaces``, each made when first asked for (the report homes and the
    comparison pages link to a term's row or lines of a report)."""

    def __init__(self, site: Site, trends: Trends) -> None:
        self.site, self.trends = site, trends
        self.entries = {e.slug: e for e in site.entries}
        self._terms: dict[str, TermPlaces] = {}

    def of(self, term: str) -> TermPlaces:
        """The places of one term (by its slug)."""
        if term not in self._terms:
            self._terms[term] = TermPlaces(self.entries[term], self.site, self.trends)
        return self._terms[term]

    def __call__(self, term: str, report: str, what: str) -> tuple[PageRef, str]:
        """A term's row (``what`` "row") or lines ("lines") of one report (``model.Locate``)."""
        places = self.of(term)
        return places.row(report) if what == "row" else places.lines(report)


def term_report_pages(entry: GlossaryEntry, site: Site, ui: Interface, href: Href,
                      places: TermPlaces, lines: Lines | None = None) -> list[Page]:
    """The pages of a term's occurrences by report (``ReportParts``): each report's heading,
    note and every line of it, linked from the term page and its frequency tables."""
    parts, lines, pages = places.reports, lines or Lines(site), []
    title = f"{entry.zh} · " + ui._("Every occurrence, by report")
    intro = ui._("Every occurrence of %(term)s in each report with more than %(n)s, the oldest "
                 "report first.") % {"term": entry.zh, "n": ui.format_count(PREVIEW)}
    for n, blocks in enumerate(parts.parts):
        me = parts.ref(n)
        head = f"{title} ({n + 1}/{len(parts.parts)})" if n else title
        back = _back(places.term, "occurrences", me, ui, href)
        body: list[Part] = [heading(1, head), f'<p class="tifa-inline-links">{text_html(intro)} '
                            f"{back}" + _pager(parts.ref, n, len(parts.parts), href) + "</p>"]
        for report, found in blocks:
            body += _report_head(entry, report, found, site, ui, 2)
            body.append(_occurrence_rows(entry, report, found, lines, ui, href, me))
        pages.append(Page(me, head, tuple(body), description=plain(intro)))
    return pages


Each = Callable[[str, GlossaryEntry, list[Occurrence], Made], list[Page]]
"""How a group of a term's pages is made: its name, the entry, the occurrences whose lines it
shows and the pages to make (the build's cache of pages calls it only for groups it does not
hold)."""


def glossary_pages(site: Site, ui: Interface, href: Href, trends: Trends,
                   places: Places | None = None,
                   each: Each = lambda _group, _entry, _shown, make: make(),
                   lines: Lines | None = None) -> list[Page]:
    """The glossary index, one page per entry, the pages of its occurrences by report (where a
    report holds more than its page shows) and the pages of its series; each group of an entry's
    pages (its page, its pages by report, its series' pages) is made through ``each``, and the
    lines of a paragraph it shows from ``lines``."""
    counts = {e.slug: site.count(e.slug) for e in site.entries}
    by_zh, lines, places = site.by_zh, lines or Lines(site), places or Places(site, trends)
    pages = [glossary_index(site.entries, counts, ui, href)]
    for entry in site.entries:
        here, by_report = places.of(entry.slug), _by_report(site, entry.slug)
        shown = [o for r in _shown(site, by_report) for o in by_report[r.slug]]
        packed = [o for part in here.reports.parts for _report, found in part for o in found]
        pages += each(f"term:{entry.slug}", entry, shown, lambda entry=entry, here=here: [
            term_page(entry, site, by_zh, ui, href, trends, lines, here)])
        pages += each(f"term-reports:{entry.slug}", entry, packed,
                      lambda entry=entry, here=here: term_report_pages(entry, site, ui, href,
                                                                       here, lines))
        pages += each(f"term-series:{entry.slug}", entry, [],
                      lambda entry=entry, here=here: term_series_pages(entry, site, ui, href,
                                                                       trends, here))
    return pages
