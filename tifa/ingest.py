"""Ingest: decode a seed report, split it into sections and paragraphs, and merge the result into
``content/reports/<slug>/`` without ever overwriting or deleting an editor's English.

**Seeds.** A seed is ``seeds/<slug>.zh.txt`` (``seeds/<slug>.txt`` is read the same way), where
``<slug>`` follows the name rule of :mod:`tifa.guard`. Two seeds for one slug (``x.txt`` beside
``x.zh.txt``) are an error naming both: each would otherwise rewrite the report in turn. Any other
``*.txt`` name (``x.en.txt``, ``X.zh.txt``, ``x.zh.TXT``) is an error too, never skipped. Every
seed name is checked before anything is written.

**Merging by content.** Re-ingesting a changed seed matches the paragraphs already in
``content/`` (old) with the seed's (new) over the whole report, not section by section and not by
position, so an English paragraph stays with the Chinese it translates:

1. *Identical text.* Every new paragraph takes an old paragraph with exactly the same Chinese.
   When a text occurs more than once, the k-th new occurrence takes the k-th old one (paragraphs
   still shown first, then ones kept as ``removed``). Moves and swaps end here: the paragraph
   keeps its ID, English and status (a ``removed`` one that comes back becomes ``stale``, to be
   checked).
2. *Edited text.* The remaining old and new paragraphs are scored pairwise with the normalised
   Indel similarity of their Chinese (:func:`rapidfuzz.fuzz.ratio`; 1.0 = identical). Pairs at or
   above :data:`SIMILAR` are taken greedily, best score first (ties: the pair closest in position,
   then reading order), each paragraph at most once. A matched pair keeps the old ID and English;
   its status becomes ``stale`` when it has English, else ``draft``. So an edit beside a deletion
   pairs the edited paragraph with its own old version, never with its deleted neighbour.
3. *The rest.* A new paragraph left over is new: a fresh ID (one above the highest ever used),
   ``draft``. An old paragraph left over with English is kept with ``removed`` status (and a
   warning), placed after the old paragraph that preceded it; one without English is dropped
   (nothing an editor wrote is in it).

The result is in the seed's order. Sections follow the seed's split; a section keeps the key and
summary of the old section its first matched paragraph came from, so a key or summary an editor
changed survives re-ingest. An old section with a summary that no new section inherits stops the
ingest with an error instead of dropping the summary.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import Problem, error, warning
from .guard import NAME_HINT, is_safe_name, remove_inside, write_inside
from .model import Paragraph, Section
from .split import SeedParagraph, SplitRules, split_seed
from .store import field_line, format_section, load_meta, load_sections, read_bytes
from .trim import trim

SEED_SUFFIXES = (".zh.txt", ".txt")
SIMILAR = 0.6  # the least similarity (0..1) at which a changed paragraph counts as edited
_HAN = re.compile(r"[\u3400-\u9fff]")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class IngestResult:
    """What one ingest did: files written and problems found, and the sections of each report
    folder whose files it left as they were (parsed already, so loading need not read them
    again)."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sections: dict[Path, list[Section]] = field(default_factory=dict)


def seed_slug(path: Path) -> str:
    """The report slug of a seed file: its name without ``.zh.txt`` / ``.txt``."""
    name = path.name
    for suffix in SEED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def find_seeds(seeds_dir: Path) -> list[Path]:
    """All seed files in ``seeds_dir`` (any ``*.txt`` in any case), sorted by name."""
    if not seeds_dir.is_dir():
        return []
    return sorted(p for p in seeds_dir.iterdir() if p.name.lower().endswith(".txt")
                  and (p.is_file() or p.is_symlink()))


