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
only when a reader opens them; a ``kind`` filter (glossary or paragraph, a small file) lets the
browser search either alone.

Pagefind runs as a process of its own, started by the pipeline's ``index`` stage
(:func:`start_index`) on each bundle whose records changed, one at a time, while the later
stages run; the ``search`` stage waits for it (:meth:`Indexing.finish`).

Known limit: Pagefind writes its filter files in hash-map order, so they (and the two files that
name them) differ from build to build; every other file of a build is reproducible.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from typing import Callable

from .errors import BuildFailed, error
from .guard import link_file, remove_others
from .i18n import Interface
from .markup import doc_type_label, nav_label, plain
from .model import GlossaryEntry, Href, PageRef, Paragraph, Record, Report, Section, Site

# Gives a report's records: (report, make) -> the records ``make()`` would make.
Remembered = Callable[[Report, Callable[[], list[Record]]], list[Record]]

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
                     keywords: dict[str, list[str]]) -> list[list[str]]:
    """The whole terms of a paragraph (with its headings): its glossary terms from the
    concordance (each with all its forms), then the formulations it quotes that are not glossary
    forms already."""
    slugs = dict.fromkeys(o.slug for p in unit for o in site.terms_in(report, p.pid))
    groups = [keywords[s] for s in slugs]
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


def paragraph_records(site: Site, ui: Interface, href: Href, reports: list[Report],
                      zh: Interface | None = None, keywords: dict[str, list[str]] | None = None,
                      each: Remembered | None = None) -> list[Record]:
    """Records of two consecutive paragraphs (each with the headings just before it), filtered
    by report, year, body and type (also in Chinese with ``zh``), labelled in the interface
    ``ui``. The browser shows each
    paragraph of a record that holds the query as a result of its own, labelled with the
    section and the number of the paragraph it links to (the text one, after its headings).
    ``reports`` are those of one shard; ``keywords`` each term's :func:`term_keywords`, by
    slug (made here if not given); ``each(report, make)``, when given, gives a report's records
    (``make()`` makes them: the pipeline keeps them from build to build)."""
    if keywords is None:
        keywords = {e.slug: term_keywords(e) for e in site.entries}
    each = each or (lambda report, make: make())
    return [record for report in reports for record in each(
        report, partial(_report_records, site, ui, href, report, zh, keywords))]


def _report_records(site: Site, ui: Interface, href: Href, report: Report,
                    zh: Interface | None, keywords: dict[str, list[str]]) -> list[Record]:
    filters = {**report_filters(report, zh), "kind": "paragraph"}
    meta = {"report": report.meta.title_en, "report_zh": report.meta.title_zh}
    records = []
    for section in report.sections:
        page = href(PageRef("reader", report.slug, section.key), "", PageRef("home"))
        for units in _records_of(section):
            pids = [unit[-1].pid for unit in units]
            body = f"<p>{PART}</p>".join(_unit_html(unit) for unit in units)
            groups = [g for unit in units
                      for g in paragraph_groups(report.slug, unit, site, keywords)]
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


# Reports per shard on average: Pagefind holds a shard whole in memory (about 5 MB a report),
# and every shard costs a first search an index chunk (about 12 KB) per word of the query. At
# 100 reports, 32 would index an edited report's shard in about 1.3 s instead of 2.2 s, but a
# cold first search would fetch 231-235 KB instead of 209-218 KB; the indexing runs beside the
# rest of the build, so the readers' bytes won.
SHARD_REPORTS = 32
UNUSED = ("pagefind-*.js", "pagefind-*.css")  # Pagefind's UIs, worker and highlighter
SHARED = ("pagefind.js", "wasm.*")  # a merged shard runs on the glossary bundle's script
SHARDS_FILE = "tifa-shards.json"


@dataclass
class Indexed:
    """What the search stage did: records, shards, and bundles indexed again."""

    records: int
    shards: int
    indexed: int


def shard_count(reports: int) -> int:
    """The number of report shards: the least power of two that keeps them at
    ``SHARD_REPORTS`` reports or fewer on average (a power of two, so that a growing digest
    re-shards, and re-indexes everything, only when it doubles)."""
    count = 1
    while count * SHARD_REPORTS < reports:
        count *= 2
    return count


