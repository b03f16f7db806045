"""Search in headless Chromium, site under a sub-path: Chinese, English, pinyin and numbers."""

from __future__ import annotations

import re

import pytest

from tifa.search import term_keywords

R = "reports/2023-chaoyang-plenary/"

QUERIES = [
    ("两个确立", [R + "hui-mou-pian/#p11", R + "dang-jian-pian/#p63"]),
    ("两个维护", [R + "hui-mou-pian/#p11", R + "dang-jian-pian/#p63"]),
    ("“两个确立”", [R + "hui-mou-pian/#p11", R + "dang-jian-pian/#p63"]),
    ("振兴", None),  # a short term: every top hit must contain it
    ("全面振兴新突破", None),
    ("口袋公园", [R + "hui-mou-pian/#p27"]),
    ("Two Establishments", [R + "hui-mou-pian/#p11", R + "dang-jian-pian/#p63"]),
    ("liang ge queli", [R + "hui-mou-pian/#p11", R + "dang-jian-pian/#p63"]),
    ("gongtong fuyu", [R + "zhan-wang-pian/#p48"]),
    ("pocket parks", [R + "hui-mou-pian/#p27"]),
    ("mushroom", [R + "hui-mou-pian/#p17"]),
    ("427.8", [R + "opening/#p5"]),
    ("桂林胡同", [R + "hui-mou-pian/#p15"]),
]


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + R + "hui-mou-pian/")
    page.keyboard.press("/")
    assert page.locator("dialog.tifa-search input").is_visible()
    yield page
    page.close()


def results(page, site_url, query: str) -> list[str]:
    page.fill("dialog.tifa-search input", query)
    page.wait_for_function(
        "q => document.querySelector('dialog.tifa-search').dataset.done === q", arg=query)
    hrefs = page.eval_on_selector_all(".tifa-search-results a", "a => a.map(e => e.href)")
    assert all(h.startswith(site_url) for h in hrefs)
    return [h[len(site_url):] for h in hrefs]


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_paragraph_in_the_top_three(search_page, site_url, built_site, query,
                                                    expected):
    found = results(search_page, site_url, query)
    paragraphs = [u for u in found if "#p" in u][:3]
    if expected is None:
        assert len(paragraphs) == 3
        for url in paragraphs:  # a result is a paragraph with the headings just before it
            html = (built_site / url.split("#")[0] / "index.html").read_text("utf-8")
            block = html[html.index(f'id="{url.split("#")[1]}"'):]
            end = block.find('class="tifa-pair tifa-text', 1)
            unit = block[:block.find("tifa-tools", end) if end > 0 else len(block)]
            assert query in re.sub(r"<[^>]+>", "", unit), url
    else:
        assert set(paragraphs) & set(expected), (query, found)


def test_a_query_without_match_says_so(search_page, site_url):
    assert results(search_page, site_url, "xylophone") == []
    assert "No results for “xylophone”" in search_page.inner_text(".tifa-search-status")


def test_results_land_on_the_paragraph(search_page, site_url):
    results(search_page, site_url, "mushroom")
    search_page.locator(".tifa-search-results a").first.click()
    search_page.wait_for_url("**/hui-mou-pian/#p17")
    assert 0 <= search_page.locator("#p17").bounding_box()["y"] < 200


def test_term_keywords_cover_chinese_pinyin_and_english():
    from conftest import FIXTURES

    from tifa.glossary import load_glossary

    entries = {e.slug: e for e in load_glossary(FIXTURES / "glossary", [])}
    words = term_keywords(entries["liang-ge-que-li"])
    assert {"两个确立", "liǎng gè quèlì", "liang ge queli", "lianggequeli",
            "Two Establishments", "two affirmations"} <= set(words)
    assert "百千 目标" in term_keywords(entries["bai-qian-mu-biao"])
