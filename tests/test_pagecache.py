"""The pages stage's cache (``tifa.pagecache``): a group of pages is made again only when what it
is made from changed, and a build after an edit gives the site a cold build of the edited
project gives (on a corpus of several reports, so that term pages, comparisons and report homes
show more than one report)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_project
from sitediff import differences

from bench.corpus import make_corpus
from tifa import checks
from tifa.cli import main
from tifa.model import Heading, Page, PageRef
from tifa.pagecache import Memo, PageCache, Shelf, digest
from tifa.pipeline import Build, Layout, run, stages

MADE = re.compile(r"pages: (\w+) interface, \d+ pages \((\d+) groups made, (\d+) unchanged\)")


def page(title: str) -> Page:
    return Page(PageRef("term", term="t"), title, (Heading(1, title),))


def test_a_group_with_the_same_inputs_is_not_made_again(tmp_path):
    path, made = tmp_path / "pages", []

    def make(title: str):
        return lambda: made.append(title) or [page(title)]

    first = PageCache(path, "code")
    assert first.pages("term:t", ("a",), make("one")) == [page("one")]
    first.save()
    again = PageCache(path, "code")
    assert again.pages("term:t", ("a",), make("two")) == [page("one")]
    assert again.pages("term:u", ("b",), make("three")) == [page("three")]
    assert made == ["one", "three"] and (again.made, again.kept) == (1, 1)
    again.save()
    changed = PageCache(path, "code")
    assert changed.pages("term:t", ("a changed",), make("four")) == [page("four")]
    assert PageCache(path, "other code").pages("term:t", ("a",), make("five")) == [page("five")]


def test_pages_are_kept_as_made_not_as_later_changed(tmp_path):
    path = tmp_path / "pages"
    cache = PageCache(path, "code")
    made = cache.pages("term:t", (), lambda: [page("one")])
    made[0].parts += ("added by a later step",)
    cache.save()
    assert PageCache(path, "code").pages("term:t", (), lambda: []) == [page("one")]


def test_only_this_builds_groups_are_kept_and_a_broken_file_is_made_again(tmp_path):
    folder = tmp_path / "pages"
    cache = PageCache(folder, "code")
    cache.pages("term:gone", (), lambda: [page("gone")])
    cache.save()
    cache = PageCache(folder, "code")
    cache.pages("term:t", (), lambda: [page("one")])
    cache.save()
    [kept] = folder.iterdir()  # one file: the group this build used
    kept.write_bytes(b"not a pickle")
    again = PageCache(folder, "code")
    assert again.pages("term:t", (), lambda: [page("made again")]) == [page("made again")]
    assert (again.made, again.kept) == (1, 0)
    assert PageCache(folder, "code").pages("term:t", (), lambda: []) == [page("made again")]


def test_equal_data_hashes_alike_however_it_is_shared():
    word = "".join(["shar", "ed"])
    assert digest((word, word)) == digest((word, "".join(["sha", "red"])))
    assert digest(("a", "b")) != digest(("ab", ""))


def build(root: Path, capsys) -> dict[str, tuple[int, int]]:
    """Build ``root``; each interface's groups of pages made and kept."""
    capsys.readouterr()
    assert main(["--root", str(root)]) == 0
    said = capsys.readouterr()
    return {m[1]: (int(m[2]), int(m[3])) for m in MADE.finditer(said.out + said.err)}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the corpus changed: {old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_as_cold(root: Path, tmp_path: Path, capsys) -> None:
    cold = copy_project(tmp_path / f"cold-{len(list(tmp_path.iterdir()))}", root)
    build(cold, capsys)
    assert differences(root / "site", cold / "site") == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Thirteen reports: a series of two (so a comparison page) and eleven of one."""
    root = make_corpus(tmp_path_factory.mktemp("pagecache") / "corpus", 13)
    assert main(["--root", str(root), "--quiet"]) == 0
    return root


def test_an_english_edit_remakes_few_groups_and_leaves_nothing_stale(corpus, tmp_path, capsys):
    reports = corpus / "content" / "reports"
    newer = sorted((reports / "r0012-chaoyang").glob("0*.md"))[2]  # on the comparison
    replace(newer, "<!-- en -->\n", "<!-- en -->\n(Edited.) ")
    title = sorted((reports / "r0000-chaoyang").glob("0*.md"))[1]  # a section's title
    replace(title, "<!-- en -->\n", "<!-- en -->\n(Retitled.) ")
    counts = build(corpus, capsys)
    assert set(counts) == {"en", "zh"}
    for made, kept in counts.values():
        assert 0 < made < (made + kept) / 4
    same_as_cold(corpus, tmp_path, capsys)


def test_chinese_and_glossary_edits_leave_nothing_stale(corpus, tmp_path, capsys):
    section = sorted((corpus / "content" / "reports" / "r0001-nanguan").glob("0*.md"))[2]
    text = section.read_text(encoding="utf-8")
    zh = text.split("-->\n", 1)[1].split("\n", 1)[0]  # the first paragraph's Chinese
    replace(section, zh, zh[: len(zh) // 2])
    replace(corpus / "content" / "glossary" / "liang-ge-que-li.md", "A loyalty formula",
            "A loyalty formula (edited)")
    build(corpus, capsys)
    same_as_cold(corpus, tmp_path, capsys)


def test_an_unchanged_project_makes_no_group(corpus, capsys):
    counts = build(corpus, capsys)
    assert counts and all(made == 0 for made, _kept in counts.values())


def test_a_memo_gives_the_last_builds_results_for_the_same_inputs(tmp_path):
    path, asked = tmp_path / "checks.json", []

    def make(result: list):
        return lambda: asked.append(result) or result

    first = Memo(path, "code")
    assert first.get("a", make([["5%", "5%"]])) == [["5%", "5%"]]
    first.save()
    again = Memo(path, "code")
    assert again.get("a", make(["other"])) == [["5%", "5%"]]
    assert again.get("b", make([])) == []
    assert asked == [[["5%", "5%"]], []]
    again.save()
    assert set(Memo(path, "code").old) == set(again.new) and len(again.new) == 2
    assert Memo(path, "other code").old == {}
    path.write_text("not JSON", encoding="utf-8")
    assert Memo(path, "code").old == {}


def test_a_shelf_keeps_the_live_results_of_the_last_build_and_nothing_else(tmp_path):
    path, asked = tmp_path / "lines.pickle", []

    def make(result: tuple):
        return lambda: asked.append(result) or result

    first = Shelf(path, "code")
    assert first.get("p1", make(([(0, 3)], None))) == ([(0, 3)], None)
    assert first.get("p2", make(([(0, 5)], []))) == ([(0, 5)], [])
    first.save({"p1", "p2"})
    again = Shelf(path, "code")
    assert again.get("p1", make(("made again",))) == ([(0, 3)], None)
    assert asked == [([(0, 3)], None), ([(0, 5)], [])]
    again.save({"p1"})  # p2 is no paragraph of the digest any more
    assert Shelf(path, "code").found == {"p1": ([(0, 3)], None)}
    assert Shelf(path, "other glossary").found == {}
    path.write_bytes(b"not a pickle")
    assert Shelf(path, "code").found == {}


def test_the_figure_check_from_its_memo_finds_what_it_finds_afresh(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 2)
    site = run(Build(Layout(root)), stages("load", "resolve")).site
    fresh = checks.check_figures(site)
    assert fresh  # the corpus's English leaves figures out
    memo = Memo(tmp_path / "checks.json", "code")
    assert checks.check_figures(site, memo) == fresh
    memo.save()
    section = sorted((root / "content/reports/r0001-nanguan").glob("0*.md"))[1]
    replace(section, "<!-- en -->\n", "<!-- en -->\n(Edited.) ")
    edited = run(Build(Layout(root)), stages("load", "resolve")).site
    made, real = [], checks.missing_figures
    monkeypatch.setattr(checks, "missing_figures", lambda *a: made.append(a) or real(*a))
    remembered = checks.check_figures(edited, Memo(tmp_path / "checks.json", "code"))
    assert len(made) == 1 and made[0][2].startswith("(Edited.) ")  # only the edited paragraph
    assert remembered == checks.check_figures(edited)


def test_the_checks_after_edits_find_what_a_cold_check_finds(tmp_path):
    root = make_corpus(tmp_path / "corpus", 2)

    def checked() -> list:
        b = run(Build(Layout(root)), stages("load", "resolve", "series", "check"))
        return sorted(p.format(root) for p in b.problems)

    checked()
    entry = root / "content/glossary/liang-ge-que-li.md"
    replace(entry, "en: Two Establishments", "en: Two Affirmations")  # a rendering: terms
    section = sorted((root / "content/reports/r0001-nanguan").glob("0*.md"))[1]
    replace(section, "<!-- en -->\n", "<!-- en -->\n(Edited.) ")
    remembered = checked()
    assert any("lacks its rendering 'Two Affirmations'" in line for line in remembered)
    (root / "build/cache/checks.json").unlink()
    assert checked() == remembered
