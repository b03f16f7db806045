"""Glossary entries: loading, pinyin, and one test per mistake an editor can make."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_cli

from tifa.glossary import load_glossary, pinyin_matches, pinyin_of, slug_for

GOOD = """---
zh: 两个维护
en: Two Upholds
category: ideology
scope: national
---
A definition.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_fixture_glossary_loads_with_filled_pinyin_and_parts():
    problems: list = []
    entries = {e.slug: e for e in load_glossary(FIXTURES / "glossary", problems)}
    assert problems == []
    entry = entries["liang-ge-que-li"]
    assert entry.definition == "A test entry with an English variant."
    assert entry.explanation == "A longer explanation paragraph."
    assert entry.explanation_zh == "测试用的中文释义。"
    assert entry.renderings == ["Two Establishments", "two affirmations"]
    assert entries["quan-mian-zhen-xing"].pinyin == "quán miàn zhèn xīng"


def test_pinyin_helpers():
    assert pinyin_matches("两个确立", "liǎng gè quèlì")
    assert pinyin_matches("两个确立", "liang ge queli")
    assert not pinyin_matches("两个确立", "liǎng gè wéihù")
    assert pinyin_matches("朝阳", "Cháoyáng") and pinyin_matches("朝阳", "zhāoyáng")
    assert slug_for("“百千”目标") == "bai-qian-mu-biao"
    assert slug_for("“1+9”监督体系") == "1-9-jian-du-ti-xi"
    assert pinyin_of("共同富裕") == "gòng tóng fù yù"


CASES = [
    ("malformed YAML", "---\nzh: 两个维护\nen: [Two Upholds\ncategory: ideology\n---\nDef.\n",
     3, "malformed YAML"),
    ("a tab in YAML", "---\nzh: 两个维护\n\ten: Two Upholds\n---\nDef.\n", 3,
     "a tab is used for indentation"),
    ("unknown field", GOOD.replace("scope: national", "scope: national\ncolour: red"), 6,
     "unknown field 'colour'"),
    ("missing zh", GOOD.replace("zh: 两个维护\n", ""), 1, "missing field 'zh'"),
    ("missing en", GOOD.replace("en: Two Upholds\n", ""), 1, "missing field 'en'"),
    ("empty definition", GOOD.replace("A definition.\n", ""), 7, "the entry has no definition"),
    ("pinyin that does not match", GOOD.replace("en: Two", "pinyin: liǎng gè quèlì\nen: Two"), 3,
     "pinyin 'liǎng gè quèlì' does not match 两个维护"),
    ("unknown category", GOOD.replace("category: ideology", "category: slogans"), 4,
     "unknown category 'slogans'"),
    ("related entry that does not exist", GOOD.replace("scope: national",
     "scope: national\nrelated: [不存在]"), 6, "related entry '不存在' does not exist"),
    ("no front matter", "zh: 两个维护\n", 1, "does not start with '---' front matter"),
]


@pytest.mark.parametrize("name, text, line, message", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_with_its_line(tmp_path, name, text, line, message):
    path = write(tmp_path, "liang-ge-wei-hu.md", text)
    problems: list = []
    load_glossary(tmp_path, problems)
    assert [(p.path, p.line, p.level) for p in problems] == [(path, line, "error")]
    assert message in problems[0].message and problems[0].hint


def test_a_duplicate_term_names_both_files(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD.replace("en: Two Upholds", "en: Two Safeguards"))
    problems: list = []
    load_glossary(tmp_path, problems)
    assert [(p.path.name, p.line, p.message) for p in problems] == [
        ("b.md", 2, "the term '两个维护' is also in a.md")]


def test_a_bom_is_reported(tmp_path):
    write(tmp_path, "a.md", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    problems: list = []
    load_glossary(tmp_path, problems)
    assert [(p.line, p.message) for p in problems] == [
        (1, "the file starts with a byte-order mark (BOM)")]


def test_broken_entry_stops_the_build_before_site(tmp_path, capsys):
    from conftest import copy_project

    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    assert run_cli(root) == 0
    before = sorted(p.relative_to(root) for p in (root / "site").rglob("*"))
    write(root / "content" / "glossary", "bad.md", "---\nzh: 示范\n---\nDef.\n")
    assert run_cli(root) == 1
    assert "content/glossary/bad.md:1: error: missing field 'en'" in capsys.readouterr().err
    assert sorted(p.relative_to(root) for p in (root / "site").rglob("*")) == before


def test_new_term_writes_a_ready_entry_and_never_overwrites(tmp_path, capsys):
    assert run_cli(tmp_path, "new-term", "共同富裕") == 0
    path = tmp_path / "content" / "glossary" / "gong-tong-fu-yu.md"
    assert "pinyin: gòng tóng fù yù" in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8").replace("en:\n", "en: common prosperity\n"), "utf-8")
    edited = path.read_text("utf-8")
    assert run_cli(tmp_path, "new-term", "共同富裕") == 1
    assert path.read_text("utf-8") == edited
    problems: list = []
    assert [e.en for e in load_glossary(path.parent, problems)] == ["common prosperity"]


def test_the_first_report_passes_strict(tmp_path):
    from conftest import copy_project

    root = copy_project(tmp_path)
    assert run_cli(root, "check", "--strict") == 0


def test_every_entry_of_the_seed_glossary_is_complete():
    problems: list = []
    entries = load_glossary(REPO / "content" / "glossary", problems)
    assert problems == [] and len(entries) >= 80
    national = [e for e in entries if e.scope == "national"]
    assert all(e.explanation_zh for e in national if e.category != "local")
    assert all(e.sources for e in entries)
