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

import shutil
import subprocess
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .errors import BuildFailed, error
from .glossary import GlossaryEntry, strip_tones
from .pages import nav_label, plain
from .resolve import Site

LANGUAGE = "zh-cn"


@dataclass(frozen=True)
class Record:
    """One searchable unit: its URL (relative to the site root) and its HTML."""

    url: str
    html: str


def term_keywords(entry: GlossaryEntry) -> list[str]:
    """Forms of a term a query may take: Chinese as written, pinyin, English."""
    plain = strip_tones(entry.pinyin).lower()
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


def paragraph_records(site: Site) -> list[Record]:
    """One record per visible paragraph, with its report and section as filters."""
    by_slug = {e.slug: e for e in site.entries}
    records = []
    for report in site.reports:
        for section in report.sections:
            label = nav_label(section)
            for p in section.visible:
                slugs = dict.fromkeys(m.slug for m in site.zh.find(p.zh)) if site.zh else {}
                keywords = [k for s in slugs for k in term_keywords(by_slug[s])]
                body = f'<p lang="zh-Hans">{escape(p.zh)}</p><p lang="en">{escape(plain(p.en))}</p>'
                url = f"reports/{report.slug}/{section.key}/#{p.pid}"
                records.append(Record(url, _doc(
                    url, f"{label} ¶{p.pid}", {"report": report.meta.title_en, "section": label,
                                               "type": "paragraph"}, body, keywords)))
    return records


def glossary_records(site: Site) -> list[Record]:
    """One record per glossary entry: term, variants, pinyin with and without tones, English."""
    records = []
    for e in site.entries:
        body = (f'<p lang="zh-Hans">{escape(" ".join(e.forms))}</p><p>{escape(e.pinyin)}</p>'
                f"<p>{escape(e.en)}</p><p>{escape(e.definition)}</p>")
        url = f"glossary/{e.slug}/"
        records.append(Record(url, _doc(url, f"{e.zh} · {e.en}", {"type": "glossary"}, body,
                                        term_keywords(e))))
    return records


def build_search_index(site: Site, site_dir: Path, work: Path) -> int:
    """Write the Pagefind bundle into ``site_dir/pagefind``; returns the number of records.

    The records are written as HTML files into ``work`` and indexed by the Pagefind command
    (much faster than its service API, which costs about 0.1 s per record)."""
    records = paragraph_records(site) + glossary_records(site)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for number, record in enumerate(records):
        (work / f"r{number:06d}.html").write_text(record.html, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(work), "--output-path",
                          str(site_dir / "pagefind"), "--force-language", LANGUAGE],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise BuildFailed([error(work, None, "pagefind failed: " + run.stderr.strip()[-500:],
                                 "run 'python build.py' again; if it persists, reinstall the "
                                 "requirements")])
    return len(records)
