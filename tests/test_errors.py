"""The catalogue of editors' mistakes: each gets `path:line: error: message` and a hint, exit 1,
no traceback, and site/ untouched (the Zola way: one broken project per error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project, run_cli

REPORT = "content/reports/demo-report"
SECTION = f"{REPORT}/01-hui-gu-pian.md"
ENTRY = "content/glossary/gao-zhi-liang-fa-zhan.md"
GOOD_ENTRY = """---
zh: 高质量发展
en: high-quality development
category: development
scope: national
---
A test definition.
"""


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


META = (FIXTURES / "minimal" / "seeds" / "demo-report.meta.yaml").read_text(encoding="utf-8")

CATALOGUE = {
    "malformed front matter": (
        lambda r: replace(r, SECTION, "section: hui-gu-pian", "section: [hui-gu-pian"),
        f"{SECTION}:2: error: malformed YAML"),
    "a tab in YAML": (
        lambda r: write(r, ENTRY, GOOD_ENTRY.replace("en: high", "\ten: high")),
        f"{ENTRY}:3: error: a tab is used for indentation in YAML"),
    "a duplicate paragraph ID": (
        lambda r: replace(r, SECTION, "<!-- ¶ p4 ", "<!-- ¶ p3 "),
        f"{SECTION}:11: error: duplicate paragraph ID 'p3' (also at 01-hui-gu-pian.md:6)"),
    "a paragraph pair missing its Chinese": (
        lambda r: replace(r, SECTION, "认真总结经验 保持奋斗姿态\n", ""),
        f"{SECTION}:11: error: paragraph p4 has no Chinese text"),
    "a malformed paragraph header": (
        lambda r: replace(r, SECTION, "<!-- ¶ p4 subtitle", "<!-- ¶p4 subtitle"),
        f"{SECTION}:11: error: malformed paragraph header"),
    "an unknown report in a link": (
        lambda r: replace(r, SECTION, "<!-- en -->\n", "<!-- en -->\nSee [it](report:no-such).\n"),
        f"{SECTION}:10: error: unknown report 'no-such' in a link"),
    "a term file with a BOM": (
        lambda r: write(r, ENTRY, b"\xef\xbb\xbf" + GOOD_ENTRY.encode("utf-8")),
        f"{ENTRY}:1: error: the file starts with a byte-order mark (BOM)"),
    "a duplicate term": (
        lambda r: write(r, "content/glossary/z.md", GOOD_ENTRY),
        "content/glossary/z.md:2: error: the term '高质量发展' is also in "
        "gao-zhi-liang-fa-zhan.md"),
    "a seed in an unknown encoding": (
        lambda r: write(r, "seeds/demo-report.zh.txt", "Ünïcödé".encode("latin-1") * 20),
        "seeds/demo-report.zh.txt: error: the seed is in an unknown encoding"),
    "an empty seed": (
        lambda r: write(r, "seeds/demo-report.zh.txt", b""),
        "seeds/demo-report.zh.txt: error: the seed is empty"),
    "a report folder without metadata": (
        lambda r: (r / "seeds" / "demo-report.meta.yaml").unlink(),
        "seeds/demo-report.meta.yaml: error: the report has no metadata file"),
    "an unknown metadata field": (
        lambda r: replace(r, "seeds/demo-report.meta.yaml", "date:", "dated:"),
        "seeds/demo-report.meta.yaml:5: error: unknown field 'dated'"),
    "a split pattern that is not a valid regex": (
        lambda r: write(r, "seeds/demo-report.meta.yaml", META + "split:\n  drop: 本报记者\n"
                        "  start: '(回顾篇'\n"),
        "seeds/demo-report.meta.yaml:8: error: split.start is not a valid pattern"),
    "a split.end that matches no line of the seed": (
        lambda r: write(r, "seeds/demo-report.meta.yaml", META + "split:\n  end: 相关报道\n"),
        "seeds/demo-report.meta.yaml:7: error: split.end '相关报道' matches no line of the seed"),
    "an unreadable file": (
        lambda r: (r / ENTRY).unlink() or (r / ENTRY).mkdir(),
        f"{ENTRY}: error: cannot read the file"),
}


@pytest.fixture()
def project(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    write(root, ENTRY, GOOD_ENTRY)
    assert run_cli(root) == 0
    return root


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_each_mistake_is_named_with_its_place_and_site_is_untouched(project, capsys, name):
    mutate, expected = CATALOGUE[name]
    before = snapshot(project / "site")
    capsys.readouterr()
    mutate(project)
    assert run_cli(project) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    line = next(x for x in err.splitlines() if expected in x)
    hint = err.splitlines()[err.splitlines().index(line) + 1]
    assert hint.strip().startswith("hint: ") and len(hint.strip()) > 10
    assert "Traceback" not in err
    assert snapshot(project / "site") == before


def test_the_editors_english_is_never_overwritten_by_a_failed_build(project):
    replace(project, SECTION, "<!-- en -->\n", "<!-- en -->\nMy careful English.\n")
    before = (project / SECTION).read_text(encoding="utf-8")
    write(project, "seeds/demo-report.zh.txt", b"")
    assert run_cli(project) == 1
    assert (project / SECTION).read_text(encoding="utf-8") == before
