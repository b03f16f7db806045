"""The build: one flat list of timed stages, each a plain function of the build so far.

    ingest → load → resolve → series → index → memory → check → convert → archives → pages
    → render → exports → downloads → search → publish

``pages`` and ``render`` run once per interface language (English here, Chinese in a second
process when there is a core for it); every other stage runs once: ``convert`` turns the prose
of the reader pages (paragraphs) into HTML once for every interface, before they part;
``archives`` makes each report's download archives before the pages that list their sizes, and
``downloads`` links them into the rendered site; ``index`` starts Pagefind on the search
records that changed, which runs beside the stages after it until ``search`` waits for it and
links its bundles into the site; ``memory`` starts the TMX in a process of its own, which
``exports`` waits for. A stage that finds errors stops the build
before ``publish`` touches ``site/``. ``cli`` runs part of the list for ``ingest`` and
``check``, the whole list for ``build``.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from itertools import groupby
from pathlib import Path
from typing import Callable

from . import render
from .checks import candidates, check_site, unused
from .corrections import Repository, load_repository, with_corrections
from .downloads import make_downloads, report_urls, with_downloads, write_downloads
from .errors import BuildFailed, Problem, error, raise_if_errors
from .exports import cached_tmx, downloads_parts, write_exports
from .feed import write_feed
from .glossary import load_glossary
from .guard import write_inside
from .i18n import LANGUAGES, Interface
from .ingest import check_seed_names, find_seeds, ingest_all
from .model import Candidate, NavItem, Page, PageRef, Report, Section, Site, Trends
from .pagecache import Inputs, Memo, PageCache, Shelf
from .pages import (
    about_page,
    editors_pages,
    link_reports,
    paragraph_sections,
    reader_pages,
    report_pages,
    site_nav,
)
from .resolve import resolve
from .search import Indexing, start_index
from .series import trends
from .store import load_reports
from .termpages import Lines, Places, glossary_pages
from .trendpages import compare_pages, home_timeline, what_changed


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
    def site(self) -> Path:
        """The published site."""
        return self.root / "site"

    def interface_site(self, lang: str) -> Path:
        """Where one interface is built before the site is assembled."""
        return self.work / f"site-{lang}"


@dataclass
class Build:
    """What the stages hand each other, filled in stage by stage."""

    layout: Layout
    strict: bool = False
    show: Callable[[list[Problem]], None] = lambda problems: None
    say: Callable[[str], None] = lambda line: None
    problems: list[Problem] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    site: Site | None = None
    candidates: list[Candidate] = field(default_factory=list)
    trends: Trends = field(default_factory=Trends)
    pages: dict[str, tuple[list[Page], list[NavItem]]] = field(default_factory=dict)
    repository: Repository | None = None  # where "Edit this" and "Report a problem" lead
    parsed: dict[Path, list[Section]] = field(default_factory=dict)  # by ingest, for load
    readers: dict[str, list[Page]] = field(default_factory=dict)  # by convert, for pages
    archives: dict[str, Path] = field(default_factory=dict)  # each report's downloads, by slug
    indexing: Indexing | None = None  # the search index being made, by index, for search
    memory: multiprocessing.process.BaseProcess | None = None  # the TMX being made, for exports
    inputs: Inputs | None = None  # what each group of pages is made from (Build.inputs_of)
    code: str = ""  # render.code_digest of this build, once it is asked for

    def inputs_of(self) -> Inputs:
        """What each group of pages is made from (``pagecache.Inputs``), hashed once a build
        (before the interfaces part, so that each does not hash it again)."""
        if self.inputs is None:
            self.inputs = Inputs(self.site, self.trends)
        return self.inputs

    def code_digest(self) -> str:
        """A hash of tifa's code and the templates (``render.code_digest``), made once a
        build: what every cached result depends on whatever its data."""
        if not self.code:
            self.code = render.code_digest(self.layout.templates)
        return self.code

    def settle(self, strict: bool) -> None:
        """Show the problems so far and stop if any is an error (or, when strict, any)."""
        self.show(self.problems)
        raise_if_errors(self.problems, strict)


def ingest(b: Build) -> str:
    """Bring every seed into content/, stopping before writing if any seed is broken."""
    root = b.layout.root
    result = ingest_all(root / "seeds", root / "content" / "reports",
                        b.layout.work / "ingest-stamps.json")
    b.problems += result.problems
    b.parsed = result.sections
    b.settle(b.strict)
    for path in result.written:
        b.say(f"ingest: wrote {path.relative_to(root)}")
    return f"{len(result.written)} file(s) written"


def load(b: Build) -> str:
    """Read and validate the reports and the glossary."""
    root = b.layout.root
    b.problems += check_seed_names(find_seeds(root / "seeds"))
    b.reports = load_reports(root / "content", root / "seeds", b.problems, b.parsed)
    entries = load_glossary(root / "content" / "glossary", b.problems)
    b.repository = load_repository(root / "content", os.environ, b.problems)
    b.site = Site(b.reports, entries)
    return f"{len(b.reports)} report(s), {len(entries)} glossary entries"


def resolve_terms(b: Build) -> str:
    """Build the matchers, the concordance and the gloss cards, once."""
    b.site = resolve(b.reports, b.site.entries)
    return f"{sum(map(len, b.site.concordance.values()))} term occurrences"


def series(b: Build) -> str:
    """Group the reports into series, count what each says and compare consecutive ones."""
    b.trends, problems = trends(b.site)
    b.problems += problems
    return (f"{len(b.trends.series)} series, {len(b.trends.comparisons)} comparison(s)")


def check(b: Build) -> str:
    """Run every check; stop on errors (and warnings under --strict)."""
    memo = Memo(b.layout.work / "cache" / "checks.json", b.code_digest() + b.inputs_of().faces)
    b.problems += check_site(b.site, memo)
    memo.save()
    b.candidates = candidates(b.site) if b.site.entries else []
    b.settle(b.strict)
    return f"{len(b.problems)} problem(s), {len(b.candidates)} glossary gap(s)"


def convert(b: Build) -> str:
    """The reader pages of every interface, and their prose converted once for all of them:
    each report's taken from the build's cache while the report, where report links lead
    and what decides where terms are marked are unchanged, else made and its prose converted
    (where the cache of prose does not hold it), for the renderer of each interface."""
    uis = [Interface.load(lang, b.layout.templates) for lang in LANGUAGES]
    cache = PageCache(b.layout.work / "cache" / "readers", b.code_digest())
    inputs, sections = b.inputs_of(), paragraph_sections(b.site.reports)
    b.readers = {ui.lang: [] for ui in uis}
    with render.Conversion(b.site, b.layout.work) as conversion:
        for report in b.site.reports:
            def make(report: Report = report) -> list:
                made = {ui.lang: reader_pages([report], ui, render.href, sections) for ui in uis}
                return [made, conversion.add([p for pages in made.values() for p in pages])]

            made, keys = cache.pages(f"reader:{report.slug}", (
                inputs.reports[report.slug], inputs.sections, conversion.fixed), make)
            conversion.keep(keys)
            for lang, pages in made.items():
                b.readers[lang] += pages
        new, kept = conversion.finish()
    cache.save()
    return f"{new} converted, {kept} unchanged ({cache.kept} of {len(b.site.reports)} reports kept)"


def archives(b: Build) -> str:
    """Each report's downloads (Markdown, JSON, CSV, the seed), each in a ZIP archive, made in
    the build's cache where the report changed; the report homes list them with their sizes."""
    b.archives = make_downloads(b.site.reports,
                                report_urls(b.site.reports, render.href, b.layout.site_url),
                                b.layout.work / "cache" / "downloads")
    return f"{len(b.archives)} report(s)"


