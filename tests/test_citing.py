"""Citing, printing and knowing where one is: paragraph numbers, the Cite menu, the citation
metadata reference managers read, the printed page, the page title and the language switch."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from conftest import SITE_URL
from gates import axe_violations

READER = "reports/2023-chaoyang-plenary/"
SECTION = READER + "hui-mou-pian/"
META = yaml.safe_load((Path(__file__).resolve().parent.parent / "seeds"
                       / "2023-chaoyang-plenary.meta.yaml").read_text("utf-8"))
INTERFACES = {"": ("en", META["title_en"], META["issuer_en"], "August 2, 2023"),
              "zh/": ("zh", META["title_zh"], META["issuer_zh"], "2023年8月2日")}


# --- the reading rules of Zotero's "Embedded Metadata" translator, for the tags we write ---

class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.canonical = ""
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif self.in_head and tag == "meta" and attrs.get("name") and attrs.get("content"):
            self.meta.append((attrs["name"], attrs["content"]))
        elif self.in_head and tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href", "")


FIELDS = [("citation_title", "title"), ("citation_publication_date", "date"),
          ("citation_date", "date"), ("citation_technical_report_institution", "institution"),
          ("citation_public_url", "url"), ("citation_language", "language")]
TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution":
         "report", "citation_conference_title": "conferencePaper",
         "citation_book_title": "bookSection", "citation_dissertation_institution": "thesis"}


def _creator(name: str) -> dict[str, str]:
    """A name as Zotero splits it: at the comma ("Last, First"), else before its last word."""
    if "," in name:
        last, first = name.split(",", 1)
        return {"lastName": last.strip(), "firstName": first.strip()}
    first, _, last = name.rpartition(" ")
    return {"lastName": last, "firstName": first}


def zotero_item(html: str) -> dict:
    """The item Zotero's Embedded Metadata translator makes of a page's head: each field from
    the first meta tag whose name ends with its Highwire name (a later field of the same target
    overriding an earlier one), the creators from ``citation_author`` (split at ";", at "," only
    when one tag holds one value with words on both sides), the item type from the tag that
    names one (``citation_title`` alone guesses a journal article), and the URL falling back to
    ``citation_abstract_html_url``, then to the canonical link."""
    head = _Head()
    head.feed(html)

    def first(name: str) -> str:
        return next((v.strip() for n, v in head.meta if n.endswith(name) and v.strip()), "")

    item: dict = {"itemType": next((TYPES[n] for n, _ in reversed(head.meta) if n in TYPES),
                                   "journalArticle" if first("citation_title") else "webpage")}
    for name, field in FIELDS:
        if first(name):
            item[field] = " ".join(first(name).split())
    nodes = [v for n, v in head.meta if n.endswith("citation_author")]
    names: list[str] = []
    for node in nodes:
        parts = re.split(r"\s*;\s*", node)
        by_comma = re.split(r"\s*,\s*", parts[0])
        if len(parts) == 1 and len(nodes) == 1 and len(by_comma) > 1 \
                and " " in by_comma[0] and " " in by_comma[1]:
            parts = by_comma
        names += [p.strip() for p in parts if re.search(r"[^\s,\-.;]", p)]
    item["creators"] = [_creator(n) for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
    item["url"] = item.get("url") or first("citation_abstract_html_url") or head.canonical
    return item


def _shown(creator: dict[str, str]) -> str:
    """A creator as Zotero lists it ("Last, First")."""
    return ", ".join(p for p in (creator["lastName"], creator["firstName"]) if p)


def test_zotero_reading_rules_split_and_type_as_zotero_does():
    page = ('<html><head><meta name="citation_title" content="A  title">'
            '<meta name="citation_author" content="Wang Li; Zhang San">'
            '<meta name="citation_date" content="2020"></head><body>'
            '<meta name="citation_author" content="not in the head"></body></html>')
    item = zotero_item(page)
    assert item["itemType"] == "journalArticle" and item["title"] == "A title"
    assert item["creators"] == [{"lastName": "Li", "firstName": "Wang"},
                                {"lastName": "San", "firstName": "Zhang"}]
    assert zotero_item('<html><head><meta name="citation_author" content="Mao Ze, Zhou En">'
                       "</head></html>")["creators"][1] == {"lastName": "En", "firstName": "Zhou"}


def _report_pages(site: Path, folder: str) -> list[Path]:
    report = site / folder / READER
    return [report / "index.html"] + [p / "index.html" for p in sorted(report.iterdir())
                                      if p.is_dir() and p.name not in ("figures", "editors")]


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_zotero_reads_title_issuer_date_and_address_on_every_report_page(built_site, folder):
    lang, title, issuer, _day = INTERFACES[folder]
    pages = _report_pages(built_site, folder)
    assert len(pages) == 6  # the report's home and its five sections
    for path in pages:
        html = path.read_text("utf-8")
        item = zotero_item(html)
        address = SITE_URL + path.parent.relative_to(built_site).as_posix() + "/"
        label = re.search(r'<meta property="og:title" content="([^"]*)"', html).group(1)
        expected = title if path.parent.name == "2023-chaoyang-plenary" else f"{title} — {label}"
        assert item["itemType"] == "report", path
        assert item["title"] == expected, path
        assert [_shown(c) for c in item["creators"]] == [issuer], path
        assert item["institution"] == issuer and item["date"] == META["date"], path
        assert item["url"] == address and item["language"] == "zh-Hans", path
        assert '<meta name="dcterms.creator" content="' + issuer + '">' in html, path


def test_the_sitemaps_name_every_page_in_both_interfaces(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    seen = {}
    for folder in INTERFACES:
        root = ElementTree.parse(built_site / folder / "sitemap.xml").getroot()
        seen[folder] = {u.findtext("s:loc", namespaces=ns): {
            a.get("hreflang"): a.get("href") for a in u.findall("x:link[@rel='alternate']", ns)}
            for u in root.findall("s:url", ns)}
    assert SITE_URL + SECTION in seen[""] and SITE_URL + "zh/" + SECTION in seen["zh/"]
    for folder, own in (("", "en"), ("zh/", "zh-Hans")):
        for loc, alternates in seen[folder].items():
            assert alternates[own] == loc
            assert set(alternates.values()) <= set(seen[""]) | set(seen["zh/"]), loc
            assert len(alternates) == 2, loc


# --- in the browser ---

def _context(browser, width=1280, **options):
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  has_touch=width < 500, **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


def _faults(page) -> list[str]:
    faults: list[str] = []
    page.on("response", lambda r: r.status >= 400 and faults.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and faults.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: faults.append(f"script: {e}"))
    return faults


@pytest.mark.parametrize("folder", list(INTERFACES))
@pytest.mark.parametrize("width", [1280, 375])
def test_paragraph_numbers_show_and_controls_are_large_enough(browser, site_url, folder, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(site_url + folder + SECTION)
    anchor, cite = page.locator("#p11 a.tifa-anchor"), page.locator("#p11 .tifa-cite")
    assert anchor.inner_text() == "p11" and anchor.is_visible()
    assert "p11" in anchor.get_attribute("aria-label")
    for control in (anchor, cite):
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (control, box)
    context.close()


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_cite_menu_gives_text_bibtex_and_ris_to_copy_or_download(browser, site_url, folder):
    lang, title, issuer, day = INTERFACES[folder]
    context = _context(browser, accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + folder + SECTION + "?hl=x#p11")
    cite = page.locator("#p11 .tifa-cite")
    cite.click()
    assert cite.get_attribute("aria-expanded") == "true"
    menu = page.locator("#p11 .tifa-cite-menu")
    url = site_url + folder + SECTION + "#p11"
    text = menu.locator(".tifa-cite-text").inner_text()
    for part in (META["title_zh"], META["title_en"], META["issuer_zh"], day, "回眸篇", "p11", url):
        assert part in text, part
    assert ("accessed " if lang == "en" else "访问") in text
    copies = menu.locator(".tifa-cite-row")
    copies.nth(0).locator("button").click()
    assert page.evaluate("navigator.clipboard.readText()") == text
    copies.nth(1).locator("button").click()
    bibtex = page.evaluate("navigator.clipboard.readText()")
    assert bibtex.startswith("@misc{tifa-2023-chaoyang-plenary-p11,")
    assert "  author = {{" + issuer + "}}," in bibtex and "  date = {2023-08-02}," in bibtex
    assert f"  url = {{{url}}}," in bibtex and re.search(r"urldate = \{\d{4}-\d\d-\d\d\}", bibtex)
    assert bibtex.count("{") == bibtex.count("}")
    with page.expect_download() as download:
        copies.nth(2).locator("a").click()
    assert download.value.suggested_filename == "tifa-2023-chaoyang-plenary-p11.ris"
    ris = Path(download.value.path()).read_bytes().decode("utf-8").split("\r\n")
    assert ris[0] == "TY  - RPRT" and f"AU  - {issuer}" in ris and "DA  - 2023/08/02" in ris
    assert f"UR  - {url}" in ris and ris[-2] == "ER  - "
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    assert menu.count() == 0 and cite.get_attribute("aria-expanded") == "false"
    context.close()


def test_citation_notice_closes_by_itself_and_covers_no_text_on_a_phone(browser, site_url):
    context = _context(browser, 375)
    page = context.new_page()
    page.goto(site_url + SECTION + "#p11")
    page.locator("#p11 .tifa-cite").click()
    page.locator("#p11 .tifa-cite-row").first.locator("button").click()
    notice = page.locator(".tifa-cite-notice")
    page.wait_for_function("document.querySelector('.tifa-cite-notice').textContent !== ''")
    for action in page.locator(".tifa-cite-action").all():
        box = action.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    assert notice.evaluate("n => getComputedStyle(n).position") == "static"
    box = notice.bounding_box()
    for side in page.locator(".tifa-pair > .tifa-zh, .tifa-pair > .tifa-en").all():
        other = side.bounding_box()
        overlap = (box["x"] < other["x"] + other["width"] and other["x"] < box["x"] + box["width"]
                   and box["y"] < other["y"] + other["height"]
                   and other["y"] < box["y"] + box["height"])
        assert not overlap, "the notice covers text"
    before = box["y"]
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    assert notice.bounding_box()["y"] < before - 300, "the notice moved with the scroll"
    page.wait_for_function("document.querySelector('.tifa-cite-notice').textContent === ''",
                           timeout=6000)
    context.close()


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_a_printed_section_has_numbers_title_date_address_and_no_large_gaps(browser, site_url,
                                                                            folder):
    lang, title, _issuer, day = INTERFACES[folder]
    # an A4 page less tifa.css's @page margins (15 mm, 12 mm), in CSS pixels (96 per inch)
    width, height = round((210 - 24) / 25.4 * 96), round((297 - 30) / 25.4 * 96)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site_url + folder + SECTION)
    page.emulate_media(media="print")
    where = page.locator(".tifa-where")
    assert title in where.inner_text() and day in where.inner_text()
    assert SITE_URL + folder + SECTION in where.inner_text()
    assert page.locator("#p11 a.tifa-anchor").is_visible()
    assert not page.locator("#p11 .tifa-cite").is_visible()
    content = page.evaluate("document.querySelector('.md-content').getBoundingClientRect().height")
    pages = len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="A4")))
    # the content laid out at the printed width fills this many pages; breaking it into pages
    # costs at most part of a line or a heading per page, a gap of a paragraph's height more
    assert pages <= math.ceil(content / height * 1.05), (pages, content / height)
    page.close()


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_section_pages_name_their_report_and_date(browser, site_url, folder):
    lang, title, _issuer, day = INTERFACES[folder]
    context = _context(browser, 375)
    page = context.new_page()
    for section, label in (("hui-mou-pian/", "回眸篇"), ("opening/", "导语")):
        page.goto(site_url + folder + READER + section)
        assert page.title().startswith(label)
        assert page.title().endswith((f"— {title}, {day} — tifa · 提法" if lang == "en"
                                      else f"— {title}，{day} — tifa · 提法"))
        where = page.locator(".tifa-where")
        assert where.is_visible() and title in where.inner_text() and day in where.inner_text()
        where.get_by_role("link").click()
        page.wait_for_url(site_url + folder + READER)
    page.goto(site_url + folder + SECTION + "#p30")
    topic = page.locator(".md-header__topic[data-md-component=header-topic]")
    page.wait_for_function("document.querySelector('.md-header__title--active')")
    assert topic.is_visible() and title in topic.inner_text()
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_switching_interface_keeps_the_paragraph(browser, site_url, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(site_url + SECTION + "#p11")
    page.get_by_role("link", name="中文界面").click()
    page.wait_for_url(site_url + "zh/" + SECTION + "#p11")
    assert page.evaluate("location.hash") == "#p11"
    page.evaluate("location.hash = '#p20'")
    page.get_by_role("link", name="English interface").click()
    page.wait_for_url(site_url + SECTION + "#p20")
    page.locator(".md-select button").click()  # Material's language selector in the header
    page.locator(".md-select__link", has_text="中文").click()
    page.wait_for_url(site_url + "zh/" + SECTION + "#p20")
    box = page.locator("#p20").bounding_box()
    assert 0 <= box["y"] < 200
    context.close()


PAGE_KINDS = ["", READER, SECTION, READER + "figures/", READER + "editors/", "glossary/",
              "glossary/liang-ge-que-li/", "editors/", "about/"]


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_no_request_fails_and_the_console_stays_clean_on_every_page_kind(browser, site_url,
                                                                         folder):
    context = _context(browser)
    page = context.new_page()
    faults = _faults(page)
    for path in PAGE_KINDS:
        page.goto(site_url + folder + path)
        page.wait_for_load_state("networkidle")
        assert faults == [], path
    page.keyboard.press("/")
    page.fill("dialog.tifa-search input", "两个确立")
    page.wait_for_function("document.querySelector('dialog.tifa-search').dataset.done")
    page.goto(site_url + folder + "no-such-page/")
    page.wait_for_load_state("networkidle")
    assert faults == [f"404 {site_url}{folder}no-such-page/",
                      "console: Failed to load resource: the server responded with a status "
                      "of 404 (Not Found)"]
    context.close()


@pytest.mark.parametrize("folder", list(INTERFACES))
def test_no_request_fails_on_the_pages_across_reports(browser, series_url, folder):
    page = browser.new_page()
    faults = _faults(page)
    for path in ("", "compare/demo-county-2023/", "glossary/gao-zhi-liang-fa-zhan/",
                 "glossary/gao-zhi-liang-fa-zhan/_reports/",
                 "reports/demo-county-2024/"):
        page.goto(series_url + folder + path)
        page.wait_for_load_state("networkidle")
        assert faults == [], path
    page.close()
