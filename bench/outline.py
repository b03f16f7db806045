"""How well the splitter finds a report's structure: headings and leads found / expected / wrong.

``python -m bench.outline SEED EXPECTED [SEED EXPECTED ...]`` splits each seed (with the split
rules of its ``<slug>.meta.yaml`` beside it, if there is one) and compares the result with an
outline an editor wrote by reading the text. ``--dump SEED`` prints what tifa finds, in the same
format, as a starting point for reading (never as the expected outline itself).

The outline format is one item a line, ``#`` starts a comment::

    0 政府工作报告                 a line of the title block (title, subtitle, byline, date)
    1 一、过去一年工作回顾          a part: starts a new page
    2 （一）着力扩大有效需求       a sub-heading standing on its own line
    L （一）着力扩大有效需求。      a lead: the bold first sentence of a paragraph

A heading counts as found when tifa gives the same text the same level; every other heading tifa
gives is wrong. The same for leads. Precision = found / (found + wrong), recall = found / expected.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tifa.errors import Problem  # noqa: E402
from tifa.ingest import seed_slug, split_report  # noqa: E402
from tifa.model import lead_length  # noqa: E402
from tifa.split import SeedParagraph  # noqa: E402

LEVELS = ("0", "1", "2")


@dataclass
class Outline:
    """Headings as (level, text) and lead sentences, in reading order."""

    headings: list[tuple[str, str]] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)


@dataclass
class Score:
    """Found / expected / wrong of one kind of item, with the items that differ."""

    found: int
    expected: int
    wrong: int
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        """found / (found + wrong); 1.0 when nothing was given."""
        given = self.found + self.wrong
        return self.found / given if given else 1.0

    @property
    def recall(self) -> float:
        """found / expected; 1.0 when nothing was expected."""
        return self.found / self.expected if self.expected else 1.0


def parse_outline(text: str) -> Outline:
    """Read an expected outline (format in the module docstring)."""
    outline = Outline()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        mark, _, rest = line.partition(" ")
        if mark in LEVELS:
            outline.headings.append((mark, rest.strip()))
        elif mark == "L":
            outline.leads.append(rest.strip())
        else:
            raise ValueError(f"line {number}: starts with '{mark}', not 0, 1, 2 or L")
    return outline


def found_outline(paragraphs: list[SeedParagraph]) -> Outline:
    """The outline tifa's split gives: the title block, parts, sub-headings and leads."""
    outline = Outline()
    section, seen_text = "opening", False
    for p in paragraphs:
        if p.kind == "title" and p.section != section:
            outline.headings.append(("1", p.zh))
        elif p.kind in ("title", "subtitle"):
            in_title_block = p.section == "opening" and not seen_text
            outline.headings.append(("0" if in_title_block else "2", p.zh))
        else:
            seen_text = True
            if p.lead:
                outline.leads.append(p.zh[:lead_length(p.zh)])
        section = p.section
    return outline


def score(expected: list, found: list) -> Score:
    """Compare two lists of items as multisets, keeping what is missed and what is extra."""
    left = list(expected)
    extra = []
    for item in found:
        if item in left:
            left.remove(item)
        else:
            extra.append(item)
    hits = len(found) - len(extra)
    return Score(hits, len(expected), len(extra), missed=left, extra=extra)


def seed_outline(seed: Path) -> Outline:
    """What tifa finds in a seed, split as the build does (with its metadata's split rules)."""
    problems: list[Problem] = []
    paragraphs = split_report(seed, problems)
    for p in problems:
        print(p.format(), file=sys.stderr)
    if paragraphs is None:
        raise SystemExit(1)
    return found_outline(paragraphs)


def dump(outline: Outline) -> str:
    """An outline in the expected-outline format (headings and leads in reading order)."""
    lines = [f"{level} {text}" for level, text in outline.headings]
    return "\n".join(lines + [f"L {lead}" for lead in outline.leads])


def report_line(name: str, headings: Score, leads: Score) -> str:
    """One Markdown table row: headings and leads found/expected/wrong, precision, recall."""
    def cell(s: Score) -> str:
        return f"{s.found}/{s.expected}/{s.wrong} (P {s.precision:.2f}, R {s.recall:.2f})"
    return f"| {name} | {cell(headings)} | {cell(leads)} |"


def main(argv: list[str] | None = None) -> int:
    """Score each SEED against its EXPECTED outline, or dump what tifa finds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="SEED EXPECTED pairs")
    parser.add_argument("--dump", type=Path, help="print tifa's outline of this seed")
    parser.add_argument("--diff", action="store_true", help="list missed and extra items")
    args = parser.parse_args(argv)
    if args.dump:
        print(dump(seed_outline(args.dump)))
        return 0
    if len(args.files) % 2:
        parser.error("give SEED EXPECTED pairs")
    print("| report | headings found/expected/wrong | leads found/expected/wrong |")
    print("| --- | --- | --- |")
    for seed, expected_path in zip(args.files[::2], args.files[1::2]):
        expected = parse_outline(expected_path.read_text(encoding="utf-8"))
        found = seed_outline(seed)
        h, ld = score(expected.headings, found.headings), score(expected.leads, found.leads)
        print(report_line(seed_slug(seed), h, ld))
        if args.diff:
            for label, items in (("missed heading", h.missed), ("wrong heading", h.extra),
                                 ("missed lead", ld.missed), ("wrong lead", ld.extra)):
                for item in items:
                    print(f"    {label}: {item}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