def make_pages(b: Build, ui: Interface) -> str:
    """Every page of one interface, as data, and its navigation."""
    site, places = b.site, Places(b.site, b.trends)
    changes = {r.slug: what_changed(r, site, b.trends, ui, render.href, places)
               for r in site.reports}
    cache = PageCache(b.layout.work / "cache" / f"pages-{ui.lang}",
                      b.code_digest() + ui.lang)
    inputs = b.inputs_of()
    pages = report_pages(site.reports, ui, render.href, changes,
                         home_timeline(site, b.trends, ui),
                         lambda report, change, make: cache.pages(
                             f"report:{report.slug}", (inputs.reports[report.slug], change), make),
                         b.readers.pop(ui.lang, None))  # each interface's, let go once used
    pages += compare_pages(site, b.trends, ui, render.href, places,
                           lambda comparison, make: cache.pages(
                               f"compare:{comparison.newer}", inputs.comparison(comparison), make))
    if site.entries:
        shelf = Shelf(b.layout.work / "cache" / f"lines-{ui.lang}.pickle",
                      b.code_digest() + render.matching(site))
        pages += glossary_pages(site, ui, render.href, b.trends, places,
                                lambda group, entry, shown, make: cache.pages(
                                    group, inputs.term(entry, shown), make),
                                Lines(site, lambda key, make: shelf.get(inputs.paragraphs[key],
                                                                        make)))
        shelf.save(set(inputs.paragraphs.values()))
    cache.save()
    pages += editors_pages(site.reports, b.candidates, unused(site),
                           downloads_parts(ui, render.href, PageRef("editors")), ui,
                           render.href)
    pages.append(about_page(downloads_parts(ui, render.href, PageRef("about")), ui))
    pages = with_downloads(pages, site.reports, ui, render.href, b.archives)
    pages = with_corrections(pages, site, b.repository, b.layout.root, ui)
    link_reports([page for page in pages if page.ref.kind != "reader"],  # those are pointed
                 paragraph_sections(site.reports), render.href)
    b.pages[ui.lang] = (pages, site_nav(site, ui))
    return f"{len(pages)} pages ({cache.made} groups made, {cache.kept} unchanged)"


