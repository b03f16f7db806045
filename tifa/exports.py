"""Exports for other tools, written into the site's ``downloads/`` folder: the digest's parallel
corpus as TMX 1.4 (translate-toolkit; published gzip-compressed, ``.tmx.gz``), the glossary as
TBX-Basic (TBX v3, ISO 30042:2019, DCA style; translate-toolkit writes only the older MARTIF
form, so it is built with lxml) and as CSV.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from .i18n import Interface
from .markup import plain, text_html
from .memory import paragraph_units, plain_en
from .model import Flow, GlossaryEntry, Heading, Href, PageRef, Part, Report
from .safety import csv_cell

TMX_NAME = "tifa-memory.tmx.gz"
TBX_NAME = "tifa-glossary.tbx"
CSV_NAME = "tifa-glossary.csv"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = ["zh", "pinyin", "en", "variants", "en_variants", "category", "scope",
               "definition", "sources", "slug"]


def tmx(reports: list[Report]) -> bytes:
    """Every translated paragraph as TMX translation units: its aligned sentence pairs where the
    sentences align, else the whole paragraph. ``tuid`` is report#paragraph(.sentence)."""
    head, tail = _head_and_tail()
    return head + b"".join(_units(report) for report in reports) + tail


def _head_and_tail() -> tuple[bytes, bytes]:
    """The TMX document around its units: up to ``<body>`` and from ``</body>``."""
    store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    store.addheader()
    header = store.document.getroot().find("header")
    header.set("creationtool", "tifa")
    header.set("creationtoolversion", "1")
    head, tail = bytes(store).split(b"<body/>", 1)
    return head + b"<body>\n", b"  </body>" + tail


def _units(report: Report) -> bytes:
    """The serialised ``<tu>`` elements of one report's translated paragraphs."""
    store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    nodes = []
    for p in report.paragraphs:
        units = paragraph_units(report.slug, p)
        for unit in units[1:] or units:
            store.addtranslation(unit.zh, "zh-CN", plain(plain_en(unit.en)), "en")
            node = store.units[-1].xmlelement
            node.set("tuid", unit.where)
            node.set("segtype", "sentence" if unit.sentence else "paragraph")
            nodes.append(node)
    return b"".join(b"    " + etree.tostring(node, encoding="UTF-8", pretty_print=True)
                    for node in nodes)


def _pairs_digest(report: Report) -> str:
    """A hash of a report's translated pairs (all that its TMX units depend on)."""
    digest = hashlib.sha256(report.slug.encode("utf-8"))
    for p in report.paragraphs:
        if p.status == "translated":
            digest.update("\0".join((p.pid, p.zh, p.en, "")).encode("utf-8"))
    return digest.hexdigest()[:20]


def _member(data: bytes) -> bytes:
    """``data`` as one gzip member (undated, so that the same data gives the same bytes)."""
    return gzip.compress(data, 6, mtime=0)


def _cached_units(report: Report, cache: Path) -> bytes:
    """A report's units as a gzip member, kept in ``cache`` by a hash of its translated pairs,
    so that a change aligns and compresses that report's paragraphs again, not the digest's."""
    path = cache / f"{_pairs_digest(report)}.tu.gz"
    if path.exists():
        return path.read_bytes()
    data = _member(_units(report))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    node = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", **attrs)
    node.text = text
    return node


def _term(lang_sec: etree._Element, text: str, status: str, note: str = "") -> None:
    term_sec = _sub(lang_sec, "termSec")
    _sub(term_sec, "term", text)
    _sub(term_sec, "termNote", f"{status}Term-admn-sts", type="administrativeStatus")
    if note:
        _sub(term_sec, "admin", note, type="source")


def _concept(body: etree._Element, e: GlossaryEntry) -> None:
    concept = _sub(body, "conceptEntry", id="t-" + re.sub(r"[^A-Za-z0-9_.-]", "_", e.slug))
    _sub(concept, "descrip", e.category, type="subjectField")
    for source in e.sources:
        if re.match(r"https?://.+", source.url):
            _sub(concept, "xref", source.title or source.url, type="externalCrossReference",
                 target=source.url)
    zh = _sub(concept, "langSec", **{XML_LANG: "zh"})
    _sub(zh, "note", f"pinyin: {e.pinyin}")
    for number, form in enumerate(e.forms):
        _term(zh, form, "admitted" if number else "preferred")
    en = _sub(concept, "langSec", **{XML_LANG: "en"})
    group = _sub(en, "descripGrp")
    _sub(group, "descrip", plain(e.definition), type="definition")
    _sub(group, "admin", "tifa glossary", type="source")
    _term(en, e.en, "preferred")
    for rendering in e.en_variants:
        _term(en, rendering.text, "admitted", rendering.source)


