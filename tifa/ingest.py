"""Ingest: decode a seed report, split it into sections and paragraphs, and merge the result into
``content/reports/<slug>/`` without ever overwriting or deleting an editor's English."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, error, warning
from .model import Paragraph, Section, zh_hash
from .split import SeedParagraph, SplitRules, split_seed
from .store import format_section, load_meta, load_sections
from .trim import trim

SEED_SUFFIXES = (".zh.txt", ".txt")
_HAN = re.compile(r"[\u3400-\u9fff]")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class IngestResult:
    """What one ingest did: files written and problems found."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def seed_slug(path: Path) -> str:
    """The report slug of a seed file: its name without ``.zh.txt`` / ``.txt``."""
    name = path.name
    for suffix in SEED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def find_seeds(seeds_dir: Path) -> list[Path]:
    """All seed files in ``seeds_dir``, sorted by name."""
    return sorted(p for p in seeds_dir.glob("*.txt") if p.is_file())


def decode_seed(path: Path, problems: list[Problem]) -> str | None:
    """Decode a seed as UTF-8 (with or without BOM) or GB18030/GBK; anything else is an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(error(path, None, f"cannot read the seed ({exc.strerror})"))
        return None
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _is_gbk(text):
            text = None
            continue
        break
    if text is None or _BAD_CONTROL.search(text):
        problems.append(error(path, None, "the seed is in an unknown encoding",
                              "save it as UTF-8 (or GB18030/GBK) text"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _HAN.search(text):
        what = "empty" if not text.strip() else "has no Chinese text"
        problems.append(error(path, None, f"the seed is {what}",
                              "put the report's Chinese text in the file, one paragraph a line"))
        return None
    return text


def _is_gbk(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _next_id(existing: list[Paragraph]):
    numbers = [int(p.pid[1:]) for p in existing if re.fullmatch(r"p\d+", p.pid)]
    counter = max(numbers, default=0)
    while True:
        counter += 1
        yield f"p{counter}"


def merge(old: list[Paragraph], new: list[SeedParagraph]) -> list[tuple[str, Paragraph]]:
    """Align the paragraphs already in content with the seed's, by content hash.

    Unchanged paragraphs keep their ID, English and status; changed ones keep ID and English and
    become ``stale``; new ones get fresh IDs; vanished ones with English are kept as ``removed``.
    Returns (section key, paragraph) pairs in reading order.
    """
    live = [p for p in old if p.status != "removed"]
    removed_after: dict[str | None, list[Paragraph]] = {}
    previous: str | None = None
    for p in old:
        if p.status == "removed":
            removed_after.setdefault(previous, []).append(p)
        else:
            previous = p.pid
    ids = _next_id(old)
    matcher = difflib.SequenceMatcher(None, [zh_hash(p.zh) for p in live],
                                      [zh_hash(n.zh) for n in new], autojunk=False)
    out: list[tuple[str, Paragraph]] = []
    section = new[0].section if new else "opening"

    def keep_removed(pid: str | None) -> None:
        out.extend((section, r) for r in removed_after.get(pid, []))

    keep_removed(None)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = live[i1:i2], new[j1:j2]
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            if n is None:
                if o.en.strip():
                    o.status = "removed"
                    out.append((section, o))
                keep_removed(o.pid)
                continue
            section = n.section
            if o is None:
                out.append((section, Paragraph(next(ids), n.kind, n.zh, lead=n.lead)))
                continue
            changed = tag != "equal"
            status = ("stale" if o.en.strip() else "draft") if changed else o.status
            out.append((section, Paragraph(o.pid, n.kind, n.zh, o.en, status,
                                           o.lead if not changed else n.lead)))
            keep_removed(o.pid)
    return out


def split_report(seed: Path, problems: list[Problem]) -> list[SeedParagraph] | None:
    """Decode a seed, trim it by its metadata's ``split`` rules and split it into paragraphs;
    ``None`` (with the errors in ``problems``) when that cannot be done."""
    text = decode_seed(seed, problems)
    if text is None:
        return None
    meta_path = seed.parent / f"{seed_slug(seed)}.meta.yaml"
    meta = load_meta(meta_path, problems) if meta_path.exists() else None
    if any(p.level == "error" for p in problems):
        return None
    rules = SplitRules.from_meta(meta.split if meta else None)
    text, trimmed = trim(text, rules, seed, meta_path)
    problems += trimmed
    if any(p.level == "error" for p in trimmed):
        return None
    return split_seed(text, rules)


def ingest_seed(seed: Path, reports_dir: Path) -> IngestResult:
    """Ingest one seed into ``reports_dir/<slug>/``; write only files whose text changes."""
    result = IngestResult()
    report_dir = reports_dir / seed_slug(seed)
    old_sections = load_sections(report_dir, result.problems) if report_dir.exists() else []
    if any(p.level == "error" for p in result.problems):
        return result
    new = split_report(seed, result.problems)
    if new is None:
        return result
    summaries = {s.key: s.summary for s in old_sections}
    merged = merge([p for s in old_sections for p in s.paragraphs], new)
    sections: dict[str, Section] = {}
    for key, paragraph in merged:
        sections.setdefault(key, Section(key, summary=summaries.get(key, ""))).paragraphs.append(
            paragraph)
    wanted = {}
    for index, section in enumerate(sections.values()):
        wanted[report_dir / f"{index:02d}-{section.key}.md"] = format_section(section)
    for stale in (s.path for s in old_sections if s.path not in wanted):
        stale.unlink()
        result.written.append(stale)
    for path, body in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            result.written.append(path)
    result.problems += [warning(p.path or report_dir, p.line, f"paragraph {p.pid} no longer in "
                                "the seed; its English is kept with status=removed",
                                "delete the block once you no longer need the English")
                        for _, p in merged if p.status == "removed"]
    return result


def ingest_all(seeds_dir: Path, reports_dir: Path) -> IngestResult:
    """Ingest every seed; problems of all seeds are collected before anything is written."""
    total = IngestResult()
    for seed in find_seeds(seeds_dir):
        result = ingest_seed(seed, reports_dir)
        total.written += result.written
        total.problems += result.problems
    return total
