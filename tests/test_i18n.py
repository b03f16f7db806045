"""Interface languages: complete catalogs, locale formatting, the language switch."""

from __future__ import annotations

import re
import tokenize

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import REPO

from tifa import i18n


def used_messages() -> set[str]:
    """Every interface string used in tifa/ and templates/, as Babel's extractor finds it."""
    method_map = [("tifa/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPO), method_map, keywords={"_": None, "ngettext": (1, 2)}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_chinese_catalog_has_every_string_used_in_code_and_templates():
    with (REPO / "templates/locales/zh/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {(m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog
                  if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    used = used_messages()
    assert len(used) > 50
    assert sorted(used - translated) == []


def test_no_interface_string_hides_inside_an_f_string():
    # Babel's extractor on Python 3.11 reads an f-string as one token and misses any _("…")
    # inside it, so the string would show in English in the Chinese interface unnoticed
    hidden = []
    for path in sorted((REPO / "tifa").glob("*.py")):
        with path.open("rb") as f:
            for token in tokenize.tokenize(f.readline):
                prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
                if token.type == tokenize.STRING and "f" in prefix and \
                        re.search(r"\b_\(|\bngettext\(", token.string):
                    hidden.append(f"{path.name}:{token.start[0]}")
    assert hidden == []


def test_templates_strings_are_extracted():
    used = used_messages()
    assert {"Show languages", "Search in Chinese, English or pinyin", "Searching…"} <= used


def test_dates_and_numbers_follow_the_locale():
    zh = i18n.Interface.load("zh", REPO / "templates")
    assert zh.format_day("2023-08-02") == "2023年8月2日"
    assert zh._("Glossary") == "术语表"
    assert zh.ngettext("%(n)s occurrence", "%(n)s occurrences", 2) % {"n": 2} == "出现 2 次"
    en = i18n.Interface.load("en", REPO / "templates")
    assert en.format_day("2023-08-02") == "August 2, 2023"
    assert en.format_count(12345) == "12,345"
    assert en.format_day("2023, month unknown") == "2023, month unknown"


def test_compiled_catalogs_are_not_committed():
    assert not list((REPO / "templates").rglob("*.mo"))


def test_language_switch_keeps_the_term_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "glossary/liang-ge-que-li/")
    page.get_by_role("link", name="中文界面").click()
    page.wait_for_url(site_url + "zh/glossary/liang-ge-que-li/")
    nav = page.locator("nav.md-nav--primary").first.inner_text()
    assert "术语表" in nav and "首页" in nav and "Glossary" not in nav
    assert page.locator("h2#occurrences").inner_text() == "出现 2 次"
    page.get_by_role("link", name="English interface").click()
    page.wait_for_url(site_url + "glossary/liang-ge-que-li/")
    page.close()


def test_chinese_interface_searches_english_and_chinese(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "zh/reports/2023-chaoyang-plenary/")
    page.keyboard.press("/")
    for query, expected in (("pocket parks", "zh/reports/2023-chaoyang-plenary/hui-mou-pian/#p27"),
                            ("口袋公园", "zh/reports/2023-chaoyang-plenary/hui-mou-pian/#p27")):
        page.fill("dialog.tifa-search input", query)
        page.wait_for_function(
            "q => document.querySelector('dialog.tifa-search').dataset.done === q", arg=query)
        hrefs = page.eval_on_selector_all(".tifa-search-results a",
                                          "a => a.map(e => e.href.replace(/\\?hl=[^#]*/, ''))")
        assert site_url + expected in hrefs[:3]
    assert page.locator("dialog.tifa-search input").get_attribute("placeholder") == \
        "用中文、英文或拼音搜索"
    page.close()
