"""Render: the renderer adapter — the only module that knows MkDocs and Material.

It receives the pages as data (``model.Page``) and the navigation (``model.NavItem``), owns the
URL scheme (``href``: page + anchor → address, called by pages, term pages, search records and
gloss cards), writes the pages as a MkDocs docs tree with front matter escaped for Material's
templates, builds one interface with MkDocs + Material (our ``templates/`` as ``custom_dir``),
hands the annotator its data in-process, and mends the theme's markup (``tidy_html``).
Replacing the renderer means replacing this module and ``templates/``.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
from html import escape
from pathlib import Path

import yaml

from .errors import BuildFailed, Problem, error, warning
from .guard import write_inside
from .i18n import LANGUAGES, Interface, catalogs, compiled
from .model import NavItem, Page, PageRef, Site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _source(ref: PageRef) -> str:
    """The docs file of a page, without ``.md`` (MkDocs builds ``x/y.md`` into ``x/y/``)."""
    if ref.kind in ("figures", "editors") and ref.report:  # a report's own page of that kind
        return f"reports/{ref.report}/{ref.kind}"
    return {"home": "index", "report": f"reports/{ref.report}/index",
            "reader": f"reports/{ref.report}/{ref.section}", "glossary": "glossary/index",
            "term": f"glossary/{ref.term}", "term-report": f"glossary/{ref.term}/{ref.report}",
            # "_" is in no safe name: a term's series pages never meet its report pages
            "term-series": f"glossary/{ref.term}/_series/{ref.series}".rstrip("/"),
            "compare": f"compare/{ref.report}", "editors": "editors", "about": "about"}[ref.kind]


def _address(ref: PageRef) -> str:
    """A page's address relative to the site root (directory URLs; each interface after the
    first in its own folder), or a download's (one copy at the root for every interface)."""
    if ref.kind == "download":
        return f"downloads/{ref.file}"
    source = _source(ref)
    folder = "" if ref.lang in ("", LANGUAGES[0]) else f"{ref.lang}/"
    if source == "index":
        return folder
    return folder + (source[: -len("index")] if source.endswith("/index") else source + "/")


def href(target: PageRef, anchor: str = "", base: PageRef | None = None) -> str:
    """The link to ``target`` (and ``#anchor``) as written on the page ``base``: a relative
    URL (a page in the base's interface unless it names another). Without a base (the annotator
    does not know its page) it is the docs-absolute source path MkDocs resolves on each page."""
    fragment = f"#{anchor}" if anchor else ""
    if base is None:
        return f"/{_source(target)}.md{fragment}"
    if target.kind != "download" and not target.lang:
        target = target._replace(lang=base.lang)
    if target == base and fragment:
        return fragment
    address = _address(target)
    rel = posixpath.relpath("/" + address, "/" + _address(base))
    return rel + ("/" if address.endswith("/") or not address else "") + fragment


def front_matter(page: Page) -> str:
    """The YAML front matter of a page. Material writes the title, the description and our
    template the citation into the HTML as they are, so they are escaped here."""
    ref = page.ref
    tifa = {"page": ref.kind, **{k: v for k, v in (("report", ref.report),
                                                    ("section", ref.section),
                                                    ("term", ref.term)) if v}}
    if page.cite:
        tifa["cite"] = escape(page.cite, quote=True)
    data: dict = {"title": escape(page.title), "tifa": tifa}
    if page.description:
        data["description"] = escape(page.description, quote=True)
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n\n"


def write_docs(pages: list[Page], docs: Path) -> None:
    """Write the pages as a MkDocs docs tree, from scratch."""
    if docs.exists():
        shutil.rmtree(docs)
    for page in pages:
        write_inside(docs / f"{_source(page.ref)}.md", front_matter(page) + page.body, docs)


def mkdocs_nav(nav: list[NavItem]) -> list:
    """The navigation as MkDocs reads it; the theme writes its labels into the HTML as they
    are, so they are escaped."""
    return [{escape(item.title): mkdocs_nav(item.children) if item.children
             else f"{_source(item.ref)}.md"} for item in nav]


