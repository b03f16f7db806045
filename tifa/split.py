"""The splitter: a report's text into sections and paragraphs, following the common shapes of
Chinese official documents.

Recognised: chapters (回眸篇); numbered parts on their own line (一、…, 第一部分…) and
sub-parts (（一）…, and a third level 第一，… standing alone), told by their shape even with a
comma inside or a final 。; run-in sub-parts and ordinal lead sentences (（一）…。 / 第一，… /
一是… / "——…"); a table of contents after 目录; salutations (各位代表： / 各位同事，); a title
block with byline and date lines; and paragraphs one per line or in blank-line separated blocks
of wrapped lines. A lead sentence is
bolded only where it works as a sub-heading: numbered, or one of a series of such sentences;
never one that continues or comments on the text around it (对于这个问题，… 任务十分繁重。).
An editor can override the guesses in the report's metadata (``split:``); see ``SplitRules``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin

from .model import lead_length

NUMERAL = "一二三四五六七八九十百零〇两"
CHAPTER = re.compile(r"^\S{1,8}篇$")
PART = re.compile(rf"^[{NUMERAL}]+[、．.]|^第[{NUMERAL}]+(?:部分|章|节)")
SUBPART = re.compile(rf"^[（(][{NUMERAL}]+[）)]")
ORDINAL = re.compile(rf"^(?:第[{NUMERAL}]+|首先|其次|再次|最后)[，,、]|^[{NUMERAL}]+是")
THIRD = re.compile(rf"^第[{NUMERAL}]+[，,、]")
TOC = re.compile(r"^目\s*录$")
REPORTED = re.compile(r"^(?:全会|会议|大会|报告|讲话|公报|决定|意见)\S{0,4}?"
                      r"(?:强调|指出|认为|要求|号召|提出|决定|听取|审议|表示|通过)")
# a first sentence that continues or comments on the text around it rather than heading what
# follows: opened by a connective or a reported view (对于这个问题，… 有人怀疑… 但是…), a comment
# with a degree adverb (一年来的工作殊为不易。 任务十分繁重。), or a question put indirectly (是否…)
CONTINUES = re.compile(r"^(?:对于|有人|但是?|然而|可是|不过|因此|所以|因而|于是|而且|此外)")
COMMENT = re.compile(r"十分|非常|极不|极为|极其|很|殊为|尤为|格外|是否|是不是|能否|为什么")
SALUTATION = re.compile(r"^[^，。,]{0,10}(?:总理|主席|代表|委员|同事|同志们?|朋友们?|来宾|先生们?"
                        r"|女士们?|阁下)[：:，,！!]$")
_CLOSERS = "。！？；：:;!?，,、…—”」』）)"
_JOINS_LINE = "。！？；：:;!?”」』）)…—"
_SENTENCE_MARK = re.compile(r"[。！？；!?;]")
# a paragraph indent (two full-width spaces) inside a line: a crawled copy that joined a page's
# paragraphs on one line; each is split off there
RUN_TOGETHER = re.compile(r"(?<=[^\s\u3000])[\s\xa0]*\u3000{2,}")
HEADING_MAX = 48  # a numbered heading is at most this long, its ordinal included
NUMBERED_LEAD_MAX = 60  # the longest lead sentence after an ordinal (（一）… / 第一，… / 一是…)
DASH_LEAD_MAX = 40  # after ——, and for a short lead with ",在…" (始终…,在…中…)
SHORT_LEAD_MAX = 20  # a lead without a comma, among other leads
SERIES_LEAD_MAX = 32  # a lead in a series opened by the same words


@dataclass
class SplitRules:
    """How to split one report; an editor sets these under ``split:`` in its metadata.

    ``start``, ``end`` and ``drop`` trim the seed before it is split (see ``trim``): the report
    begins at the first line matching ``start``, ends before the first line matching ``end``, and
    lines matching ``drop`` are skipped. The seed itself is never changed.
    """

    paragraphs: str = "auto"  # auto, lines (one paragraph a line) or blocks (blank-line separated)
    sections: re.Pattern | None = None  # a regex: a line matching it starts a new section
    subheadings: re.Pattern | None = None  # a regex: a line matching it is a sub-heading
    start: re.Pattern | None = None  # a regex: the report begins at the first line matching it
    end: re.Pattern | None = None  # a regex: the report ends before the first line matching it
    drop: re.Pattern | None = None  # a regex: lines matching it are not part of the report
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)

    @classmethod
    def from_meta(cls, data: Any) -> "SplitRules":
        """Rules from the ``split:`` mapping of a metadata file (problems kept as messages)."""
        rules = cls()
        if not data:
            return rules
        if not isinstance(data, dict):
            rules.problems.append(("", "'split' must be a set of 'field: value' lines"))
            return rules
        mode = str(data.get("paragraphs", "auto"))
        if mode in ("auto", "lines", "blocks"):
            rules.paragraphs = mode
        else:
            rules.problems.append(("paragraphs", "split.paragraphs must be auto, lines or "
                                                 f"blocks, not '{mode}'"))
        for key in PATTERN_FIELDS:
            if data.get(key):
                try:
                    setattr(rules, key, re.compile(str(data[key])))
                except re.error as exc:
                    rules.problems.append((key, f"split.{key} is not a valid pattern: {exc}"))
        for key in sorted(set(data) - {"paragraphs", *PATTERN_FIELDS}, key=str):
            rules.problems.append((str(key), f"unknown field 'split.{key}'"))
        return rules


PATTERN_FIELDS = ("sections", "subheadings", "start", "end", "drop")


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


def numbered_heading(line: str) -> re.Match | None:
    """A numbered heading told by its shape: an ordinal (一、 第一部分 （一） or, on its own line,
    第一，), at most ``HEADING_MAX`` characters, and no sentence after it. A part or sub-part may
    have a comma inside and a final 。; a third-level 第一，… has no comma after its ordinal.
    Returns the ordinal's match, whose pattern tells the level."""
    prefix = PART.match(line) or SUBPART.match(line) or THIRD.match(line)
    if not prefix or len(line) > HEADING_MAX or line[-1] in "，,、：:；;":
        return None
    body = line[prefix.end():]
    body = body[:-1] if body.endswith(("。", ".")) else body
    if not body or _SENTENCE_MARK.search(body):
        return None
    if prefix.re is THIRD and re.search(r"[，,]", body):
        return None
    return prefix


