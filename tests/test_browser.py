"""What a reader sees, in headless Chromium, with the site served under a sub-path."""

from __future__ import annotations

from urllib.parse import urlparse


def open_page(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.goto(url)
    return page, hosts


def test_reader_navigates_from_home_to_a_section_under_a_sub_path(browser, site_url):
    page, hosts = open_page(browser, site_url)
    page.get_by_role("link", name="Fifth Plenary Session", exact=False).first.click()
    assert page.url.startswith(site_url + "reports/2023-chaoyang-plenary/")
    page.locator(".md-content a", has_text="回眸篇").first.click()
    page.wait_for_url("**/hui-mou-pian/")
    assert page.locator("#p11").inner_text().startswith("政治素质显著提升。")
    page.locator("nav.md-nav a", has_text="党建篇").first.click()
    page.wait_for_url("**/dang-jian-pian/")
    assert page.locator("#p63").count() == 1
    assert hosts == {"127.0.0.1"}
    page.close()


def test_permalink_anchor_targets_its_paragraph(browser, site_url):
    page, _ = open_page(browser, site_url + "reports/2023-chaoyang-plenary/hui-mou-pian/#p20")
    box = page.locator("#p20").bounding_box()
    assert box is not None and 0 <= box["y"] < 200
    page.close()


READER = "reports/2023-chaoyang-plenary/"


def test_view_switch_hides_a_column_and_survives_navigation(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + READER + "hui-mou-pian/")
    zh, en = page.locator("#p11 .tifa-zh"), page.locator("#p11 .tifa-en")
    assert zh.is_visible() and en.is_visible()
    page.get_by_role("button", name="English", exact=True).click()
    assert en.is_visible() and not zh.is_visible()
    assert page.get_by_role("button", name="English", exact=True).get_attribute(
        "aria-pressed") == "true"
    page.locator(".md-footer__link--next").click()
    page.wait_for_url("**/zhan-wang-pian/")
    assert page.locator("#p40 .tifa-en").is_visible()
    assert not page.locator("#p40 .tifa-zh").is_visible()
    page.get_by_role("button", name="中文", exact=True).click()
    page.goto(site_url + READER + "dang-jian-pian/")
    assert page.locator("#p63 .tifa-zh").is_visible()
    assert not page.locator("#p63 .tifa-en").is_visible()
    context.close()


def test_phone_width_stacks_chinese_first_without_horizontal_scroll(browser, site_url):
    for section in ("", "opening/", "hui-mou-pian/", "zhan-wang-pian/"):
        page, _ = open_page(browser, site_url + READER + section, width=375)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375, section
        if section == "hui-mou-pian/":
            zh = page.locator("#p11 .tifa-zh").bounding_box()
            en = page.locator("#p11 .tifa-en").bounding_box()
            assert zh["y"] + zh["height"] <= en["y"] + 1
        page.close()


def test_copy_citation_puts_the_citation_on_the_clipboard(browser, site_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + READER + "hui-mou-pian/")
    page.locator("#p11 .tifa-cite").click()
    page.get_by_role("group", name="Text").get_by_role("button", name="Copy").click()
    page.wait_for_function("document.querySelector('.tifa-cite-notice').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("CPC Chaoyang District Committee, Changchun (中共长春市朝阳区委员会). "
                             "Fifth Plenary Session of the 13th CPC Changchun Chaoyang District")
    assert "回眸篇 · Looking Back, paragraph p11." in copied
    assert site_url + READER + "hui-mou-pian/#p11 (accessed " in copied
    context.close()


def test_side_by_side_on_a_wide_screen(browser, site_url):
    page, _ = open_page(browser, site_url + READER + "hui-mou-pian/")
    zh = page.locator("#p11 .tifa-zh").bounding_box()
    en = page.locator("#p11 .tifa-en").bounding_box()
    assert abs(zh["y"] - en["y"]) < 5 and zh["x"] + zh["width"] <= en["x"]
    page.close()


LIANG = '#p11 .tifa-zh a.tifa-term[href$="/glossary/liang-ge-que-li/"]'


def _card_of(page, term):
    """The gloss card of a term's link, once tifa.js has built and shown it."""
    card = page.locator("#tifa-card-" + term.get_attribute("href").rstrip("/").split("/")[-1])
    card.wait_for(state="visible")
    assert term.get_attribute("aria-describedby") == card.get_attribute("id")
    return card


def test_gloss_card_opens_on_hover_and_on_keyboard_focus(browser, site_url):
    page, hosts = open_page(browser, site_url + READER + "hui-mou-pian/")
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url) if r.url.endswith(".json") else None)
    term = page.locator(LIANG)
    assert page.locator(".tifa-card").count() == 0  # no card in the page: built when opened
    assert term.get_attribute("aria-describedby") is None
    term.hover()
    card = _card_of(page, term)
    assert card.get_attribute("role") == "tooltip"
    assert card.locator(".tifa-card-zh").inner_text() == "两个确立"
    assert card.locator(".tifa-card-zh").get_attribute("lang") == "zh-Hans"
    assert card.locator(".tifa-card-pinyin").inner_text() == "liǎng gè quèlì"
    assert card.locator(".tifa-card-en").inner_text() == "Two Establishments"
    assert card.locator(".tifa-card-def").inner_text().startswith("A loyalty formula")
    assert card.locator(".tifa-card-def").get_attribute("lang") == "en"
    assert card.locator(".tifa-card-foot").inner_text() == "2 occurrences · Entry"
    entry = card.locator(".tifa-card-foot a")
    assert entry.get_attribute("href") == term.get_attribute("href")
    page.mouse.move(5, 5)
    page.wait_for_timeout(400)
    assert card.is_hidden()
    term.focus()
    card.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert card.is_hidden()
    page.keyboard.press("Tab")
    page.wait_for_function("document.activeElement.getAttribute('aria-describedby')")
    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert page.locator("#" + focused).is_visible() and focused != card.get_attribute("id")
    assert files == [site_url + "glossary/cards.json"]  # once, under the sub-path
    assert hosts == {"127.0.0.1"}
    page.close()


