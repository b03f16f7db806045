"""Incremental builds: an edit re-renders exactly the pages that show it, in both interfaces;
a page that is no longer made is removed; and a build from a deleted cache gives the same site
as the incremental one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project, run_cli
from sitediff import differences

SECTION = "content/reports/2023-chaoyang-plenary/02-zhan-wang-pian.md"
LINE = "Contributing Chaoyang's strength to fighting"
ENTRY = "content/glossary/zhi-hui-chao-yang.md"
DEFINITION = "brokers the transfer of research results to business."


def written(root: Path) -> dict[str, int]:
    """Every rendered page of both interfaces and the inode of its file (a page written anew
    is a new file)."""
    return {p.relative_to(root / "build").as_posix(): p.stat().st_ino
            for lang in ("en", "zh") for p in (root / "build" / f"pages-{lang}").rglob("*.html")}


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture changed: {old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed_and_showing(root: Path, word: str) -> tuple[set[str], set[str]]:
    """Build; the pages written anew and the pages that contain ``word``."""
    before = written(root)
    assert run_cli(root) == 0
    after = written(root)
    changed = {name for name, inode in after.items() if before.get(name) != inode}
    showing = {name for name in after
               if word in (root / "build" / name).read_text(encoding="utf-8")}
    return changed, showing


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    assert run_cli(root) == 0
    return root


def test_an_unchanged_project_rewrites_no_page(project):
    before = written(project)
    assert run_cli(project) == 0
    assert written(project) == before


def test_a_paragraph_edit_rewrites_only_the_pages_that_show_it(project):
    edit(project, SECTION, LINE, "Contributing Chaoyang's strength (zyzzogeton) to fighting")
    changed, showing = changed_and_showing(project, "zyzzogeton")
    assert "pages-en/reports/2023-chaoyang-plenary/zhan-wang-pian/index.html" in showing
    assert "pages-zh/reports/2023-chaoyang-plenary/zhan-wang-pian/index.html" in showing
    assert changed == showing
    assert len(changed) < len(written(project)) / 10


def test_a_glossary_edit_rewrites_the_entry_and_the_cards_file_not_the_reader_pages(project):
    reader = "pages-en/reports/2023-chaoyang-plenary/hui-mou-pian/index.html"
    assert "/glossary/zhi-hui-chao-yang/" in (project / "build" / reader).read_text("utf-8")
    edit(project, ENTRY, DEFINITION, "brokers the transfer of research results to firms.")
    changed, showing = changed_and_showing(project, "research results to firms.")
    assert "pages-en/glossary/zhi-hui-chao-yang/index.html" in showing
    assert changed == showing
    assert not any("/reports/" in name for name in changed)  # no page of a report shows cards
    cards = (project / "build/pages-en/glossary/cards.json").read_text("utf-8")
    assert "research results to firms." in cards


def test_a_page_no_longer_made_is_removed(project, tmp_path):
    entry = project / "content/glossary/bai-qian-wan.md"  # an entry no other entry relates to
    entry.rename(tmp_path / entry.name)
    try:
        assert run_cli(project) == 0
        for folder in ("build/pages-en", "build/pages-zh", "site", "site/zh"):
            assert not (project / folder / "glossary/bai-qian-wan").exists(), folder
    finally:
        (tmp_path / entry.name).rename(entry)
    assert run_cli(project) == 0
    assert (project / "site/zh/glossary/bai-qian-wan/index.html").is_file()


def test_the_site_replaced_is_reused_for_the_next_build_with_nothing_stale(project):
    assert run_cli(project) == 0
    old_en, old_zh = project / "build/site-en.old", project / "build/site-zh.old"
    assert (old_en / "index.html").is_file() and (old_zh / "index.html").is_file()
    assert not (old_en / "zh").exists()  # each interface's tree apart
    (old_en / "stray.html").write_text("left over", encoding="utf-8")
    (old_en / "404.html").unlink()
    (old_en / "404.html").mkdir()  # a folder where the site has a file
    shutil.rmtree(old_zh / "glossary")
    home = (project / "build/pages-en/index.html").stat().st_ino
    assert run_cli(project) == 0
    site = project / "site"
    assert not (site / "stray.html").exists() and (site / "404.html").is_file()
    assert (site / "zh/glossary/cards.json").is_file()
    assert (site / "index.html").stat().st_ino == home  # the rendered page itself, linked
    for lang, tree in (("en", site), ("zh", site / "zh")):
        pages = project / "build" / f"pages-{lang}"
        made = {p.relative_to(pages) for p in pages.rglob("*") if p.is_file()}
        assert made <= {p.relative_to(tree) for p in tree.rglob("*") if p.is_file()}


def test_a_deleted_cache_gives_the_same_site(project, tmp_path):
    assert run_cli(project) == 0
    incremental = tmp_path / "incremental"
    shutil.copytree(project / "site", incremental)
    shutil.rmtree(project / "build")
    assert run_cli(project) == 0
    assert differences(incremental, project / "site") == []


def test_a_report_link_follows_the_paragraph_it_names_into_a_renamed_section(tmp_path):
    """A reader page kept from the cache is made again when the section holding the paragraph
    one of its report links names changes its key, though its own report did not change."""
    root = copy_project(tmp_path / "linked")
    for seed in (FIXTURES / "search" / "seeds").iterdir():
        shutil.copy(seed, root / "seeds" / seed.name)
    assert run_cli(root) == 0
    other = sorted((root / "content/reports/2024-hexi-plenum").glob("0*.md"))[-1]
    text = other.read_text(encoding="utf-8")
    key, pid = re.search(r"^section: (\S+)$", text, re.M)[1], re.search(r"¶ (\S+)", text)[1]
    edit(root, SECTION, LINE, f"Contributing Chaoyang's [strength](report:2024-hexi-plenum#{pid})"
                              " to fighting")
    assert run_cli(root) == 0
    page = root / "site/reports/2023-chaoyang-plenary/zhan-wang-pian/index.html"
    assert f'href="../../2024-hexi-plenum/{key}/#{pid}"' in page.read_text(encoding="utf-8")
    other.write_text(text.replace(f"section: {key}\n", "section: renamed-here\n"), "utf-8")
    assert run_cli(root) == 0
    html = page.read_text(encoding="utf-8")
    assert f'href="../../2024-hexi-plenum/renamed-here/#{pid}"' in html, "the link is stale"