def heading_shape(line: str) -> bool:
    """Whether a line reads as a heading: heading-like, or a numbered heading by its shape."""
    return heading_like(line) or numbered_heading(line) is not None


def lead_kind(zh: str) -> str:
    """The kind of lead sentence a paragraph opens with: ``numbered`` (（一）… 第一，… 一是…),
    ``dash`` or ``long dash`` (——…), ``short`` (no comma), ``plain`` (no comma, a little longer)
    or ``series`` (short enough to be one of a series opened the same way), or ``""`` when its
    first sentence cannot be a lead (too long, the whole paragraph, a salutation, a fact
    reported: with 了, or as 全会强调，…, or a sentence that continues or comments on the text
    around it: ``CONTINUES``, ``COMMENT``)."""
    n = lead_length(zh)
    if n >= len(zh) or zh[n - 1] != "。" or SALUTATION.match(zh):
        return ""
    first = zh[:n]
    if SUBPART.match(first) or ORDINAL.match(first) or PART.match(first):
        return "numbered" if n <= NUMBERED_LEAD_MAX else ""
    if first.startswith("——"):
        return "dash" if n <= DASH_LEAD_MAX else "long dash"
    if "了" in first or REPORTED.match(first):  # a fact reported (会议听取了… 全会强调，…)
        return ""
    if CONTINUES.match(first) or COMMENT.search(first):
        return ""
    comma = re.search(r"[，,]", first)
    if n <= SHORT_LEAD_MAX and not comma or n <= DASH_LEAD_MAX and re.search(r"[，,]在", first):
        return "short"
    if n > SERIES_LEAD_MAX:
        return ""
    return "series" if comma else "plain"


def guess_leads(texts: list[str]) -> list[bool]:
    """Which paragraphs open with a lead that works as a sub-heading, judged with their
    neighbours (``""`` stands for a heading or salutation between them). A numbered lead always
    is one; ——leads are when most of their run is short; a short sentence is when it follows a
    lead (under a numbered one, say) or another short sentence follows it; a plain one when it
    stands between a numbered or short lead and a short one (the first task under a sub-part:
    ``（五）…。`` ``做好…有效衔接。`` ``提高…能力。``); and three or more
    paragraphs in a row whose first sentences open with the same two characters are a series of
    leads. A lone short sentence, or one that introduces a numbered list, is not."""
    kinds = [lead_kind(t) if t else "" for t in texts]
    leads = [k == "numbered" for k in kinds]
    for run in _runs(["dash" if k.endswith("dash") else "" for k in kinds]):
        short = [i for i in run if kinds[i] == "dash"]
        if 2 * len(short) >= len(run):
            for i in short:
                leads[i] = True
    for i, kind in enumerate(kinds):
        before = kinds[i - 1] if i else ""
        after = kinds[i + 1] if i + 1 < len(kinds) else ""
        if kind == "short" and (before in ("numbered", "short", "dash")
                                or after in ("short", "dash")):
            leads[i] = True
        if kind == "plain" and before in ("numbered", "short") and after == "short":
            leads[i] = True
    opening = [t[:2] if k in ("short", "plain", "series") else "" for t, k in zip(texts, kinds)]
    for run in _runs(opening):
        if len(run) >= 3:
            for i in run:
                leads[i] = True
    return leads


