"""The renderer adapter: its addresses are where it writes the pages, and the theme markup it
mends is still what Material's templates write (so a Material upgrade that changes it fails
here)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import FIXTURES, REPO

from tifa import render
from tifa.glossary import load_glossary
from tifa.i18n import Interface
from tifa.markup import heading
from tifa.model import NavItem, Page, PageRef, Prose, Site
from tifa.resolve import resolve

HOME, TERM = PageRef("home"), PageRef("term", term="liang-ge-que-li")
READER = PageRef("reader", "r", "01-opening")


class _Rejected(HTMLParser):
    """Finds, by parsing, the theme markup the Nu HTML checker rejects and tidy_page mends."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.toc_labels = 0
        self.checkbox_autocomplete = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.ids.add(a.get("id") or "")
        self.checkbox_autocomplete += tag == "input" and a.get("type") == "checkbox" \
            and "autocomplete" in a
        self.toc_labels += tag == "label" and a.get("for") == "__toc"


def rejected(html: str) -> dict[str, int]:
    parser = _Rejected()
    parser.feed(html)
    orphans = 0 if "__toc" in parser.ids else parser.toc_labels
    return {"autocomplete on a checkbox": parser.checkbox_autocomplete,
            "label for a missing #__toc": orphans}


PAGES = [(HOME, "Home"), (READER, "Opening"), (TERM, "Term")]
NAV = [NavItem("Home", HOME), NavItem("Report", children=[NavItem("Opening", READER)])]


def parts(title: str, link: str) -> tuple:
    """A page's title, two headings for its table of contents, and a link to ``link``."""
    return (heading(1, title), heading(2, "One"), "<p>Text.</p>", heading(2, "Two"),
            Prose(f"Text with [a link]({link})."))

LINKS = {HOME: TERM, READER: HOME, TERM: READER}


def three_pages() -> tuple[Site, Interface, list[Page]]:
    """Three pages (one left out of the navigation, as term pages are), each linking another."""
    site = resolve([], load_glossary(FIXTURES / "glossary", []))
    ui = Interface.load("en", REPO / "templates")
    pages = [Page(ref, title, parts(title, render.href(LINKS[ref], "", ref)))
             for ref, title in PAGES]
    return site, ui, pages


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The three pages rendered through the adapter."""
    out = tmp_path_factory.mktemp("render")
    site, ui, pages = three_pages()
    done = render.render_interface(site, pages, NAV, ui, REPO / "templates", out / "work",
                                   out / "site")
    assert (done.written, done.kept) == (3, 0)
    return out / "site"


@pytest.fixture(scope="module")
def unmended(tmp_path_factory) -> dict[str, str]:
    """The HTML of the three pages as Material's templates write it, before ``tidy_page``."""
    site, ui, pages = three_pages()
    theme = render.Theme(ui, NAV, REPO / "templates", None)
    assembler = render.Assembler(site, tmp_path_factory.mktemp("assemble"))
    try:
        return {page.title: theme.html(page, assembler.convert(page)) for page in pages}
    finally:
        assembler.close()


@pytest.mark.parametrize("target", [HOME, TERM, READER])
def test_href_points_where_the_renderer_writes_the_page(rendered, target):
    for base in (HOME, TERM, READER):
        page = rendered / render.href(base, "", HOME) / "index.html"
        address = render.href(target, "", base)
        assert (page.parent / address / "index.html").resolve().is_file(), (base, address)


def test_href_is_a_fragment_on_its_own_page_and_from_the_root_without_a_page():
    assert render.href(READER, "p3", READER) == "#p3"
    assert render.href(READER, "p3", HOME) == "reports/r/01-opening/#p3"
    assert render.href(HOME, "", READER) == "../../../"
    assert render.href(TERM) == render.href(TERM, "", HOME) == "glossary/liang-ge-que-li/"


def test_href_keeps_the_base_interface_and_downloads_have_one_copy_at_the_root():
    zh_reader = READER._replace(lang="zh")
    assert render.href(TERM, "", zh_reader) == render.href(TERM, "", READER)
    assert render.href(HOME._replace(lang="en"), "", zh_reader) == "../../../../"
    download = PageRef("download", file="tifa-glossary.csv")
    assert render.href(download, "", PageRef("editors")) == "../downloads/tifa-glossary.csv"
    assert render.href(download, "", PageRef("editors", lang="zh")) == \
        "../../downloads/tifa-glossary.csv"


def test_material_still_writes_what_tidy_page_mends(unmended):
    pages = unmended
    found = {name: sum(rejected(html)[name] for html in pages.values())
             for name in rejected("")}
    # If either count is zero, Material changed its markup: tidy_page's mend is dead or misses.
    assert all(found.values()), f"Material no longer writes this markup; revisit tidy_page: {found}"
    for name, html in pages.items():
        mended, count = render.tidy_page(html)
        assert count == sum(rejected(html).values()), name
        assert sum(rejected(mended).values()) == 0, f"{name}: tidy_page left {rejected(mended)}"
        assert render.tidy_page(mended) == (mended, 0)


