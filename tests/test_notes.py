"""Glossary notes per report: loaded and validated, shown only with their report; national bodies
win over their short forms; the editors' pages list each report's gaps without numeral noise."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli

from tifa.glossary import load_glossary

ENTRY = """---
zh: 人大
en: people's congress
category: body
notes:
  {key}: {value}
---
Short for 人民代表大会.
"""
DEMO_SEED = ("3日,示范县委第一次全体会议召开。\n"
             "全国人大常委会审议通过有关决定,县人大和县政协开展视察。\n"
             "这是第一个五年计划的开局,工资提高二个百分点,共四条又规定。要增强“四个意识”。\n")
DEMO_META = ("title_zh: 示范县委第一次全体会议\ntitle_en: Demo County Plenary\n"
             "date: \"2024-01-03\"\n")


def write_entry(folder: Path, key: str, value: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ren-da.md"
    path.write_text(ENTRY.format(key=key, value=value), encoding="utf-8")
    return path


def test_a_note_is_a_text_or_english_and_chinese(tmp_path):
    problems: list = []
    write_entry(tmp_path, "2023-chaoyang-plenary", "The district's people's congress.")
    entry, = load_glossary(tmp_path, problems)
    assert problems == [] and entry.note("2023-chaoyang-plenary").en == \
        "The district's people's congress." and entry.note("2023-chaoyang-plenary").line == 6
    write_entry(tmp_path, "x", "\n    en: The county's.\n    zh: 指县人大。")
    entry, = load_glossary(tmp_path, problems)
    assert problems == [] and (entry.note("x").zh, entry.note("x").en) == \
        ("指县人大。", "The county's.") and entry.note("other") is None


@pytest.mark.parametrize("value, line, message", [
    ("[a, b]", 6, "the note for '{key}' must be a text"),
    ("\n    en: ''", 6, "the note for '{key}' must be a text"),
    ("\n    zh: 只有中文。", 6, "the note for '{key}' must be a text"),
    ("\n    en: A.\n    fr: B.", 6, "the note for '{key}' must be a text"),
])
def test_a_malformed_note_is_an_error_on_its_line(tmp_path, value, line, message):
    path = write_entry(tmp_path, "demo", value)
    problems: list = []
    assert load_glossary(tmp_path, problems) == []
    assert [(p.path, p.line, p.level) for p in problems] == [(path, line, "error")]
    assert problems[0].message.startswith(message.format(key="demo")) and problems[0].hint


def test_notes_must_be_a_mapping(tmp_path):
    path = tmp_path / "ren-da.md"
    tmp_path.mkdir(exist_ok=True)
    path.write_text(ENTRY.replace("notes:\n  {key}: {value}", "notes: text"), encoding="utf-8")
    problems: list = []
    load_glossary(tmp_path, problems)
    assert [(p.line, p.message) for p in problems] == [(5, "'notes' must map report slugs to "
                                                           "texts")]


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project plus a second, untranslated report that names national bodies."""
    root = copy_project(tmp_path_factory.mktemp("two"))
    (root / "seeds" / "2024-demo.zh.txt").write_text(DEMO_SEED, encoding="utf-8")
    (root / "seeds" / "2024-demo.meta.yaml").write_text(DEMO_META, encoding="utf-8")
    assert run_cli(root) == 0
    return root


def test_an_unknown_report_in_notes_is_an_error_with_path_and_line(two_reports, tmp_path,
                                                                  capsys):
    root = copy_project(tmp_path, two_reports, ("seeds", "content"))
    entry = root / "content" / "glossary" / "ren-da.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("\n  2023-chaoyang-plenary:", "\n  2023-chaoyang:"),
                     encoding="utf-8")
    line = entry.read_text(encoding="utf-8").split("\n").index("  2023-chaoyang:") + 1
    assert run_cli(root, "check") == 1
    err = capsys.readouterr().err
    assert f"content/glossary/ren-da.md:{line}: error: notes: unknown report '2023-chaoyang'" \
        in err and "known reports: 2023-chaoyang-plenary, 2024-demo" in err


def test_a_note_on_a_report_without_the_term_is_a_warning(two_reports, tmp_path, capsys):
    root = copy_project(tmp_path, two_reports, ("seeds", "content"))
    entry = root / "content" / "glossary" / "liang-ge-que-li.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "\n---\n", "\nnotes:\n  2024-demo: Not there.\n---\n", 1), encoding="utf-8")
    assert run_cli(root, "check") == 0
    assert "liang-ge-que-li.md" in capsys.readouterr().err
    assert run_cli(root, "check", "--strict") == 1


