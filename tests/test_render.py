"""The renderer adapter: its addresses are where it writes the pages, and the theme markup it
mends is still what Material's templates write (so a Material upgrade that changes it fails
here)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

from tifa import render
from tifa.glossary import load_glossary
from tifa.i18n import Interface
from tifa.model import NavItem, Page, PageRef, Site
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
BODY = "# {0}\n\n## One\n\nText.\n\n## Two\n\nText with [a link]({1}).\n"
LINKS = {HOME: TERM, READER: HOME, TERM: READER}


def three_pages() -> tuple[Site, Interface, list[Page]]:
    """Three pages (one left out of the navigation, as term pages are), each linking another."""
    site = resolve([], load_glossary(FIXTURES / "glossary", []))
    ui = Interface.load("en", REPO / "templates")
    pages = [Page(ref, title, BODY.format(title, render.href(LINKS[ref], "", ref)))
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
def unmended() -> dict[str, str]:
    """The HTML of the three pages as Material's templates write it, before ``tidy_page``."""
    site, ui, pages = three_pages()
    theme, converter = render.Theme(ui, NAV, REPO / "templates", None), render.Converter(site)
    return {page.title: theme.html(page, converter.convert(page)) for page in pages}


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
