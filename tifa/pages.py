"""Pages: every page of the reports and the editors' page as data (``model.Page``).

Bodies are Markdown with raw HTML blocks; every link comes from the renderer's ``href`` and
every interface string from the ``Interface`` passed in. Nothing here knows the renderer: it
decides files, front matter, escaping for its theme, and addresses.
"""

from __future__ import annotations

import re
from html import escape

from .figures import english_clause, find_figures, key_figures
from .i18n import Interface
from .markup import md_cell, md_escape, nav_label, plain, report_title, zh_span
from .memory import origin_refs, progress, untranslated
from .model import (
    REPORT_LINK,
    STATUSES,
    Candidate,
    Figure,
    GlossaryEntry,
    Href,
    NavItem,
    Page,
    PageRef,
    Paragraph,
    Report,
    Section,
    Site,
)
from .safety import editor_markdown


def _zh_markdown(p: Paragraph) -> str:
    if p.lead and p.lead_zh:
        return f"**{md_escape(p.lead_zh)}**{md_escape(p.zh[len(p.lead_zh):])}"
    return md_escape(p.zh)


def _side(lang: str, body: str, heading: bool) -> str:
    attr = 'lang="zh-Hans"' if lang == "zh" else 'lang="en"'
    body = f"# {body}" if heading else body
    return f'<div class="tifa-{lang}" {attr} markdown="1">\n\n{body}\n\n</div>'


def origin_note(p: Paragraph, ui: Interface) -> str:
    """For a draft reused from translation memory: where each part came from, for reviewers."""
    if not p.origin or p.status == "translated" or not p.en.strip():
        return ""
    refs = [f"{report} {pid} (" + (ui._("exact") if score == 100 else f"{score}%") + ")"
            for report, pid, score in origin_refs(p.origin)]
    label = ui._("Draft from translation memory:")
    return f'<p class="tifa-origin">{label} {escape(", ".join(refs))}</p>'


def paragraph_markdown(p: Paragraph, ui: Interface, report: str) -> str:
    """The Markdown of one paragraph pair, under its own anchor; ``report`` (its slug) lets the
    gloss cards show that report's notes. A paragraph with no English yet has its Chinese alone
    (class ``tifa-untranslated``): the page's status line says how far the English is."""
    missing = untranslated(p)
    kind = (f"tifa-{p.kind}" + (f" tifa-{p.status}" if p.status != "translated" else "")
            + (" tifa-untranslated" if missing else ""))
    en = editor_markdown(p.en if p.kind != "title" else p.en.lstrip("# "))
    note = origin_note(p, ui)
    link = ui._("Link to paragraph %(pid)s") % {"pid": p.pid}
    label = ui._("Cite")
    cite = ui._("Cite paragraph %(pid)s") % {"pid": p.pid}
    tools = (f'<div class="tifa-tools"><a class="tifa-anchor" href="#{p.pid}" '
             f'aria-label="{link}">¶</a><button type="button" class="tifa-cite" '
             f'aria-label="{cite}" hidden>{label}</button></div>')
    data = f'data-report="{escape(report, quote=True)}"'
    english = [] if missing else [_side("en", en + (f"\n\n{note}" if note else ""),
                                        p.kind == "title"), ""]
    return "\n".join([f'<div class="tifa-pair {kind}" id="{p.pid}" {data} markdown="1">', "",
                      _side("zh", _zh_markdown(p), p.kind == "title"), "", *english,
                      tools, "", "</div>", ""])