def shard_of(slug: str, count: int) -> int:
    """The shard a report's records go to: by a hash of its slug, so that a report added or
    removed changes only its own shard."""
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8], 16) % count


def build_search_index(site: Site, ui: Interface, href: Href, site_dir: Path,
                       work: Path, zh: Interface | None = None) -> Indexed:
    """Write the search bundles into ``site_dir/pagefind``: the glossary's bundle there (the
    one a page loads) and each shard of the reports' paragraphs in a folder ``r<n>`` inside it,
    listed in ``tifa-shards.json`` for search-dialog.js to merge (Pagefind's ``mergeIndex``).
    Labels are in the interface ``ui`` (one index serves both interfaces); filter values also
    in Chinese with ``zh``. :func:`start_index` and :meth:`Indexing.finish` in one call."""
    return start_index(site, ui, href, work, zh).finish(site_dir)


def start_index(site: Site, ui: Interface, href: Href, work: Path,
                zh: Interface | None = None, each: Remembered | None = None) -> Indexing:
    """Make the records of every bundle and start indexing, in the background, the bundles
    whose records changed (Pagefind is a process of its own): the build goes on while it runs,
    and :meth:`Indexing.finish` waits for it. ``each`` as for :func:`paragraph_records`.

    Each bundle is cached in ``work/cache/<hash of its records>`` and indexed again only when
    its records change, so an edit re-indexes one shard, and Pagefind, which holds what it
    indexes in memory, holds one shard at a time; the cache is safe to delete."""
    keywords = {e.slug: term_keywords(e) for e in site.entries}
    made = (paragraph_records(site, ui, href, group, zh, keywords, each)
            for group in shards(site.reports))
    cached, todo, count = [], [], 0
    for records in (r for r in itertools.chain([glossary_records(site, href)], made) if r):
        path, source = work / "cache" / _digest(records), work / "records" / f"b{len(cached)}"
        cached.append(path)  # the first bundle is the one loaded
        count += len(records)
        if not path.is_dir():  # written now, one bundle at a time: no records are held
            _write_records(records, source)
            todo.append((source, path))
    indexing = Indexing(work, cached, count, todo)
    indexing.start()
    return indexing


@dataclass
class Indexing:
    """The search index being made: the cached bundle of each shard, the bundles still to
    index (the folder their records are written in, the bundle's folder), and a thread that
    runs Pagefind on them one after the other (one at a time: memory is what shards bound)
    while the build goes on."""

    work: Path
    cached: list[Path]
    records: int
    todo: list[tuple[Path, Path]]
    running: tuple[subprocess.Popen, Path, Path] | None = None
    indexed: int = 0
    failed: BuildFailed | None = None
    stopped: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    worker: threading.Thread | None = None

    def start(self) -> None:
        """Start indexing the bundles still to index, if it has not started."""
        if self.worker is None and self.todo:
            self.worker = threading.Thread(target=self._index_all, name="pagefind")
            self.worker.start()

    def _index_all(self) -> None:
        """Index the bundles still to index, one after the other, until done or stopped."""
        while True:
            try:
                with self.lock:  # stop() kills what runs: nothing starts after it
                    if self.stopped or not self.todo:
                        return
                    source, output = self.todo.pop(0)
                    self.running = (_start_pagefind(source, output), source, output)
                _finish_pagefind(*self.running)
                self.indexed += 1
            except BuildFailed as failed:
                self.failed = failed
                return
            except OSError as exc:  # Pagefind could not be started, or its bundle not kept
                self.failed = BuildFailed([error(source, None, f"pagefind failed: {exc}",
                                                 "run 'python build.py' again")])
                return
            finally:
                self.running = None

    def finish(self, site_dir: Path) -> Indexed:
        """Wait for every bundle, drop the cached bundles no longer used, and link the
        bundles into ``site_dir/pagefind``."""
        if self.worker is not None:
            self.worker.join()
        if self.failed is not None:
            raise self.failed
        if not self.cached:
            return Indexed(0, 0, 0)
        _prune(self.work / "cache", keep=set(self.cached))
        if (self.work / "records").is_dir():
            _prune(self.work / "records", keep={self.work / "records" / f"b{number}"
                                               for number in range(len(self.cached))})
        names = _publish(self.cached, site_dir / "pagefind")
        return Indexed(self.records, len(names), self.indexed)

    def stop(self) -> None:
        """End the Pagefind process, if one runs, and start no other (the build stopped)."""
        with self.lock:
            self.stopped, running = True, self.running
        if running is not None:
            running[0].kill()
        if self.worker is not None:
            self.worker.join()


