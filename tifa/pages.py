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
from .markup import md_cell, md_escape, nav_label, plain, report_title, text_html, zh_span
from .memory import origin_refs, progress
from .model import (
    REPORT_LINK,
    STATUSES,
    Block,
    Candidate,
    Figure,
    GlossaryEntry,
    Href,
    NavItem,
    Page,
    PageRef,
    Paragraph,
    Part,
    Prose,
    Report,
    Section,
    Site,
)
from .safety import editor_markdown


def _zh_markdown(p: Paragraph) -> str:
    if p.lead and p.lead_zh:
        return f"**{md_escape(p.lead_zh)}**{md_escape(p.zh[len(p.lead_zh):])}"
    return md_escape(p.zh)


def _side(lang: str, prose: str, heading: bool, ui: Interface, note: str = "") -> Block:
    attr = "zh-Hans" if lang == "zh" else "en"
    if prose:
        content: tuple[Part, ...] = (Prose(f"# {prose}" if heading else prose, lang),)
        content += (note,) if note else ()
    else:
        pending = escape(ui._("Translation pending."))
        content = (f'<p class="tifa-missing">{pending}</p>',)
    return Block("div", (("class", f"tifa-{lang}"), ("lang", attr)), content)


def origin_note(p: Paragraph, ui: Interface) -> str:
    """For a draft reused from translation memory: where each part came from, for reviewers."""
    if not p.origin or p.status == "translated" or not p.en.strip():
        return ""
    refs = [f"{report} {pid} (" + (ui._("exact") if score == 100 else f"{score}%") + ")"
            for report, pid, score in origin_refs(p.origin)]
    label = escape(ui._("Draft from translation memory:"))
    return f'<p class="tifa-origin">{label} {escape(", ".join(refs))}</p>'


def paragraph_block(p: Paragraph, ui: Interface, report: str) -> Block:
    """One paragraph pair, under its own anchor: the Chinese and the English (prose the
    renderer converts once for every interface) and the paragraph's tools; ``report`` (its
    slug) lets the gloss cards show that report's notes."""
    kind = f"tifa-{p.kind}" + (f" tifa-{p.status}" if p.status != "translated" else "")
    en = editor_markdown(p.en if p.kind != "title" else p.en.lstrip("# "))
    link = escape(ui._("Link to paragraph %(pid)s") % {"pid": p.pid}, quote=True)
    label = escape(ui._("Cite"))
    cite = escape(ui._("Cite paragraph %(pid)s") % {"pid": p.pid}, quote=True)
    tools = (f'<div class="tifa-tools"><a class="tifa-anchor" href="#{p.pid}" '
             f'aria-label="{link}">¶</a><button type="button" class="tifa-cite" '
             f'aria-label="{cite}" hidden="">{label}</button></div>')
    title = p.kind == "title"
    return Block("div", (("class", f"tifa-pair {kind}"), ("id", p.pid), ("data-report", report)),
                 (_side("zh", _zh_markdown(p), title, ui),
                  _side("en", en, title, ui, origin_note(p, ui)), tools))


def reader_page(report: Report, section: Section, ui: Interface) -> Page:
    """The page of one section: every paragraph pair in order."""
    label = nav_label(section, ui)
    cite = f"{report.meta.title_en} ({report.meta.title_zh}), {label}"
    head: tuple[Part, ...] = () if section.title else (Prose(f"# {label}"),)
    return Page(PageRef("reader", report.slug, section.key), label, "", cite=cite,
                parts=head + tuple(paragraph_block(p, ui, report.slug) for p in section.visible))


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


