"""Pages: every page of the reports and the editors' page as data (``model.Page``).

A page is its parts: HTML made here (escaped here), headings, and Markdown (editors' text, the
seed's text, tables and lists holding editors' words) as prose the renderer converts; every
link comes from the renderer's ``href`` and every interface string from the ``Interface``
passed in. Nothing here knows the renderer: it decides files, front matter, escaping for its
theme, and addresses.
"""

from __future__ import annotations

import re
from typing import Callable

from .figures import english_clause, find_figures, key_figures
from .i18n import Interface
from .markup import (
    attr_html,
    doc_type_label,
    heading,
    in_language,
    link_line,
    md_escape,
    nav_label,
    newest_first,
    plain,
    report_title,
    text_html,
    zh_span,
)
from .memory import origin_refs, progress, untranslated
from .model import (
    REPORT_LINK,
    STATUSES,
    Block,
    Candidate,
    Citation,
    Figure,
    Flow,
    GlossaryEntry,
    Href,
    Made,
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


def _lang_attr(lang: str) -> str:
    """The ``lang`` attribute of text in ``lang`` ("zh" or "en")."""
    return "zh-Hans" if lang == "zh" else "en"


def _side(lang: str, prose: str, heading: bool, ui: Interface, note: str = "") -> Block:
    """One side of a pair, marked with its language unless the page's ``<html lang>`` says the
    same (English in the English interface; the Chinese one is ``zh``, its text ``zh-Hans``)."""
    attr = _lang_attr(lang)
    content: tuple[Part, ...] = (Prose(f"# {prose}" if heading else prose, lang),) if prose else ()
    marks = (("class", f"tifa-{lang}"),) + ((("lang", attr),) if attr != ui.lang else ())
    return Block("div", marks, content + ((note,) if note else ()))


def origin_note(p: Paragraph, ui: Interface) -> str:
    """For a draft reused from translation memory: where each part came from, for reviewers."""
    if not p.origin or p.status == "translated" or not p.en.strip():
        return ""
    refs = [f"{report} {pid} (" + (ui._("exact") if score == 100 else f"{score}%") + ")"
            for report, pid, score in origin_refs(p.origin)]
    label = text_html(ui._("Draft from translation memory:"))
    return f'<p class="tifa-origin">{label} {text_html(", ".join(refs))}</p>'


def paragraph_block(p: Paragraph, ui: Interface) -> Block:
    """One paragraph pair, under its own anchor: the Chinese and the English (prose the
    renderer converts once for every interface) and the paragraph's tools, the link to its
    anchor (``tifa.js`` adds the Cite button; the page's report is in its head, for the cards'
    notes and the citation). A paragraph with no English yet has its Chinese alone (class
    ``tifa-untranslated``): the page's status line says how far the English is."""
    missing = untranslated(p)
    kind = (f"tifa-{p.kind}" + (f" tifa-{p.status}" if p.status != "translated" else "")
            + (" tifa-untranslated" if missing else ""))
    en = editor_markdown(p.en if p.kind != "title" else p.en.lstrip("# "))
    link = attr_html(ui._("Link to paragraph %(pid)s") % {"pid": p.pid})
    tools = (f'<div class="tifa-tools"><a class="tifa-anchor" href="#{p.pid}" '
             f'aria-label="{link}">{p.pid}</a></div>')
    title = p.kind == "title"
    english = () if missing else (_side("en", en, title, ui, origin_note(p, ui)),)
    return Block("div", (("class", f"tifa-pair {kind}"), ("id", p.pid)),
                 (_side("zh", _zh_markdown(p), title, ui), *english, tools))


def translation_status(paragraphs: list[Paragraph], whole: str, ui: Interface) -> str:
    """A status line for a text whose English is not complete ("English in preparation: 12 of
    80 paragraphs translated", with a progress bar); empty when every paragraph has English
    (drafts count: readers see their English). ``whole`` names what is counted: "section" or
    "report". HTML in its final form (as the sanitiser writes it)."""
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
           f'<line x1="0" y1="2" x2="100" y2="2"></line>'
           f'<line class="tifa-bar-done" x1="0" y1="2" x2="{100 * done / total:.1f}" y2="2">'
           "</line></svg>")
    return f'<div class="tifa-progress" role="note"><p>{text_html(text)}</p>{bar}</div>'