def render_pages(b: Build, ui: Interface) -> str:
    """Render one interface's pages into ``build/site-<lang>``, dated by the newest report."""
    pages, nav = b.pages.pop(ui.lang)  # not held through the stages after this one
    out = b.layout.interface_site(ui.lang)
    done = render.render_interface(b.site, pages, nav, ui, b.layout.templates, b.layout.work,
                                   out, b.layout.site_url, build_epoch(b.reports))
    b.problems += done.problems
    return f"{done.written} written, {done.kept} unchanged"


def memory(b: Build) -> str:
    """Start making the parallel corpus (TMX: every report's sentences aligned) in the build's
    cache, in a process of its own when there is a core for it: it needs only the reports, and
    the stages after it run meanwhile."""
    if not _can_fork():
        return "TMX made with the exports"
    b.memory = multiprocessing.get_context("fork").Process(
        target=_make_memory, args=(b.site.reports, b.layout.work / "exports"))
    b.memory.start()
    return "TMX started in the background"


def _make_memory(reports: list[Report], cache: Path) -> None:
    """The TMX into the cache, in the background process; a failure is left for ``exports``,
    which makes it again and reports what went wrong as the build reports problems."""
    try:
        cached_tmx(reports, cache)
    except Exception:  # noqa: BLE001 - shown by the exports stage, not as a traceback here
        os._exit(1)


def exports(b: Build) -> str:
    """The parallel corpus (TMX) and the glossary (TBX, CSV) in the site's downloads/ (the
    TMX as ``memory`` made it, or made here if it could not)."""
    if b.memory is not None:
        b.memory.join()
        b.memory = None
    write_exports(b.site.reports, b.site.entries,
                  b.layout.interface_site(LANGUAGES[0]) / "downloads", b.layout.work / "exports")
    return "TMX, TBX, CSV"


def downloads(b: Build) -> str:
    """Each report's archives (from ``archives``) in the site's downloads/, and each
    interface's Atom feed of the reports at its root."""
    count = write_downloads(b.archives, b.layout.interface_site(LANGUAGES[0]) / "downloads")
    for lang in LANGUAGES:
        write_feed(b.site.reports, Interface.load(lang, b.layout.templates), render.href,
                   b.layout.interface_site(lang), b.layout.site_url)
    return f"{count} report files, {len(LANGUAGES)} feeds"


def index(b: Build) -> str:
    """Start indexing, in the background, the search records (paragraphs and glossary entries
    of both interfaces) of each bundle whose records changed; each report's records are kept
    from the last build while the report and the glossary's terms are unchanged."""
    ui, zh = (Interface.load(lang, b.layout.templates) for lang in LANGUAGES)
    inputs = b.inputs_of()
    cache = PageCache(b.layout.work / "cache" / "records", b.code_digest())
    b.indexing = start_index(b.site, ui, render.href, b.layout.work / "search", zh,
                             lambda report, make: cache.pages(
                                 report.slug, (inputs.reports[report.slug], inputs.faces), make))
    cache.save()
    return f"{b.indexing.records} records, {len(b.indexing.cached)} bundles"


def search(b: Build) -> str:
    """Wait for the search index (one Pagefind bundle per shard) and link it into the site."""
    done = b.indexing.finish(b.layout.interface_site(LANGUAGES[0]))
    return f"{done.records} records indexed, {done.indexed} of {done.shards + 1} bundles indexed"


def publish(b: Build) -> str:
    """Assemble the site (English at the root, each other interface in its folder, zh/) and
    swap it into ``site/``; the site it replaced is left for the next build to reuse."""
    new_site = b.layout.interface_site(LANGUAGES[0])
    for lang in LANGUAGES[1:]:
        b.layout.interface_site(lang).rename(new_site / lang)
    write_inside(new_site / ".nojekyll", "", b.layout.work)
    old = _swap(new_site, b.layout.site)
    if old is not None:
        _recycle(old, b.layout)
    return "site/ replaced"