def _notes(site: Path, slug: str) -> dict[str, list[str]]:
    """The notes by report of a term's gloss card, in the interface whose root is ``site``."""
    return json.loads((site / "glossary/cards.json").read_text("utf-8"))["terms"][slug]["notes"]


def test_a_note_shows_only_on_its_own_reports_pages(two_reports):
    site = two_reports / "site"
    own = (site / "reports/2023-chaoyang-plenary/dang-jian-pian/index.html").read_text("utf-8")
    assert '<meta name="tifa-report" content="2023-chaoyang-plenary">' in own  # the card's key
    assert "Chaoyang District People's Congress" in _notes(site, "ren-da")[
        "2023-chaoyang-plenary"][0]
    demo_pages = "".join(p.read_text("utf-8") for p in (site / "reports/2024-demo").rglob("*.html"))
    assert '<meta name="tifa-report" content="2024-demo">' in demo_pages
    assert "2024-demo" not in _notes(site, "ren-da") and "tifa-card" not in demo_pages + own
    assert "/glossary/ren-da/" in demo_pages  # the term is marked there, its card not written
    note, lang = _notes(site / "zh", "ren-da")["2023-chaoyang-plenary"]
    assert "报告中指区人大" in note and lang == "zh"


def test_the_term_page_gives_the_note_in_that_reports_section(two_reports):
    html = (two_reports / "site/glossary/ren-da/index.html").read_text("utf-8")
    # the groups run from the newest report to the oldest (issue 18)
    parts = html.split('<h3 class="tifa-kwic-report"')[1:]
    assert [p.split(">", 1)[1].split(" <small")[0] for p in parts] == [
        "Demo County Plenary",
        "Fifth Plenary Session of the 13th CPC Changchun Chaoyang District Committee"]
    assert "In this report" not in parts[0] and "In this report" in parts[1]


def test_national_bodies_win_over_their_short_forms(two_reports):
    html = next(p for p in (two_reports / "site/reports/2024-demo").glob("*/index.html")
                if "全国人大常委会" in p.read_text("utf-8")).read_text("utf-8")
    marked = re.findall(r'<a class="tifa-term" href="[^"]*/([^/"]+)/">([^<]+)</a>', html)
    assert ("quan-guo-ren-da-chang-wei-hui", "全国人大常委会") in marked
    assert ("ren-da", "人大") in marked and ("zheng-xie", "政协") in marked
    assert all(text != "人大" or slug == "ren-da" for slug, text in marked)
    assert len([1 for slug, _ in marked if slug == "ren-da"]) == 1


def test_each_reports_editors_page_lists_its_own_gaps_without_numeral_noise(two_reports):
    site = two_reports / "site"
    demo = (site / "reports/2024-demo/editors/index.html").read_text("utf-8")
    rows = re.findall(r"<tr>\s*<td><span lang=\"zh-Hans\">([^<]+)</span></td>\s*<td>([^<]+)</td>",
                      demo)
    assert rows == []  # 四个意识 has an entry; the numerals are not formulations
    for noise in ("一个五年计划", "二个百分点", "四条又规定", "五年计划"):
        assert noise not in demo
    own = (site / "reports/2023-chaoyang-plenary/editors/index.html").read_text("utf-8")
    rows = re.findall(r'<tr>\s*<td><span lang="zh-Hans">([^<]+)</span></td>\s*'
                      r'<td><a href="([^"]+)">(p\d+)</a></td>\s*</tr>', own)
    # the page is the report's own: its title names it once, each gap links to its paragraph
    assert rows and all(re.fullmatch(r"\.\./[a-z-]+/#" + pid, link) for _, link, pid in rows)
    assert own.count("Fifth Plenary Session of the 13th CPC Changchun Chaoyang District "
                     "Committee</td>") == 0
    overview = (site / "editors/index.html").read_text("utf-8")
    assert 'href="../reports/2024-demo/editors/"' in overview
    assert "Entries not yet met in any report" in overview and "国务院" in overview


def test_the_seed_glossary_keeps_report_specific_words_in_notes():
    problems: list = []
    entries = load_glossary(REPO / "content" / "glossary", problems)
    specific = re.compile(r"\b(?:[Tt]he|[Tt]his) report\b(?! of)|\bhere (?:the|Chaoyang)"
                          r"|报告中|本报告")
    assert problems == []
    assert [e.slug for e in entries if specific.search(e.definition + e.explanation
                                                       + e.explanation_zh)] == []
    assert sum(bool(e.notes) for e in entries) > 60
