"""XLIFF 1.2 interchange with CAT tools (OmegaT, Trados, memoQ, Phrase), through translate-toolkit.

Export: one ``<file>`` per section file, one ``<trans-unit>`` per paragraph with the paragraph ID
as its id, the Chinese as source, the English that exists as target, the status as the target's
``state``, the glossary renderings of the terms in the paragraph as notes, and for paragraphs
with no English the best translation-memory matches as ``<alt-trans>``. A paragraph is segmented
into sentences (``<seg-source>`` with ``<mrk mtype="seg">``, which translate-toolkit does not
write, so those few elements are added with lxml) only where that is safe: no English yet, or an
English whose sentences align one to one with the Chinese ones.

Import: every target that differs from the English in ``content/`` is written back as ``draft``.
Nothing is written when any unit is a conflict (a ``translated`` paragraph whose English would
change, unless ``overwrite``), names a paragraph that does not exist, or has a source that no
longer matches the seed; each such unit is reported as ``path:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from translate.storage.xliff import xlifffile

from .errors import Problem, error
from .memory import (
    Match,
    Memory,
    align,
    bold_first,
    en_sentences,
    sentence_matches,
    untranslated,
    zh_sentences,
)
from .model import GlossaryEntry, Occurrence, Paragraph, Report, Site
from .store import replace_english

NS = "urn:oasis:names:tc:xliff:document:1.2"
SKELETON = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}">'
            '<file original="NoName" source-language="zh-CN" datatype="plaintext"><body/></file>'
            "</xliff>").encode()
STATES = {"translated": "final", "draft": "needs-review-translation",
          "stale": "needs-review-translation"}
SUGGESTION_FLOOR = 70
LEAD_NOTE = ("The first sentence is a lead, shown in bold: keep the ** around its English "
             "(tifa adds them if they are missing).")


class _Xliff(xlifffile):
    """translate-toolkit's XLIFF store, indenting nothing inside a segmented source."""

    XMLindent = {**xlifffile.XMLindent,
                 "leaves": {*xlifffile.XMLindent["leaves"], "seg-source"}}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def segments(p: Paragraph) -> list[tuple[str, str]] | None:
    """The paragraph's (Chinese, English) sentence pairs when segmenting it is safe, else None."""
    zh = zh_sentences(p.zh)
    if len(zh) < 2:
        return None
    if not p.en.strip():
        return [(z, "") for z in zh]
    en = en_sentences(p.en)
    beads = align(zh, en) if len(en) == len(zh) else None
    return beads if beads is not None and len(beads) == len(zh) else None


def _marks(parent: etree._Element, texts: list[str], space: str) -> None:
    for number, text in enumerate(texts, start=1):
        mark = etree.SubElement(parent, _q("mrk"), mtype="seg", mid=str(number))
        mark.text = text
        if number < len(texts) and space:
            mark.tail = space


def _fill(unit, p: Paragraph) -> None:
    """Source segmentation, target and state of one unit."""
    pairs = segments(p)
    source = unit.xmlelement.find(_q("source"))
    if pairs is not None:
        seg_source = etree.Element(_q("seg-source"))
        _marks(seg_source, [zh for zh, _ in pairs], "")
        source.addnext(seg_source)
    target = etree.Element(_q("target"), state=STATES.get(p.status, "needs-translation")
                           if p.en.strip() else "needs-translation")
    if pairs is not None and p.en.strip():
        _marks(target, [en for _, en in pairs], " ")
    else:
        target.text = p.en.strip()
    (seg_source if pairs is not None else source).addnext(target)
    unit.xmlelement.set("approved", "yes" if p.status == "translated" else "no")


def term_notes(by_slug: dict[str, GlossaryEntry], found: list[Occurrence]) -> list[str]:
    """One note per glossary term among a paragraph's occurrences (from the concordance): the
    term, its pinyin and its rendering."""
    slugs = dict.fromkeys(occ.slug for occ in found)
    notes = []
    for slug in slugs:
        e = by_slug[slug]
        others = [r.text for r in e.en_variants]
        notes.append(f"{e.zh} ({e.pinyin}): {e.en}"
                     + (f" (also met: {'; '.join(others)})" if others else "")
                     + f" [glossary/{slug}]")
    return notes


def _suggest(unit, p: Paragraph, memory: Memory) -> None:
    pairs = segments(p)
    matches: list[Match | None] = sentence_matches(memory, p, SUGGESTION_FLOOR)
    for number, match in enumerate(matches, start=1):
        if match is None:
            continue
        unit.addalttrans(match.unit.en, origin=f"tifa-memory:{match.unit.where}",
                         sourcetxt=match.unit.zh, matchquality=str(match.score))
        if pairs is not None:
            unit.xmlelement.findall(_q("alt-trans"))[-1].set("mid", str(number))