def translation_status(paragraphs: list[Paragraph], whole: str, ui: Interface) -> str:
    """A status line for a text whose English is not complete ("English in preparation: 12 of
    80 paragraphs translated", with a progress bar); empty when every paragraph has English
    (drafts count: readers see their English). ``whole`` names what is counted: "section" or
    "report"."""
    total = len(paragraphs)
    done = total - sum(untranslated(p) for p in paragraphs)
    if done == total:
        return ""
    counts = {"done": ui.format_count(done), "total": ui.format_count(total)}
    text = (ui._("English in preparation: %(done)s of %(total)s paragraphs of this report "
                 "translated.") if whole == "report" else
            ui._("English in preparation: %(done)s of %(total)s paragraphs of this section "
                 "translated.")) % counts
    bar = (f'<svg class="tifa-bar" viewBox="0 0 100 4" aria-hidden="true">'
           f'<line x1="0" y1="2" x2="100" y2="2"/>'
           f'<line class="tifa-bar-done" x1="0" y1="2" x2="{100 * done / total:.1f}" y2="2"/>'
           "</svg>")
    return f'<div class="tifa-progress" role="note"><p>{text}</p>{bar}</div>\n\n'


def reader_page(report: Report, section: Section, ui: Interface) -> Page:
    """The page of one section: every paragraph pair in order."""
    label = nav_label(section, ui)
    cite = f"{report.meta.title_en} ({report.meta.title_zh}), {label}"
    head = "" if section.title else f"# {label}\n\n"
    pairs = "\n".join(paragraph_markdown(p, ui, report.slug) for p in section.visible)
    return Page(PageRef("reader", report.slug, section.key), label,
                translation_status(section.visible, "section", ui) + head + pairs, cite=cite)


def _metadata_list(report: Report, ui: Interface) -> str:
    m = report.meta
    source = (f'<a href="{escape(m.source_url)}">{escape(m.source or m.source_url)}</a>'
              if m.source_url else escape(m.source))
    _ = ui._
    rows = [(_("Title"), f"{escape(m.title_en)}<br>{zh_span(m.title_zh)}"),
            (_("Issued by"), f"{escape(m.issuer_en)}<br>{zh_span(m.issuer_zh)}" if m.issuer_zh
             else escape(m.issuer_en)),
            (_("Date"), escape(ui.format_day(m.date)) + (f'<br><small>{escape(m.date_note)}</small>'
                                                      if m.date_note else "")),
            (_("Place"), f"{escape(m.place_en)}<br>{zh_span(m.place_zh)}" if m.place_zh
             else escape(m.place_en)),
            (_("Document type"), escape(m.doc_type)), (_("Source"), source)]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="tifa-meta">{items}</dl>\n\n'


def _digest(report: Report, ui: Interface) -> str:
    _ = ui._
    if report.digest is None:
        return ""
    takeaways = "\n".join(f"- {editor_markdown(t)}" for t in report.digest.takeaways)
    summary = editor_markdown(report.digest.summary)
    note = _("Written by the tifa editors; not part of the source.")
    digest, key = _("Digest"), _("Key takeaways")
    return (f"## {digest}\n\n<p class=\"tifa-note\">{note}</p>\n\n{summary}\n\n"
            + (f"### {key}\n\n{takeaways}\n\n" if takeaways else ""))


HOME_FIGURES = 4
"""How many key figures a report's home previews (its figures page lists them all)."""


def _figure_rows(report: Report, found: list[Figure], ui: Interface, href: Href,
                 base: PageRef, clauses: bool = True) -> str:
    """A table of figures: the Chinese clause (figure in bold), the English value, the clause of
    our translation that states it (unless ``clauses`` is false) and a link to the paragraph.
    On a phone its rows become blocks (``tifa-figtable``)."""
    where = {p.pid: (s, p) for s in report.sections for p in s.visible}
    rows = []
    for f in found:
        section, p = where[f.pid]
        at = f.context_zh.find(f.span)
        context = (md_cell(f.context_zh[:at]) + f"**{md_cell(f.span)}**"
                   + md_cell(f.context_zh[at + len(f.span):]))
        link = href(PageRef("reader", report.slug, section.key), p.pid, base)
        clause = f" {md_cell(english_clause(f, p.en))} |" if clauses else ""
        rows.append(f'| <span lang="zh-Hans">{context}</span> | {md_cell(f.en)} |{clause} '
                    f"[{p.pid}]({link}) |")
    columns = [ui._("Chinese"), ui._("English"), *([ui._("In the translation")] * clauses), "¶"]
    return ('<div class="tifa-figtable" markdown="1">\n\n| ' + " | ".join(columns) + " |\n|"
            + "---|" * len(columns) + "\n" + "\n".join(rows) + "\n\n</div>\n\n")


