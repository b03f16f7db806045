"""Search: a Pagefind index of paragraphs and glossary entries, in both languages.

Records are synthetic HTML documents, two consecutive paragraphs each (with the headings just
before them) and one per glossary entry, so that a result points at a paragraph's anchor. The
whole site shares one index built with the Chinese segmenter (``force_language``), and
``templates/assets/search-dialog.js`` queries it the same way in both interfaces (it presents
one fixed language to Pagefind, whose script would otherwise re-split Chinese queries on ``zh``
pages only). The reasons and the checks are in docs/search.md.

The indexer's Chinese segmenter and the browser's split words differently, so every record also
carries, in a ``terms`` metadata field that Pagefind searches and weights above the text, the
whole terms a researcher types: each glossary term it contains (Chinese forms, pinyin with and
without tones, English renderings, so English and pinyin reach untranslated paragraphs) and each
formulation the text itself quotes (“…”, 《…》). Groups are separated by ``‖`` and forms within
a group by ``|``, so the browser can highlight the Chinese form of an English query.

Filters (report, year, issuing body, document type, the last three also in Chinese as
``report_zh``, ``body_zh`` and ``doctype_zh`` for the Chinese interface's dialog) are fetched
only when a reader opens them;
glossary records alone carry a ``kind`` filter (a small file), so the browser can set them apart.

Known limit: Pagefind writes its filter files in hash-map order, so they (and the two files that
name them) differ from build to build; every other file of a build is reproducible.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

from .errors import BuildFailed, error
from .i18n import Interface
from .markup import doc_type_label, nav_label, plain
from .model import GlossaryEntry, Href, PageRef, Paragraph, Record, Report, Section, Site

LANGUAGE = "zh-cn"
GROUPS, FORMS = " ‖ ", " | "
PART = "⸿"  # between the paragraphs of a record, so the browser can tell them apart
PER_RECORD = 2  # paragraphs per record: every record costs every first search ~6.5 bytes
# A formulation the text quotes: 2 to 16 Chinese characters or digits in “…”, or a title in 《…》.
QUOTED = re.compile(r"“([\u3400-\u9fff0-9０-９]{2,16})”|《([^《》\n]{2,40})》")


def record_file(page: str, pids: list[str]) -> str:
    """The file a record is indexed from: ``reports/<slug>/<section>/p11-p12.html`` holds
    paragraphs p11 and p12 of that page, ``glossary/<slug>.html`` a term (search-dialog.js reads
    the names back). A URL needs no metadata field then, which Pagefind would search."""
    return page + "-".join(pids) + ".html" if pids else page.rstrip("/") + ".html"


def term_keywords(entry: GlossaryEntry) -> list[str]:
    """Forms of a term a query may take: Chinese as written, pinyin, English."""
    plain_pinyin = entry.pinyin_plain
    words = [f.replace("“", " ").replace("”", " ").strip() for f in entry.forms]
    words += [entry.pinyin, plain_pinyin, plain_pinyin.replace(" ", ""), *entry.renderings]
    return list(dict.fromkeys(w for w in words if w.strip()))


def quoted_formulations(zh: str) -> list[str]:
    """The formulations a paragraph quotes (“三去一降一补”, 《政府工作报告》), in order."""
    return list(dict.fromkeys(a or b for a, b in QUOTED.findall(zh)))


def report_filters(report: Report, zh: Interface | None = None) -> dict[str, str]:
    """The filters a researcher narrows by: report, year, issuing body, document type; with
    ``zh`` (the Chinese interface) also their Chinese values (``report_zh``, ``body_zh``,
    ``doctype_zh``), which the Chinese interface's dialog shows instead."""
    meta = report.meta
    values = {"report": meta.title_en, "year": meta.date[:4], "body": meta.issuer_en,
              "doctype": meta.doc_type}
    if zh is not None:
        values |= {"report_zh": meta.title_zh, "body_zh": meta.issuer_zh or meta.issuer_en,
                   "doctype_zh": doc_type_label(meta.doc_type, zh)[0] if meta.doc_type else ""}
    return {k: v for k, v in values.items() if v}


def _doc(meta: dict[str, str], filters: dict[str, str], body: str, groups: list[list[str]]) -> str:
    """A record. Its title and metadata stay outside the indexed body, so that excerpts are
    the text alone; its terms go into a metadata field, which Pagefind matches as whole words
    (the split of a Chinese query then no longer matters)."""
    if groups:
        meta = {**meta, "terms": GROUPS.join(FORMS.join(g) for g in groups)}
    marks = "".join(f'<span data-pagefind-meta="{k}:{escape(v)}"></span>' for k, v in meta.items())
    marks += "".join(f'<span data-pagefind-filter="{k}:{escape(v)}"></span>'
                     for k, v in filters.items())
    return (f'<html lang="{LANGUAGE}"><head><title>{escape(meta["title"])}</title></head><body>'
            f"{marks}<main data-pagefind-body>{body}</main></body></html>")


def _units(section: Section) -> list[list[Paragraph]]:
    """The searchable units of a section: each text paragraph with the headings just before it
    (a heading alone is not worth a record of its own, and every record costs every reader
    bytes in Pagefind's metadata)."""
    units: list[list[Paragraph]] = []
    pending: list[Paragraph] = []
    for p in section.visible:
        pending.append(p)
        if p.kind == "text":
            units.append(pending)
            pending = []
    return units + ([pending] if pending else [])


