"""The splitter: a report's text into sections and paragraphs, following the common shapes of
Chinese official documents.

Recognised: chapters (回眸篇), numbered parts on their own line (一、…), sub-parts on their own
line (（一）…) or run in (then a lead sentence), ordinal lead sentences (第一，… / 首先，…),
"——" lines, salutations (各位代表：), a title block with byline and date lines, and paragraphs
one per line or in blank-line separated blocks of wrapped lines. An editor can override the
guesses in the report's metadata (``split:``); see ``SplitRules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin

from .model import lead_length

NUMERAL = "一二三四五六七八九十百零〇两"
CHAPTER = re.compile(r"^\S{1,8}篇$")
PART = re.compile(rf"^[{NUMERAL}]+[、．.]|^第[{NUMERAL}]+(?:部分|章|节)")
SUBPART = re.compile(rf"^[（(][{NUMERAL}]+[）)]")
ORDINAL = re.compile(rf"^(?:第[{NUMERAL}]+|首先|其次|再次|最后)[，,、]")
SALUTATION = re.compile(r"^(?:各位代表|各位委员|同志们|各位来宾|女士们、先生们)[：:]$")
_CLOSERS = "。！？；：:;!?，,、…—”」』）)"
_JOINS_LINE = "。！？；：:;!?”」』）)…—"


@dataclass
class SplitRules:
    """How to split one report; an editor sets these under ``split:`` in its metadata."""

    paragraphs: str = "auto"  # auto, lines (one paragraph a line) or blocks (blank-line separated)
    sections: re.Pattern | None = None  # a regex: a line matching it starts a new section
    subheadings: re.Pattern | None = None  # a regex: a line matching it is a sub-heading
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_meta(cls, data: Any) -> "SplitRules":
        """Rules from the ``split:`` mapping of a metadata file (problems kept as messages)."""
        rules = cls()
        if not data:
            return rules
        if not isinstance(data, dict):
            rules.problems.append("'split' must be a set of 'field: value' lines")
            return rules
        mode = str(data.get("paragraphs", "auto"))
        if mode in ("auto", "lines", "blocks"):
            rules.paragraphs = mode
        else:
            rules.problems.append(f"split.paragraphs must be auto, lines or blocks, not '{mode}'")
        for key in ("sections", "subheadings"):
            if data.get(key):
                try:
                    setattr(rules, key, re.compile(str(data[key])))
                except re.error as exc:
                    rules.problems.append(f"split.{key} is not a valid pattern: {exc}")
        for key in set(data) - {"paragraphs", "sections", "subheadings"}:
            rules.problems.append(f"unknown field 'split.{key}'")
        return rules


@dataclass
class SeedParagraph:
    """A paragraph as the splitter sees it, before it gets an ID."""

    section: str
    kind: str
    zh: str
    lead: bool


def heading_like(line: str) -> bool:
    """A short line without sentence punctuation at its end: a title, heading, byline, or a
    date line in brackets."""
    if len(line) > 40 or "。" in line or "，" in line or "," in line:
        return False
    return line[-1] not in _CLOSERS or (line[0] in "（(" and line[-1] in "）)")


def guess_lead(zh: str) -> bool:
    """Whether a paragraph opens with a lead sentence that works as a sub-heading."""
    n = lead_length(zh)
    if n >= len(zh) or zh[n - 1] != "。":
        return False
    first = zh[:n]
    if first.startswith("——") or SUBPART.match(first) or ORDINAL.match(first) or PART.match(first):
        return n <= 60
    return (n <= 30 and "," not in first and "，" not in first) or (n <= 40 and ",在" in first)


def section_key(title: str, taken: set[str]) -> str:
    """A URL-safe key for a section from the pinyin of its title, unique among ``taken``."""
    words = lazy_pinyin(title, errors=lambda s: ["".join(c for c in s if c.isascii()
                                                          and c.isalnum())])
    key = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]+", "", "-".join(w.lower() for w in words)))
    key = key.strip("-")[:48].strip("-") or "section"
    unique, n = key, 2
    while unique in taken:
        unique, n = f"{key}-{n}", n + 1
    taken.add(unique)
    return unique


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        ascii_seam = out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii()
        out += (" " if ascii_seam else "") + line
    return out


def paragraphs_of(text: str, mode: str) -> list[str]:
    """The paragraphs of a text: one per line, or blank-line separated blocks of wrapped lines."""
    clean = [raw.strip(" \t\u3000\ufeff") for raw in text.split("\n")]
    blocks: list[list[str]] = [[]]
    for line in clean:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    wrapped = len(blocks) > 1 and any(line[-1] not in _JOINS_LINE and not heading_like(line)
                                      for b in blocks for line in b[:-1])
    if mode == "blocks" or (mode == "auto" and wrapped):
        return [part for b in blocks for part in _block_paragraphs(b)]
    lines = [line for b in blocks for line in b]
    return lines if mode == "lines" else _rejoin_wrapped(lines)


def _rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join lines broken inside a sentence (text copied from a PDF): a line that is not a
    heading and does not end a sentence continues on the next line."""
    out: list[str] = []
    carry = False
    for line in lines:
        if carry and out:
            out[-1] = _join([out[-1], line])
        else:
            out.append(line)
        carry = out[-1][-1] not in _JOINS_LINE and not heading_like(out[-1]) \
            and not SALUTATION.match(out[-1])
    return out


def _block_paragraphs(block: list[str]) -> list[str]:
    """A blank-line separated block as paragraphs: a numbered heading on its first line stands
    apart, the wrapped lines after it are joined."""
    first = block[0]
    if len(block) > 1 and heading_like(first) and (CHAPTER.match(first) or PART.match(first)
                                                   or SUBPART.match(first)):
        return [first, _join(block[1:])]
    return [_join(block)]


def _starts_section(line: str, rules: SplitRules) -> bool:
    if rules.sections is not None:
        return bool(rules.sections.search(line))
    return bool(CHAPTER.match(line)) or (bool(PART.match(line)) and heading_like(line))


def _is_subheading(line: str, rules: SplitRules) -> bool:
    if rules.subheadings is not None:
        return bool(rules.subheadings.search(line))
    return bool(SUBPART.match(line)) and heading_like(line)


def split_seed(text: str, rules: SplitRules | None = None) -> list[SeedParagraph]:
    """Split a report's text into paragraphs, each assigned to its section."""
    rules = rules or SplitRules()
    out: list[SeedParagraph] = []
    taken: set[str] = {"opening"}
    section, after_title, in_title_block = "opening", 0, True
    for line in paragraphs_of(text, rules.paragraphs):
        if _starts_section(line, rules):
            section, after_title, in_title_block = section_key(line, taken), 2, False
            out.append(SeedParagraph(section, "title", line, False))
        elif in_title_block and heading_like(line):
            out.append(SeedParagraph(section, "title" if not out else "subtitle", line, False))
        elif _is_subheading(line, rules) or (after_title and heading_like(line)):
            after_title = max(0, after_title - 1)
            out.append(SeedParagraph(section, "subtitle", line, False))
        else:
            after_title, in_title_block = 0, False
            lead = not SALUTATION.match(line) and guess_lead(line)
            out.append(SeedParagraph(section, "text", line, lead))
    return out
