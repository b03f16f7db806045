"""Pages: the generated Markdown of every page (front matter + body), from the model.

Nothing here knows MkDocs; the renderer writes these pages into the docs tree and builds them.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

import yaml

from .figures import english_clause, find_figures
from .i18n import _, current, format_day
from .memory import origin_refs, progress
from .model import STATUSES, Paragraph, Report, Section
from .safety import editor_markdown

if TYPE_CHECKING:
    from .checks import Candidate

_MD_SPECIAL = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
               "{": "\\{", "}": "\\}", "<": "&lt;", "&": "&amp;"}


def md_escape(text: str) -> str:
    """Escape source text so that Markdown shows it literally."""
    out = "".join(_MD_SPECIAL.get(c, c) for c in text)
    return "\\" + out if out[:1] in "#>-+=|" or out[:2].rstrip(".").isdigit() and "." in out[:3] \
        else out


def section_title(section: Section, lang: str) -> str:
    """A section's title in one language ('zh' or 'en'), with a fallback for untitled parts."""
    title = section.title
    if title is None:
        return "导语" if lang == "zh" else "Opening"
    return title.zh if lang == "zh" else (title.en or title.zh)


def nav_label(section: Section) -> str:
    """The navigation label of a section: its Chinese title, and its English one in the
    English interface."""
    zh, en = section_title(section, "zh"), section_title(section, "en")
    return zh if zh == en or current() == "zh" else f"{zh} · {en}"


def _zh_markdown(p: Paragraph) -> str:
    if p.lead and p.lead_zh:
        return f"**{md_escape(p.lead_zh)}**{md_escape(p.zh[len(p.lead_zh):])}"
    return md_escape(p.zh)


def _side(lang: str, body: str, heading: bool) -> str:
    attr = 'lang="zh-Hans"' if lang == "zh" else 'lang="en"'
    if not body:
        pending = _("Translation pending.")
        body = f'<p class="tifa-missing">{pending}</p>'
    elif heading:
        body = f"# {body}"
    return f'<div class="tifa-{lang}" {attr} markdown="1">\n\n{body}\n\n</div>'


def origin_note(p: Paragraph) -> str:
    """For a draft reused from translation memory: where each part came from, for reviewers."""
    if not p.origin or p.status == "translated" or not p.en.strip():
        return ""
    refs = [f"{report} {pid} (" + (_("exact") if score == 100 else f"{score}%") + ")"
            for report, pid, score in origin_refs(p.origin)]
    label = _("Draft from translation memory:")
    return f'<p class="tifa-origin">{label} {escape(", ".join(refs))}</p>'


def paragraph_markdown(p: Paragraph) -> str:
    """The Markdown of one paragraph pair, under its own anchor."""
    kind = f"tifa-{p.kind}" + (f" tifa-{p.status}" if p.status != "translated" else "")
    en = editor_markdown(p.en if p.kind != "title" else p.en.lstrip("# "))
    note = origin_note(p)
    link = _("Link to paragraph %(pid)s") % {"pid": p.pid}
    label = _("Cite")
    cite = _("Cite paragraph %(pid)s") % {"pid": p.pid}
    tools = (f'<div class="tifa-tools"><a class="tifa-anchor" href="#{p.pid}" '
             f'aria-label="{link}">¶</a><button type="button" class="tifa-cite" '
             f'aria-label="{cite}" hidden>{label}</button></div>')
    return "\n".join([f'<div class="tifa-pair {kind}" id="{p.pid}" markdown="1">', "",
                      _side("zh", _zh_markdown(p), p.kind == "title"), "",
                      _side("en", en + (f"\n\n{note}" if note else ""), p.kind == "title"), "",
                      tools, "", "</div>", ""])