def _figure_rows(report: Report, found: list[Figure], ui: Interface, href: Href,
                 base: PageRef) -> str:
    """The table (HTML, as Python-Markdown's ``tables`` writes it, so that it is not converted
    again): the Chinese clause (figure in bold), the English value, the clause of our
    translation that states it, and a link to the paragraph."""
    where = {p.pid: (s, p) for s in report.sections for p in s.visible}
    rows = []
    for f in found:
        section, p = where[f.pid]
        at = f.context_zh.find(f.span)
        context = (text_html(f.context_zh[:at]) + f"<strong>{text_html(f.span)}</strong>"
                   + text_html(f.context_zh[at + len(f.span):]))
        link = escape(href(PageRef("reader", report.slug, section.key), p.pid, base), quote=True)
        rows.append(_table_row("td", [f'<span lang="zh-Hans">{context}</span>',
                                      text_html(f.en.strip()),
                                      text_html(english_clause(f, p.en).strip()),
                                      f'<a href="{link}">{p.pid}</a>']))
    head = _table_row("th", [text_html(c) for c in (ui._("Chinese"), ui._("English"),
                                                     ui._("In the translation"), "¶")])
    return (f"<table>\n<thead>\n{head}\n</thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>\n\n")


def _table_row(cell: str, cells: list[str]) -> str:
    return "<tr>\n" + "".join(f"<{cell}>{c}</{cell}>\n" for c in cells) + "</tr>"


def report_figures(report: Report) -> list[Figure]:
    """Every figure of a report's visible paragraphs, in reading order."""
    return [f for s in report.sections for p in s.visible for f in find_figures(p.pid, p.zh)]


def _figures_table(report: Report, found: list[Figure], ui: Interface, href: Href) -> str:
    if not found:
        return ""
    _, home = ui._, PageRef("report", report.slug)
    shown = key_figures(found)
    note = _("Amounts of money, percentages and totals in 亿, at most one from each paragraph "
             "(亿 = 100 million, 万 = 10,000).")
    more = _("All %(n)s figures of the report") % {"n": ui.format_count(len(found))}
    title = _("Key figures")
    return (f"## {title}\n\n<p class=\"tifa-note\">{note}</p>\n\n"
            + (_figure_rows(report, shown, ui, href, home) if shown else "")
            + f"[{more}]({href(PageRef('figures', report.slug), '', home)})\n\n")


def figures_page(report: Report, found: list[Figure], ui: Interface, href: Href) -> Page:
    """The page listing every figure of a report with its exact English value."""
    me = PageRef("figures", report.slug)
    title = ui._("Figures") + " · " + report_title(report, ui)
    note = ui._("Every quantity in the Chinese text, with its exact English value "
                "(亿 = 100 million, 万 = 10,000).")
    home = ui._("Report home")
    return Page(me, title, f"# {md_escape(title)}\n\n"
                f"[{home}]({href(PageRef('report', report.slug), '', me)})\n\n"
                f"<p class=\"tifa-note\">{note}</p>\n\n"
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
    """A report's home page: metadata, digest, what changed since the previous report of its
    series (``changes``, written by ``trendpages``), sections and key figures."""
    title = report_title(report, ui)
    description = (report.digest.summary.split("\n\n")[0] if report.digest
                   else report.meta.title_en)
    return Page(PageRef("report", report.slug), title,
                f"# {md_escape(title)}\n\n" + _metadata_list(report, ui) + _digest(report, ui)
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
    for page in (page for page in pages if page.parts):
        page.parts = tuple(_linked(part, page.ref, sections, href) for part in page.parts)
    return pages


def reader_pages(reports: list[Report], ui: Interface, href: Href) -> list[Page]:
    """Every section's page of every report, its report links pointed."""
    return link_reports([reader_page(r, s, ui) for r in reports for s in r.sections], reports,
                        href)


def _linked(part: Part, base: PageRef, sections: dict[tuple[str, str], str], href: Href) -> Part:
    """A part of a page with the report links of its prose pointed (as ``_report_links``)."""
    if isinstance(part, Prose):
        return Prose(_report_links(part.text, base, sections, href), part.lang) \
            if "](report:" in part.text else part
    if isinstance(part, Block):
        return Block(part.tag, part.attrs,
                     tuple(_linked(child, base, sections, href) for child in part.content))
    return part


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
