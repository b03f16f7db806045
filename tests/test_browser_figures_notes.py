"""What a reader sees of key figures, glossary notes and the editors' pages, in headless Chromium
under a sub-path (English at the root, Chinese under zh/, and at phone width)."""

from __future__ import annotations

import re

HOME = "reports/2023-chaoyang-plenary/"
TITLE = "Fifth Plenary Session of the 13th CPC Changchun Chaoyang District Committee"


def _rows(page, selector: str = "article table tbody tr") -> int:
    return page.locator(selector).count()


def test_home_shows_key_figures_and_the_full_list_is_one_click_away(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + HOME)
    assert _rows(page) == 4
    assert "RMB 33.81 billion" in page.locator("article table").inner_text()
    page.get_by_role("link", name="Key figures and all 55 figures of the report").click()
    page.wait_for_url(site_url + HOME + "figures/")
    key, every = page.locator("article table").all()
    assert key.locator("tbody tr").count() == 12 and every.locator("tbody tr").count() == 55
    assert "RMB 42.78 billion" in key.inner_text() and "\\" not in every.inner_text()
    page.locator("article table a", has_text="p44").first.click()
    page.wait_for_url(site_url + HOME + "zhan-wang-pian/#p44")
    page.close()


def test_figure_and_editors_pages_fit_a_phone_screen(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    for path in (HOME, HOME + "figures/", HOME + "editors/", "zh/" + HOME + "figures/"):
        page.goto(site_url + path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, path
    page.close()


def test_the_gloss_card_gives_this_reports_note(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for prefix, label, text in (("", "In this report", "Chaoyang District People's Congress"),
                                ("zh/", "本报告中", "报告中指区人大")):
        page.goto(site_url + prefix + HOME + "dang-jian-pian/")
        term = page.locator('.tifa-zh a.tifa-term[href$="/glossary/ren-da/"]').first
        term.hover()
        card = page.locator("#tifa-card-ren-da")
        card.wait_for(state="visible")
        note = card.locator(".tifa-card-note")
        assert label in note.inner_text() and text in note.inner_text()
    page.close()


def test_editors_overview_leads_to_the_reports_gaps(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "editors/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(site_url + HOME + "editors/")
    assert TITLE in page.locator("article h1").inner_text()
    links = page.locator("article table tbody tr td:nth-child(2) a")
    assert links.count() and all(re.fullmatch(r"p\d+", t) for t in links.all_inner_texts())
    links.first.click()  # a gap's paragraph, in this report
    assert page.url.startswith(site_url + HOME) and re.search(r"/#p\d+$", page.url)
    page.close()