def check_seed_names(seeds: list[Path]) -> list[Problem]:
    """Every seed must be named ``<slug>.zh.txt`` (or ``<slug>.txt``) with a safe slug, and no
    two seeds may share a slug."""
    problems, owner = [], {}
    for seed in seeds:
        name, slug = seed.name, seed_slug(seed)
        if not name.endswith(".txt"):
            problems.append(error(seed, None, f"the seed file name '{name}' does not end in "
                                  "'.zh.txt'", "rename it so that it ends in '.zh.txt'"))
        elif not is_safe_name(slug):
            problems.append(error(seed, None, f"the seed file name '{name}' is not a safe name",
                                  f"name it <slug>.zh.txt; for the slug {NAME_HINT}"))
        elif slug in owner:
            keep, extra = (seed, owner[slug]) if name.endswith(".zh.txt") else (owner[slug], seed)
            problems.append(error(extra, None, f"a second seed for report '{slug}' "
                                  f"(also {keep.name})", f"keep one seed per report: delete "
                                  f"{extra.name}, or rename it to start another report"))
        else:
            owner[slug] = seed
    return problems


def decode_seed(path: Path, problems: list[Problem]) -> str | None:
    """Decode a seed as UTF-8 (with or without BOM) or GB18030/GBK; anything else is an error."""
    raw = read_bytes(path, problems, "seed", "")
    if raw is None:
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
        what = "is empty" if not text.strip() else "has no Chinese text"
        problems.append(error(path, None, f"the seed {what}",
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


def _exact(old: list[Paragraph], new: list[SeedParagraph]) -> dict[int, int]:
    """Step 1: new index -> old index for identical Chinese (k-th occurrence to k-th)."""
    by_text: dict[str, list[int]] = {}
    order = sorted(range(len(old)), key=lambda i: (old[i].status == "removed", i))
    for i in order:
        by_text.setdefault(old[i].zh, []).append(i)
    pairs = {}
    for j, n in enumerate(new):
        waiting = by_text.get(n.zh)
        if waiting:
            pairs[j] = waiting.pop(0)
    return pairs


def _similar(old: list[Paragraph], new: list[SeedParagraph], pairs: dict[int, int]) -> None:
    """Step 2: add pairs of edited paragraphs (similar Chinese), best first, to ``pairs``."""
    used = set(pairs.values())
    olds = [i for i, p in enumerate(old) if i not in used and p.status != "removed"]
    news = [j for j in range(len(new)) if j not in pairs]
    texts = [old[i].zh for i in olds]
    scored = []
    for j in news:
        for _, score, k in process.extract(new[j].zh, texts, scorer=fuzz.ratio, limit=None,
                                           score_cutoff=SIMILAR * 100):
            i = olds[k]
            distance = abs(i / max(1, len(old)) - j / max(1, len(new)))
            scored.append((-score, distance, i, j))
    taken: set[int] = set()
    for _, _, i, j in sorted(scored):
        if j not in pairs and i not in taken:
            pairs[j] = i
            taken.add(i)


def _kept(o: Paragraph, n: SeedParagraph) -> Paragraph:
    """The old paragraph carried over to the new Chinese of its match: unchanged text keeps its
    status and lead; edited text (or a removed one back) is to be checked."""
    same = o.zh == n.zh
    if same and o.status != "removed":
        status = o.status
    else:
        status = "stale" if o.en.strip() else "draft"
    return Paragraph(o.pid, n.kind, n.zh, o.en, status, o.lead if same else n.lead,
                     origin=o.origin)


def merge(old: list[Paragraph], new: list[SeedParagraph]) -> list[tuple[str, Paragraph]]:
    """Match the paragraphs already in content with the seed's by content, over the whole report
    (see the module docstring); returns (section key, paragraph) pairs in the seed's order."""
    pairs = _exact(old, new)
    _similar(old, new, pairs)
    at = {i: j for j, i in pairs.items()}
    after: dict[int | None, list[Paragraph]] = {}
    anchor: int | None = None
    for i, o in enumerate(old):
        if i in at:
            anchor = at[i]
        elif o.en.strip():  # a copy: the parsed sections stay as the files say
            after.setdefault(anchor, []).append(replace(o, status="removed"))
    ids = _next_id(old)
    section = new[0].section if new else "opening"
    out = [(section, o) for o in after.get(None, [])]
    for j, n in enumerate(new):
        paragraph = _kept(old[pairs[j]], n) if j in pairs else \
            Paragraph(next(ids), n.kind, n.zh, lead=n.lead)
        out.append((n.section, paragraph))
        out.extend((n.section, o) for o in after.get(j, []))
    return out


def _sections(merged: list[tuple[str, Paragraph]], old_sections: list[Section],
              problems: list[Problem]) -> list[Section]:
    """Group merged paragraphs into sections; each new section keeps the key and summary of
    the old section its first carried-over paragraph came from."""
    home = {p.pid: s for s in old_sections for p in s.paragraphs}
    grouped: dict[str, list[Paragraph]] = {}
    for key, paragraph in merged:
        grouped.setdefault(key, []).append(paragraph)
    claimed: set[int] = set()
    taken = set(grouped)
    out = []
    for key, paragraphs in grouped.items():
        source = next((home[p.pid] for p in paragraphs if p.pid in home
                       and id(home[p.pid]) not in claimed), None)
        section = Section(key, paragraphs)
        if source is not None:
            claimed.add(id(source))
            section.summary = source.summary
            if source.key != key and source.key not in taken:
                taken.add(source.key)
                section.key = source.key
        out.append(section)
    for lost in (s for s in old_sections if id(s) not in claimed and s.summary.strip()):
        line = field_line(lost.path.read_text(encoding="utf-8"), "summary") or 1
        problems.append(error(lost.path, line, f"section '{lost.key}' is no longer in the seed and "
                              "its summary would be lost", "move the summary into another "
                              "section file (or delete it), then ingest again"))
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
    merged = merge([p for s in old_sections for p in s.paragraphs], new)
    sections = _sections(merged, old_sections, result.problems)
    if any(p.level == "error" for p in result.problems):
        return result
    wanted = {report_dir / f"{index:02d}-{section.key}.md": format_section(section)
              for index, section in enumerate(sections)}
    for stale in (s.path for s in old_sections if s.path not in wanted):
        remove_inside(stale, report_dir)
        result.written.append(stale)
    for path, body in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            write_inside(path, body, report_dir)
            result.written.append(path)
    if not result.written:
        result.sections[report_dir] = old_sections
    result.problems += [warning(p.path or report_dir, p.line, f"paragraph {p.pid} no longer in "
                                "the seed; its English is kept with status=removed",
                                "delete the block once you no longer need the English")
                        for _, p in merged if p.status == "removed"]
    return result


def ingest_all(seeds_dir: Path, reports_dir: Path, stamps: Path | None = None) -> IngestResult:
    """Ingest every seed; problems of all seeds are collected before anything is written.

    With ``stamps`` (a file of the build's scratch space), a seed is skipped when its bytes,
    its metadata's, its report's section files and tifa's ingest code are those of the last
    ingest of it that wrote nothing and found nothing to say (so its files stay as they are,
    and loading parses them); deleting the file ingests every seed again."""
    total = IngestResult()
    seeds = find_seeds(seeds_dir)
    total.problems = check_seed_names(seeds)
    if total.problems:
        return total
    known = _read_stamps(stamps)
    done: dict[str, str] = {}
    for seed in seeds:
        stamp = _stamp(seed, reports_dir) if stamps else ""
        if stamp and known.get(seed.name) == stamp:
            done[seed.name] = stamp
            continue
        result = ingest_seed(seed, reports_dir)
        total.written += result.written
        total.problems += result.problems
        total.sections.update(result.sections)
        if stamp and not result.written and not result.problems:
            done[seed.name] = stamp
    if stamps:
        stamps.parent.mkdir(parents=True, exist_ok=True)
        stamps.write_text(json.dumps(done, sort_keys=True), encoding="utf-8")
    return total


_CODE = ("ingest.py", "split.py", "trim.py", "store.py", "model.py")  # what ingest's output follows


def _stamp(seed: Path, reports_dir: Path) -> str:
    """A hash of everything one seed's ingest reads: tifa's ingest code, the seed, its
    metadata and its report's section files (names and bytes)."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    files = [here / name for name in _CODE] + [seed, seed.parent / f"{seed_slug(seed)}.meta.yaml"]
    report = reports_dir / seed_slug(seed)
    files += sorted(report.glob("[0-9][0-9]-*")) if report.is_dir() else []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        digest.update(f"{path.name}\0{len(data)}\0".encode("utf-8") + data)
    return digest.hexdigest()


def _read_stamps(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
