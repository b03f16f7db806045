"""Render: write the generated docs tree (Markdown pages + mkdocs.yml) and build it with MkDocs.

This is the only module that knows MkDocs. It is fed the model, writes plain Markdown pages with
front matter into a scratch folder, and builds them into a temporary folder that replaces ``site/``
only when the build succeeded.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path
from typing import Callable

import yaml

from .checks import REPORT_LINK, candidates
from .errors import BuildFailed, Problem, error, warning
from .exports import downloads_markdown, write_exports
from .guard import write_inside
from .i18n import LANGUAGES, _, compile_theme, current, use
from .pages import about_page, editors_page, nav_label, report_pages
from .resolve import Site, annotator_data
from .search import build_search_index
from .termpages import glossary_pages

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class Layout:
    """Where a build reads and writes: the project root and its folders."""

    root: Path
    site_url: str | None = None

    @property
    def templates(self) -> Path:
        """The theme override folder: the project's own, else the one shipped with tifa."""
        own = self.root / "templates"
        return own if own.is_dir() else Path(__file__).resolve().parent.parent / "templates"

    @property
    def work(self) -> Path:
        """The scratch folder of a build (gitignored, safe to delete)."""
        return self.root / "build"

    @property
    def theme(self) -> Path:
        """The templates with compiled catalogs: MkDocs' ``custom_dir``."""
        return self.work / "theme"

    def docs(self, lang: str) -> Path:
        """The generated docs tree of one interface language."""
        return self.work / f"docs-{lang}"

    @property
    def site(self) -> Path:
        """The published site."""
        return self.root / "site"


def _nav(site: Site) -> list:
    """The navigation; the theme writes its labels into the HTML as they are, so editors' text
    in them is escaped here."""
    nav: list = [{_("Home"): "index.md"}]
    for r in site.reports:
        items = [{_("Overview"): f"reports/{r.slug}/index.md"}]
        items += [{escape(nav_label(s)): f"reports/{r.slug}/{s.key}.md"} for s in r.sections]
        nav.append({escape(r.meta.title_zh if current() == "zh" else r.meta.title_en): items})
    if site.entries:
        nav.append({_("Glossary"): "glossary/index.md"})
    nav.append({_("For editors"): "editors.md"})
    nav.append({_("About"): "about.md"})
    return nav


def mkdocs_config(site: Site, layout: Layout, site_dir: Path) -> dict:
    """The generated MkDocs configuration of the current interface language."""
    lang = current()
    site_url = layout.site_url and (layout.site_url.rstrip("/") + "/"
                                    + ("zh/" if lang == "zh" else ""))
    return {
        "site_name": "tifa · 提法",
        "site_url": site_url or None,
        "site_description": _("Chinese policy reports with a paragraph-by-paragraph English "
                              "translation, every political term marked and explained."),
        "docs_dir": str(layout.docs(lang)),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "custom_dir": str(layout.theme), "font": False,
                  "language": lang, "locale": lang, "features": ["navigation.footer"]},
        "plugins": [],
        "markdown_extensions": ["md_in_html", "tables", {"toc": {"toc_depth": 2}},
                                {"tifa.annotate": {"data": str(layout.work / "glossary.json"),
                                                   "base_url": "/glossary/"}}, "tifa.safety"],
        "extra_css": ["assets/tifa.css"],
        "extra_javascript": ["assets/tifa.js", "assets/search.js"],
        "extra": {"generator": False, "tifa_lang": lang},
        "nav": _nav(site),
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


def docs_pages(site: Site) -> dict[str, str]:
    """Every generated page of the current language, keyed by its path in the docs tree."""
    pages = report_pages(site.reports)
    if site.entries:
        pages.update(glossary_pages(site))
    pages["editors.md"] = (editors_page(site.reports, candidates(site) if site.entries else [])
                           + "\n" + downloads_markdown())
    pages["about.md"] = about_page(downloads_markdown())
    return pages


def write_docs(site: Site, docs: Path) -> None:
    """Write the generated docs tree of the current language from scratch."""
    if docs.exists():
        shutil.rmtree(docs)
    sections = {(r.slug, p.pid): s.key for r in site.reports for s in r.sections
                for p in s.paragraphs}

    def target(match: re.Match) -> str:
        slug, pid = match.group(1), match.group(2)
        if pid:
            return f"](/reports/{slug}/{sections.get((slug, pid), 'index')}.md#{pid})"
        return f"](/reports/{slug}/index.md)"

    for rel, text in docs_pages(site).items():
        write_inside(docs / rel, REPORT_LINK.sub(target, text), docs)


