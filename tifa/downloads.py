"""Downloads of each report for readers, in the site's ``downloads/reports/``: the bilingual text
as Markdown, JSON and CSV (every visible paragraph, its ID, kind and status, the Chinese as in
the section file and our English as plain text), and the seed exactly as received. Each is
published as a ZIP archive of its own holding that one file (``<slug>.csv.zip`` holds
``<slug>.csv``): ZIP opens without extra software on every desktop and phone, and one archive
per format lets readers still choose a format. The archives are deterministic (fixed date,
permissions and order, DEFLATE at level 9), so two builds of the same report give the same
bytes. The report's home links them with their sizes (``report_block``).

Each format is escaped for itself: Markdown through ``markup.md_escape``, JSON by the encoder,
CSV by the ``csv`` module, with every cell that a spreadsheet would read as a formula (one
starting with ``= + - @``, a tab or a carriage return) prefixed with an apostrophe. The CSV is
written with a byte-order mark, which spreadsheet programs need to read UTF-8 Chinese. File
names are the report's slug, checked against the name rule again before it becomes a path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .guard import ensure_inside, is_safe_name, link_file
from .i18n import Interface
from .markup import md_escape, plain, section_title, text_html
from .model import Heading, Href, Page, PageRef, Paragraph, Part, Report
from .safety import csv_cell

FOLDER = "reports"  # under the site's downloads/
MISSING = "*(English in preparation.)*"
_LINKABLE = re.compile(r"https?://[^\\s<>]+")
CSV_COLUMNS = ["report", "section", "paragraph", "kind", "status", "zh", "en"]
ZIPPED = ".zip"  # every download is the one file in an archive named after it
FORMATS = {".markdown": "Chinese and English, Markdown", ".json": "Chinese and English, JSON",
           ".csv": "Chinese and English, CSV (a spreadsheet)",
           ".zh.txt": "The original text as received"}  # in the order the home lists them
_STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest date ZIP can hold: no clock in the archive


@dataclass(frozen=True)
class Download:
    """One file of a report's downloads: its name under ``downloads/``, what it holds and its
    size in bytes."""

    file: str
    label: str
    size: int


def english(p: Paragraph) -> str:
    """A paragraph's English as plain text ('' when there is none)."""
    return _plain(p.en_text)


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:  # each of the three formats asks for the same paragraphs
    return plain(text)


def _rows(report: Report):
    for section in report.sections:
        for p in section.visible:
            yield section, p