def test_gloss_card_opens_on_tap_and_stays_on_a_phone_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(site_url + READER + "hui-mou-pian/")
    for pid in ("p11", "p16", "p25"):
        term = page.locator(f"#{pid} a.tifa-term").last
        term.scroll_into_view_if_needed()
        term.tap()
        card = _card_of(page, term)
        assert card.is_visible() and page.url.endswith("hui-mou-pian/")
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740
    context.close()


def test_term_without_javascript_is_a_working_link(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + READER + "hui-mou-pian/")
    page.locator(LIANG).click()
    page.wait_for_url("**/glossary/liang-ge-que-li/")
    assert "Two Establishments" in page.locator("h1").inner_text()
    context.close()


def test_term_page_lists_occurrences_whose_links_land_on_the_paragraphs(browser, site_url):
    page, _ = open_page(browser, site_url + "glossary/liang-ge-que-li/")
    rows = page.locator(".tifa-kwic-row")
    assert rows.count() == 2
    rows.nth(1).locator(".tifa-kwic-where a").click()
    page.wait_for_url("**/dang-jian-pian/#p63")
    box = page.locator("#p63").bounding_box()
    assert 0 <= box["y"] < 200
    page.close()


def test_glossary_filter_accepts_chinese_pinyin_and_english(browser, site_url):
    page, _ = open_page(browser, site_url + "glossary/")
    box = page.locator("#tifa-filter")
    for query in ("两个确立", "liang ge queli", "liǎnggè", "two establishments"):
        box.fill(query)
        visible = page.locator(".tifa-gl-item:visible")
        assert visible.count() >= 1, query
        assert all("两个" in t for t in visible.all_inner_texts()), query
    box.fill("zzzz-no-such-term")
    assert page.locator(".tifa-gl-item:visible").count() == 0
    assert page.locator(".tifa-gl-none").is_visible()
    page.close()


def test_404_page_works_at_any_depth(browser, site_url):
    page = browser.new_page()
    response = page.goto(site_url + "no/such/deep/page/")
    assert response.status == 404
    header = page.locator(".md-header").evaluate("e => getComputedStyle(e).position")
    assert header in ("sticky", "fixed")  # Material's stylesheet loaded from the right place
    page.locator(".md-header a.md-logo").first.click()
    page.wait_for_url(site_url)
    assert page.locator("h1").inner_text() == "Reports"
    page.close()


def test_a_reader_page_prints_both_columns_without_navigation(browser, site_url):
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    page.goto(site_url + READER + "hui-mou-pian/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".tifa-viewswitch", ".tifa-cite"):
        assert not page.locator(chrome).first.is_visible(), chrome
    zh = page.locator("#p11 .tifa-zh").bounding_box()
    en = page.locator("#p11 .tifa-en").bounding_box()
    assert abs(zh["y"] - en["y"]) < 5 and zh["x"] + zh["width"] <= en["x"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


def test_the_chrome_icons_are_drawn_and_the_strings_load_from_their_files(browser, site_url):
    for width, shown in ((1280, ".md-header .md-logo svg"), (375, "label[for=__drawer] svg")):
        page, hosts = open_page(browser, site_url + READER + "hui-mou-pian/", width)
        page.wait_for_load_state("load")
        for icon in (shown, "form[data-md-component=palette] label:visible svg",
                     ".md-select button svg", ".md-footer__link--next svg"):
            drawn = page.locator(icon).first.evaluate(
                "e => [getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage,"
                " e.getBoundingClientRect().width, getComputedStyle(e).backgroundColor]")
            assert drawn[0].startswith('url("data:image/svg+xml') and drawn[1] >= 20, icon
            assert drawn[2] not in ("", "rgba(0, 0, 0, 0)"), icon  # painted in the text colour
        assert page.evaluate("window.tifaStrings.search") == "Search"
        assert hosts == {"127.0.0.1"}
        page.close()