def paragraph_groups(report: str, unit: list[Paragraph], site: Site,
                     by_slug: dict[str, GlossaryEntry]) -> list[list[str]]:
    """The whole terms of a paragraph (with its headings): its glossary terms from the
    concordance (each with all its forms), then the formulations it quotes that are not glossary
    forms already."""
    slugs = dict.fromkeys(o.slug for p in unit for o in site.terms_in(report, p.pid))
    groups = [term_keywords(by_slug[s]) for s in slugs]
    known = {w for g in groups for w in g}
    return groups + [[q] for q in quoted_formulations("".join(p.zh for p in unit))
                     if q not in known]


def _records_of(section: Section) -> list[list[list[Paragraph]]]:
    """A section's units, ``PER_RECORD`` to a record."""
    units = _units(section)
    return [units[i:i + PER_RECORD] for i in range(0, len(units), PER_RECORD)]


def _unit_html(unit: list[Paragraph]) -> str:
    return "".join(f'<p lang="zh-Hans">{escape(p.zh)}</p>'
                   + (f'<p lang="en">{escape(plain(p.en))}</p>' if p.en else "") for p in unit)


def paragraph_records(site: Site, ui: Interface, href: Href,
                      zh: Interface | None = None) -> list[Record]:
    """Records of two consecutive paragraphs (each with the headings just before it), filtered
    by report, year, body and type (also in Chinese with ``zh``), labelled in the interface
    ``ui``. The browser shows each
    paragraph of a record that holds the query as a result of its own, labelled with the
    section and the number of the paragraph it links to (the text one, after its headings)."""
    by_slug = {e.slug: e for e in site.entries}
    records = []
    for report in site.reports:
        filters = report_filters(report, zh)
        meta = {"report": report.meta.title_en, "report_zh": report.meta.title_zh}
        for section in report.sections:
            page = href(PageRef("reader", report.slug, section.key), "", PageRef("home"))
            for units in _records_of(section):
                pids = [unit[-1].pid for unit in units]
                body = f"<p>{PART}</p>".join(_unit_html(unit) for unit in units)
                groups = [g for unit in units
                          for g in paragraph_groups(report.slug, unit, site, by_slug)]
                groups = list({tuple(g): g for g in groups}.values())
                records.append(Record(record_file(page, pids), _doc(
                    {"title": nav_label(section, ui), **meta}, filters, body, groups)))
    return records


def glossary_records(site: Site, href: Href) -> list[Record]:
    """One record per glossary entry: term, variants, pinyin with and without tones, English."""
    records = []
    for e in site.entries:
        body = (f'<p lang="zh-Hans">{escape(" ".join(e.forms))}</p><p>{escape(e.pinyin)}</p>'
                f"<p>{escape(e.en)}</p><p>{escape(e.definition)}</p>")
        url = href(PageRef("term", term=e.slug), "", PageRef("home"))
        meta = {"title": f"{e.zh} · {e.en}"}
        records.append(Record(record_file(url, []),
                              _doc(meta, {"kind": "glossary"}, body, [term_keywords(e)])))
    return records


def build_search_index(site: Site, ui: Interface, href: Href, site_dir: Path,
                       work: Path, zh: Interface | None = None) -> int:
    """Write the Pagefind bundle into ``site_dir/pagefind``; returns the number of records.
    Labels are in the interface ``ui`` (one index serves both interfaces); filter values also
    in Chinese with ``zh``.

    The records are written as HTML files into ``work/records`` and indexed by the Pagefind
    command (much faster than its service API, about 0.1 s per record). The bundle is cached in
    ``work/cache/<hash of the records>`` and reused while the records do not change; the cache
    is safe to delete."""
    records = paragraph_records(site, ui, href, zh) + glossary_records(site, href)
    digest = hashlib.sha256(f"{_pagefind_version()}|{LANGUAGE}".encode())
    for record in records:
        digest.update(f"{record.file}\0{record.html}\0".encode("utf-8"))
    cached = work / "cache" / digest.hexdigest()[:20]
    if not cached.is_dir():
        _run_pagefind(records, work / "records", cached)
        _prune(cached.parent, keep=cached)
    shutil.copytree(cached, site_dir / "pagefind")
    return len(records)


def _pagefind_version() -> str:
    from importlib.metadata import version

    return version("pagefind")


def _run_pagefind(records: list[Record], source: Path, output: Path) -> None:
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for record in records:
        target = source / record.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(record.html, encoding="utf-8")
    partial = output.with_name(output.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source),
                          "--output-path", str(partial), "--force-language", LANGUAGE],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise BuildFailed([error(source, None, "pagefind failed: " + run.stderr.strip()[-500:],
                                 "run 'python build.py' again; if it persists, reinstall the "
                                 "requirements")])
    partial.rename(output)


def _prune(cache: Path, keep: Path, most: int = 3) -> None:
    """Keep the newest few cached bundles."""
    bundles = sorted((p for p in cache.iterdir() if p.is_dir() and p != keep),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in bundles[most - 1:]:
        shutil.rmtree(old)
