"""Search: a Pagefind index of paragraphs and glossary entries, in both languages.

Records are synthetic HTML documents, one per paragraph and one per glossary entry, so that a
result points at a paragraph's anchor. The whole site shares one index built with the Chinese
segmenter (``force_language``), so the English and the Chinese interface search the same text.
Browsers split Chinese queries differently from the indexer (两个确立 becomes 两|个|确立); Pagefind
matches a query that is a whole word of some record's metadata as that word. So every record
carries, as metadata, the glossary terms it contains (Chinese forms, pinyin, English), and a
query for a term finds every paragraph that uses it.

Known limit: Pagefind writes its filter files in hash-map order, so they (and the two files that
name them) differ from build to build; every other file of a build is reproducible.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

from .errors import BuildFailed, error
from .i18n import Interface
from .markup import nav_label, plain
from .model import GlossaryEntry, Href, PageRef, Paragraph, Record, Section, Site

LANGUAGE = "zh-cn"


def term_keywords(entry: GlossaryEntry) -> list[str]:
    """Forms of a term a query may take: Chinese as written, pinyin, English."""
    plain = entry.pinyin_plain
    words = [f.replace("“", " ").replace("”", " ").strip() for f in entry.forms]
    words += [entry.pinyin, plain, plain.replace(" ", ""), *entry.renderings]
    return list(dict.fromkeys(w for w in words if w.strip()))


def _doc(url: str, title: str, filters: dict[str, str], body: str, keywords: list[str]) -> str:
    """A record; its terms go into a metadata field, which Pagefind matches as whole words
    (the browser's split of a Chinese query then no longer matters)."""
    marks = "".join(f'<span data-pagefind-filter="{escape(k)}:{escape(v)}"></span>'
                    for k, v in filters.items())
    marks += f'<span data-pagefind-meta="url:{escape(url)}"></span>'
    if "report" in filters:
        marks += f'<span data-pagefind-meta="report:{escape(filters["report"])}"></span>'
    terms = (f'<span data-pagefind-meta="terms:{escape(" ".join(keywords))}"></span>'
             if keywords else "")
    return (f'<html lang="{LANGUAGE}"><head><title>{escape(title)}</title></head><body>'
            f'<main data-pagefind-body><h1 data-pagefind-meta="title">{escape(title)}</h1>'
            f"{marks}{terms}{body}</main></body></html>")


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


def paragraph_records(site: Site, ui: Interface, href: Href) -> list[Record]:
    """One record per paragraph (with its headings), with report and section as filters; the
    terms a record contains come from the concordance."""
    by_slug = {e.slug: e for e in site.entries}
    records = []
    for report in site.reports:
        for section in report.sections:
            label, page = nav_label(section, ui), PageRef("reader", report.slug, section.key)
            for unit in _units(section):
                slugs = dict.fromkeys(o.slug for p in unit
                                      for o in site.terms_in(report.slug, p.pid))
                keywords = [k for s in slugs for k in term_keywords(by_slug[s])]
                body = "".join(f'<p lang="zh-Hans">{escape(p.zh)}</p>'
                               f'<p lang="en">{escape(plain(p.en))}</p>' for p in unit)
                url = href(page, unit[0].pid, PageRef("home"))
                records.append(Record(url, _doc(
                    url, f"{label} ¶{unit[-1].pid}", {"report": report.meta.title_en,
                                                      "section": label, "type": "paragraph"},
                    body, keywords)))
    return records


def glossary_records(site: Site, href: Href) -> list[Record]:
    """One record per glossary entry: term, variants, pinyin with and without tones, English."""
    records = []
    for e in site.entries:
        body = (f'<p lang="zh-Hans">{escape(" ".join(e.forms))}</p><p>{escape(e.pinyin)}</p>'
                f"<p>{escape(e.en)}</p><p>{escape(e.definition)}</p>")
        url = href(PageRef("term", term=e.slug), "", PageRef("home"))
        records.append(Record(url, _doc(url, f"{e.zh} · {e.en}", {"type": "glossary"}, body,
                                        term_keywords(e))))
    return records


def build_search_index(site: Site, ui: Interface, href: Href, site_dir: Path,
                       work: Path) -> int:
    """Write the Pagefind bundle into ``site_dir/pagefind``; returns the number of records.
    Labels are in the interface ``ui`` (one index serves both interfaces).

    The records are written as HTML files into ``work/records`` and indexed by the Pagefind
    command (much faster than its service API, about 0.1 s per record). The bundle is cached in
    ``work/cache/<hash of the records>`` and reused while the records do not change; the cache
    is safe to delete."""
    records = paragraph_records(site, ui, href) + glossary_records(site, href)
    digest = hashlib.sha256(f"{_pagefind_version()}|{LANGUAGE}".encode())
    for record in records:
        digest.update(record.html.encode("utf-8") + b"\0")
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
    for number, record in enumerate(records):
        (source / f"r{number:06d}.html").write_text(record.html, encoding="utf-8")
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
