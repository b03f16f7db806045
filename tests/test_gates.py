"""The built site passes checkers nobody here wrote, and each gate fails on a planted fault."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest
from gates import axe_violations, broken_links, foreign_references, vnu_errors
from serve import PrefixServer

PAGES = ["", "reports/2023-chaoyang-plenary/", "reports/2023-chaoyang-plenary/hui-mou-pian/",
         "glossary/", "glossary/liang-ge-que-li/", "zh/reports/2023-chaoyang-plenary/hui-mou-pian/",
         "zh/glossary/liang-ge-que-li/"]

SERIES_PAGES = ["", "reports/demo-county-2024/", "compare/demo-county-2024/",
                "glossary/gao-zhi-liang-fa-zhan/",
                "glossary/gao-zhi-liang-fa-zhan/_reports/", "zh/compare/demo-county-2023/",
                "zh/glossary/tuo-pin-gong-jian/"]
"""The page kinds across reports (timeline, what changed, comparison, term chart, a term's
occurrences in one report), in the fixture series: the project itself has one report."""

PAGED_PAGES = ["glossary/gao-zhi-liang-fa-zhan/", "glossary/gao-zhi-liang-fa-zhan/_series/",
               "glossary/gao-zhi-liang-fa-zhan/_series/2/",
               "zh/glossary/gao-zhi-liang-fa-zhan/_series/2/",
               "zh/glossary/gao-zhi-liang-fa-zhan/_series/"]
"""A bounded term page and the pages of a term's series (the first with the list of them), in
the fixture series built with small limits (the real ones take more than ten reports to
reach)."""


@pytest.fixture(scope="module")
def faulty_site(built_site, tmp_path_factory):
    """A copy of the built site with one planted fault per gate."""
    site = tmp_path_factory.mktemp("faulty") / "site"
    shutil.copytree(built_site, site)
    (site / "planted").mkdir()
    (site / "planted" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>planted</title>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'
        '<body><main><div><span>unclosed</div><p><a href="../no-such-page/">dead</a></p>'
        '<img src="../assets/images/favicon.png"></main></body></html>', encoding="utf-8")
    index = site / "index.html"
    index.write_text(index.read_text("utf-8").replace("</article>",
                     '<a href="planted/">planted</a></article>'), encoding="utf-8")
    return site


def test_nu_html_checker_finds_no_error(built_site):
    assert vnu_errors(built_site) == []


def test_nu_html_checker_finds_no_error_in_the_pages_across_reports(series_site):
    assert vnu_errors(series_site) == []


def test_nu_html_checker_catches_an_unclosed_tag(faulty_site):
    assert any("planted" in e for e in vnu_errors(faulty_site / "planted"))


def test_axe_finds_no_serious_violation(browser, site_url):
    page = browser.new_page()
    for path in PAGES:
        page.goto(site_url + path)
        assert axe_violations(page) == [], path
    page.goto(site_url + "reports/2023-chaoyang-plenary/hui-mou-pian/")
    page.locator('#p11 .tifa-zh a.tifa-term[href$="/glossary/liang-ge-que-li/"]').focus()
    page.locator("#tifa-card-liang-ge-que-li").wait_for(state="visible")
    assert axe_violations(page) == [], "with a gloss card open"
    page.keyboard.press("/")
    page.fill("dialog.tifa-search input", "两个确立")
    page.wait_for_function("document.querySelector('dialog.tifa-search').dataset.done")
    assert axe_violations(page) == [], "search"
    page.close()


def test_axe_finds_no_serious_violation_in_the_pages_across_reports(browser, series_url):
    page = browser.new_page()
    for path in SERIES_PAGES:
        page.goto(series_url + path)
        assert axe_violations(page) == [], path
    page.goto(series_url + "compare/demo-county-2024/")
    page.click("table.tifa-sortable thead th:nth-child(2) button")
    page.click("details.tifa-match summary")
    assert axe_violations(page) == [], "sorted, a pair of sections open"
    page.close()


def test_crawl_finds_no_broken_link_in_the_pages_across_reports(series_url):
    assert broken_links([series_url, series_url + "zh/"], series_url) == []


def test_nu_html_checker_finds_no_error_in_the_pages_of_a_term_by_series(paged_site):
    assert vnu_errors(paged_site) == []


def test_axe_finds_no_serious_violation_in_the_pages_of_a_term_by_series(browser, paged_url):
    page = browser.new_page()
    for path in PAGED_PAGES:
        page.goto(paged_url + path)
        assert axe_violations(page) == [], path
    page.close()


def test_crawl_finds_no_broken_link_in_the_pages_of_a_term_by_series(paged_url):
    assert broken_links([paged_url, paged_url + "zh/"], paged_url) == []


def test_axe_catches_an_image_without_alt(browser, faulty_site):
    with PrefixServer(faulty_site, "/some-prefix/") as server:
        page = browser.new_page()
        page.goto(server.url + "planted/")
        assert any(v.startswith("image-alt") for v in axe_violations(page))
        page.close()


def test_crawl_finds_no_broken_link_or_anchor_in_both_languages(site_url):
    assert broken_links([site_url, site_url + "zh/"], site_url) == []


def test_crawl_catches_a_dead_link(faulty_site):
    with PrefixServer(faulty_site, "/some-prefix/") as server:
        faults = broken_links([server.url], server.url)
    assert faults == [f"{server.url}planted/: dead link ../no-such-page/"]


def test_no_file_refers_to_another_host(built_site):
    assert foreign_references(built_site) == []


def test_scan_catches_a_font_url(faulty_site):
    assert foreign_references(faulty_site) == [
        "planted/index.html: https://fonts.googleapis.com/css?family=Roboto"]


def test_browser_requests_only_its_own_host(browser, site_url):
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.fill("dialog.tifa-search input", "两个确立")
    page.wait_for_function("document.querySelector('dialog.tifa-search').dataset.done")
    page.close()
    assert hosts == {"127.0.0.1"}
