"""Whole builds: a fixture site checked for its pages and anchors, the real site,
reproducibility."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SEED, copy_project, run_cli


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse(path: Path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_fixture_site_has_its_pages_and_anchors(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    assert run_cli(root) == 0
    site = root / "site" / "reports" / "demo-report"
    pages = sorted(p.parent.name for p in site.glob("*/index.html"))
    assert pages == ["editors", "figures", "hui-gu-pian", "opening", "zhan-wang-pian"]
    assert (site / "index.html").exists() and (root / "site" / "index.html").exists()
    assert [i for i in parse(site / "opening" / "index.html").ids if re.fullmatch(r"p\d+", i)] \
        == ["p1", "p2"]
    assert [i for i in parse(site / "hui-gu-pian" / "index.html").ids
            if re.fullmatch(r"p\d+", i)] == ["p3", "p4", "p5", "p6", "p7"]
    html = (site / "hui-gu-pian" / "index.html").read_text(encoding="utf-8")
    assert "<strong>民生保障不断加强。</strong>新增城镇就业1200人" in html


def zh_by_anchor(html: str) -> dict[str, str]:
    """The visible Chinese text of every paragraph pair on a page, keyed by its anchor."""
    out = {}
    pattern = (r'<div class="tifa-pair[^"]*"[^>]*? id="(p\d+)"[^>]*>\s*'
               r'<div class="tifa-zh"[^>]*>(.*?)</div>')
    for match in re.finditer(pattern, html, re.S):
        out[match[1]] = unescape(re.sub(r"<[^>]+>|\n", "", match[2]))
    return out


def test_every_source_paragraph_is_on_exactly_one_page_under_its_anchor(built_site):
    lines = [x for x in SEED.read_text(encoding="utf-8").split("\n") if x.strip()]
    report = built_site / "reports" / "2023-chaoyang-plenary"
    pages = [zh_by_anchor(p.read_text(encoding="utf-8")) for p in report.glob("*/index.html")
             if p.parent.name not in ("figures", "editors")]
    assert len(pages) == 5
    shown = [(pid, text) for page in pages for pid, text in page.items()]
    assert sorted(text for _, text in shown) == sorted(lines)
    assert sorted(pid for pid, _ in shown) == sorted(f"p{n}" for n in range(1, len(lines) + 1))
    by_pid = dict(shown)
    assert all(by_pid[f"p{n}"] == line for n, line in enumerate(lines, start=1))


def test_site_links_are_relative(built_site):
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth: its links are site-absolute
            continue
        hrefs = re.findall(r'<a [^>]*href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert not [h for h in hrefs if h.startswith("/")], page  # would break under a sub-path


def test_build_replaces_site_only_on_success(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    assert run_cli(root) == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "seeds" / "demo-report.meta.yaml").write_text("title_zh: [unclosed\n", "utf-8")
    assert run_cli(root) == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_build_py_runs_as_a_script_without_traceback(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    (root / "seeds" / "demo-report.meta.yaml").unlink()
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "seeds/demo-report.meta.yaml: error: the report has no metadata file" in run.stderr


def test_each_build_is_dated_by_its_newest_report_even_in_one_process(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    meta = root / "seeds" / "demo-report.meta.yaml"
    dates = []
    for day in ("2021-03-04", "2024-05-06"):  # as in a serve session: one process, two builds
        meta.write_text(re.sub(r"(?m)^date:.*$", f'date: "{day}"', meta.read_text("utf-8")),
                        "utf-8")
        assert run_cli(root, "--site-url", "https://example.org/x/") == 0
        sitemap = (root / "site" / "sitemap.xml").read_text("utf-8")
        dates.append(set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)))
    assert dates == [{"2021-03-04"}, {"2024-05-06"}]


def test_report_links_in_editors_text_point_at_the_paragraph(tmp_path):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    assert run_cli(root) == 0
    opening = root / "content" / "reports" / "demo-report" / "00-opening.md"
    text = opening.read_text("utf-8").replace(
        "<!-- en -->\n", "<!-- en -->\nSee [the outlook](report:demo-report#p11) and "
        "[the report](report:demo-report).\n", 1)
    opening.write_text(text, "utf-8")
    assert run_cli(root) == 0
    for site in (root / "site", root / "site" / "zh"):
        page = site / "reports" / "demo-report" / "opening" / "index.html"
        links = dict((label, href) for href, label in re.findall(
            r'<a href="([^"]+)">(the outlook|the report)</a>', page.read_text("utf-8")))
        assert links == {"the outlook": "../zhan-wang-pian/#p11", "the report": "../"}
        target = (page.parent / "../zhan-wang-pian/index.html").resolve()
        assert 'id="p11"' in target.read_text("utf-8")


def test_a_renderer_warning_under_strict_stops_before_site(tmp_path, capsys):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    assert run_cli(root) == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    opening = root / "content" / "reports" / "demo-report" / "00-opening.md"
    opening.write_text(opening.read_text("utf-8").replace(
        "<!-- en -->\n", "<!-- en -->\nSee [this](no-such-page.md).\n", 1), "utf-8")
    capsys.readouterr()
    assert run_cli(root, "--strict") == 1
    err = capsys.readouterr().err
    assert "no-such-page.md" in err and "site/ was not changed" in err
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_matchers_are_built_once_per_build(tmp_path, monkeypatch):
    from tifa import annotate

    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    shutil.copytree(FIXTURES / "glossary", root / "content" / "glossary")
    built = []
    original = annotate.Matcher.__init__

    def counting(self, terms, english):
        built.append(english)
        original(self, terms, english)

    monkeypatch.setattr(annotate.Matcher, "__init__", counting)
    monkeypatch.setattr("os.cpu_count", lambda: 1)  # both interfaces in this process
    assert run_cli(root) == 0
    assert sorted(built) == [False, True]


class _Languages(HTMLParser):
    """The language each pair side and each table cell is in (the nearest ``lang`` up the
    tree, ``<html lang>`` included), whether it says so itself, and its text."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, int]] = []  # tag, language, the side it is in
        self.sides: list[list] = []  # class (or "td"), language, own lang attribute, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        lang = a.get("lang") or (self.stack[-1][1] if self.stack else "")
        side = self.stack[-1][2] if self.stack else -1
        kind = (a.get("class") or "") if tag == "div" else "td" if tag == "td" else ""
        if kind in ("tifa-zh", "tifa-en", "td"):
            self.sides.append([kind, lang, "lang" in a, ""])
            side = len(self.sides) - 1
        if tag not in self.VOID:
            self.stack.append((tag, lang, side))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][2] >= 0:
            self.sides[self.stack[-1][2]][3] += data.strip()