def plain(markdown_text: str) -> str:
    """Markdown reduced to plain text on one line (for descriptions and search records)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return " ".join(re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", "", text).split())


def front(data: dict) -> str:
    """YAML front matter for a generated page. The theme writes ``title`` and ``description``
    into the HTML as they are, so callers pass an escaped title and the description is stored
    as escaped plain text."""
    if data.get("description"):
        data = {**data, "description": escape(plain(data["description"]), quote=True)}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n\n"


def reader_page(report: Report, section: Section) -> str:
    """The Markdown page of one section: every paragraph pair in order."""
    cite = f"{report.meta.title_en} ({report.meta.title_zh}), {nav_label(section)}"
    meta = {"title": escape(nav_label(section)),
            "tifa": {"page": "reader", "report": report.slug, "section": section.key,
                     "cite": escape(cite, quote=True)}}
    head = "" if section.title else f"# {nav_label(section)}\n\n"
    return front(meta) + head + "\n".join(paragraph_markdown(p) for p in section.visible)


def zh_span(text: str) -> str:
    """Chinese text marked with its language, HTML-escaped."""
    return f'<span lang="zh-Hans">{escape(text)}</span>'


def _metadata_list(report: Report) -> str:
    m = report.meta
    source = (f'<a href="{escape(m.source_url)}">{escape(m.source or m.source_url)}</a>'
              if m.source_url else escape(m.source))
    rows = [(_("Title"), f"{escape(m.title_en)}<br>{zh_span(m.title_zh)}"),
            (_("Issued by"), f"{escape(m.issuer_en)}<br>{zh_span(m.issuer_zh)}" if m.issuer_zh
             else escape(m.issuer_en)),
            (_("Date"), escape(format_day(m.date)) + (f'<br><small>{escape(m.date_note)}</small>'
                                                      if m.date_note else "")),
            (_("Place"), f"{escape(m.place_en)}<br>{zh_span(m.place_zh)}" if m.place_zh
             else escape(m.place_en)),
            (_("Document type"), escape(m.doc_type)), (_("Source"), source)]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="tifa-meta">{items}</dl>\n\n'


def _digest(report: Report) -> str:
    if report.digest is None:
        return ""
    takeaways = "\n".join(f"- {editor_markdown(t)}" for t in report.digest.takeaways)
    summary = editor_markdown(report.digest.summary)
    note = _("Written by the tifa editors; not part of the source.")
    digest, key = _("Digest"), _("Key takeaways")
    return (f"## {digest}\n\n<p class=\"tifa-note\">{note}</p>\n\n{summary}\n\n"
            + (f"### {key}\n\n{takeaways}\n\n" if takeaways else ""))


def _figures_table(report: Report) -> str:
    rows = []
    for section in report.sections:
        for p in section.visible:
            for f in find_figures(p.pid, p.zh):
                context = md_escape(f.context_zh).replace(md_escape(f.span),
                                                          f"**{md_escape(f.span)}**", 1)
                rows.append(f'| <span lang="zh-Hans">{context}</span> | {f.en} | '
                            f"{md_escape(english_clause(f, p.en))} | "
                            f"[{p.pid}]({section.key}.md#{p.pid}) |")
    if not rows:
        return ""
    note = _("Every quantity in the Chinese text, with its exact English value "
             "(亿 = 100 million, 万 = 10,000).")
    columns = [_("Chinese"), _("English"), _("In the translation"), "¶"]
    head, title = "| " + " | ".join(columns) + " |", _("Key figures")
    return (f"## {title}\n\n<p class=\"tifa-note\">{note}</p>\n\n{head}\n"
            "|---|---|---|---|\n" + "\n".join(rows) + "\n\n")


def _sections_list(report: Report) -> str:
    items = []
    for i, s in enumerate(report.sections, start=1):
        summary = f"  \n    {editor_markdown(s.summary)}" if s.summary else ""
        items.append(f"{i}. [{md_escape(nav_label(s))}]({s.key}.md){summary}")
    return "## " + _("Sections") + "\n\n" + "\n".join(items) + "\n\n"


def report_home(report: Report) -> str:
    """The Markdown of a report's home page: metadata, digest, key figures and sections."""
    title = report.meta.title_zh if current() == "zh" else report.meta.title_en
    meta = {"title": escape(title), "description": report.digest.summary.split("\n\n")[0]
            if report.digest else report.meta.title_en,
            "tifa": {"page": "report", "report": report.slug}}
    return (front(meta) + f"# {md_escape(title)}\n\n"
            + _metadata_list(report) + _digest(report) + _sections_list(report)
            + _figures_table(report))


def site_home(reports: list[Report]) -> str:
    """The Markdown of the site's home page: the list of reports."""
    items = "\n".join(f"- [{md_escape(r.meta.title_en)}](reports/{r.slug}/index.md) — "
                      f"<span lang=\"zh-Hans\">{md_escape(r.meta.title_zh)}</span>"
                      for r in reports)
    intro = _("Chinese policy reports with a paragraph-by-paragraph English translation, every "
              "political term marked and explained.")
    return (front({"title": _("Reports"), "description": intro, "tifa": {"page": "home"}})
            + "# " + _("Reports") + f"\n\n{intro}\n\n" + items + "\n")


def report_pages(reports: list[Report]) -> dict[str, str]:
    """The home page and every report's pages, keyed by their path inside the docs tree."""
    pages = {"index.md": site_home(reports)}
    for report in reports:
        pages[f"reports/{report.slug}/index.md"] = report_home(report)
        for section in report.sections:
            pages[f"reports/{report.slug}/{section.key}.md"] = reader_page(report, section)
    return pages




def editors_page(reports: list[Report], gaps: list[Candidate]) -> str:
    """The editors' page: translation status per report and glossary gaps."""
    rows = []
    for r in reports:
        paragraphs = r.paragraphs
        counts = {s: sum(p.status == s for p in paragraphs) for s in STATUSES}
        done = progress(r)
        rows.append(f"| [{md_escape(r.meta.title_en)}](reports/{r.slug}/index.md) | "
                    + " | ".join(str(counts[s]) for s in STATUSES)
                    + f" | {done.from_memory} | {done.untranslated} |")
    columns = [*STATUSES, _("drafted from memory"), _("untranslated")]
    status = ("| " + _("Report") + " | " + " | ".join(columns) + " |\n|---|"
              + "---|" * len(columns) + "\n" + "\n".join(rows))
    gap_rows = "\n".join(f'| <span lang="zh-Hans">{md_escape(c.text)}</span> | '
                         f"[{c.pid}](reports/{c.report}/{c.section}.md#{c.pid}) |" for c in gaps)
    gap_table = ("| " + _("Formulation") + " | " + _("First seen") + " |\n|---|---|\n" + gap_rows) \
        if gaps else _("Every quoted or numbered formulation has an entry.")
    gaps_intro = _("Quoted phrases and numbered formulations (such as “X个Y”) in the text that "
                   "no glossary entry covers yet. Start one with "
                   "`python build.py new-term <term>`.")
    return (front({"title": _("For editors"), "tifa": {"page": "editors"}})
            + "# " + _("For editors") + "\n\n## " + _("Translation status") + f"\n\n{status}\n\n"
            + "## " + _("Glossary gaps") + f"\n\n{gaps_intro}\n\n{gap_table}\n")


def about_page(downloads: str) -> str:
    """The about page: what the digest is, how to cite it, how to contribute, the downloads."""
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
    return (front({"title": _("About"), "description": intro, "tifa": {"page": "about"}})
            + "# " + _("About") + f"\n\n{intro}\n\n## " + _("How to cite") + f"\n\n{cite}\n\n## "
            + _("How to contribute") + f"\n\n{contribute}\n\n" + downloads)
