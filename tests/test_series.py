"""Series, tallies and comparisons on the fixture series (tests/fixtures/series): three work
reports of a fictional county, 2022–2024, in which terms enter and leave, and a communiqué of
another series. Every expected count below was counted by hand in the fixture's text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES, REPO, copy_project, page_text, run_cli

from tifa import termpages
from tifa.corrections import Repository, with_corrections
from tifa.glossary import load_glossary
from tifa.i18n import Interface
from tifa.model import Change, Page, PageRef, Paragraph, Report, ReportMeta, Section, markedly
from tifa.render import _address, href
from tifa.resolve import resolve
from tifa.series import match_sections, trends
from tifa.store import load_reports
from tifa.trendpages import compare_pages, what_changed

SERIES = FIXTURES / "series"
WORK_REPORTS = "shi-fan-xian-ren-min-zheng-fu-government-work-report"


def load_trends(root: Path):
    problems: list = []
    reports = load_reports(root / "content", root / "seeds", problems)
    entries = load_glossary(root / "content" / "glossary", problems)
    assert problems == []
    return trends(resolve(reports, entries))[0]


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("series"), SERIES, ("seeds", "content"))
    assert run_cli(root, "ingest") == 0
    return root


@pytest.fixture(scope="module")
def found(fixture_root):
    return load_trends(fixture_root)


def statuses(found, slug: str) -> dict[str, list[tuple[str, int, int]]]:
    comparison = found.comparisons[slug]
    return {s: [(c.key, c.before, c.after) for c in comparison.having(s)]
            for s in ("new", "dropped", "rising", "falling")}


def test_reports_form_series_by_issuer_and_type_or_as_the_editor_says(found):
    by_key = {s.key: s.reports for s in found.series}
    # 2024's issuer is written differently; its metadata names the series of the other two
    assert by_key == {WORK_REPORTS: ("demo-county-2022", "demo-county-2023", "demo-county-2024"),
                      "zhong-gong-shi-fan-xian-wei-yuan-hui-plenary-session-communique":
                          ("demo-party-2023",)}
    assert found.previous("demo-county-2024") == "demo-county-2023"
    assert found.previous("demo-county-2022") is None
    assert found.following("demo-county-2022") == "demo-county-2023"
    assert found.previous("demo-party-2023") is None


def test_each_report_is_tallied_exactly(found):
    t = {slug: (tally.terms, tally.quoted) for slug, tally in found.tallies.items()}
    assert t["demo-county-2022"] == ({"tuo-pin-gong-jian": 4, "xiang-cun-zhen-xing": 2,
                                      "gao-zhi-liang-fa-zhan": 1}, {"一村一品": 2})
    # “乡村振兴” in quotes counts as the glossary term, not as a quoted formulation
    assert t["demo-county-2023"] == ({"tuo-pin-gong-jian": 1, "xiang-cun-zhen-xing": 2,
                                      "gao-zhi-liang-fa-zhan": 4, "gong-tong-fu-yu": 1},
                                     {"三个一批": 2, "一村一品": 1})
    assert t["demo-county-2024"] == ({"xiang-cun-zhen-xing": 2, "gao-zhi-liang-fa-zhan": 6,
                                      "gong-tong-fu-yu": 1, "xin-zhi-sheng-chan-li": 3},
                                     {"三个一批": 1, "人工智能+": 1})
    # characters other than white space, every visible paragraph and heading
    assert [found.tallies[s].chars for s in ("demo-county-2022", "demo-county-2023",
                                             "demo-county-2024")] == [253, 295, 298]
    assert found.tallies["demo-county-2023"].quoted_at["三个一批"] == [
        ("yi-2022-nian-gong-zuo-hui-gu", "p6"), ("er-2023-nian-gong-zuo-an-pai", "p10")]


def test_2023_against_2022_new_rising_falling(found):
    assert statuses(found, "demo-county-2023") == {
        "new": [("三个一批", 0, 2), ("gong-tong-fu-yu", 0, 1)],
        "dropped": [],
        "rising": [("gao-zhi-liang-fa-zhan", 1, 4)],
        "falling": [("tuo-pin-gong-jian", 4, 1)]}
    rising = found.comparisons["demo-county-2023"].having("rising")[0]
    assert (round(rising.rate_before, 1), round(rising.rate_after, 1)) == (39.5, 135.6)


def test_2024_against_2023_new_and_dropped(found):
    assert statuses(found, "demo-county-2024") == {
        "new": [("xin-zhi-sheng-chan-li", 0, 3), ("人工智能+", 0, 1)],
        "dropped": [("一村一品", 1, 0), ("tuo-pin-gong-jian", 1, 0)],
        "rising": [], "falling": []}
    steady = {c.key: c.status for c in found.comparisons["demo-county-2024"].changes}
    assert steady["gao-zhi-liang-fa-zhan"] == "" and steady["三个一批"] == ""


def test_sections_pair_by_heading_across_years_and_small_rewordings(found):
    assert found.comparisons["demo-county-2024"].sections == [
        ("opening", "opening"),
        ("yi-2022-nian-gong-zuo-hui-gu", "yi-2023-nian-gong-zuo-hui-gu"),
        ("er-2023-nian-gong-zuo-an-pai", "er-2024-nian-gong-zuo-an-pai"),
        ("san-jia-qiang-zheng-fu-zi-shen-jian-she",
         "san-quan-mian-jia-qiang-zheng-fu-zi-shen-jian-sh")]
    # 2022 has no third section: 2023's stands unpaired
    assert len(found.comparisons["demo-county-2023"].sections) == 3


@pytest.mark.parametrize("before, after, rate_before, rate_after, expected", [
    (1, 4, 10.0, 40.0, "rising"), (4, 1, 40.0, 10.0, "falling"),
    (1, 3, 10.0, 30.0, ""),  # a difference of 2 occurrences is not marked
    (3, 6, 30.0, 30.0, ""),  # twice the count in a report twice as long: the same rate
    (10, 19, 10.0, 19.0, ""),  # a rate 1.9 times as high is not marked
    (10, 20, 10.0, 20.0, "rising")])
def test_markedly_needs_both_a_doubled_rate_and_three_occurrences(before, after, rate_before,
                                                                 rate_after, expected):
    assert markedly(before, after, rate_before, rate_after) == expected
    assert Change("term", "x", before, after, rate_before, rate_after).status == expected


def test_an_undated_report_is_left_out_with_a_warning(tmp_path):
    root = copy_project(tmp_path, SERIES, ("seeds", "content"))
    meta = root / "seeds" / "demo-county-2023.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('date: "2023-01-12"\n', ""),
                    encoding="utf-8")
    assert run_cli(root, "ingest") == 0
    problems: list = []
    reports = load_reports(root / "content", root / "seeds", problems)
    found, problems = trends(resolve(reports, load_glossary(root / "content" / "glossary", [])))
    assert found.previous("demo-county-2024") == "demo-county-2022"
    assert [(p.path.name, p.level) for p in problems] == [("demo-county-2023.meta.yaml",
                                                                 "warning")]


def test_a_series_that_is_not_a_safe_name_is_an_error_with_its_line(tmp_path, capsys):
    root = copy_project(tmp_path, SERIES, ("seeds", "content"))
    assert run_cli(root, "ingest") == 0
    meta = root / "seeds" / "demo-county-2024.meta.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("series: shi-fan", "series: ../Shi Fan"), encoding="utf-8")
    assert run_cli(root, "check") == 1
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("series:"))) + 1
    err = capsys.readouterr().err
    assert f"demo-county-2024.meta.yaml:{line}: error: the series '../Shi Fan-xian" in err
    assert "hint: use lower-case letters" in err


def test_the_openings_pair_when_one_gives_its_title_as_a_heading():
    def report(slug: str, headings: list[str | None]) -> Report:
        sections = [Section(f"s{n}", [Paragraph("p1", "title", h)] if h else
                            [Paragraph("p1", "text", "各位代表：")])
                    for n, h in enumerate(headings)]
        return Report(slug, ReportMeta(slug, slug), sections)

    older = report("a", ["2021年政府工作报告", "一、2020年工作回顾", "三、2021年重点工作"])
    newer = report("b", [None, "一、2021年工作回顾", "三、2022年政府工作任务"])
    # the third headings say different things: they stay apart
    assert match_sections(older, newer) == [("s0", "s0"), ("s1", "s1")]


def test_a_term_page_shows_lines_of_the_newest_reports_and_links_every_report(fixture_root,
                                                                            monkeypatch):
    problems: list = []
    reports = load_reports(fixture_root / "content", fixture_root / "seeds", problems)
    site = resolve(reports, load_glossary(fixture_root / "content" / "glossary", problems))
    found, _ = trends(site)
    entry = next(e for e in site.entries if e.slug == "gao-zhi-liang-fa-zhan")
    ui = Interface.load("en", REPO / "templates")
    monkeypatch.setattr(termpages, "NEWEST", 2)
    body = page_text(termpages.term_page(entry, site, site.by_zh, ui, href, found))
    groups = re.findall(r'<h3 class="tifa-kwic-report" id="in-([a-z0-9-]+)"', body)
    assert groups == ["demo-county-2024", "demo-party-2023"]
    # the two older reports' occurrences are still linked, from their table rows
    assert re.search(r'<tr id="row-demo-county-2022">.*?</tr>', body).group(0).count("¶p10") == 1
    assert "The lines of the 2 newest reports" in body


def synthetic(fixture_root: Path, count: int, series: int):
    """The fixture's 2024 work report copied ``count`` times, one a year, dealt round ``series``
    series, resolved and counted with tifa's own stages."""
    problems: list = []
    reports = load_reports(fixture_root / "content", fixture_root / "seeds", problems)
    base = next(r for r in reports if r.slug == "demo-county-2024")
    copies = [replace(base, slug=f"r{i:04d}", meta=replace(
        base.meta, date=f"{1700 + i}-01-15", series=f"s{i % series}",
        title_en=f"Report {i:04d}")) for i in range(count)]
    site = resolve(copies, load_glossary(fixture_root / "content" / "glossary", problems))
    assert problems == []
    return site, trends(site)[0]