def _languages(page: Path) -> list[list]:
    parser = _Languages()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.sides


@pytest.mark.parametrize("prefix, own", [("", "en"), ("zh/", "zh")])  # own: <html lang>
def test_pair_sides_and_figure_cells_are_in_their_language_marked_once(built_site, prefix, own):
    report = built_site / prefix / "reports" / "2023-chaoyang-plenary"
    sides = _languages(report / "hui-mou-pian" / "index.html")
    expected = {"tifa-zh": "zh-Hans", "tifa-en": "en"}
    assert len(sides) > 20 and all(lang == expected[kind] for kind, lang, _, _ in sides)
    # a side in the language of <html lang> inherits it; any other says so (zh-Hans too)
    assert all(marked == (lang != own) for _, lang, marked, _ in sides)
    figures = report / "figures" / "index.html"
    cells = _languages(figures)
    assert len(cells) == 4 * (12 + 55)  # the key figures and all figures, four columns
    chinese, value, clause, link = (cells[i::4] for i in range(4))
    assert all(lang == "zh-Hans" and text for _, lang, _, text in chinese)
    assert all(lang == "en" and text for _, lang, _, text in value + [c for c in clause if c[3]])
    assert all(lang == own and re.fullmatch(r"p\d+", text) for _, lang, _, text in link)
    assert all(marked == (lang != own) for _, lang, marked, text in cells if text)
    assert "<span lang=" not in figures.read_text(encoding="utf-8").split("<table>")[1]


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_the_article_head_of_a_section_has_no_template_indentation(built_site, prefix):
    html = (built_site / prefix / "reports" / "2023-chaoyang-plenary" / "hui-mou-pian"
            / "index.html").read_text(encoding="utf-8")
    head = html[html.index('<p class="tifa-langswitch">'):html.index('<div class="tifa-pair')]
    ours = head[:head.index("</div>") + len("</div>")]  # language links, where, view switch
    assert ours.count("<p ") == 2 and ours.count("<button") == 3
    assert "\n " not in ours and "\n\n" not in ours and "  " not in ours
    where = re.search(r'<p class="tifa-where"[^>]*>(.*?)</p>', ours).group(1)
    day = "August 2, 2023" if not prefix else "2023年8月2日"
    # the date once, as text and ISO (the citation reads both from <time>), then the address
    assert f' · <time datetime="2023-08-02">{day}</time> <span class="tifa-print-url">' in where
    assert "data-day" not in ours and "data-date" not in ours