def _runs(keys: list[str]) -> list[list[int]]:
    """Indices of the maximal runs of consecutive equal keys (an empty key belongs to none)."""
    runs: list[list[int]] = []
    for i, key in enumerate(keys):
        if key and runs and runs[-1][-1] == i - 1 and keys[i - 1] == key:
            runs[-1].append(i)
        elif key:
            runs.append([i])
    return runs


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
    """The paragraphs of a text: one per line (a line that runs paragraphs together is split at
    their indents), or blank-line separated blocks of wrapped lines."""
    clean = [part.strip(" \t\u3000\ufeff") for raw in text.split("\n")
             for part in RUN_TOGETHER.split(raw)]
    blocks: list[list[str]] = [[]]
    for line in clean:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    wrapped = len(blocks) > 1 and any(line[-1] not in _JOINS_LINE and not heading_shape(line)
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
        carry = out[-1][-1] not in _JOINS_LINE and not heading_shape(out[-1]) \
            and not SALUTATION.match(out[-1])
    return out


def _block_paragraphs(block: list[str]) -> list[str]:
    """A blank-line separated block as paragraphs: a numbered heading on its first line stands
    apart, the wrapped lines after it are joined."""
    first = block[0]
    if len(block) > 1 and (_chapter(first) or numbered_heading(first)):
        return [first, _join(block[1:])]
    return [_join(block)]


def _join_broken_subparts(paras: list[str]) -> list[str]:
    """Join a sub-part broken off its paragraph (web copies break a paragraph where bold text
    began): a （二）… line without a sentence mark, the only sub-part of its part that does not
    run in with its text, continues in the next paragraph."""
    part, part_of = 0, []
    for para in paras:
        part += bool(PART.match(para) and numbered_heading(para))
        part_of.append(part)
    alone, run_in = Counter(), Counter()
    for para, part in zip(paras, part_of):
        if SUBPART.match(para):
            (run_in if lead_length(para) < len(para) else alone)[part] += 1
    out: list[str] = []
    i = 0
    while i < len(paras):
        para, part = paras[i], part_of[i]
        if i + 1 < len(paras) and _broken_subpart(para) and alone[part] == 1 and run_in[part]:
            para, i = _join([para, paras[i + 1]]), i + 1
        out.append(para)
        i += 1
    return out


def _broken_subpart(para: str) -> bool:
    return bool(SUBPART.match(para)) and not _SENTENCE_MARK.search(para) \
        and para[-1] not in _CLOSERS


def _starts_section(line: str, rules: SplitRules) -> bool:
    if rules.sections is not None:
        return bool(rules.sections.search(line))
    numbered = numbered_heading(line)
    return _chapter(line) or bool(numbered and numbered.re is PART)


def _chapter(line: str) -> bool:
    """A chapter title on its own line (回眸篇)."""
    return bool(CHAPTER.match(line)) and heading_like(line)


def _next_list_item(line: str, out: list[SeedParagraph]) -> bool:
    """Whether a numbered line continues a list in the text before it (一、… 二、… as paragraphs
    of text, then 三、…): the next item of that list, not a part heading."""
    this = re.match(rf"^([{NUMERAL}])、", line)
    before = re.match(rf"^([{NUMERAL}])、", out[-1].zh) if out and out[-1].kind == "text" else None
    return bool(this and before) and NUMERAL.index(before[1]) + 1 == NUMERAL.index(this[1])


def _is_subheading(line: str, rules: SplitRules) -> bool:
    if rules.subheadings is not None:
        return bool(rules.subheadings.search(line))
    numbered = numbered_heading(line)
    return bool(numbered and numbered.re is not PART)


def _toc_lines(line: str, toc: set[str] | None) -> set[str] | None:
    """The lines of the table of contents read so far, while ``line`` still belongs to it: it
    opens with 目录 and lists headings until a line that is none, or one it listed already."""
    if TOC.match(line):
        return {line}
    if toc is None or not heading_shape(line) or line in toc:
        return None
    toc.add(line)
    return toc


def split_seed(text: str, rules: SplitRules | None = None) -> list[SeedParagraph]:
    """Split a report's text into paragraphs, each assigned to its section."""
    rules = rules or SplitRules()
    out: list[SeedParagraph] = []
    taken: set[str] = {"opening"}
    section, after_title, in_title_block, toc = "opening", 0, True, None
    for line in _join_broken_subparts(paragraphs_of(text, rules.paragraphs)):
        toc = _toc_lines(line, toc)
        if toc is not None:
            in_title_block = False
            out.append(SeedParagraph(section, "text", line, False))
        elif _starts_section(line, rules) and not _next_list_item(line, out):
            section, after_title, in_title_block = section_key(line, taken), 2, False
            out.append(SeedParagraph(section, "title", line, False))
        elif in_title_block and heading_like(line):
            out.append(SeedParagraph(section, "title" if not out else "subtitle", line, False))
        elif _is_subheading(line, rules) or (after_title and heading_like(line)):
            after_title = max(0, after_title - 1)
            out.append(SeedParagraph(section, "subtitle", line, False))
        else:
            after_title, in_title_block = 0, False
            out.append(SeedParagraph(section, "text", line, False))
    texts = [p.zh if p.kind == "text" and not TOC.match(p.zh) else "" for p in out]
    for p, lead in zip(out, guess_leads(texts)):
        p.lead = lead
    return out