def tbx(entries: list[GlossaryEntry]) -> bytes:
    """The glossary as a TBX-Basic document: a concept per entry, the Chinese forms and English
    renderings as terms (ours preferred, variants admitted), the definition, pinyin and sources."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS},
                         type="TBX-Basic", style="dca", **{XML_LANG: "en"})
    desc = _sub(_sub(root, "tbxHeader"), "fileDesc")
    _sub(_sub(desc, "titleStmt"), "title", "tifa glossary")
    _sub(_sub(desc, "sourceDesc"), "p", "Exported from the tifa digest's glossary "
         "(content/glossary/).")
    body = _sub(_sub(root, "text"), "body")
    for entry in entries:
        _concept(body, entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def glossary_csv(entries: list[GlossaryEntry]) -> str:
    """The glossary as CSV (UTF-8, a header row, lists joined by ' | ')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([csv_cell(c) for c in (
            e.zh, e.pinyin, e.en, " | ".join(e.variants),
            " | ".join(r.text for r in e.en_variants), e.category, e.scope, plain(e.definition),
            " | ".join(s.url or s.title for s in e.sources), e.slug)])
    return out.getvalue()


def cached_tmx(reports: list[Report], cache: Path) -> Path:
    """The TMX, gzip-compressed (it is most of the downloads' weight: about a quarter of it
    compressed), reused from ``cache`` while no translated pair changed. Each report's units
    are a gzip member of their own, cached apart (``_cached_units``): the file is its head's
    member, theirs and its tail's, one after the other, as gzip allows (every gzip reader reads
    them as one text), written as it is made (memory holds no copy of it); the cached files no
    build uses any more are removed."""
    digest = hashlib.sha256("".join(_pairs_digest(r) for r in reports).encode("ascii"))
    path = cache / f"{digest.hexdigest()[:20]}.tmx.gz"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    head, tail = _head_and_tail()
    with partial.open("wb") as out:
        out.write(_member(head))
        for report in reports:
            out.write(_cached_units(report, cache))
        out.write(_member(tail))
    keep = {path, partial} | {cache / f"{_pairs_digest(r)}.tu.gz" for r in reports}
    for old in (p for p in cache.iterdir() if p not in keep):
        old.unlink()
    os.replace(partial, path)
    return path


def write_exports(reports: list[Report], entries: list[GlossaryEntry], folder: Path,
                  cache: Path) -> None:
    """Write the TMX (gzip-compressed), TBX and CSV files into ``folder`` (the site's
    downloads/); the TMX is cached in ``cache`` (a folder of the build's scratch space)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_tmx(reports, cache), folder / TMX_NAME)
    (folder / TBX_NAME).write_bytes(tbx(entries))
    (folder / CSV_NAME).write_text(glossary_csv(entries), encoding="utf-8")


def downloads_parts(ui: Interface, href: Href, base: PageRef) -> tuple[Part, ...]:
    """The "Downloads" part of a page (``base``, in the interface ``ui``), linking the three
    files (one copy at the site's root serves every interface)."""
    _, base = ui._, base._replace(lang=ui.lang)
    files = [(TMX_NAME, _("Translation memory (TMX 1.4): every translated paragraph, and its "
                          "sentence pairs where they align")),
             (TBX_NAME, _("Glossary as a term base (TBX-Basic) for CAT tools")),
             (CSV_NAME, _("Glossary as a spreadsheet (CSV, UTF-8)"))]
    items = "".join(f'<li><a href="{href(PageRef("download", file=name), "", base)}">{label}</a>'
                    f" (<code>{name}</code>)</li>" for name, label in files)
    intro = _("The digest's parallel corpus and glossary, for translators' and researchers' "
              "own tools.")
    return (Heading(2, text_html(_("Downloads"))), Flow(f"<p>{text_html(intro)}</p>"),
            f'<ul class="tifa-downloads">{items}</ul>')