def report_figures(report: Report) -> list[Figure]:
    """Every figure of a report's visible paragraphs, in reading order."""
    return [f for s in report.sections for p in s.visible for f in find_figures(p.pid, p.zh)]


def _key_note(ui: Interface) -> str:
    note = ui._("Amounts of money, percentages and totals in 亿, at most one from each "
                "paragraph (亿 = 100 million, 万 = 10,000).")
    return f'<p class="tifa-note">{note}</p>\n\n'


def _figures_table(report: Report, found: list[Figure], ui: Interface, href: Href) -> str:
    """The report home's preview of its key figures and the link to its figures page."""
    if not found:
        return ""
    _, home = ui._, PageRef("report", report.slug)
    shown = key_figures(found, HOME_FIGURES)
    more = _("Key figures and all %(n)s figures of the report") % {
        "n": ui.format_count(len(found))}
    return ("## " + _("Key figures") + "\n\n" + (_key_note(ui) if shown else "")
            + (_figure_rows(report, shown, ui, href, home, clauses=False) if shown else "")
            + f"[{more}]({href(PageRef('figures', report.slug), '', home)})\n\n")


def figures_page(report: Report, found: list[Figure], ui: Interface, href: Href) -> Page:
    """The page of a report's figures: its key figures, then every figure with its exact
    English value."""
    me, _ = PageRef("figures", report.slug), ui._
    title = _("Figures") + " · " + report_title(report, ui)
    note = _("Every quantity in the Chinese text, with its exact English value "
             "(亿 = 100 million, 万 = 10,000).")
    shown, home, every = key_figures(found), _("Report home"), _("All figures")
    key = ("## " + _("Key figures") + "\n\n" + _key_note(ui)
           + _figure_rows(report, shown, ui, href, me)) if shown else ""
    return Page(me, title, f"# {md_escape(title)}\n\n"
                f"[{home}]({href(PageRef('report', report.slug), '', me)})\n\n"
                + key + f"## {every}\n\n<p class=\"tifa-note\">{note}</p>\n\n"
                + _figure_rows(report, found, ui, href, me))


def _sections_list(report: Report, ui: Interface, href: Href) -> str:
    home, items = PageRef("report", report.slug), []
    for i, s in enumerate(report.sections, start=1):
        summary = f"  \n    {editor_markdown(s.summary)}" if s.summary else ""
        link = href(PageRef("reader", report.slug, s.key), "", home)
        items.append(f"{i}. [{md_escape(nav_label(s, ui))}]({link}){summary}")
    return "## " + ui._("Sections") + "\n\n" + "\n".join(items) + "\n\n"


def report_home(report: Report, found: list[Figure], ui: Interface, href: Href,
                changes: str = "") -> Page:
    """A report's home page: metadata, how far its English is (until it is complete), digest,
    what changed since the previous report of its series (``changes``, written by
    ``trendpages``), sections and a preview of its key figures."""
    title = report_title(report, ui)
    description = (report.digest.summary.split("\n\n")[0] if report.digest
                   else report.meta.title_en)
    return Page(PageRef("report", report.slug), title,
                f"# {md_escape(title)}\n\n" + _metadata_list(report, ui)
                + translation_status([p for s in report.sections for p in s.visible], "report",
                                     ui) + _digest(report, ui)
                + changes + _sections_list(report, ui, href)
                + _figures_table(report, found, ui, href),
                description=plain(description))