def _mkdocs(site: Site, layout: Layout, site_dir: Path) -> list[Problem]:
    """Build the current language's pages into ``site_dir`` with MkDocs."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_docs(site, layout.docs(current()))
    config_path = layout.work / f"mkdocs-{current()}.yml"
    write_inside(config_path, yaml.safe_dump(mkdocs_config(site, layout, site_dir),
                                             allow_unicode=True, sort_keys=False), layout.work)
    collector = _Collector(config_path)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build(load_config(str(config_path)))
    except Exception as exc:  # MkDocs raises many types; the editor gets one clear message
        raise BuildFailed(collector.problems + [error(config_path, None, f"mkdocs failed: {exc}")])
    finally:
        logger.removeHandler(collector)
    if any(p.level == "error" for p in collector.problems):
        raise BuildFailed(collector.problems)
    return collector.problems


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')


def tidy_html(site_dir: Path) -> None:
    """Mend two things in the theme's markup that the Nu HTML checker rejects: ``autocomplete``
    on its checkbox toggles, and a table-of-contents label that points at a toggle the theme
    writes only on pages listed in the navigation."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        mended = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
        if 'id="__toc"' not in mended:
            mended = mended.replace('<label class="md-nav__title" for="__toc">',
                                    '<label class="md-nav__title">')
        if mended != html:
            page.write_text(mended, encoding="utf-8")


def _pin_build_date(site: Site) -> None:
    """Date the build by its newest report, not the clock, so that two builds of the same
    inputs are identical (MkDocs reads SOURCE_DATE_EPOCH for the sitemap's dates)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    days = []
    for report in site.reports:
        try:
            days.append(date.fromisoformat(report.meta.date))
        except ValueError:
            continue
    newest = max(days, default=date(2000, 1, 1))
    stamp = datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))


def _build_language(site: Site, layout: Layout, lang: str) -> tuple[list[Problem], float]:
    """Build one interface into ``build/site-<lang>``; returns its problems and duration."""
    started = time.perf_counter()
    use(lang, layout.theme)
    try:
        return _mkdocs(site, layout, layout.work / f"site-{lang}"), time.perf_counter() - started
    finally:
        use("en", layout.theme)


def _in_child(site: Site, layout: Layout, lang: str, pipe) -> None:
    try:
        pipe.send(("ok",) + _build_language(site, layout, lang))
    except BuildFailed as failed:
        pipe.send(("failed", failed.problems, 0.0))
    except Exception as exc:  # reported to the parent as one clear problem
        pipe.send(("failed", [error(layout.work, None, f"render ({lang}) failed: {exc}")], 0.0))


def _build_languages(site: Site, layout: Layout) -> list[tuple[str, list[Problem], float]]:
    """Build both interfaces, the Chinese one in a second process when there is a core for it."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [(lang, *_build_language(site, layout, lang)) for lang in LANGUAGES]
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_in_child, args=(site, layout, "zh", send))
    child.start()
    try:
        results = [("en", *_build_language(site, layout, "en"))]
    finally:
        status, problems, seconds = receive.recv()
        child.join()
    if status == "failed":
        raise BuildFailed(results[0][1] + problems)
    return results + [("zh", problems, seconds)]


def build_site(site: Site, layout: Layout,
               progress: Callable[[str], None] = lambda _: None) -> list[Problem]:
    """Build both interfaces (English at the root, Chinese in zh/) and the search index into a
    temporary folder, and swap it into ``site/`` only when everything succeeded."""
    layout.work.mkdir(parents=True, exist_ok=True)
    _pin_build_date(site)
    compile_theme(layout.templates, layout.theme)
    write_inside(layout.work / "glossary.json",
                 json.dumps(annotator_data(site), ensure_ascii=False, indent=0), layout.work)
    problems: list[Problem] = []
    for lang, found, seconds in _build_languages(site, layout):
        problems += found
        progress(f"render: {lang} interface in {seconds:.1f}s")
    new_site = layout.work / "site-en"
    (layout.work / "site-zh").rename(new_site / "zh")
    tidy_html(new_site)
    started = time.perf_counter()
    write_exports(site.reports, site.entries, new_site / "downloads", layout.work / "exports")
    progress(f"exports: TMX, TBX, CSV in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    records = build_search_index(site, new_site, layout.work / "search")
    progress(f"search: {records} records indexed in {time.perf_counter() - started:.1f}s")
    write_inside(new_site / ".nojekyll", "", layout.work)
    _swap(new_site, layout.site)
    return problems


def _swap(new_site: Path, site: Path) -> None:
    old = new_site.with_name("site.old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    if old.exists():
        shutil.rmtree(old)