def citation(report: Report, ui: Interface, section: str = "") -> Citation:
    """How the report's home (or, with its label, one of its sections) is cited in ``ui``: the
    titles and the issuer in the interface's language first, the other one after it."""
    m = report.meta
    if ui.lang == "zh":
        title = f"《{m.title_zh}》" + (f"（{m.title_en}）" if m.title_en else "")
        issuer = m.issuer_zh or m.issuer_en
    else:
        title = m.title_en + (f" ({m.title_zh})" if m.title_zh else "")
        issuer = m.issuer_en + (f" ({m.issuer_zh})" if m.issuer_zh and m.issuer_en
                                else m.issuer_zh)
    english = any(p.en.strip() for p in report.paragraphs)
    day = ui.format_day(m.date)
    where = (ui._("%(report)s, %(date)s") % {"report": report_title(report, ui), "date": day}
             if day else report_title(report, ui))
    return Citation(m.title_zh, m.title_en, m.issuer_zh, m.issuer_en, m.date, title, issuer,
                    day, where, section, ("zh-Hans", "en") if english else ("zh-Hans",))


def reader_page(report: Report, section: Section, ui: Interface) -> Page:
    """The page of one section: every paragraph pair in order."""
    label = nav_label(section, ui)
    head: tuple[Part, ...] = () if section.title else (Prose(f"# {label}"),)
    status = translation_status(section.visible, "section", ui)
    return Page(PageRef("reader", report.slug, section.key), label,
                _block(status) + head + tuple(paragraph_block(p, ui) for p in section.visible),
                citation=citation(report, ui, label))


def _pair(en: str, zh: str, ui: Interface) -> str:
    """A name given in both languages, the interface's first (each marked with its language);
    one given only in English is marked as English-only in the Chinese interface."""
    if not zh:
        return in_language(text_html(en), "en", ui) if en else ""
    if not en:
        return zh_span(zh)
    english = f'<span lang="en">{text_html(en)}</span>'
    return f"{zh_span(zh)}<br>{english}" if ui.lang == "zh" else f"{english}<br>{zh_span(zh)}"


def _named(en: str, zh: str, ui: Interface) -> str:
    """A name in the interface's language where it is given, else in the other one."""
    if zh and (ui.lang == "zh" or not en):
        return zh_span(zh)
    return in_language(text_html(en), "en", ui) if en else ""


def _block(html: str) -> tuple[Part, ...]:
    """A part of HTML, none for ''."""
    return (html,) if html else ()


def _metadata_list(report: Report, ui: Interface) -> str:
    m, _ = report.meta, ui._
    link = (f'<a href="{attr_html(m.source_url)}">{text_html(m.source or m.source_url)}</a>'
            if m.source_url else text_html(m.source))
    source = in_language(link, "en", ui) if m.source else link
    note = (f"<br><small>{in_language(text_html(m.date_note), 'en', ui)}</small>"
            if m.date_note else "")
    kind, kind_lang = doc_type_label(m.doc_type, ui)
    rows = [(_("Title"), _pair(m.title_en, m.title_zh, ui)),
            (_("Issued by"), _pair(m.issuer_en, m.issuer_zh, ui)),
            (_("Date"), text_html(ui.format_day(m.date)) + note),
            (_("Place"), _pair(m.place_en, m.place_zh, ui)),
            (_("Document type"), in_language(text_html(kind), kind_lang, ui) if kind else ""),
            (_("Source"), source)]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="tifa-meta">{items}</dl>'


def _english_block(markdown_text: str) -> Block:
    """Editors' Markdown written in English only, marked as English."""
    return Block("div", (("lang", "en"),), (Prose(markdown_text),))


def _digest(report: Report, ui: Interface) -> tuple[Part, ...]:
    _ = ui._
    if report.digest is None:
        return ()
    takeaways = "\n".join(f"- {editor_markdown(t)}" for t in report.digest.takeaways)
    summary = editor_markdown(report.digest.summary)
    note = _("Written by the tifa editors; not part of the source.")
    if ui.lang == "zh":
        label = _("English only")
        note += f' <small class="tifa-en-only">{label}</small>'
    digest, key = _("Digest"), _("Key takeaways")
    return (heading(2, digest), f'<p class="tifa-note">{note}</p>',
            _english_block(summary)) + (
        (heading(3, key), _english_block(takeaways)) if takeaways else ())


