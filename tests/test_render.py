"""The renderer adapter: its addresses are where it writes the pages, and its chrome (tifa's own
templates around each page's body) is compact, bounded and holds what Material's CSS and bundle
read."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import jinja2
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
    """Finds, by parsing, the markup of Material's own templates that the Nu HTML checker
    rejects (which tifa's templates must not write again)."""

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


def test_no_page_carries_markup_the_html_checker_rejects(built_site, rendered):
    for page in [*built_site.rglob("*.html"), *rendered.rglob("*.html")]:
        assert sum(rejected(page.read_text("utf-8")).values()) == 0, page


def test_the_chrome_templates_are_written_with_their_lines_joined(tmp_path):
    (tmp_path / "partials").mkdir()
    source = "<ul>\n  <li>{{ a }}</li>\n  {% if b %}\n    <li>b</li>\n  {% endif %}\n</ul>\n"
    for name in ("partials/nav.html", "partials/other.html"):
        (tmp_path / name).write_text(source, "utf-8")
    loader = render.ChromeLoader([str(tmp_path)])
    env = jinja2.Environment(loader=loader)
    assert env.get_template("partials/nav.html").render(a=1, b=True) == \
        "<ul><li>1</li><li>b</li></ul>"
    assert env.get_template("partials/other.html").render(a=1) == \
        "<ul>\n  <li>1</li>\n  \n</ul>"  # any other template as it is written


CHROME_BOUND = 11_000
"""The most bytes of chrome (a page outside its <article>) a page of the project's site may have:
its largest is a report home, whose table of contents is written twice (the sidebar's and the
drawer's, 10.2 KB). Material's templates gave 13-15 KB there before issue 13's own templates
(and 19-21 KB before any compaction); a page over the bound has grown new chrome."""


def test_every_page_has_compact_chrome_with_what_materials_bundle_reads(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        chrome = html[:start] + html[end:]
        where = path.relative_to(built_site)
        assert len(chrome.encode()) <= CHROME_BOUND, (where, len(chrome.encode()))
        assert "\n" not in chrome.rstrip("\n"), where  # the templates' lines are joined
        for needed in ('data-md-component="header"', 'data-md-component="header-title"',
                       'data-md-component="header-topic"', 'data-md-component="main"',
                       'data-md-component="palette"', 'data-md-type="navigation"',
                       'id="__drawer"', 'id="__search"', 'class="md-select"',
                       'class="md-container"'):
            assert needed in chrome, (where, needed)
        for asset in (render.HEAD, render.ICON_CSS):  # each interface's own
            link = re.search(rf'(?:src|href)="([^"]*{asset})"', chrome).group(1)
            if where.name != "404.html":  # the 404 page links from the site's address
                assert (path.parent / link).resolve().is_file(), (where, link)
        assert "<script>" not in chrome and "__config" not in chrome, where  # in the head script
        icons = re.findall(r"<svg[^>]*>.*?</svg>", chrome)
        assert icons and all(re.fullmatch(
            r'<svg class="tifa-icon tifa-icon-([a-z0-9-]+)" viewBox="0 0 24 24"></svg>', i)
            and i.split('tifa-icon-')[1].split('"')[0] in render.ICONS for i in icons), where


def test_the_head_script_has_every_colour_scheme_with_its_switch(built_site):
    for lang, root in (("en", built_site), ("zh", built_site / "zh")):
        script = (root / render.HEAD).read_text("utf-8")
        schemes = json.loads(re.search(r"var schemes = (\[.*?\]);", script).group(1))
        assert schemes == render.palette(Interface.load(lang, REPO / "templates"))
        assert [s["scheme"] for s in schemes] == ["default", "default", "slate"]
        assert all(s["icon"] in render.ICONS for s in schemes)


def test_the_icons_stylesheet_draws_materials_own_icons():
    css = render.icon_css()
    for icon in render.ICONS:
        path = re.search(r'<path d="([^"]+)"', (render.MATERIAL / ".icons" / "material" /
                                               f"{icon}.svg").read_text()).group(1)
        rule = re.search(rf"\.tifa-icon-{icon}\{{[^}}]*\}}", css).group()
        assert rule.count(quote(path)) == 2, icon  # in mask-image and its -webkit- twin


ADDRESSES = ["", ".", "index.html", "404.html", "feed.xml", "assets/tifa.css", "glossary/",
             "glossary/a/", "glossary/a/_series/", "reports/r/", "reports/r/s/",
             "reports/r/s/index.html", "reports/r2/s/", "reports/r/figures/", "zh/",
             "zh/reports/r/s/", "a//b/", "./reports/r/", "reports/./r/s/", "reports/../about/"]


def test_relative_url_is_what_posixpaths_relpath_gives():
    def reference(url: str, other: str) -> str:
        folder, _, name = other.rpartition("/")
        rel = posixpath.relpath("/" + url, "/" + (folder if "." in name else other))
        return rel + "/" if url.endswith("/") else rel
    for url in ADDRESSES:
        for other in ADDRESSES:
            assert render.relative_url(url, other) == reference(url, other), (url, other)
