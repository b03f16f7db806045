"""In Chromium, both interfaces, 1280 and 375 px: term pages' sentence lines and related terms,
a report's downloads, the Atom feed in every page's head, and the correction links."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEED, TEST_REPOSITORY
from lxml import etree

SLUG = "2023-chaoyang-plenary"
INTERFACES = [("", 1280), ("zh/", 1280), ("", 375), ("zh/", 375)]


def _open(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url)
    return page


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("lang, width", INTERFACES)
def test_term_page_shows_sentences_with_their_english_and_related_terms(browser, site_url,
                                                                        lang, width):
    page = _open(browser, site_url + lang + "glossary/liang-ge-que-li/", width)
    rows = page.locator(".tifa-kwic-row")
    assert rows.count() == 2
    first = rows.nth(0)
    zh = first.locator(".tifa-kwic-zh").inner_text()
    assert zh.startswith("坚持把加强党的政治建设") and zh.endswith("落地生根。")
    assert first.locator(".tifa-kwic-zh mark").inner_text() == "两个确立"
    assert first.locator(".tifa-kwic-en mark").inner_text() == "Two Establishments"
    assert first.locator(".tifa-kwic-en").is_visible()
    assert page.locator("dd small", has_text="Two Upholds").is_visible()
    _fits(page, width)
    page.close()


@pytest.mark.parametrize("lang, width", INTERFACES)
def test_report_home_links_its_downloads_and_each_is_served(browser, site_url, lang, width):
    page = _open(browser, site_url + lang + f"reports/{SLUG}/", width)
    links = page.locator(".tifa-report-downloads a")
    assert links.count() == 4
    names = []
    for i in range(4):
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        url = link.evaluate("a => a.href")
        response = page.request.get(url)
        assert response.status == 200, url
        names.append(url.rsplit("/", 1)[-1])
        with zipfile.ZipFile(io.BytesIO(response.body())) as archive:
            assert archive.namelist() == [names[-1].removesuffix(".zip")], url
            assert len(archive.read(archive.namelist()[0])) > 10_000, url
        zipped = "，ZIP 压缩包，" if lang else ", ZIP, "
        assert link.inner_text().endswith(f"{zipped}{round(len(response.body()) / 1000)} KB")
    assert names == [f"{SLUG}{kind}.zip" for kind in (".markdown", ".json", ".csv", ".zh.txt")]
    _fits(page, width)
    page.close()


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_a_download_saves_an_archive_that_unzips_to_the_file(browser, site_url, lang):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + lang + f"reports/{SLUG}/")
    for kind, check in ((".csv", lambda data: data.startswith(b"\xef\xbb\xbfreport,section,")),
                        (".zh.txt", lambda data: data == SEED.read_bytes())):
        with page.expect_download() as download:
            page.locator(f'.tifa-report-downloads a[href$="{SLUG}{kind}.zip"]').click()
        assert download.value.suggested_filename == f"{SLUG}{kind}.zip"
        with zipfile.ZipFile(Path(download.value.path())) as archive:
            assert check(archive.read(f"{SLUG}{kind}")), kind
    context.close()


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_every_page_kind_announces_its_interface_feed(browser, site_url, lang):
    page = browser.new_page()
    feeds = set()
    for path in ("", f"reports/{SLUG}/", f"reports/{SLUG}/hui-mou-pian/", "glossary/",
                 "glossary/liang-ge-que-li/", "about/"):
        page.goto(site_url + lang + path)
        feeds.add(page.locator('head link[rel="alternate"][type="application/atom+xml"]')
                  .evaluate("l => l.href"))
    assert feeds == {site_url + lang + "feed.xml"}
    response = page.request.get(feeds.pop())
    assert response.status == 200
    feed = etree.fromstring(response.body())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    page.close()


def _issue(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "github.com", f"/{TEST_REPOSITORY}/issues/new")
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


@pytest.mark.parametrize("lang, width", INTERFACES)
def test_section_page_edit_and_report_links(browser, site_url, lang, width):
    url = site_url + lang + f"reports/{SLUG}/hui-mou-pian/"
    page = _open(browser, url, width)
    edit = page.locator(".tifa-fix-edit")
    edit.scroll_into_view_if_needed()
    assert edit.is_visible()
    assert edit.get_attribute("href") == (f"https://github.com/{TEST_REPOSITORY}/edit/main/"
                                          f"content/reports/{SLUG}/01-hui-mou-pian.md")
    whole = _issue(page.locator(".tifa-fix-report").get_attribute("href"))
    assert url in whole["body"] and "01-hui-mou-pian.md" in whole["body"]
    flag = page.locator("#p11 .tifa-fix-para")
    flag.scroll_into_view_if_needed()
    box = flag.bounding_box()
    assert flag.is_visible() and box["width"] >= 24 and box["height"] >= 24
    assert flag.get_attribute("target") == "_blank"
    issue = _issue(flag.get_attribute("href"))
    assert issue["title"].endswith("¶p11")
    assert url + "#p11" in issue["body"]
    assert "> 政治素质显著提升。坚持把加强党的政治建设摆在首位" in issue["body"]
    assert "Two Establishments" in issue["body"]
    page.close()


def test_report_quotes_the_words_selected_in_the_paragraph(browser, site_url):
    page = _open(browser, site_url + f"reports/{SLUG}/hui-mou-pian/", 1280)
    page.evaluate("""() => {
      const lead = document.querySelector('#p11 .tifa-zh strong').firstChild;
      const range = document.createRange();
      range.setStart(lead, 0); range.setEnd(lead, 6);
      const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""")
    page.wait_for_timeout(100)  # selectionchange is dispatched asynchronously
    flag = page.locator("#p11 .tifa-fix-para")
    flag.dispatch_event("pointerdown")
    body = _issue(flag.get_attribute("href"))["body"]
    assert "\n> 政治素质显著\n" in body and "Two Establishments" not in body
    page.close()


def test_term_page_edit_link_opens_its_glossary_entry(browser, site_url):
    page = _open(browser, site_url + "zh/glossary/liang-ge-que-li/", 375)
    edit = page.locator(".tifa-fix-edit")
    edit.scroll_into_view_if_needed()
    assert edit.is_visible() and edit.inner_text() == "编辑此页"
    assert edit.get_attribute("href").endswith("/edit/main/content/glossary/liang-ge-que-li.md")
    assert "liang-ge-que-li.md" in _issue(page.locator(".tifa-fix-report")
                                          .get_attribute("href"))["body"]
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_untranslated_occurrence_reads_across_the_row(browser, series_url, width):
    page = _open(browser, series_url + "glossary/gao-zhi-liang-fa-zhan/", width)
    row = page.locator(".tifa-kwic-row").first
    assert row.locator(".tifa-kwic-en").count() == 0
    row.scroll_into_view_if_needed()
    zh, whole = row.locator(".tifa-kwic-zh").bounding_box(), row.bounding_box()
    assert zh["width"] >= 0.95 * whole["width"]
    _fits(page, width)
    page.close()
