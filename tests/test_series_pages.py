"""What a reader of the fixture series sees: each report's home lists what changed since the
previous report, a comparison page per pair, term pages with a chart, a table and occurrences
grouped by report, the home's timeline — in both interfaces, without and with JavaScript, at
375 px (axe and the Nu checker run over these pages in test_gates.py). The expected lists and
counts were counted by hand in tests/fixtures/series."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from tifa.charts import Line, Point, line_chart, timeline
from tifa.safety import clean_html

PAGES = ["", "reports/demo-county-2024/", "reports/demo-county-2023/", "compare/demo-county-2024/",
         "glossary/gao-zhi-liang-fa-zhan/", "glossary/gao-zhi-liang-fa-zhan/_reports/",
         "zh/", "zh/reports/demo-county-2024/", "zh/compare/demo-county-2024/",
         "zh/glossary/tuo-pin-gong-jian/"]


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def change_list(page: str, status: str) -> list[str]:
    """The items under one 'what changed' heading, as plain text."""
    match = re.search(rf'<h4 id="changed-{status}">.*?</h4>\s*<ul class="tifa-changes">(.*?)</ul>',
                      page)
    return [text(li) for li in re.findall(r"<li>(.*?)</li>", match.group(1))] if match else []


def test_2024_home_lists_new_and_dropped_with_counts_and_rates(series_site):
    page = html(series_site, "reports/demo-county-2024")
    assert change_list(page, "new") == [
        "新质生产力 new quality productive forces 0 → 3 (0.0 → 100.7 per 10,000 characters) "
        "occurrences", "“人工智能+” 0 → 1 (0.0 → 33.6 per 10,000 characters) ¶p8"]
    assert change_list(page, "dropped") == [
        "“一村一品” 1 → 0 (33.9 → 0.0 per 10,000 characters) ¶p7",
        "脱贫攻坚 poverty alleviation 1 → 0 (33.9 → 0.0 per 10,000 characters) occurrences"]
    assert change_list(page, "rising") == [] and change_list(page, "falling") == []
    assert "What changed since Demo County Government Work Report 2023" in text(page)


def test_2023_home_lists_rising_and_falling(series_site):
    page = html(series_site, "reports/demo-county-2023")
    assert [t.split(" (")[0] for t in change_list(page, "new")] == ["“三个一批” 0 → 2",
                                                                 "共同富裕 common prosperity 0 → 1"]
    assert change_list(page, "rising") == [
        "高质量发展 high-quality development 1 → 4 (39.5 → 135.6 per 10,000 characters) "
        "occurrences"]
    assert change_list(page, "falling") == [
        "脱贫攻坚 poverty alleviation 4 → 1 (158.1 → 33.9 per 10,000 characters) occurrences"]


def test_each_change_links_to_its_occurrences(series_site):
    page = html(series_site, "reports/demo-county-2024")
    new = re.search(r'<h4 id="changed-new">.*?</ul>', page, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', new)
    assert links == ["../../glossary/xin-zhi-sheng-chan-li/#in-demo-county-2024",
                     "er-2024-nian-gong-zuo-an-pai/#p8"]
    term = html(series_site, "glossary/xin-zhi-sheng-chan-li")
    assert 'id="in-demo-county-2024"' in term  # its lines
    dropped = re.search(r'<h4 id="changed-dropped">.*?</ul>', page, re.S).group(0)
    # a dropped formulation links to where it stood in the previous report
    assert "../demo-county-2023/yi-2022-nian-gong-zuo-hui-gu/#p7" in dropped
    reader = html(series_site, "reports/demo-county-2023/yi-2022-nian-gong-zuo-hui-gu")
    assert "“一村一品”特色产业" in reader


def test_first_report_of_a_series_says_so_and_a_lone_report_has_no_comparison(series_site):
    assert "This is the first report of its series." in html(series_site,
                                                              "reports/demo-county-2022")
    assert not (series_site / "compare" / "demo-county-2022").exists()
    assert not (series_site / "compare" / "demo-party-2023").exists()
    assert sorted(p.name for p in (series_site / "compare").iterdir()) == [
        "demo-county-2023", "demo-county-2024"]


def test_compare_page_has_every_term_of_both_with_counts_side_by_side(series_site):
    page = html(series_site, "compare/demo-county-2024")
    body = re.search(r"<tbody>(.*?)</tbody>", page).group(1)
    rows = [[text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]
    assert [(r[0].split(" ")[0], r[1], r[2], r[3].split(" ")[0]) for r in rows] == [
        ("新质生产力", "0 0.0", "3 100.7", "New"), ("“人工智能+”", "0 0.0", "1 33.6", "New"),
        ("“一村一品”", "1 33.9", "0 0.0", "Dropped"), ("脱贫攻坚", "1 33.9", "0 0.0", "Dropped"),
        ("高质量发展", "4 135.6", "6 201.3", "About"), ("“三个一批”", "2 67.8", "1 33.6", "About"),
        ("乡村振兴", "2 67.8", "2 67.1", "About"), ("共同富裕", "1 33.9", "1 33.6", "About")]


def test_compare_page_sets_matching_sections_side_by_side(series_site):
    page = html(series_site, "compare/demo-county-2024")
    summaries = [text(s) for s in re.findall(r"<summary>(.*?)</summary>", page)]
    assert summaries == ["示范县2023年政府工作报告 ↔ 示范县2024年政府工作报告",
                         "一、2022年工作回顾 ↔ 一、2023年工作回顾",
                         "二、2023年工作安排 ↔ 二、2024年工作安排",
                         "三、加强政府自身建设 ↔ 三、全面加强政府自身建设"]
    pair = re.findall(r'<details class="tifa-match">(.*?)</details>', page)[1]
    assert "我们守住不发生规模性返贫底线" in pair and "培育新质生产力" in pair


def test_term_page_has_a_chart_a_table_and_occurrences_grouped_by_report(series_site):
    page = html(series_site, "glossary/gao-zhi-liang-fa-zhan")
    svg = re.search(r'<svg class="tifa-chart".*?</svg>', page).group(0)
    assert 'role="img"' in svg and svg.count("<circle") == 4 and svg.count("<polyline") == 2
    table = re.search(r'<table class="tifa-table[^"]*">.*?</table>', page).group(0)
    rows = [text(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]
    assert rows[1:] == ["CPC Demo County Committee · Plenary session communiqué",
                        "Communiqué of the Plenary Session of the Demo County Party Committee "
                        "July 20, 2023 1 158.7 ¶p2",
                        "Demo County Government · Government work report",
                        "Demo County Government Work Report 2024 January 15, 2024 6 201.3 All 6",
                        "Demo County Government Work Report 2023 January 12, 2023 4 135.6 "
                        "¶p6 ¶p9 ¶p10",
                        "Demo County Government Work Report 2022 January 10, 2022 1 39.5 ¶p10"]
    groups = re.findall(r'<h3 class="tifa-kwic-report" id="in-([a-z0-9-]+)">', page)
    assert groups == ["demo-county-2024", "demo-party-2023", "demo-county-2023",
                      "demo-county-2022"]
    # five occurrences of each report on the term page, all six of 2024 on the report's own
    # page; occurrences in one sentence share a row (2023 has two in one, and so has 2024's p11)
    assert page.count('class="tifa-kwic-row"') == 5 + 1 + 3 + 1
    assert page.count("All 6 occurrences in this report") == 1
    assert re.search(r'<a href="_reports/#in-demo-county-2024">All 6 occurrences', page)
    own = html(series_site, "glossary/gao-zhi-liang-fa-zhan/_reports")
    assert re.findall(r'<h2 class="tifa-kwic-report" id="in-([a-z0-9-]+)">', own) == [
        "demo-county-2024"]
    assert own.count('class="tifa-kwic-row"') == 5
    assert own.count("<mark>") == 6
    assert "Demo County Government Work Report 2024 January 15, 2024 (6 occurrences)" in text(own)
    assert sorted(p.parent.name for p in (series_site / "glossary").glob("*/*/index.html")) == [
        "_reports"]


def test_home_has_a_timeline_by_series(series_site):
    page = html(series_site, "")
    svg = re.search(r'<svg class="tifa-chart".*?</svg>', page).group(0)
    assert svg.count("<circle") == 4 and svg.count('class="tifa-row-name"') == 2
    assert "Demo County Government · Government work report" in text(page)


def test_the_chinese_interface_has_the_same_pages_in_chinese(series_site):
    page = html(series_site, "zh/reports/demo-county-2024")
    assert "与《示范县2023年政府工作报告》相比的变化" in page
    assert change_list(page, "new")[0].startswith("新质生产力 new quality productive forces 0 → 3")
    compare = html(series_site, "zh/compare/demo-county-2024")
    assert "章节对照" in compare and "词条或提法" in compare
    assert "各文件中的出现频率" in html(series_site, "zh/glossary/tuo-pin-gong-jian")


def test_editors_names_are_escaped_in_the_charts():
    hostile = '<script>alert(1)</script>" onload="x'
    svg = timeline([Line(hostile, [Point(2022.0, 0, hostile)])], hostile)
    chart = line_chart([Line("a", [Point(2022.0, 1.5, hostile), Point(2023.5, 3.0, "b")])], "t")
    for drawn in (svg, chart):  # every tag is a drawing element's, every attribute quoted
        assert re.findall(r"<(?!/?(?:svg|g|line|polyline|circle|text|title)[ >])", drawn) == []
        attributes = re.findall(r'\s([a-z-]+)="[^"<>]*"', drawn, re.I)
        assert attributes and not [a for a in attributes if a.lower().startswith("on")]
        assert clean_html(drawn) == drawn  # as the sanitiser writes it: used as it is
    assert svg.count("&lt;script&gt;") == 3 and 'aria-label="&lt;script&gt;' in svg
    assert '&quot; onload=&quot;x"' in svg and chart.count("<circle") == 2


def test_compare_table_sorts_with_javascript_and_reads_in_order_without(browser, series_url):
    page = browser.new_page()
    page.goto(series_url + "compare/demo-county-2024/")
    first = "document.querySelector('table.tifa-sortable tbody tr th').textContent"
    assert page.evaluate(first).startswith("新质生产力")
    page.click("table.tifa-sortable thead th:nth-child(3) button")  # 2024 count, ascending
    assert page.get_attribute("table.tifa-sortable thead th:nth-child(3)", "aria-sort") == \
        "ascending"
    def column(n: int) -> list[str]:
        return page.eval_on_selector_all(f"table.tifa-sortable tbody td:nth-child({n})",
                                         "cells => cells.map(c => c.textContent)")

    counts = [int(c.split()[0]) for c in column(3)]  # "6 201.3": the count, then the rate
    assert counts == sorted(counts) and counts[-1] == 6
    page.click("table.tifa-sortable thead th:nth-child(3) button")
    counts = [int(c.split()[0]) for c in column(3)]
    assert counts == sorted(counts, reverse=True)
    page.click("table.tifa-sortable thead th:nth-child(1) button")  # by term, as text
    page.click("table.tifa-sortable thead th:nth-child(4) button")  # back in the written order
    assert [c.split()[0] for c in column(4)] == ["New", "New", "Dropped", "Dropped", "About",
                                                 "About", "About", "About"]
    page.click("table.tifa-sortable thead th:nth-child(4) button")
    assert column(4)[0].startswith("About") and column(4)[-1].startswith("New")
    page.close()
    still = browser.new_context(java_script_enabled=False).new_page()
    still.goto(series_url + "compare/demo-county-2024/")
    assert still.locator("table.tifa-sortable button").count() == 0
    assert still.locator("table.tifa-sortable tbody tr").count() == 8
    still.goto(series_url + "glossary/gao-zhi-liang-fa-zhan/")
    assert still.locator("svg.tifa-chart circle").count() == 4
    still.close()


def test_new_pages_fit_a_phone(browser, series_url):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    for path in PAGES:
        page.goto(series_url + path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, path
    page.close()


WORK = "shi-fan-xian-ren-min-zheng-fu-government-work-report"
PARTY = "zhong-gong-shi-fan-xian-wei-yuan-hui-plenary-session-communique"


def test_a_bounded_term_page_links_the_pages_of_its_series(paged_site):
    # built with a term page charting one series and two reports of it, and three rows a page
    # of the term's series (tests/conftest.py)
    page = html(paged_site, "glossary/gao-zhi-liang-fa-zhan")
    table = re.search(r'<table class="tifa-table[^"]*">.*?</table>', page).group(0)
    assert re.findall(r'<tr id="row-([a-z0-9-]+)"', table) == ["demo-county-2024",
                                                               "demo-county-2023"]
    assert 'href="_series/2/#s2">All 3 reports</a>' in table
    assert "Used in 4 reports of 2 series. The chart and the table show the 1 series" in text(page)
    first = html(paged_site, "glossary/gao-zhi-liang-fa-zhan/_series")
    assert "3 of 3 reports, 11 occurrences" in text(first) and 'href="2/#s2"' in first
    assert "1 of 1 reports, 1 occurrence" in text(first) and 'href="#s1"' in first
    assert re.findall(r'<h2 id="(s\d)">', first) == ["s1"]  # the communiqués; then 1 + 3 > 3
    assert re.findall(r'<tr id="row-([a-z0-9-]+)"', first) == ["demo-party-2023"]
    assert '<strong>1</strong> · <a href="2/">2</a>' in first
    second = html(paged_site, "glossary/gao-zhi-liang-fa-zhan/_series/2")
    assert "Every series that uses it (2/2)" in text(second)
    assert re.findall(r'<h2 id="(s\d)">', second) == ["s2"]
    rows = re.findall(r'<tr id="row-([a-z0-9-]+)"', second)
    assert rows == ["demo-county-2024", "demo-county-2023", "demo-county-2022"]
    assert re.search(r'<svg class="tifa-chart".*?</svg>', second).group(0).count("<circle") == 3
    # rows under a series' heading are named by their dates, linked to the report
    assert re.search(r'<tr id="row-demo-county-2022"><th scope="row">(.*?)</th>', second).group(
        1) == '<a href="../../../../reports/demo-county-2022/">January 10, 2022</a>'
    zh = html(paged_site, "zh/glossary/gao-zhi-liang-fa-zhan/_series")
    assert "3 份文件中的 3 份，出现 11 次" in text(zh) and "返回词条" in text(zh)
    assert "2023年7月20日" in text(zh)


def test_the_series_pages_of_a_term_are_reached_by_clicking_and_fit_a_phone(browser, paged_url,
                                                                           tmp_path):
    for width in (1280, 375):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(paged_url + "glossary/gao-zhi-liang-fa-zhan/")
        page.click('th[scope="colgroup"] a')
        assert page.url.endswith("/_series/2/#s2")
        page.wait_for_selector("#row-demo-county-2022")
        assert page.locator("table.tifa-table tbody tr[id]").count() == 3
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"term-series-{width}.png"), full_page=True)
        page.click(".tifa-inline-links >> text=1")
        assert page.url.endswith("/_series/")
        page.wait_for_selector("#row-demo-party-2023")
        assert page.locator("table.tifa-table tbody tr[id]").count() == 1
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        page.click("text=Back to the term")
        assert page.url.endswith("/glossary/gao-zhi-liang-fa-zhan/#frequency")
        page.close()