def prepare_theme(templates: Path, theme: Path) -> None:
    """Copy the templates into a theme folder (MkDocs' ``custom_dir``) with every ``.po``
    catalog compiled to ``.mo`` where Material's Jinja environment looks for it."""
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(templates, theme, ignore=shutil.ignore_patterns("*.po", "*.pot", "*.mo"))
    for po in catalogs(templates):
        target = theme / po.relative_to(templates).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compiled(po))


def mkdocs_config(ui: Interface, nav: list[NavItem], work: Path, site_dir: Path,
                  site_url: str | None) -> dict:
    """The generated MkDocs configuration of one interface."""
    lang = ui.lang
    url = site_url and (site_url.rstrip("/") + "/" + ("" if lang == LANGUAGES[0] else f"{lang}/"))
    return {
        "site_name": "tifa · 提法",
        "site_url": url or None,
        "site_description": ui._("Chinese policy reports with a paragraph-by-paragraph English "
                                 "translation, every political term marked and explained."),
        "docs_dir": str(work / f"docs-{lang}"),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "custom_dir": str(work / f"theme-{lang}"), "font": False,
                  "language": lang, "locale": lang, "features": ["navigation.footer"]},
        "plugins": [],
        "markdown_extensions": ["md_in_html", "tables", {"toc": {"toc_depth": 2}},
                                "tifa.annotate", "tifa.safety"],
        "extra_css": ["assets/tifa.css"],
        "extra_javascript": ["assets/tifa.js", "assets/search.js"],
        "extra": {"generator": False, "tifa_lang": lang},
        "nav": mkdocs_nav(nav),
        "validation": {"links": {"not_found": "warn", "anchors": "warn",
                                 "absolute_links": "relative_to_docs"}},
    }


class _Collector(logging.Handler):
    """Turns MkDocs' warnings and errors into problems."""

    def __init__(self, config_path: Path) -> None:
        super().__init__(logging.WARNING)
        self.config_path = config_path
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        make = error if record.levelno >= logging.ERROR else warning
        self.problems.append(make(self.config_path, None, f"mkdocs: {record.getMessage()}"))


def render_interface(site: Site, pages: list[Page], nav: list[NavItem], ui: Interface,
                     templates: Path, work: Path, site_dir: Path,
                     site_url: str | None = None) -> list[Problem]:
    """Build one interface's pages into ``site_dir`` with MkDocs + Material (``templates`` as
    the theme override). The annotator extension gets the resolved site (matchers, cards), the
    interface and ``href`` in-process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    prepare_theme(templates, work / f"theme-{ui.lang}")
    write_docs(pages, work / f"docs-{ui.lang}")
    config_path = work / f"mkdocs-{ui.lang}.yml"
    write_inside(config_path, yaml.safe_dump(mkdocs_config(ui, nav, work, site_dir, site_url),
                                             allow_unicode=True, sort_keys=False), work)
    collector = _Collector(config_path)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(str(config_path))
        config["mdx_configs"]["tifa.annotate"] = {"site": site, "ui": ui, "href": href}
        build(config)
    except Exception as exc:  # MkDocs raises many types; the editor gets one clear message
        raise BuildFailed(collector.problems + [error(config_path, None, f"mkdocs failed: {exc}")])
    finally:
        logger.removeHandler(collector)
    if any(p.level == "error" for p in collector.problems):
        raise BuildFailed(collector.problems)
    return collector.problems


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
_ORPHAN_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def tidy_page(html: str) -> tuple[str, int]:
    """Mend one page of the theme's markup where the Nu HTML checker rejects it; returns the
    page and the number of mends: ``autocomplete`` on Material's checkbox toggles, and a
    table-of-contents label that points at a toggle Material writes only on pages listed in
    the navigation."""
    mended, count = _CHECKBOX_AUTOCOMPLETE.subn(r"\1", html)
    if 'id="__toc"' not in mended and _ORPHAN_TOC_LABEL in mended:
        count += mended.count(_ORPHAN_TOC_LABEL)
        mended = mended.replace(_ORPHAN_TOC_LABEL, '<label class="md-nav__title">')
    return mended, count


def tidy_html(site_dir: Path) -> int:
    """Mend every page of a built site (``tidy_page``); returns the number of mends."""
    total = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        mended, count = tidy_page(html)
        if count:
            page.write_text(mended, encoding="utf-8")
            total += count
    return total