def term_body(site, found, slug: str = "gao-zhi-liang-fa-zhan") -> str:
    entry = next(e for e in site.entries if e.slug == slug)
    ui = Interface.load("en", REPO / "templates")
    return page_text(termpages.term_page(entry, site, site.by_zh, ui, href, found))


@pytest.mark.parametrize("series", [lambda n: n // 2, lambda n: 2], ids=["many", "long"])
def test_a_term_page_does_not_grow_with_the_number_of_reports(fixture_root, series):
    small, large = (term_body(*synthetic(fixture_root, n, series(n))) for n in (20, 200))
    for part in ("<tr", "<circle", "<polyline", 'class="tifa-kwic-row"'):
        assert small.count(part) == large.count(part), part
    assert large.count("<polyline") <= termpages.SERIES_SHOWN
    assert large.count("<tr") <= (termpages.SERIES_NEWEST + 1) * termpages.SERIES_SHOWN + 1
    # a few digits more (names, totals, chart positions); ten times the reports would add
    # about 0.8 KB each if every row were on the page
    assert len(large) < len(small) * 1.02


def test_every_report_of_a_large_digest_is_a_link_or_two_away_from_the_term_page(fixture_root):
    site, found = synthetic(fixture_root, 60, 12)
    entry = next(e for e in site.entries if e.slug == "gao-zhi-liang-fa-zhan")
    ui = Interface.load("en", REPO / "templates")
    pages = {p.ref: p for p in termpages.glossary_pages(site, ui, href, found)}
    term = page_text(pages[PageRef("term", term=entry.slug)])
    assert "Used in 60 reports of 12 series." in term
    assert "the 6 series that used it most recently" in term
    index = page_text(pages[PageRef("term-series", term=entry.slug)])
    assert len(re.findall(r'<a href="\.\./#row-r\d+">', index)) == 6  # on the term page
    # the six left out are charted on the same page (30 rows fit on one), each listed
    blocks = re.findall(r'<h2 id="(s\d+)">', index)
    assert len(blocks) == 6 and re.findall(r'<a href="#(s\d+)">', index) == blocks
    assert "5 of 5 reports, 30 occurrences" in index  # six in each copy of the 2024 report
    assert [r for r in pages if r.kind == "term-series" and r.term == entry.slug] == [
        PageRef("term-series", term=entry.slug)]
    rows = set(re.findall(r'<tr id="row-(r\d+)">', index + term))
    assert rows == {f"r{i:04d}" for i in range(60)}
    # every report's lines are linked ("All 6") and every link lands where its anchor is
    assert broken_links(pages) == []
    assert "All 6" in index and 'href="../_reports/' in index


def broken_links(pages: dict[PageRef, object]) -> list[str]:
    """The links between the given pages (parts not yet assembled) whose page or anchor is
    not there (links to pages not given, such as readers' pages, are left alone)."""
    at = {"/" + _address(ref): page_text(page) for ref, page in pages.items()}
    broken = []
    for ref, page in pages.items():
        for link in re.findall(r'href="([^"]*)"', page_text(page)):
            target, _, anchor = urljoin("/" + _address(ref), link).partition("#")
            body = at.get(target)
            if body is not None and anchor and f'id="{anchor}"' not in body:
                broken.append(f"{_address(ref)}: {link}")
    return broken


def test_a_terms_lines_by_report_share_pages_of_a_bounded_number_of_lines(fixture_root,
                                                                          monkeypatch):
    monkeypatch.setattr(termpages, "REPORT_LINES", 20)
    site, found = synthetic(fixture_root, 60, 12)  # six occurrences in each report
    entry = next(e for e in site.entries if e.slug == "gao-zhi-liang-fa-zhan")
    ui = Interface.load("en", REPO / "templates")
    pages = {p.ref: p for p in termpages.glossary_pages(site, ui, href, found)}
    mine = [p for r, p in pages.items() if r.kind == "term-report" and r.term == entry.slug]
    assert [p.ref.part for p in mine] == ["", *map(str, range(2, 21))]  # 3 reports a page
    blocks = [re.findall(r'<h2 class="tifa-kwic-report" id="in-(r\d+)">', page_text(p))
              for p in mine]
    assert blocks[0] == ["r0000", "r0001", "r0002"] and blocks[-1] == ["r0057", "r0058", "r0059"]
    assert [slug for b in blocks for slug in b] == [f"r{i:04d}" for i in range(60)]
    for page in mine:  # every line of each report (five rows of six), under its heading
        assert page_text(page).count('<p class="tifa-kwic-zh" lang="zh-Hans">') == 3 * 5
        assert page_text(page).count("(6 occurrences)</span></h2>") == 3
    assert "January 15, 1700" in page_text(mine[0])
    assert '<a href="../">1</a> · <strong>2</strong> · <a href="../3/">3</a>' in page_text(mine[1])
    # a bounded pager: the first and last pages and two either side
    assert re.search(r'Back to the term</a>(.*?)</p>', page_text(mine[9])).group(1) == (
        ' · <a href="../">1</a> · … · <a href="../8/">8</a> · <a href="../9/">9</a> · '
        '<strong>10</strong> · <a href="../11/">11</a> · <a href="../12/">12</a> · … · '
        '<a href="../20/">20</a>')
    assert broken_links(pages) == []


def test_a_report_lists_changes_linked_to_where_the_terms_row_and_lines_are(fixture_root):
    site, found = synthetic(fixture_root, 60, 12)
    ui = Interface.load("en", REPO / "templates")
    places = termpages.Places(site, found)
    pages = {p.ref: p for p in termpages.glossary_pages(site, ui, href, found, places)}
    for p in compare_pages(site, found, ui, href, places):
        pages[p.ref] = p
    for report in site.reports[12:]:  # each has a previous report in its series
        ref = PageRef("report", report.slug)
        pages[ref] = Page(ref, "", what_changed(report, site, found, ui, href, places))
    links = [link for p in pages.values() for link in re.findall(
        r'href="([^"]*glossary/[^"]*#(?:row|in)-r\d+)"', page_text(p)) if p.ref.kind != "term"]
    assert any("/_series/" in link for link in links)  # older reports' rows are there
    assert broken_links(pages) == []


def test_the_pages_of_a_terms_series_hold_a_bounded_number_of_rows(fixture_root, monkeypatch):
    monkeypatch.setattr(termpages, "SERIES_ROWS", 7)
    site, found = synthetic(fixture_root, 60, 2)  # two series of 30, each cut into 7+7+7+7+2
    entry = next(e for e in site.entries if e.slug == "gao-zhi-liang-fa-zhan")
    ui = Interface.load("en", REPO / "templates")
    pages = [p for p in termpages.glossary_pages(site, ui, href, found)
             if p.ref.kind == "term-series" and p.ref.term == entry.slug]
    assert [p.ref.part for p in pages] == ["", *map(str, range(2, 11))]
    counts = [len(re.findall(r'<tr id="row-', page_text(p))) for p in pages]
    assert counts == [7, 7, 7, 7, 2, 7, 7, 7, 7, 2]
    every = [slug for p in pages for slug in re.findall(r'<tr id="row-(r\d+)">', page_text(p))]
    assert sorted(every) == [f"r{i:04d}" for i in range(60)]
    # a run of a series is headed by its dates; the first page lists both series' newest run
    assert "January 15, 1746 – January 15, 1758</h2>" in page_text(pages[0])
    assert re.findall(r'<li><a href="([^"]*)">', page_text(pages[0])) == ["#s1", "6/#s2"]
    assert '<a href="../">1</a> · <strong>2</strong> · <a href="../3/">3</a>' in page_text(pages[1])
    assert "Every series that uses it (2/10)" in page_text(pages[1])


def test_the_pages_of_a_terms_lines_by_report_keep_their_correction_links(fixture_root):
    site, found = synthetic(fixture_root, 20, 4)
    ui = Interface.load("en", REPO / "templates")
    pages = with_corrections(termpages.glossary_pages(site, ui, href, found), site,
                             Repository("owner/name", "main"), fixture_root, ui)
    mine = [p for p in pages if p.ref.kind == "term-report"]
    assert [p.ref.part for p in mine] == ["", "2"]  # 20 reports of six lines, ten a page
    for page in mine:
        assert ('class="tifa-fix-edit" href="https://github.com/owner/name/edit/main/content/'
                'glossary/gao-zhi-liang-fa-zhan.md"') in page_text(page)


def test_a_term_in_one_report_is_used_in_one_report_not_reports(built_site):
    pages = [p.read_text(encoding="utf-8") for p in (built_site / "glossary").glob("*/index.html")]
    assert any("Used in 1 report of 1 series." in page for page in pages)
    assert not any("Used in 1 reports" in page for page in pages)
    zh = (built_site / "zh" / "glossary").glob("*/index.html")
    assert any("见于 1 个系列的 1 份文件。" in p.read_text(encoding="utf-8") for p in zh)