def test_every_page_of_the_built_site_is_mended(built_site):
    for page in built_site.rglob("*.html"):
        assert sum(rejected(page.read_text("utf-8")).values()) == 0, page


def _texts(html: str) -> list[str]:
    """The page's text nodes with white space as HTML renders it (one space for any run)."""
    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_data(self, data: str) -> None:
            self.found.append(re.sub(r"[ \t\n\r\f]+", " ", data))
    parser = Texts()
    parser.feed(html)
    return parser.found


def test_compact_chrome_collapses_only_what_html_does_not_render():
    chrome = ('<!doctype html>\n<html>\n  <head>\n\n    <title>\n      A  title\n    </title>\n'
              '    <script>\n  var a = 1;\n\n  var b = "x  y";\n    </script>\n  </head>\n'
              '  <body>\n    <a title="two\n      lines" href="#">\n      Link\n    </a>\n'
              '    <pre>\n  kept\n\n  as is\n</pre>\n    <textarea>\n  also\n</textarea>\n')
    article = '<article class="md-content__inner">\n  <p>\n    Text\n  </p>\n\n</article>'
    page = chrome + article + "\n\n    <footer>\n      End\n    </footer>\n  </body>\n</html>\n"
    compact = render.compact_chrome(page)
    assert article in compact  # the content is the pages' own, untouched
    for kept in ('title="two\n      lines"', "<pre>\n  kept\n\n  as is\n</pre>",
                 "<textarea>\n  also\n</textarea>", '\n  var a = 1;\n\n  var b = "x  y";\n'):
        assert kept in compact
    assert "<head>\n<title>\nA  title\n</title>" in compact
    assert compact.endswith("</article>\n<footer>\nEnd\n</footer>\n</body>\n</html>\n")
    assert _texts(compact) == _texts(page) != []  # the same text as a reader sees it
    assert render.compact_chrome(compact) == compact


CHROME_BOUND = 16_000
"""The most bytes of chrome (a page outside its <article>) a page of the project's site may have:
its largest is a report home with its table of contents (15.3 KB). Material's templates as they
were written before issue 13's compact chrome gave 19-21 KB there (indentation, blank lines,
inline icons and strings); a page over the bound has lost the compaction or grown new chrome."""


def test_every_page_has_compact_chrome_with_what_materials_bundle_reads(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        chrome = html[:start] + html[end:]
        where = path.relative_to(built_site)
        assert len(chrome.encode()) <= CHROME_BOUND, (where, len(chrome.encode()))
        assert not re.search(r"\n[ \t]|\n\n", render._RAW_TEXT.sub("<raw>", chrome)), where
        for needed in ('data-md-component="header"', 'data-md-component="header-title"',
                       'data-md-component="header-topic"', 'data-md-component="palette"',
                       'id="__drawer"', 'id="__search"', 'class="md-select"',
                       'data-md-component="container"'):
            assert needed in chrome, (where, needed)
        for asset in (render.STRINGS, render.ICON_CSS):  # each interface's own, loaded
            link = re.search(rf'(?:src|href)="([^"]*{asset})"', chrome).group(1)
            if where.name != "404.html":  # the 404 page links from the site's address
                assert (path.parent / link).resolve().is_file(), (where, link)
        options = re.findall(r'<input class="md-option"[^>]*>', chrome)
        assert len(options) == 3 and all(
            f"data-md-color-{key}=" in o for o in options
            for key in ("media", "scheme", "primary", "accent")), where
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                           chrome).group(1)
        assert json.loads(config)["base"] == re.search(
            r'<meta name="tifa-root" content="([^"]*)">', html).group(1), where
        icons = re.findall(r"<svg[^>]*>.*?</svg>", chrome)
        assert icons and all(re.fullmatch(
            r'<svg class="tifa-icon tifa-icon-([a-z0-9-]+)" viewBox="0 0 24 24"></svg>', i)
            and i.split('tifa-icon-')[1].split('"')[0] in render.ICONS for i in icons), where


def test_the_icons_stylesheet_draws_materials_own_icons():
    css = render.icon_css()
    for icon in render.ICONS:
        path = re.search(r'<path d="([^"]+)"', (render.MATERIAL / ".icons" / "material" /
                                               f"{icon}.svg").read_text()).group(1)
        rule = re.search(rf"\.tifa-icon-{icon}\{{[^}}]*\}}", css).group()
        assert rule.count(quote(path)) == 2, icon  # in mask-image and its -webkit- twin