def report_json(report: Report, url: str = "") -> str:
    """The report as JSON: its metadata, then its sections with every visible paragraph."""
    m = report.meta
    data = {"report": report.slug, "title_zh": m.title_zh, "title_en": m.title_en,
            "issuer_zh": m.issuer_zh, "issuer_en": m.issuer_en, "date": m.date,
            "doc_type": m.doc_type, "source": m.source, "source_url": m.source_url,
            **({"url": url} if url else {}),
            "sections": [{"key": s.key, "title_zh": section_title(s, "zh"),
                          "title_en": section_title(s, "en"),
                          "paragraphs": [{"id": p.pid, "kind": p.kind, "status": p.status,
                                          "zh": p.zh, "en": english(p)} for p in s.visible]}
                         for s in report.sections]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"  # no indentation


def report_csv(report: Report) -> str:
    """The report as CSV: a header row, then one row per visible paragraph."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for section, p in _rows(report):
        writer.writerow([csv_cell(c) for c in (report.slug, section.key, p.pid, p.kind,
                                                p.status, p.zh, english(p))])
    return out.getvalue()


def report_markdown(report: Report, url: str = "") -> str:
    """The report as a Markdown document: titles and metadata, then each section with every
    paragraph's Chinese and English under its number (the English marked when there is none).
    One file serves both interfaces, so its few labels are English, like the data."""
    m = report.meta
    facts = [("Issued by", " / ".join(x for x in (m.issuer_zh, m.issuer_en) if x)),
             ("Date", m.date), ("Document type", m.doc_type), ("Source", m.source)]
    links = [("Source address", m.source_url), ("Address", url)]
    out = [f"# {md_escape(m.title_zh)}", "", f"# {md_escape(m.title_en)}", "",
           *(f"- {k}: {md_escape(v)}" for k, v in facts if v),
           *(f"- {k}: <{v}>" for k, v in links if v and _LINKABLE.fullmatch(v)), ""]
    for section in report.sections:
        if section.title is None:
            out += [f"## {md_escape(section_title(section, 'zh'))} · "
                    f"{md_escape(section_title(section, 'en'))}", ""]
        for p in section.visible:
            en = md_escape(english(p)) or MISSING
            if p.kind == "title":
                out += [f"## {md_escape(p.zh)} · {en}", ""]
            elif p.kind == "subtitle":
                out += [f"### {md_escape(p.zh)} · {en}", ""]
            else:
                out += [f"¶{p.pid}", "", md_escape(p.zh), "", en, ""]
    return "\n".join(out)


def seed_of(report: Report) -> Path | None:
    """The report's seed (``seeds/<slug>.zh.txt``, beside its metadata), if it is there."""
    if report.meta.path is None:
        return None
    seed = report.meta.path.parent / f"{report.slug}.zh.txt"
    return seed if seed.is_file() and not seed.is_symlink() else None


def files(report: Report, ui: Interface, made: dict[str, Path]) -> list[Download]:
    """A report's downloads with their labels in the interface language, from its archives in
    ``made`` (each report's folder of archives, by slug; none for a report not there)."""
    folder = made.get(report.slug)
    if folder is None:
        return []
    out = []
    for suffix, label in FORMATS.items():
        archive = folder / f"{report.slug}{suffix}{ZIPPED}"
        if archive.is_file():
            out.append(Download(f"{FOLDER}/{archive.name}", ui._(label), archive.stat().st_size))
    return out


def _kilobytes(size: int) -> int:
    return max(1, round(size / 1000))


def report_block(report: Report, ui: Interface, href: Href,
                 made: dict[str, Path]) -> tuple[Part, ...]:
    """The "Download this report" part of a report's home: each archive with its format and
    size ("Chinese and English, CSV (a spreadsheet), ZIP, 22 KB")."""
    me = PageRef("report", report.slug, lang=ui.lang)
    items = "".join(f'<li><a href="{href(PageRef("download", file=d.file), "", me)}">'
                    + ui._("%(format)s, ZIP, %(size)s KB") % {
                        "format": d.label, "size": ui.format_count(_kilobytes(d.size))}
                    + f"</a> <code>{d.file.rsplit('/', 1)[-1]}</code></li>"
                    for d in files(report, ui, made))
    return (Heading(2, text_html(ui._("Download this report")), "downloads"),
            f'<ul class="tifa-downloads tifa-report-downloads">{items}</ul>')


def with_downloads(pages: list[Page], reports: list[Report], ui: Interface, href: Href,
                   made: dict[str, Path]) -> list[Page]:
    """The pages with each report's home ending in its block of downloads (``made``: each
    report's folder of archives, from ``make_downloads``)."""
    by_slug = {r.slug: r for r in reports}
    for page in pages:
        if page.ref.kind == "report" and page.ref.report in by_slug:
            page.parts += report_block(by_slug[page.ref.report], ui, href, made)
    return pages


def report_urls(reports: list[Report], href: Href, site_url: str | None) -> dict[str, str]:
    """Each report's published address (its home in the first interface), when the site's
    address is known; else nothing."""
    if not site_url:
        return {}
    root = site_url.rstrip("/") + "/"
    return {r.slug: root + href(PageRef("report", r.slug)) for r in reports}


def _key(report: Report, url: str, seed: Path | None) -> str:
    """A hash of everything a report's downloads are made from (and of this module's code)."""
    m, digest = report.meta, hashlib.sha256(Path(__file__).read_bytes())
    parts = [report.slug, url, m.title_zh, m.title_en, m.issuer_zh, m.issuer_en, m.date,
             m.doc_type, m.source, m.source_url]
    parts += [x for s in report.sections for p in s.paragraphs
              for x in (s.key, section_title(s, "zh"), section_title(s, "en"), p.pid, p.kind,
                        p.status, p.zh, p.en)]
    digest.update("\0".join(parts).encode("utf-8"))
    digest.update(seed.read_bytes() if seed else b"")
    return digest.hexdigest()[:20]


def zipped(name: str, data: bytes) -> bytes:
    """A ZIP archive holding ``data`` as the one file ``name``, the same bytes every time: a
    fixed date, permissions rw-r--r-- from a Unix system, DEFLATE at level 9."""
    entry = zipfile.ZipInfo(name, date_time=_STAMP)
    entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 3
    entry.external_attr = 0o100644 << 16  # a regular file
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(entry, data, compresslevel=9)
    return out.getvalue()


def _contents(report: Report, url: str, seed: Path | None) -> dict[str, bytes]:
    """Each file of a report's downloads, by name, as it is archived."""
    texts = {".markdown": report_markdown(report, url), ".json": report_json(report, url),
             ".csv": "\ufeff" + report_csv(report)}
    out = {f"{report.slug}{suffix}": text.encode("utf-8") for suffix, text in texts.items()}
    if seed:
        out[f"{report.slug}.zh.txt"] = seed.read_bytes()
    return out


def _made(report: Report, url: str, seed: Path | None, cache: Path) -> Path:
    """The folder in ``cache`` holding a report's archives, made now if its inputs changed
    since the last build (the older version removed). It is filled under another name and
    renamed when whole, so a killed build never leaves a folder missing an archive."""
    own = cache / report.slug
    done = own / _key(report, url, seed)
    if done.is_dir():
        return done
    if own.exists():
        shutil.rmtree(own)
    part = done.with_name(done.name + ".part")
    ensure_inside(part, cache)
    part.mkdir(parents=True)
    for name, data in _contents(report, url, seed).items():
        (part / (name + ZIPPED)).write_bytes(zipped(name, data))
    part.rename(done)
    return done


def make_downloads(reports: list[Report], urls: dict[str, str], cache: Path) -> dict[str, Path]:
    """Every report's archives in ``cache`` (a folder of the build's scratch space, safe to
    delete), made again only for the reports whose inputs changed; ``urls`` holds each report's
    published address, when the site's address is known. Returns each report's folder of
    archives, by slug; the folders of reports that left the digest are removed."""
    safe = [r for r in reports if is_safe_name(r.slug)]  # the loader refuses the others
    made = {r.slug: _made(r, urls.get(r.slug, ""), seed_of(r), cache) for r in safe}
    for gone in [d for d in cache.iterdir() if d.name not in made] if cache.is_dir() else []:
        shutil.rmtree(gone)
    return made


def write_downloads(made: dict[str, Path], folder: Path) -> int:
    """Link every report's archives (``made``, from ``make_downloads``) into ``folder`` (the
    site's downloads/). Returns how many files there are."""
    written, target = 0, folder / FOLDER
    for source in (p for slug in sorted(made) for p in sorted(made[slug].iterdir())):
        ensure_inside(target / source.name, folder)
        target.mkdir(parents=True, exist_ok=True)
        link_file(source, target / source.name)
        written += 1
    return written