HOME_FIGURES = 4
"""How many key figures a report's home previews (its figures page lists them all)."""


def _figure_rows(report: Report, found: list[Figure], ui: Interface, href: Href,
                 base: PageRef, clauses: bool = True) -> str:
    """A table of figures (HTML, so that it is not converted again): the Chinese clause (figure
    in bold), the English value, the clause of our translation that states it (unless
    ``clauses`` is false) and a link to the paragraph. A cell in the other language than the
    page's carries its ``lang`` (``_cell``); an empty clause is an empty cell. On a phone its
    rows become blocks (``tifa-figtable``)."""
    where = {p.pid: (s, p) for s in report.sections for p in s.visible}
    rows = []
    for f in found:
        section, p = where[f.pid]
        at = f.context_zh.find(f.span)
        context = (text_html(f.context_zh[:at]) + f"<strong>{text_html(f.span)}</strong>"
                   + text_html(f.context_zh[at + len(f.span):]))
        link = attr_html(href(PageRef("reader", report.slug, section.key), p.pid, base))
        clause = [_cell(text_html(english_clause(f, p.en).strip()), "en", ui)] if clauses else []
        rows.append("<tr>" + _cell(context, "zh", ui) + _cell(text_html(f.en.strip()), "en", ui)
                    + "".join(clause) + f'<td><a href="{link}">{p.pid}</a></td></tr>')
    columns = [ui._("Chinese"), ui._("English"), *([ui._("In the translation")] * clauses), "¶"]
    head = "<tr>" + "".join(f"<th>{text_html(c)}</th>" for c in columns) + "</tr>"
    return (f'<div class="tifa-figtable">\n<table>\n<thead>{head}</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def _cell(html: str, lang: str, ui: Interface) -> str:
    """A table cell of text in ``lang`` ("zh" or "en"), marked with it unless the page's
    ``<html lang>`` says the same (as ``_side``); an empty cell is marked with nothing."""
    attr = _lang_attr(lang)
    return f'<td lang="{attr}">{html}</td>' if html and attr != ui.lang else f"<td>{html}</td>"


def report_figures(report: Report) -> list[Figure]:
    """Every figure of a report's visible paragraphs, in reading order."""
    return [f for s in report.sections for p in s.visible for f in find_figures(p.pid, p.zh)]


def _key_note(ui: Interface) -> str:
    note = ui._("Amounts of money, percentages and totals in 亿, at most one from each "
                "paragraph (亿 = 100 million, 万 = 10,000).")
    return f'<p class="tifa-note">{note}</p>'


def _figures_table(report: Report, found: list[Figure], ui: Interface,
                   href: Href) -> tuple[Part, ...]:
    """The report home's preview of its key figures and the link to its figures page."""
    if not found:
        return ()
    _, home = ui._, PageRef("report", report.slug)
    shown = key_figures(found, HOME_FIGURES)
    more = _("Key figures and all %(n)s figures of the report") % {
        "n": ui.format_count(len(found))}
    table = (_key_note(ui), _figure_rows(report, shown, ui, href, home, clauses=False))
    return ((heading(2, _("Key figures")),) + (table if shown else ())
            + (link_line(more, href(PageRef("figures", report.slug), "", home)),))


def figures_page(report: Report, found: list[Figure], ui: Interface, href: Href) -> Page:
    """The page of a report's figures: its key figures, then every figure with its exact
    English value."""
    me, _ = PageRef("figures", report.slug), ui._
    title = _("Figures") + " · " + report_title(report, ui)
    note = _("Every quantity in the Chinese text, with its exact English value "
             "(亿 = 100 million, 万 = 10,000).")
    shown, home, every = key_figures(found), _("Report home"), _("All figures")
    key = (heading(2, _("Key figures")), _key_note(ui),
           _figure_rows(report, shown, ui, href, me)) if shown else ()
    return Page(me, title, (heading(1, title),
                            link_line(home, href(PageRef("report", report.slug), "", me)))
                + key + (heading(2, every), f'<p class="tifa-note">{note}</p>',
                         _figure_rows(report, found, ui, href, me)))


def _sections_list(report: Report, ui: Interface, href: Href) -> tuple[Part, ...]:
    """The list of a report's sections, with their summaries (editors' Markdown)."""
    home, items = PageRef("report", report.slug), []
    for i, s in enumerate(report.sections, start=1):
        summary = (f"  \n    {in_language(editor_markdown(s.summary), 'en', ui)}"
                   if s.summary else "")
        link = href(PageRef("reader", report.slug, s.key), "", home)
        items.append(f"{i}. [{md_escape(nav_label(s, ui))}]({link}){summary}")
    return heading(2, ui._("Sections")), Prose("\n".join(items))


def report_home(report: Report, found: list[Figure], ui: Interface, href: Href,
                changes: tuple[Part, ...] = ()) -> Page:
    """A report's home page: metadata, how far its English is (until it is complete), digest,
    what changed since the previous report of its series (``changes``, written by
    ``trendpages``), sections and a preview of its key figures."""
    title = report_title(report, ui)
    description = (report.meta.title_zh if ui.lang == "zh"  # the digest is in English only
                   else report.digest.summary.split("\n\n")[0] if report.digest
                   else report.meta.title_en)
    status = translation_status([p for s in report.sections for p in s.visible], "report", ui)
    return Page(PageRef("report", report.slug), title,
                (heading(1, title), _metadata_list(report, ui)) + _block(status)
                + _digest(report, ui) + changes + _sections_list(report, ui, href)
                + _figures_table(report, found, ui, href),
                description=plain(description), citation=citation(report, ui))


def _report_item(r: Report, ui: Interface, href: Href) -> str:
    """One report of the home's list: its title in the interface language (the other below),
    then its date, issuer and document type; ``data-year`` and ``data-type`` for the filter."""
    m, zh_first = r.meta, ui.lang == "zh"
    link = href(PageRef("report", r.slug), "", PageRef("home"))
    title, other = ((zh_span(m.title_zh), f'<span lang="en">{text_html(m.title_en)}</span>')
                    if zh_first else (text_html(m.title_en), zh_span(m.title_zh)))
    issuer = _named(m.issuer_en, m.issuer_zh, ui)
    kind, kind_lang = doc_type_label(m.doc_type, ui)
    facts = [f'<time datetime="{attr_html(m.date)}">{text_html(ui.format_day(m.date))}</time>'
             if m.date else "", issuer, in_language(text_html(kind), kind_lang, ui) if kind else ""]
    return (f'<li data-year="{attr_html(m.date[:4])}" data-type="{attr_html(m.doc_type)}">'
            f'<a href="{link}">{title}</a><br>{other}<br>'
            f'<small>{" · ".join(f for f in facts if f)}</small></li>')


def _filter_select(name: str, label: str, values: dict[str, str], ui: Interface) -> str:
    options = "".join(f'<option value="{attr_html(v)}">{text_html(text)}</option>'
                      for v, text in values.items())
    every = ui._("All")
    return (f'<label>{text_html(label)} <select data-filter="{name}"><option value="">{every}'
            f"</option>{options}</select></label>")


def _reports_list(reports: list[Report], ui: Interface, href: Href) -> str:
    """The list of every report, newest first, with a filter by year and by document type
    (shown by tifa.js; without JavaScript the whole list stands)."""
    ordered = newest_first(reports)
    years = {y: y for y in sorted({r.meta.date[:4] for r in ordered if r.meta.date},
                                  reverse=True)}
    types = {t: doc_type_label(t, ui)[0] for t in sorted({r.meta.doc_type for r in ordered
                                                          if r.meta.doc_type})}
    count = ui._("%(shown)s of %(total)s reports shown") % {"shown": "{shown}",
                                                            "total": ui.format_count(len(ordered))}
    tools = (f'<div class="tifa-report-filter" hidden="" data-count="{attr_html(count)}">'
             + _filter_select("year", ui._("Year"), years, ui)
             + _filter_select("type", ui._("Document type"), types, ui)
             + '<span role="status"></span></div>')
    items = "".join(_report_item(r, ui, href) for r in ordered)
    return f'{tools}\n<ul class="tifa-reports">{items}</ul>'


def site_home(reports: list[Report], ui: Interface, href: Href,
              timeline: tuple[Part, ...] = ()) -> Page:
    """The site's home page: the list of reports (newest first, with their date, issuer and
    type, filterable by year and type), then the timeline (``timeline``, written by
    ``trendpages``)."""
    intro = ui._("Chinese policy reports with a paragraph-by-paragraph English translation, "
                 "every political term marked and explained.")
    return Page(PageRef("home"), ui._("Reports"),
                (heading(1, ui._("Reports")), Flow(f"<p>{text_html(intro)}</p>"),
                 _reports_list(reports, ui, href)) + timeline, description=plain(intro))


def report_pages(reports: list[Report], ui: Interface, href: Href,
                 changes: dict[str, tuple[Part, ...]] | None = None,
                 timeline: tuple[Part, ...] = (),
                 each: Callable[[Report, tuple[Part, ...], Made], list[Page]]
                 = lambda _r, _c, make: make(),
                 readers: list[Page] | None = None) -> list[Page]:
    """The home page and every report's pages; ``changes`` holds each report's block of what
    changed, ``timeline`` the home's timeline. A report's home and figures page are made
    through ``each`` (the build's cache of pages, handed the report and its block of what
    changed); its section pages are taken from ``readers`` when given (``reader_pages``)."""
    pages = [site_home(reports, ui, href, timeline)]
    by_report: dict[str, list[Page]] = {}
    for page in readers or []:
        by_report.setdefault(page.ref.report, []).append(page)
    for report in reports:
        change = (changes or {}).get(report.slug, ())
        pages += each(report, change, lambda report=report, change=change: _report_own(
            report, change, ui, href))
        pages += by_report.get(report.slug, []) if readers is not None else [
            reader_page(report, section, ui) for section in report.sections]
    return pages


def _report_own(report: Report, changes: tuple[Part, ...], ui: Interface,
                href: Href) -> list[Page]:
    """A report's home and, if it has figures, its figures page."""
    found = report_figures(report)
    home = report_home(report, found, ui, href, changes)
    return [home, figures_page(report, found, ui, href)] if found else [home]


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


def paragraph_sections(reports: list[Report]) -> dict[tuple[str, str], str]:
    """The key of the section that holds each paragraph, by report and paragraph id: where an
    editor's link to a paragraph (``report:slug#p12``) leads."""
    return {(r.slug, p.pid): s.key for r in reports for s in r.sections for p in s.paragraphs}


def link_reports(pages: list[Page], sections: dict[tuple[str, str], str],
                 href: Href) -> list[Page]:
    """The pages with their editors' report links (``[text](report:slug#p12)``) pointed at the
    report, or at the section that holds the paragraph (``sections``: ``paragraph_sections``)."""
    for page in pages:
        page.parts = tuple(_linked(part, page.ref, sections, href) for part in page.parts)
    return pages


def reader_pages(reports: list[Report], ui: Interface, href: Href,
                 sections: dict[tuple[str, str], str] | None = None) -> list[Page]:
    """Every section's page of ``reports``, its report links pointed (``sections``: those of
    every report of the digest, when ``reports`` is part of it)."""
    return link_reports([reader_page(r, s, ui) for r in reports for s in r.sections],
                        paragraph_sections(reports) if sections is None else sections, href)


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


def status_labels(ui: Interface) -> dict[str, str]:
    """The translation statuses of a paragraph with their labels in the interface language."""
    _ = ui._
    return {"draft": _("draft"), "translated": _("translated"), "stale": _("stale"),
            "removed": _("removed")}


def _status_counts(report: Report) -> dict[str, int]:
    return {s: sum(p.status == s for p in report.paragraphs) for s in STATUSES}


def table_html(head: list[str], rows: list[list[str]]) -> Flow:
    """A table of HTML cells, one line per element as Python-Markdown writes its tables."""
    def row(cells: list[str], tag: str) -> str:
        return "<tr>\n" + "".join(f"<{tag}>{c}</{tag}>\n" for c in cells) + "</tr>\n"

    return Flow("<table>\n<thead>\n" + row(head, "th") + "</thead>\n<tbody>\n"
                + "".join(row(r, "td") for r in rows) + "</tbody>\n</table>")


def list_html(items: list[str]) -> Flow:
    """A list of HTML items, one line per item as Python-Markdown writes its lists."""
    return Flow("<ul>\n" + "".join(f"<li>{i}</li>\n" for i in items) + "</ul>")


def _gap_table(report: Report, gaps: list[Candidate], ui: Interface, href: Href,
               base: PageRef) -> Flow:
    """One report's glossary gaps: each formulation and where it is first seen (the report is
    the page's own, named in its title)."""
    _ = ui._
    if not gaps:
        covered = _("Every quoted or numbered formulation has an entry.")
        return Flow(f"<p>{text_html(covered)}</p>")
    rows = [[f'<span lang="zh-Hans">{text_html(c.text)}</span>',
             f'<a href="{href(PageRef("reader", c.report, c.section), c.pid, base)}">{c.pid}</a>']
            for c in gaps]
    return table_html([text_html(_("Formulation")), text_html(_("First seen"))], rows)


def report_editors_page(report: Report, gaps: list[Candidate], ui: Interface,
                        href: Href) -> Page:
    """One report's page for editors: its translation status and its glossary gaps."""
    _, me = ui._, PageRef("editors", report.slug)
    title = _("For editors") + " · " + report_title(report, ui)
    counts, labels = _status_counts(report), status_labels(ui)
    status = list_html([text_html(f"{labels[s]}: {ui.format_count(counts[s])}")
                        for s in STATUSES])
    intro = _("Quoted phrases and numbered formulations (such as “X个Y”) in the text that "
              "no glossary entry covers yet. Start one with "
              "`python build.py new-term <term>`.")
    home = _("Report home")
    return Page(me, title, (heading(1, title),
                            link_line(home, href(PageRef("report", report.slug), "", me)),
                            heading(2, _("Translation status")), status,
                            heading(2, _("Glossary gaps")), Prose(intro),
                            _gap_table(report, gaps, ui, href, me)))


def editors_pages(reports: list[Report], gaps: list[Candidate], waiting: list[GlossaryEntry],
                  downloads: tuple[Part, ...], ui: Interface, href: Href) -> list[Page]:
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
        rows.append([f'<a href="{link}">{text_html(report_title(r, ui))}</a>']
                    + [ui.format_count(n) for n in (len(by_report[r.slug]),
                                                    *(counts[s] for s in STATUSES),
                                                    done.from_memory, done.untranslated)])
    labels = status_labels(ui)
    columns = [_("Report"), _("Glossary gaps"), *(labels[s] for s in STATUSES),
               _("drafted from memory"), _("untranslated")]
    status = table_html([text_html(c) for c in columns], rows)
    note = _("Each report's page lists its glossary gaps.")
    entries = list_html([f'<a href="{href(PageRef("term", term=e.slug), "", me)}">'
                         f'{zh_span(e.zh)}</a> <span lang="en">{text_html(e.en)}</span>'
                         for e in waiting])
    waiting_part = (heading(2, _("Entries not yet met in any report")), entries) \
        if waiting else ()
    overview = Page(me, _("For editors"), (heading(1, _("For editors")),
                                           heading(2, _("Translation status")),
                                           Flow(f"<p>{text_html(note)}</p>"), status)
                    + waiting_part + downloads)
    return [overview, *(report_editors_page(r, by_report[r.slug], ui, href) for r in reports)]


def about_page(downloads: tuple[Part, ...], ui: Interface) -> Page:
    """The about page: what the digest is, how to cite it, how to contribute, the downloads."""
    _ = ui._
    intro = _("tifa (提法) is a digest of Chinese policy reports: the Chinese original and an "
              "English translation paragraph by paragraph, with every political term marked and "
              "explained.")
    cite = _("Every paragraph shows its number (p11), a link to the paragraph, and a Cite button "
             "with the full citation (the report's title in Chinese and English, its issuer and "
             "date, the section, the paragraph, the address and the day you read it) as text, "
             "BibTeX or RIS, to copy or download. Reference managers such as Zotero read the "
             "citation data of every report and section page.")
    contribute = _("The digest is kept as Markdown files in its repository: translations in "
                   "content/reports/, glossary entries in content/glossary/. Translators can work "
                   "in a CAT tool: `python build.py export-xliff <report>` writes an XLIFF 1.2 "
                   "file, and `python build.py import-xliff <file>` brings the translation back "
                   "as drafts for review.")
    return Page(PageRef("about"), _("About"), (
        heading(1, _("About")), Prose(intro), heading(2, _("How to cite")),
        Prose(cite), heading(2, _("How to contribute")), Prose(contribute))
        + downloads, description=plain(intro))