def site_home(reports: list[Report], ui: Interface, href: Href, timeline: str = "") -> Page:
    """The site's home page: the list of reports, then the timeline (``timeline``, written by
    ``trendpages``)."""
    home = PageRef("home")
    items = "\n".join(f"- [{md_escape(r.meta.title_en)}]"
                      f"({href(PageRef('report', r.slug), '', home)})"
                      f" — <span lang=\"zh-Hans\">{md_escape(r.meta.title_zh)}</span>"
                      for r in reports)
    intro = ui._("Chinese policy reports with a paragraph-by-paragraph English translation, "
                 "every political term marked and explained.")
    return Page(home, ui._("Reports"), "# " + ui._("Reports") + f"\n\n{intro}\n\n" + items
                + "\n\n" + timeline, description=plain(intro))


def report_pages(reports: list[Report], ui: Interface, href: Href,
                 changes: dict[str, str] | None = None, timeline: str = "") -> list[Page]:
    """The home page and every report's pages; ``changes`` holds each report's block of what
    changed, ``timeline`` the home's timeline."""
    pages = [site_home(reports, ui, href, timeline)]
    for report in reports:
        found = report_figures(report)
        pages.append(report_home(report, found, ui, href, (changes or {}).get(report.slug, "")))
        if found:
            pages.append(figures_page(report, found, ui, href))
        pages += [reader_page(report, section, ui) for section in report.sections]
    return pages


def site_nav(site: Site, ui: Interface) -> list[NavItem]:
    """The navigation: home, each report with its sections, the glossary, the editors' page."""
    nav = [NavItem(ui._("Home"), PageRef("home"))]
    for r in site.reports:
        items = [NavItem(ui._("Overview"), PageRef("report", r.slug))]
        items += [NavItem(nav_label(s, ui), PageRef("reader", r.slug, s.key))
                  for s in r.sections]
        nav.append(NavItem(report_title(r, ui), children=items))
    if site.entries:
        nav.append(NavItem(ui._("Glossary"), PageRef("glossary")))
    nav.append(NavItem(ui._("For editors"), PageRef("editors")))
    nav.append(NavItem(ui._("About"), PageRef("about")))
    return nav


def link_reports(pages: list[Page], reports: list[Report], href: Href) -> list[Page]:
    """The pages with their editors' report links (``[text](report:slug#p12)``) pointed at the
    report, or at the section that holds the paragraph."""
    sections = {(r.slug, p.pid): s.key for r in reports for s in r.sections
                for p in s.paragraphs}
    for page in (page for page in pages if "](report:" in page.body):
        page.body = _report_links(page.body, page.ref, sections, href)
    return pages


def _report_links(body: str, base: PageRef, sections: dict[tuple[str, str], str],
                  href: Href) -> str:
    def target(match: re.Match) -> str:
        slug, pid = match.group(1), match.group(2) or ""
        key = sections.get((slug, pid))
        ref = PageRef("reader", slug, key) if key else PageRef("report", slug)
        return f"]({href(ref, pid, base)})"

    return REPORT_LINK.sub(target, body)


def _status_counts(report: Report) -> dict[str, int]:
    return {s: sum(p.status == s for p in report.paragraphs) for s in STATUSES}


def _gap_table(report: Report, gaps: list[Candidate], ui: Interface, href: Href,
               base: PageRef) -> str:
    """One report's glossary gaps: each formulation with its report and where it is first seen."""
    _ = ui._
    if not gaps:
        return _("Every quoted or numbered formulation has an entry.")
    title = md_cell(report_title(report, ui))
    rows = "\n".join(f'| <span lang="zh-Hans">{md_cell(c.text)}</span> | {title} | '
                     f"[{c.pid}]({href(PageRef('reader', c.report, c.section), c.pid, base)}) |"
                     for c in gaps)
    return ("| " + _("Formulation") + " | " + _("Report") + " | " + _("First seen")
            + " |\n|---|---|---|\n" + rows)


