"""The Chinese interface in Chinese, the site home's list of reports and the glossary filter, in
headless Chromium under a sub-path: both interfaces, desktop and a 375 px phone."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from conftest import REPO
from gates import axe_violations

from tifa.glossary import load_glossary

READER = "reports/2023-chaoyang-plenary/"
WIDTHS = (1280, 375)
ENGLISH_ONLY = "仅英文"


@pytest.fixture(scope="module")
def glossary() -> dict:
    return {e.slug: e for e in load_glossary(REPO / "content" / "glossary", [])}


def _page(browser, url: str, width: int, hosts: set[str] | None = None, **options):
    page = browser.new_page(viewport={"width": width, "height": 800}, **options)
    if hosts is not None:
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.goto(url)
    return page


def _open_card(page, slug: str, width: int):
    term = page.locator(f'.tifa-zh a.tifa-term[href$="/glossary/{slug}/"]').first
    term.scroll_into_view_if_needed()
    if width < 600:
        term.tap()  # a phone: the first tap opens the card
    else:
        term.focus()
    card = page.locator(f"#tifa-card-{slug}")
    card.wait_for(state="visible")
    assert term.get_attribute("aria-describedby") == f"tifa-card-{slug}"
    return card


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_give_the_chinese_definition_in_the_chinese_interface(browser, site_url, glossary,
                                                                    width):
    with_zh, english = glossary["quan-mian-zhen-xing"], glossary["chao-yang-qu-wei"]
    assert with_zh.definition_zh and not english.definition_zh
    page = _page(browser, site_url + "zh/" + READER + "hui-mou-pian/", width, has_touch=True)
    card = _open_card(page, with_zh.slug, width)
    definition = card.locator(".tifa-card-def")
    assert definition.get_attribute("lang") == "zh-Hans"
    assert definition.inner_text().strip() == with_zh.definition_zh
    assert ENGLISH_ONLY not in card.inner_text()
    page.keyboard.press("Escape")
    card = _open_card(page, english.slug, width)
    definition = card.locator(".tifa-card-def")
    assert definition.get_attribute("lang") == "en"  # never a made-up Chinese definition
    label = definition.locator(".tifa-en-only")
    assert label.is_visible() and label.inner_text() == ENGLISH_ONLY
    assert english.definition.split("*")[0][:30] in definition.inner_text()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.close()


def test_cards_keep_the_english_definition_in_the_english_interface(browser, site_url, glossary):
    page = _page(browser, site_url + READER + "hui-mou-pian/", 1280)
    card = _open_card(page, "quan-mian-zhen-xing", 1280)
    definition = card.locator(".tifa-card-def")
    assert definition.get_attribute("lang") == "en"
    assert glossary["quan-mian-zhen-xing"].definition[:30] in definition.inner_text()
    assert card.locator(".tifa-en-only").count() == 0
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chinese_report_home_puts_chinese_first_and_marks_english_only_texts(
        browser, site_url, width):
    page = _page(browser, site_url + "zh/" + READER, width)
    meta = page.locator("dl.tifa-meta")
    title = meta.locator("dd").first
    assert title.locator("span").first.get_attribute("lang") == "zh-Hans"
    assert title.inner_text().startswith("中共长春市朝阳区第十三届委员会第五次全体会议")
    rows = dict(zip(meta.locator("dt").all_inner_texts(), meta.locator("dd").all_inner_texts()))
    assert rows["文件类型"] == "全会新闻报道"  # the vocabulary, translated
    assert rows["发布机构"].startswith("中共长春市朝阳区委员会")
    assert rows["日期"].startswith("2023年8月2日") and ENGLISH_ONLY in rows["日期"]
    note = meta.locator("small [lang=en]").first
    assert note.inner_text().startswith("The text says only")  # the editors' note, untranslated
    digest = page.locator("article div[lang=en]").first
    assert digest.inner_text().startswith("This report covers")
    assert page.locator("p.tifa-note .tifa-en-only").first.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert ENGLISH_ONLY not in page.locator("nav.md-nav--primary").inner_text()
    described = page.locator('meta[name="description"]').get_attribute("content")
    assert described == "中共长春市朝阳区第十三届委员会第五次全体会议"  # not the English digest
    page.close()
    page = _page(browser, site_url + READER, width)
    rows = page.locator("dl.tifa-meta dd").all_inner_texts()
    assert rows[0].startswith("Fifth Plenary Session")
    assert "News report on a plenary session" in rows and page.locator(".tifa-en-only").count() == 0
    page.close()


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_sections_stand_in_report_order_in_the_navigation(browser, site_url, prefix):
    page = _page(browser, site_url + prefix + READER + "hui-mou-pian/", 1280)
    links = page.locator("nav.md-nav--primary a.md-nav__link").all_inner_texts()
    order = [next((i for i, t in enumerate(links) if t.strip().startswith(s)), -1)
             for s in ("导语", "回眸篇", "展望篇", "推进篇", "党建篇")]
    assert -1 not in order and order == sorted(order), links
    page.close()


def test_the_editors_page_names_statuses_in_chinese(browser, site_url):
    page = _page(browser, site_url + "zh/editors/", 1280)
    heads = page.locator("article table thead th").all_inner_texts()
    assert {"草稿", "已译", "待更新", "已删除"} <= set(heads)
    assert not {"draft", "translated", "stale"} & set(heads)
    page.goto(site_url + "zh/" + READER + "editors/")
    assert "已译: 67" in page.locator("article").inner_text()
    page.close()


HOME_ORDER = ["2024-hexi-plenum", "2023-chaoyang-plenary", "2018-hexi-work-report"]


def _home_rows(page) -> list[str]:
    return page.eval_on_selector_all(
        "ul.tifa-reports > li:not([hidden]) > a",
        "a => a.map(e => e.getAttribute('href').split('/').filter(Boolean).pop())")


@pytest.mark.parametrize("prefix,width", [("", 1280), ("zh/", 1280), ("", 375), ("zh/", 375)])
def test_the_site_home_lists_reports_newest_first_and_filters_them(browser, corpus_url, prefix,
                                                                  width):
    hosts: set[str] = set()
    page = _page(browser, corpus_url + prefix, width, hosts)
    assert _home_rows(page) == HOME_ORDER
    first = page.locator("ul.tifa-reports > li").first
    facts = first.locator("small").inner_text()
    if prefix:
        assert first.locator("a").inner_text() == "中共河西区委十二届七次全会公报"
        assert facts == "2024 · 中共河西区委员会 · 全会公报"
        series = page.locator("table.tifa-table tbody th").all_inner_texts()
        assert "中共河西区委员会 · 全会公报" in series  # the series' type in Chinese too
    else:
        assert first.locator("a").inner_text().startswith("Communiqué of the 7th Plenum")
        assert facts == "2024 · CPC Hexi District Committee (invented) · Plenary session communiqué"
    status = page.locator(".tifa-report-filter [role=status]")
    assert "3" in status.inner_text()
    page.select_option("select[data-filter=year]", "2018")
    assert _home_rows(page) == ["2018-hexi-work-report"]
    page.select_option("select[data-filter=year]", "")
    page.select_option("select[data-filter=type]", "Plenary session communiqué")
    assert _home_rows(page) == ["2024-hexi-plenum"]
    assert re.search(r"\b1\b", status.inner_text())
    labels = page.locator("select[data-filter=type] option").all_inner_texts()
    assert ("全会新闻报道" in labels) == bool(prefix)
    page.select_option("select[data-filter=year]", "2018")
    assert _home_rows(page) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert hosts == {"127.0.0.1"}
    page.close()


def test_without_javascript_the_home_shows_every_report_and_no_filter(browser, corpus_url):
    page = _page(browser, corpus_url + "zh/", 375, java_script_enabled=False)
    assert _home_rows(page) == HOME_ORDER
    assert not page.locator(".tifa-report-filter").is_visible()
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chinese_search_dialog_offers_chinese_filter_values(browser, corpus_url, width):
    page = _page(browser, corpus_url + "zh/" + READER + "hui-mou-pian/", width)
    page.keyboard.press("/")
    page.click(".tifa-search-more summary")
    page.wait_for_selector(".tifa-search-filters select")
    right = page.eval_on_selector_all(".tifa-search-filters select", "s => Math.max(...s.map("
                                      "e => e.getBoundingClientRect().right))")
    assert right <= width
    options = {s: page.locator(f".tifa-search-filters select[data-filter={s}] option")
               .all_inner_texts() for s in ("doctype_zh", "body_zh", "report_zh")}
    assert {"政府工作报告", "全会公报", "全会新闻报道"} <= set(options["doctype_zh"])
    assert "中共河西区委员会" in options["body_zh"]
    assert "2018年河西区人民政府工作报告" in options["report_zh"]
    page.fill("dialog.tifa-search input", "营商环境")
    page.select_option("select[data-filter=doctype_zh]", "政府工作报告")
    page.wait_for_function("() => document.querySelectorAll('.tifa-search-results a').length > 0 &&"
                           " [...document.querySelectorAll('.tifa-search-results a')]"
                           ".every(a => a.href.includes('2018-hexi'))")
    page.close()


def _visible_terms(page) -> list[str]:
    return page.eval_on_selector_all(".tifa-gl-item:not([hidden])",
                                     "li => li.filter(e => e.offsetParent !== null)"
                                     ".map(e => e.querySelector('a').textContent)")


@pytest.mark.parametrize("prefix,width", [("", 1280), ("zh/", 1280), ("zh/", 375)])
def test_the_glossary_filter_lists_each_match_once_and_honours_tones(browser, site_url, prefix,
                                                                    width):
    page = _page(browser, site_url + prefix + "glossary/", width)
    box = page.locator("#tifa-filter")
    box.fill("liang")  # toneless: every liang, whatever its tone
    toneless = _visible_terms(page)
    assert "两个确立" in toneless and "高质量发展" in toneless
    assert len(toneless) == len(set(toneless))  # once each, not under category and A–Z
    box.fill("liǎng")  # toned: only liǎng
    toned = _visible_terms(page)
    assert "两个确立" in toned and "高质量发展" not in toned
    assert len(toned) == len(set(toned)) and set(toned) < set(toneless)
    box.fill("zhìliàng")
    assert "高质量发展" in _visible_terms(page)
    box.fill("zhìliǎng")
    assert _visible_terms(page) == [] and page.locator(".tifa-gl-none").is_visible()
    for spelled in ("zhanlüe", "zhanlve", "zhànlüè"):  # ü as written, as v, with its tone
        box.fill(spelled)
        assert "乡村振兴战略" in _visible_terms(page), spelled
    box.fill("jìlǜ")
    assert _visible_terms(page) == ["政治纪律和政治规矩"]
    box.fill("")
    everything = _visible_terms(page)
    assert len(everything) == 2 * len(set(everything))  # unfiltered: by category, then A–Z
    page.close()


def test_axe_finds_no_serious_violation_in_the_chinese_pages(browser, corpus_url):
    page = browser.new_page(viewport={"width": 375, "height": 800}, has_touch=True)
    for path in ("zh/", "zh/" + READER, "zh/editors/", "zh/" + READER + "figures/"):
        page.goto(corpus_url + path)
        assert axe_violations(page) == [], path
    page.goto(corpus_url + "zh/")
    page.select_option("select[data-filter=type]", "Government work report")
    assert axe_violations(page) == [], "home, filtered"
    page.goto(corpus_url + "zh/" + READER + "hui-mou-pian/")
    _open_card(page, "chao-yang-qu-wei", 375)
    assert axe_violations(page) == [], "an English-only card open"
    page.goto(corpus_url + "zh/glossary/")
    page.fill("#tifa-filter", "liǎng")
    assert axe_violations(page) == [], "glossary, filtered"
    page.close()