def export_xliff(site: Site, report: Report, memory: Memory) -> bytes:
    """The XLIFF 1.2 document of one report (every paragraph still in the seed)."""
    store = _Xliff.parsestring(SKELETON)
    store.settargetlanguage("en")
    by_slug = {e.slug: e for e in site.entries}
    for section in report.sections:
        original = f"{report.slug}/{section.path.name if section.path else section.key}"
        for p in section.visible:
            unit = store.addsourceunit(p.zh, filename=original, createifmissing=True)
            unit.setid(p.pid)
            _fill(unit, p)
            for note in term_notes(by_slug, site.terms_in(report.slug, p.pid)):
                unit.addnote(note, origin="tifa-glossary")
            if p.lead and p.kind == "text":
                unit.addnote(LEAD_NOTE, origin="tifa")
            if p.origin:
                unit.addnote(f"Draft reused from translation memory: {p.origin}", origin="tifa")
            if untranslated(p):
                _suggest(unit, p, memory)
    store.removedefaultfile()
    etree.cleanup_namespaces(store.document.getroot())
    return bytes(store)


@dataclass
class TargetUnit:
    """What an XLIFF file says about one paragraph: where, its source and its target."""

    pid: str
    report: str
    source: str
    target: str
    line: int


def _text(node: etree._Element | None, space: str) -> str:
    """The text of a source or target; its ``<mrk mtype="seg">`` segments joined by ``space``."""
    if node is None:
        return ""
    marks = [m for m in node.iter(_q("mrk")) if m.get("mtype") == "seg"]
    if marks:
        return space.join("".join(m.itertext()).strip() for m in marks).strip()
    return "".join(node.itertext()).strip()


def read_units(path: Path, problems: list[Problem]) -> list[TargetUnit]:
    """Parse an XLIFF 1.2 file written by a CAT tool from one of ours; report what is malformed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(error(path, None, f"cannot read the file ({exc.strerror})"))
        return []
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problems.append(error(path, exc.lineno or None, f"not well-formed XML: {exc.msg}",
                              "open the file in the CAT tool again and re-export it"))
        return []
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        problems.append(error(path, root.sourceline, "this is not an XLIFF 1.2 file",
                              "export XLIFF 1.2 from the CAT tool (the format tifa wrote)"))
        return []
    units = []
    for file_node in root.iter(_q("file")):
        report = (file_node.get("original") or "").split("/")[0]
        for node in file_node.iter(_q("trans-unit")):
            if not node.get("id"):
                problems.append(error(path, node.sourceline, "a trans-unit has no id",
                                      "keep the id tifa wrote (the paragraph ID)"))
                continue
            source = node.find(_q("seg-source"))
            if source is None:
                source = node.find(_q("source"))
            units.append(TargetUnit(node.get("id"), report, _text(source, ""),
                                    _text(node.find(_q("target")), " "), node.sourceline))
    return units


@dataclass
class ImportResult:
    """What an import would write (new section-file texts) and the problems that stop it."""

    files: dict[Path, str] = field(default_factory=dict)
    changed: list[Paragraph] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _bold_lead(p: Paragraph, en: str) -> str:
    if not p.lead or p.kind != "text" or en.startswith("**"):
        return en
    return bold_first(en)


def plan_import(path: Path, reports: list[Report], overwrite: bool = False) -> ImportResult:
    """Check an XLIFF file against ``content/`` and work out the new section files."""
    result = ImportResult()
    units = read_units(path, result.problems)
    by_slug = {r.slug: r for r in reports}
    changes: dict[Path, dict[str, Paragraph]] = {}
    stale = []
    for unit in units:
        report = by_slug.get(unit.report)
        p = next((q for q in report.paragraphs if q.pid == unit.pid), None) if report else None
        if p is None:
            result.problems.append(error(path, unit.line, f"unit {unit.pid} names no paragraph "
                                         f"of a report '{unit.report}' in content/",
                                         "import only XLIFF files exported by tifa"))
            continue
        if unit.source != p.zh:
            stale.append((unit, p))
            continue
        en = _bold_lead(p, unit.target)
        if not unit.target or en == p.en.strip():
            continue
        if p.status == "translated" and not overwrite:
            result.problems.append(error(p.path, p.line, f"{p.pid} is translated; the XLIFF "
                                         f"({path.name}:{unit.line}) has another English",
                                         "keep the English in content/, or import again with "
                                         "--overwrite"))
            continue
        new = replace(p, en=en, status="draft", origin="")
        changes.setdefault(p.path, {})[p.pid] = new
        result.changed.append(new)
    for unit, p in stale:
        result.problems.append(error(path, unit.line, f"{p.pid}: the source text no longer "
                                     f"matches the seed ({p.path.name}:{p.line})",
                                     "export the report again and carry the translation over"))
    if stale:
        result.problems.append(error(path, None, "the source of paragraphs "
                                     f"{', '.join(p.pid for _, p in stale)} changed since export"))
    for section_path, changed in changes.items():
        result.files[section_path] = replace_english(section_path.read_text(encoding="utf-8"),
                                                     changed)
    return result