def _recycle(old: Path, layout: Layout) -> None:
    """Leave each interface's part of the site just replaced where the renderer takes it up
    again (``render.recycled``); what cannot be moved there is removed."""
    parts = [(old / lang, layout.interface_site(lang)) for lang in LANGUAGES[1:]]
    for tree, site_dir in [*parts, (old, layout.interface_site(LANGUAGES[0]))]:
        if not tree.is_dir():
            continue
        target = render.recycled(site_dir)
        if target.exists():
            shutil.rmtree(target)
        try:
            tree.rename(target)
        except OSError:
            shutil.rmtree(tree)


@dataclass(frozen=True)
class Stage:
    """One step of the build: its name, its function, and whether it runs per interface."""

    name: str
    run: Callable[..., str]
    per_interface: bool = False


STAGES = (Stage("ingest", ingest), Stage("load", load), Stage("resolve", resolve_terms),
          Stage("series", series), Stage("index", index), Stage("memory", memory),
          Stage("check", check),
          Stage("convert", convert), Stage("archives", archives),
          Stage("pages", make_pages, True), Stage("render", render_pages, True),
          Stage("exports", exports), Stage("downloads", downloads), Stage("search", search),
          Stage("publish", publish))


def stages(*names: str) -> tuple[Stage, ...]:
    """The stages with these names, in build order."""
    return tuple(s for s in STAGES if s.name in names)


def run(b: Build, steps: tuple[Stage, ...] = STAGES) -> Build:
    """Run the stages in order, saying one timed line per stage (per interface where it runs
    per interface); a search index still being made when the build stops is abandoned."""
    try:
        for per_interface, group in groupby(steps, key=lambda step: step.per_interface):
            if per_interface:
                for line in _interfaces(b, tuple(group)):
                    b.say(line)
                b.settle(b.strict)  # the renderer's warnings: under --strict they stop it here
                continue
            for step in group:
                started = time.perf_counter()
                note = step.run(b)
                b.say(f"{step.name}: {note} in {time.perf_counter() - started:.1f}s")
    finally:
        if b.indexing is not None:
            b.indexing.stop()
        if b.memory is not None:  # the build stopped before its exports
            b.memory.kill()
            b.memory.join()
    return b


def _per_interface(b: Build, steps: tuple[Stage, ...], lang: str) -> list[str]:
    ui = Interface.load(lang, b.layout.templates)
    lines = []
    for step in steps:
        started = time.perf_counter()
        note = step.run(b, ui)
        lines.append(f"{step.name}: {lang} interface, {note} in "
                     f"{time.perf_counter() - started:.1f}s")
    return lines


def _in_child(b: Build, steps: tuple[Stage, ...], lang: str, pipe) -> None:
    before = len(b.problems)
    try:
        lines = _per_interface(b, steps, lang)
        pipe.send(("ok", b.problems[before:], lines))
    except BuildFailed as failed:
        pipe.send(("failed", failed.problems, []))
    except Exception as exc:  # reported to the parent as one clear problem
        pipe.send(("failed", [error(b.layout.work, None, f"render ({lang}) failed: {exc}")], []))


def _can_fork() -> bool:
    """Whether a stage's work can go to a forked process on a core of its own."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _interfaces(b: Build, steps: tuple[Stage, ...]) -> list[str]:
    """Run per-interface stages for every language: the first here, each other one in a
    process of its own when there is a core for it."""
    first, *others = LANGUAGES
    if not _can_fork():
        return [line for lang in LANGUAGES for line in _per_interface(b, steps, lang)]
    context = multiprocessing.get_context("fork")
    children = []
    for lang in others:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_in_child, args=(b, steps, lang, send))
        child.start()
        children.append((child, receive))
    try:
        lines = _per_interface(b, steps, first)
    finally:
        results = [receive.recv() for _child, receive in children]
        for child, _receive in children:
            child.join()
    failed = [p for status, problems, _lines in results if status == "failed" for p in problems]
    if failed:
        raise BuildFailed(b.problems + failed)
    for _status, problems, child_lines in results:
        b.problems += problems
        lines += child_lines
    return lines


def build_epoch(reports: list[Report]) -> int:
    """The build's date as a Unix time: ``SOURCE_DATE_EPOCH`` if the caller set it, else the
    newest report's date, not the clock, so that two builds of the same inputs are identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    days = []
    for report in reports:
        try:
            days.append(date.fromisoformat(report.meta.date))
        except ValueError:
            continue
    newest = max(days, default=date(2000, 1, 1))
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc).timestamp())


def _swap(new_site: Path, site: Path) -> Path | None:
    """Put ``new_site`` in the place of ``site``; where the site it replaced now is, if there
    was one."""
    old = new_site.with_name("site.old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    return old if old.exists() else None