def report_editors_page(report: Report, gaps: list[Candidate], ui: Interface,
                        href: Href) -> Page:
    """One report's page for editors: its translation status and its glossary gaps."""
    _, me = ui._, PageRef("editors", report.slug)
    title = _("For editors") + " · " + report_title(report, ui)
    counts = _status_counts(report)
    status = "\n".join(f"- {s}: {ui.format_count(counts[s])}" for s in STATUSES)
    intro = _("Quoted phrases and numbered formulations (such as “X个Y”) in the text that "
              "no glossary entry covers yet. Start one with "
              "`python build.py new-term <term>`.")
    home = _("Report home")
    return Page(me, title, f"# {md_escape(title)}\n\n"
                f"[{home}]({href(PageRef('report', report.slug), '', me)})\n\n## "
                + _("Translation status") + f"\n\n{status}\n\n## " + _("Glossary gaps")
                + f"\n\n{intro}\n\n" + _gap_table(report, gaps, ui, href, me) + "\n")


def editors_pages(reports: list[Report], gaps: list[Candidate], waiting: list[GlossaryEntry],
                  downloads: str, ui: Interface, href: Href) -> list[Page]:
    """The editors' overview (status and gap count per report, national entries not yet met in
    any report, the downloads) and one editors' page per report."""
    _, me = ui._, PageRef("editors")
    by_report: dict[str, list[Candidate]] = {r.slug: [] for r in reports}
    for gap in gaps:
        by_report.setdefault(gap.report, []).append(gap)
    rows = []
    for r in reports:
        counts, done = _status_counts(r), progress(r)
        link = href(PageRef("editors", r.slug), "", me)
        rows.append(f"| [{md_cell(report_title(r, ui))}]({link}) | "
                    + " | ".join(ui.format_count(n) for n in (len(by_report[r.slug]),
                                                              *(counts[s] for s in STATUSES),
                                                              done.from_memory,
                                                              done.untranslated))
                    + " |")
    columns = [_("Glossary gaps"), *STATUSES, _("drafted from memory"), _("untranslated")]
    status = ("| " + _("Report") + " | " + " | ".join(columns) + " |\n|---|"
              + "---|" * len(columns) + "\n" + "\n".join(rows))
    note = _("Each report's page lists its glossary gaps.")
    entries = "\n".join(f"- [{zh_span(e.zh)}]({href(PageRef('term', term=e.slug), '', me)}) "
                         f"{md_escape(e.en)}" for e in waiting)
    waiting_part = ("## " + _("Entries not yet met in any report") + "\n\n" + entries + "\n"
                    if waiting else "")
    overview = Page(me, _("For editors"), "# " + _("For editors") + "\n\n## "
                    + _("Translation status") + f"\n\n{note}\n\n{status}\n\n" + waiting_part
                    + downloads)
    return [overview, *(report_editors_page(r, by_report[r.slug], ui, href) for r in reports)]


def about_page(downloads: str, ui: Interface) -> Page:
    """The about page: what the digest is, how to cite it, how to contribute, the downloads."""
    _ = ui._
    intro = _("tifa (提法) is a digest of Chinese policy reports: the Chinese original and an "
              "English translation paragraph by paragraph, with every political term marked and "
              "explained.")
    cite = _("Every paragraph has a permalink (¶) and a Cite button that copies the report's "
             "title, the section, the paragraph number and its address.")
    contribute = _("The digest is kept as Markdown files in its repository: translations in "
                   "content/reports/, glossary entries in content/glossary/. Translators can work "
                   "in a CAT tool: `python build.py export-xliff <report>` writes an XLIFF 1.2 "
                   "file, and `python build.py import-xliff <file>` brings the translation back "
                   "as drafts for review.")
    return Page(PageRef("about"), _("About"), "# " + _("About")
                + f"\n\n{intro}\n\n## " + _("How to cite") + f"\n\n{cite}\n\n## "
                + _("How to contribute") + f"\n\n{contribute}\n\n" + downloads,
                description=plain(intro))