def shards(reports: list[Report]) -> list[list[Report]]:
    """The reports of each shard (some may be empty), in the digest's order."""
    count = shard_count(len(reports))
    groups: list[list[Report]] = [[] for _ in range(count)]
    for report in reports:
        groups[shard_of(report.slug, count)].append(report)
    return groups


def _publish(cached: list[Path], out: Path) -> list[str]:
    """Link the first bundle into ``out`` and each other one into a folder inside it, listed in
    ``SHARDS_FILE``; returns those folders' names."""
    _link_bundle(cached[0], out, UNUSED)
    names = [f"r{number}" for number in range(len(cached) - 1)]
    for name, path in zip(names, cached[1:]):
        _link_bundle(path, out / name, UNUSED + SHARED)
    (out / SHARDS_FILE).write_text(json.dumps({"shards": names}), encoding="utf-8")
    return names


def _digest(records: list[Record]) -> str:
    digest = hashlib.sha256(f"{_pagefind_version()}|{LANGUAGE}".encode())
    for record in records:
        digest.update(f"{record.file}\0{record.html}\0".encode("utf-8"))
    return digest.hexdigest()[:20]


def _link_bundle(source: Path, target: Path, drop: tuple[str, ...]) -> None:
    """Hard-link a cached bundle into the site, leaving out the files matching ``drop``."""
    target.mkdir(parents=True)
    for part in source.iterdir():
        if any(part.match(pattern) for pattern in drop):
            continue
        if part.is_dir():
            shutil.copytree(part, target / part.name, copy_function=link_file)
        else:
            link_file(part, target / part.name)


def _pagefind_version() -> str:
    from importlib.metadata import version

    return version("pagefind")


def _start_pagefind(source: Path, output: Path) -> subprocess.Popen:
    """Start indexing the records written in ``source`` into ``output`` (Pagefind's messages
    go to a log beside ``source``)."""
    partial = output.with_name(output.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    with _log(source).open("wb") as log:
        return subprocess.Popen([_pagefind(), "--site", str(source), "--output-path",
                                 str(partial), "--force-language", LANGUAGE, "--quiet"],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log)


def _write_records(records: list[Record], source: Path) -> None:
    """Make ``source`` hold the files of ``records`` and nothing else, writing only those whose
    text changed: the folder of a bundle's position is kept from build to build (making and
    removing its hundreds of folders cost more than Pagefind's start)."""
    wanted = {record.file: record.html.encode("utf-8") for record in records}
    source.mkdir(parents=True, exist_ok=True)
    remove_others(source, set(wanted))
    for name, data in wanted.items():
        target = source / name
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _finish_pagefind(process: subprocess.Popen, source: Path, output: Path) -> None:
    """Keep the bundle Pagefind made, or stop the build with its message."""
    if process.wait() != 0:
        message = _log(source).read_text(encoding="utf-8", errors="replace").strip()[-500:]
        raise BuildFailed([error(source, None, "pagefind failed: " + message,
                                 "run 'python build.py' again; if it persists, reinstall the "
                                 "requirements")])
    output.with_name(output.name + ".partial").rename(output)


def _log(source: Path) -> Path:
    return source.with_name(source.name + ".log")


def _pagefind() -> str:
    """Pagefind's program, as ``python -m pagefind`` finds it (without starting Python)."""
    from pagefind.service import get_executable

    program = get_executable()
    if program is None:
        raise BuildFailed([error(Path("requirements.txt"), None, "pagefind's program is "
                                 "missing", "reinstall the requirements")])
    return str(program)


def _prune(cache: Path, keep: set[Path]) -> None:
    """Remove the cached bundles (or the records' folders) this build does not use."""
    for old in (p for p in cache.iterdir() if p.is_dir() and p not in keep):
        shutil.rmtree(old)
