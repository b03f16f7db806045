"""Trimming a seed to the report itself, before it is split.

A text copied from the web often carries a page's chrome (下载 打印 【字号】, 来源：…), a licence
(本作品…属于公有领域, Public domain), an editor's credit (责任编辑：…) or a newspaper footer. The
editor says where the report begins and ends and which lines are not part of it with
``split.start``, ``split.end`` and ``split.drop`` in the report's metadata; the seed itself stays
as received. Lines at either end that still look like such boilerplate get a warning naming them.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem, error, warning
from .split import RUN_TOGETHER, SplitRules
from .store import nested_line

BOILERPLATE = re.compile(
    r"公有领域|public\s*domain|版权所有|copyright|©|责任编辑|责编[：:]|编辑[：:]|来源[：:]|"
    r"本文来源|转载|相关报道|原标题|关闭窗口|分享到|扫一扫|字号[：:]|发布时间|浏览次数|"
    r"首页|网站地图|加入收藏|您所在的位置|当前位置[：:]|本报记者|记者\s*\S{1,4}\s*摄$|"
    r"《[^》]{1,12}报\s*》\s*[（(][^）)]*版\s*[）)]|^[（(][^（）()]{1,12}社[^（）()]{0,12}电[）)]$|"
    r"^(?:下载|打印|收藏|全屏)$|"
    r"^(?:page|p\.)\s*\d+|^\d{1,4}$", re.I)
HEAD_LINES = 12  # how many non-empty lines at the start are looked at for boilerplate
TAIL_LINES = 5  # and at the end


def trim(text: str, rules: SplitRules, seed: Path, meta: Path) -> tuple[str, list[Problem]]:
    """The part of ``text`` that is the report, by the rules' start, end and drop patterns, and
    the problems: an error when start or end matches no line, a warning for boilerplate left at
    either end (named by its line in the seed)."""
    problems: list[Problem] = []
    lines = [(n, part) for n, raw in enumerate(text.split("\n"), start=1)
             for part in RUN_TOGETHER.split(raw)]  # paragraphs run together on a line count apart
    for key in ("start", "end"):
        pattern = getattr(rules, key)
        if pattern is None:
            continue
        at = next((i for i, (_, line) in enumerate(lines) if pattern.search(line.strip())), None)
        if at is None:
            problems.append(_no_match(key, pattern, meta))
        else:
            lines = lines[at:] if key == "start" else lines[:at]
    if rules.drop is not None:
        lines = [(n, line) for n, line in lines if not rules.drop.search(line.strip())]
    if not problems:
        problems += boilerplate_warnings(lines, seed, meta)
    untouched = rules.start is None and rules.end is None and rules.drop is None
    return text if untouched else "\n".join(line for _, line in lines), problems


def _no_match(key: str, pattern: re.Pattern, path: Path) -> Problem:
    line = nested_line(path.read_text(encoding="utf-8-sig"), "split", key) if path.exists() \
        else None
    return error(path, line, f"split.{key} '{pattern.pattern}' matches no line of the seed",
                 "copy a few characters of the line where the report "
                 f"{'begins' if key == 'start' else 'ends'} into the pattern")


def boilerplate_warnings(lines: list[tuple[int, str]], seed: Path, meta: Path) -> list[Problem]:
    """One warning for each end of the text whose lines look like boilerplate, naming the
    first such line and the split fields that leave it out."""
    filled = [(n, line.strip()) for n, line in lines if line.strip()]
    out = []
    tail = max(len(filled) - TAIL_LINES, 0)  # the ends do not overlap in a short text
    head = filled[:min(HEAD_LINES, tail)]
    for end, part, fields in (("first", head, "split.start or split.drop"),
                              ("last", filled[tail:], "split.end or split.drop")):
        hits = [(n, line) for n, line in part if BOILERPLATE.search(line)]
        if hits:
            n, line = hits[0]
            more = f" and {len(hits) - 1} more" if len(hits) > 1 else ""
            out.append(warning(seed, n, f"the seed's {end} lines look like a web page's chrome, "
                               f"a licence, footer or credit, not the report: '{line[:30]}'{more}",
                               f"if they are not part of the report, leave them out with {fields} "
                               f"in {meta.name} (the seed stays as received)"))
    return out
