"""Glossary pages: the index (by category and A–Z, with a filter box) and one page per term
listing every occurrence as a keyword-in-context line beside its English paragraph."""

from __future__ import annotations

from html import escape

from .i18n import Interface
from .markup import md_escape, nav_label, plain, report_title, zh_span
from .model import GlossaryEntry, Href, Occurrence, Page, PageRef, Site, TermFinder
from .safety import editor_markdown

KWIC_WIDTH = 18


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
    parts = [entry.zh, *entry.variants, entry.pinyin, entry.pinyin_plain,
             entry.pinyin_plain.replace(" ", ""), *entry.renderings]
    return escape(" ".join(parts).lower(), quote=True)


def _index_item(entry: GlossaryEntry, count: int, href: Href) -> str:
    link = href(PageRef("term", term=entry.slug), "", PageRef("glossary"))
    return (f'<li class="tifa-gl-item" data-search="{_search_key(entry)}">'
            f'<a href="{link}">{zh_span(entry.zh)}</a> '
            f'<span class="tifa-pinyin">{escape(entry.pinyin)}</span> — {escape(entry.en)} '
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
    out = [f"# {t['title']}\n\n<p>{intro}</p>\n\n",
           f'<div class="tifa-gl-filter"><label for="tifa-filter">{t["filter"]}</label> '
           '<input id="tifa-filter" type="search" autocomplete="off" '
           f'placeholder="{t["hint"]}" aria-controls="tifa-gl-lists">'
           f'<span class="tifa-gl-none" hidden>{t["none"]}</span></div>\n\n',
           f'<nav class="tifa-gl-letters" aria-label="{t["jump"]}">{jumps}</nav>\n\n',
           '<div id="tifa-gl-lists">\n']
    for key, label in category_labels(ui).items():
        group = [e for e in entries if e.category == key]
        if group:
            items = "".join(_index_item(e, counts.get(e.slug, 0), href) for e in group)
            out.append(f'<section class="tifa-gl-group"><h2 id="cat-{key}">{escape(label)}</h2>'
                       f'<ul class="tifa-gl-list">{items}</ul></section>\n')
    out.append('<section class="tifa-gl-group"><h2 id="a-z">' + _("A–Z") + "</h2>")
    for letter in letters:
        group = [e for e in entries if e.pinyin_plain[:1].upper() == letter]
        items = "".join(_index_item(e, counts.get(e.slug, 0), href) for e in group)
        out.append(f'<h3 id="az-{letter.lower()}">{letter}</h3><ul class="tifa-gl-list">{items}'
                   "</ul>")
    out.append("</section>\n</div>\n")
    return Page(PageRef("glossary"), t["title"], "".join(out), description=plain(intro))


def _facts(entry: GlossaryEntry, by_zh: dict[str, GlossaryEntry], ui: Interface,
           href: Href) -> str:
    _, me = ui._, PageRef("term", term=entry.slug)
    rows = [(_("Pinyin"), escape(entry.pinyin)),
            (_("English"), f"<strong>{escape(entry.en)}</strong>")]
    if entry.variants:
        rows.append((_("Also written"), " · ".join(zh_span(v) for v in entry.variants)))
    if entry.en_variants:
        rows.append((_("Other renderings"), "<br>".join(
            escape(r.text) + (f" <small>({escape(r.source)})</small>" if r.source else "")
            for r in entry.en_variants)))
    rows.append((_("Category"), escape(category_labels(ui)[entry.category])))
    rows.append((_("Scope"), escape(scope_labels(ui)[entry.scope])))
    if entry.related:
        links = [f'<a href="{href(PageRef("term", term=by_zh[r].slug), "", me)}">'
                 f"{zh_span(r)}</a>" for r in entry.related if r in by_zh]
        rows.append((_("Related"), " · ".join(links)))
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="tifa-meta">{items}</dl>\n\n'


def _sources(entry: GlossaryEntry, ui: Interface) -> str:
    if not entry.sources:
        return ""
    lines = [f"- [{md_escape(s.title)}]({s.url})" if s.url else f"- {md_escape(s.title)}"
             for s in entry.sources]
    return "## " + ui._("Sources") + "\n\n" + "\n".join(lines) + "\n\n"


def _kwic(text: str, occ: Occurrence) -> str:
    left = text[max(0, occ.start - KWIC_WIDTH):occ.start]
    right = text[occ.end:occ.end + KWIC_WIDTH]
    return (("…" if occ.start > KWIC_WIDTH else "") + escape(left)
            + f"<mark>{escape(text[occ.start:occ.end])}</mark>" + escape(right)
            + ("…" if occ.end + KWIC_WIDTH < len(text) else ""))


def _marked_english(english: str, slug: str, en: TermFinder) -> str:
    """An English paragraph as plain HTML text with the term's renderings marked (a concordance
    line needs no more, and a page may carry thousands of them)."""
    text, out, at = plain(english), [], 0
    for m in (m for m in en.find(text) if m.slug == slug):
        out += [escape(text[at:m.start]), f"<mark>{escape(text[m.start:m.end])}</mark>"]
        at = m.end
    return "".join(out + [escape(text[at:])])


def _occurrence_rows(entry: GlossaryEntry, found: list[Occurrence], site: Site, ui: Interface,
                     href: Href) -> str:
    """Every occurrence as ready HTML (one raw block: a page may list thousands), grouped by
    report, each group under the report's title with the entry's note for that report."""
    pending = f'<p><em>{ui._("Translation pending.")}</em></p>'
    reports, me = {r.slug: r for r in site.reports}, PageRef("term", term=entry.slug)
    groups: dict[str, list[str]] = {}
    for occ in found:
        report = reports[occ.report]
        section = next(s for s in report.sections if s.key == occ.section)
        p = next(p for p in section.paragraphs if p.pid == occ.pid)
        link = href(PageRef("reader", report.slug, section.key), p.pid, me)
        where = (f'<a href="{link}">{escape(report.meta.title_en)} · '
                 f"{escape(nav_label(section, ui))} · ¶{p.pid}</a>")
        english = f"<p>{_marked_english(p.en, entry.slug, site.en)}</p>" if p.en else pending
        groups.setdefault(report.slug, []).append(
            f'<div class="tifa-kwic-row"><p class="tifa-kwic-zh" lang="zh-Hans">'
            f'{_kwic(p.zh, occ)}</p><div class="tifa-kwic-en" lang="en">{english}</div>'
            f'<p class="tifa-kwic-where">{where}</p></div>')
    out = []
    for slug, rows in groups.items():
        note = site.cards[entry.slug].note_html(slug, ui.lang)  # the card's, sanitised once
        out.append(f'<h3 class="tifa-kwic-report">{escape(report_title(reports[slug], ui))} '
                   f'<span class="tifa-count">({ui.format_count(len(rows))})</span></h3>')
        if note:
            out.append(f'<div class="tifa-report-note"><strong>{ui._("In this report")}</strong> '
                       f"{note}</div>")
        out += rows
    return '<div class="tifa-kwic">\n' + "\n".join(out) + "\n</div>"


def term_page(entry: GlossaryEntry, site: Site, by_zh: dict[str, GlossaryEntry], ui: Interface,
              href: Href) -> Page:
    """The page of one glossary entry, with every occurrence in every report."""
    found = site.concordance.get(entry.slug, [])
    body = [f'# <span lang="zh-Hans">{escape(entry.zh)}</span> '
            f'<small>{escape(entry.en)}</small>\n\n', _facts(entry, by_zh, ui, href)]
    english = editor_markdown(entry.definition + "\n\n" + entry.explanation) + "\n\n"
    chinese = (f'## 释义 {{ lang="zh-Hans" }}\n\n<div lang="zh-Hans" markdown="1">\n\n'
               f"{editor_markdown(entry.explanation_zh)}\n\n</div>\n\n") \
        if entry.explanation_zh else ""
    body += [chinese, english] if ui.lang == "zh" and chinese else [english, chinese]
    body.append(_sources(entry, ui))
    heading = ui.ngettext("%(n)s occurrence", "%(n)s occurrences", len(found)) % {
        "n": ui.format_count(len(found))}
    body.append(f"## {heading} {{ #occurrences }}\n\n")
    body.append(_occurrence_rows(entry, found, site, ui, href) + "\n")
    return Page(PageRef("term", term=entry.slug), f"{entry.zh} · {entry.en}", "".join(body),
                description=plain(entry.definition))


def glossary_pages(site: Site, ui: Interface, href: Href) -> list[Page]:
    """The glossary index and one page per entry."""
    counts = {e.slug: site.count(e.slug) for e in site.entries}
    by_zh = site.by_zh
    return [glossary_index(site.entries, counts, ui, href),
            *(term_page(entry, site, by_zh, ui, href) for entry in site.entries)]
