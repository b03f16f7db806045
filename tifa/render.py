"""Render: the renderer adapter — the only module that knows Material's templates and assets.

It receives the pages as data (``model.Page``) and the navigation (``model.NavItem``), owns the
URL scheme (``href``: page + anchor → address, called by pages, term pages and search
records), assembles each page's body from its parts (tifa's HTML, headings, and prose
converted piece by piece by Python-Markdown with ``tifa.annotate`` and ``tifa.safety``, the
annotator handed a per-page ``href``: no page is converted whole), and renders every page with Jinja
from our ``templates/`` over Material's templates, writing it to disk as soon as it is made. The
gloss cards of an interface are one file, ``glossary/cards.json`` under its root, which
``tifa.js`` reads when a term is first opened: no page holds a card.

Builds are incremental: each page's assembled body is cached under a hash of its inputs (its
parts, the glossary's forms, the templates, tifa's code), and each finished page under a hash
of everything it is made from (its body, the part of the navigation it shows, the templates, the
site address); a glossary entry's definition, notes or count are in none of them. An unchanged
page is neither converted nor rendered again; a page that disappeared is removed. The cache lives
in the build folder and is safe to delete. Replacing the renderer means replacing this module and
``templates/``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import sqlite3
import xml.etree.ElementTree as etree
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from html import escape, unescape
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urljoin, urlsplit

import jinja2
import material
from markdown import Extension, Markdown
from markdown.extensions import toc
from markdown.treeprocessors import Treeprocessor

from tifa import __version__

from .annotate import AnnotateExtension, cards_data, mark_text
from .errors import Problem, warning
from .guard import ensure_inside, link_file, remove_others, write_inside
from .i18n import LANGUAGES, Interface
from .markup import attr_html, text_html
from .model import Block, Flow, Heading, NavItem, Page, PageRef, Part, Prose, Site
from .pagecache import digest
from .safety import SafeLinksExtension

MATERIAL = Path(material.__file__).resolve().parent / "templates"
SHIPPED = Path(__file__).resolve().parent.parent / "templates"  # tifa's own templates
HEAD = "assets/tifa-head.js"  # each interface's script in every page's <head>, with its strings
MATERIAL_VERSION = "9.8.1"  # the version Material's templates write into every page


def _source(ref: PageRef) -> str:
    """The docs file of a page, without ``.md`` (MkDocs builds ``x/y.md`` into ``x/y/``)."""
    if ref.kind in ("figures", "editors") and ref.report:  # a report's own page of that kind
        return f"reports/{ref.report}/{ref.kind}"
    return {"home": "index", "report": f"reports/{ref.report}/index",
            "reader": f"reports/{ref.report}/{ref.section}", "glossary": "glossary/index",
            "term": f"glossary/{ref.term}",
            # "_" begins no safe name: these folders never clash with any other page
            "term-report": f"glossary/{ref.term}/_reports/{ref.part}".rstrip("/"),
            "term-series": f"glossary/{ref.term}/_series/{ref.part}".rstrip("/"),
            "compare": f"compare/{ref.report}", "editors": "editors", "about": "about"}[ref.kind]


@lru_cache(maxsize=1 << 16)
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
    URL (a page in the base's interface unless it names another); without a base, as written
    on the home page (relative to the site root)."""
    fragment = f"#{anchor}" if anchor else ""
    base = base or PageRef("home")
    if target.kind != "download" and not target.lang:
        target = target._replace(lang=base.lang)
    if target == base and fragment:
        return fragment
    address = _address(target)
    return _relative(address, _address(base)) + fragment


@lru_cache(maxsize=1 << 16)
def _relative(address: str, base: str) -> str:
    """``address`` as a relative URL on the page at ``base`` (both relative to the site root,
    made by ``_address``: no ``.`` or ``..`` in them), as ``posixpath.relpath`` gives it, with
    a folder's trailing slash; called for every link of every page, so memoised."""
    rel = posixpath.relpath("/" + address, "/" + base)
    return rel + ("/" if address.endswith("/") or not address else "")


def page_meta(page: Page) -> dict:
    """What the templates read as ``page.meta``. Material writes the title (on a report's pages
    with the report and its date), the description and our template the citation into the HTML
    as they are, so they are escaped here."""
    ref = page.ref
    tifa = {"page": ref.kind, **{k: v for k, v in (("report", ref.report),
                                                    ("section", ref.section),
                                                    ("term", ref.term)) if v}}
    data: dict = {"title": escape(page.title), "tifa": tifa}
    if ref.kind == "reader":  # a section has no headings to list: the width goes to the text
        data["hide"] = ["toc"]
    if page.citation:
        c = page.citation
        tifa["citation"] = {k: escape(v, quote=True) for k, v in asdict(c).items()
                            if isinstance(v, str)} | {"languages": list(c.languages)}
        tifa["home"] = href(PageRef("report", ref.report), "", ref)
        data["title"] = escape(f"{page.title} — {c.where}" if c.section else c.where)
    if page.description:
        data["description"] = escape(page.description, quote=True)
    return data


def relative_url(url: str, other: str) -> str:
    """``url`` (relative to the site root) as seen from the page at ``other``: the rule of
    Material's ``url`` filter (a trailing slash kept, a file name in ``other`` skipped)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    to, here = _segments(url), _segments(other)
    if ".." in to or ".." in here:  # not an address the site writes: the long way
        rel = posixpath.relpath("/" + url, "/" + other)
    else:  # what posixpath.relpath gives, without its normalising (called for every link)
        same = 0
        for a, b in zip(to, here):
            if a != b:
                break
            same += 1
        rel = "/".join([".."] * (len(here) - same) + to[same:]) or "."
    return rel + "/" if url.endswith("/") else rel


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s and s != "."]


def _normalize(path: str, page: ThemePage | None, base: str) -> str:
    path = path or "."
    if urlsplit(path).scheme or urlsplit(path).netloc or path.startswith(("/", "#")):
        return path
    if page is None:
        return posixpath.join(base, path)
    return relative_url(path, page.url)


@jinja2.pass_context
def _url_filter(context, value: str) -> str:
    return _normalize(str(value), context.get("page"), context.get("base_url", ""))


@dataclass(eq=False)
class Anchor:
    """One heading in a page's table of contents, as the templates read it."""

    title: str
    id: str
    level: int
    children: list[Anchor] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The heading's link on its page."""
        return f"#{self.id}"


@dataclass(eq=False)
class ThemeSection:
    """A group of pages in the navigation, as the templates read it."""

    title: str
    children: list = field(default_factory=list)
    parent: ThemeSection | None = None
    active: bool = False
    is_section = True
    is_page = False
    is_link = False


@dataclass(eq=False)
class ThemePage:
    """One page as Material's templates read it (the fields of MkDocs' page they use)."""

    title: str
    url: str
    meta: dict = field(default_factory=dict)
    parent: ThemeSection | None = None
    previous_page: ThemePage | None = None
    next_page: ThemePage | None = None
    canonical_url: str | None = None
    toc: list[Anchor] = field(default_factory=list)
    content: str = ""
    active: bool = False
    file = True
    is_page = True
    is_section = False
    is_link = False
    children = None
    edit_url = None

    @property
    def is_homepage(self) -> bool:
        """Whether this is the site's home page."""
        return self.url == ""

    @property
    def ancestors(self) -> list[ThemeSection]:
        """The sections holding the page, innermost first."""
        out, up = [], self.parent
        while up is not None:
            out.append(up)
            up = up.parent
        return out


@dataclass
class ThemeNav:
    """The navigation as the templates read it: the items, the pages in order, the home page
    (found once: the templates ask for it several times on every page)."""

    items: list
    pages: list[ThemePage]
    homepage: ThemePage | None = None

    def __post_init__(self) -> None:
        self.homepage = next((p for p in self.pages if p.is_homepage), None)


def theme_nav(nav: list[NavItem],
              site_url: str | None) -> tuple[ThemeNav, dict[PageRef, ThemePage]]:
    """The navigation as theme objects, linked up and down and page to page, and its pages by
    reference. Labels are escaped (the theme writes them as they are)."""
    by_ref: dict[PageRef, ThemePage] = {}

    def build(items: list[NavItem], parent: ThemeSection | None) -> list:
        out: list = []
        for item in items:
            if item.children:
                section = ThemeSection(escape(item.title), parent=parent)
                section.children = build(item.children, section)
                out.append(section)
            else:
                page = ThemePage(escape(item.title), _address(item.ref), parent=parent,
                                 canonical_url=_canonical(site_url, _address(item.ref)))
                by_ref[item.ref] = page
                out.append(page)
        return out

    items = build(nav, None)
    pages = list(by_ref.values())
    for before, after in zip(pages, pages[1:]):
        before.next_page, after.previous_page = after, before
    return ThemeNav(items, pages), by_ref


def _canonical(site_url: str | None, url: str) -> str | None:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url) \
        if site_url else None


def _activate(page: ThemePage, on: bool) -> None:
    page.active = on
    up = page.parent
    while up is not None:
        up.active = on
        up = up.parent


def _toc(tokens: list[dict]) -> list[Anchor]:
    return [Anchor(t["name"], t["id"], t["level"], _toc(t["children"])) for t in tokens]


def _nav_shown(page: ThemePage, nav: ThemeNav) -> list:
    """What of the navigation a page shows (our ``partials/nav.html``: the top-level pages, the
    page's own section) and its neighbours: part of the page's cache key."""
    def tree(item) -> list:
        return [item.title, getattr(item, "url", None), [tree(c) for c in item.children or []]]

    shown = [tree(i) for i in nav.items if not i.children or i in page.ancestors]
    return shown + [[n.title, n.url] if n else None
                    for n in (page.previous_page, page.next_page)]


def _tree_digest(folder: Path) -> str:
    files = [(p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
             for p in sorted(folder.rglob("*")) if p.is_file()]
    return digest(files)


CODE = Path(__file__).resolve().parent


def _code_digest() -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(CODE.glob("*.py"))]


def code_digest(templates: Path) -> str:
    """A hash of tifa's version and code and of the templates (with the interface catalogs):
    what every page depends on whatever its data."""
    return digest(__version__, _code_digest(), _tree_digest(templates), _tree_digest(SHIPPED))


def matching(site: Site) -> str:
    """A hash of what decides where terms are marked: the glossary's forms and renderings."""
    return digest(sorted((e.slug, e.forms, e.exclude, e.renderings) for e in site.entries))
_MD_LINK = re.compile(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#]*\.md)(?:#[^"]*)?"')


class HeadingsTreeprocessor(Treeprocessor):
    """Records what ``toc`` would need of a piece of prose converted on its own — the ids in
    it, and for each heading its level, its own id (if an editor gave one), the id ``toc``
    would derive from its text and its name — leaving the ids to be given in the whole page
    (``md.tifa_ids``, ``md.tifa_headings``)."""

    def run(self, root: etree.Element) -> None:
        self.md.tifa_ids = [el.get("id") for el in root.iter() if el.get("id")]
        self.md.tifa_headings = []
        for el in root.iter():
            if isinstance(el.tag, str) and _HEADING_TAG.fullmatch(el.tag):
                name = toc.strip_tags(toc.render_inner_html(toc.remove_fnrefs(el), self.md))
                self.md.tifa_headings.append(
                    [int(el.tag[-1]), el.get("id"), toc.slugify(unescape(name), "-"), name])


class HeadingsExtension(Extension):
    """Registers :class:`HeadingsTreeprocessor` where ``toc`` would run."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(HeadingsTreeprocessor(md), "tifa_headings", 5)


_HEADING_TAG = re.compile(r"h[1-6]")
_SYNTAX = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\`*_\[\]{}<>&#|]")
"""Characters that may make prose more than one paragraph of plain text, in Python-Markdown or in
its preprocessing (controls, line breaks, escapes, emphasis, links, attribute lists, raw HTML,
entities, headings, tables)."""


def plain_prose(text: str) -> bool:
    """Whether Python-Markdown would make ``text`` one paragraph of its text, as it is: one
    line without Markdown's special characters, not starting a list, quote or heading
    (``tests/test_assemble.py`` compares the two roads on many texts)."""
    return bool(text) and text == text.strip() and not _SYNTAX.search(text) \
        and not _LIST_NUMBER.match(text) and text[0] not in "-+=>"


_LIST_NUMBER = re.compile(r"\d+\.")  # how an ordered list's item may begin (refused whole)
_LEAD = re.compile(r"\*\*(?P<lead>[^*]+)\*\*(?P<rest>[^*]*)")


_HEADING_LINE = re.compile(r"(?P<hashes>#{1,6}) (?P<name>[^#]+)")


def heading_prose(text: str) -> tuple[int, str] | None:
    """A heading of plain text (``## Name``), as its level and its text, or None."""
    m = _HEADING_LINE.fullmatch(text)
    if not m or text != text.strip() or not plain_prose(m["name"]):
        return None
    return len(m["hashes"]), m["name"]


def lead_prose(text: str) -> tuple[str, str] | None:
    """A paragraph that is a bold lead and plain text after it (``**Lead.** Text``, as reports'
    paragraphs often begin), split into the two, or None (``tests/test_assemble.py``)."""
    m = _LEAD.fullmatch(text)
    if not m or text != text.strip() or not plain_prose(m["lead"]) or _SYNTAX.search(m["rest"]):
        return None
    return m["lead"], m["rest"]


class ProseConverter:
    """Converts prose on its own, once for every page and interface that shows it: plain text,
    a bold lead before plain text and a heading of plain text directly, anything else by
    Python-Markdown (``tables``, ``tifa.safety``, ``tifa.annotate`` in the prose's language,
    and what ``toc`` needs recorded for the page)."""

    def __init__(self, site: Site) -> None:
        self.site, self.base = site, PageRef("home")
        self.md = {lang: Markdown(extensions=[
            "tables", HeadingsExtension(), SafeLinksExtension(),
            AnnotateExtension(site=site, href=self.href, lang=lang)])
            for lang in ("", "zh", "en")}

    def href(self, target: PageRef, anchor: str = "", base: PageRef | None = None) -> str:
        """``render.href`` with the page the prose is on as the base."""
        return href(target, anchor, base or self.base)

    def _text(self, text: str, lang: str) -> str:
        """Plain text as HTML, its terms of ``lang`` marked (none without a language)."""
        if not lang:
            return text_html(text)
        matcher = self.site.zh if lang == "zh" else self.site.en
        return mark_text(text, matcher, lambda slug: self.href(PageRef("term", term=slug)))

    def _direct(self, prose: Prose) -> dict | None:
        """What Python-Markdown would make of plain text, a bold lead before plain text or a
        heading of plain text, made directly; None for any other prose."""
        text, lang = prose.text, prose.lang
        if plain_prose(text):
            return {"html": f"<p>{self._text(text, lang)}</p>", "ids": [], "headings": []}
        lead = lead_prose(text)
        if lead:
            html = f"<strong>{self._text(lead[0], lang)}</strong>{self._text(lead[1], lang)}"
            return {"html": f"<p>{html}</p>", "ids": [], "headings": []}
        heading = heading_prose(text)
        if heading:
            level, name = heading
            title = toc.strip_tags(text_html(name))
            return {"html": f"<h{level}>{self._text(name, lang)}</h{level}>", "ids": [],
                    "headings": [[level, None, toc.slugify(unescape(title), "-"), title]]}
        return None

    def convert(self, prose: Prose, base: PageRef, full: bool = False) -> dict:
        """The HTML of ``prose`` on the page ``base``, its ids and headings (``full``: by
        Python-Markdown even when the text is plain)."""
        self.base = base
        direct = None if full else self._direct(prose)
        if direct is not None:
            return direct
        md = self.md[prose.lang]
        md.reset()
        html = md.convert(prose.text)
        return {"html": html, "ids": md.tifa_ids, "headings": md.tifa_headings}


def prose_key(fixed: str, prose: Prose, base: PageRef) -> str:
    """The cache key of a piece of prose as converted on the page ``base`` (the glossary's
    address from there decides its term links)."""
    return _prose_key(fixed, prose, href(PageRef("glossary"), "", base))


def _prose_key(fixed: str, prose: Prose, glossary: str) -> str:
    """``prose_key`` with the glossary's address from the page (``glossary``) at hand."""
    # the text last: the rest has no NUL
    return hashlib.sha256(f"{fixed}\0{prose.lang}\0{glossary}\0{prose.text}".encode()).hexdigest()


class ProseStore:
    """Converted prose by key, in one SQLite file of the build folder (each process opens
    its own connection; safe to delete)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS prose (key TEXT PRIMARY KEY, data TEXT)")

    def keys(self) -> set[str]:
        """Every key stored."""
        return {row[0] for row in self.db.execute("SELECT key FROM prose")}

    def get(self, keys: list[str]) -> dict[str, dict]:
        """The stored prose of ``keys`` (those found)."""
        found: dict[str, dict] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update((k, json.loads(v)) for k, v in self.db.execute(
                f"SELECT key, data FROM prose WHERE key IN ({','.join('?' * len(chunk))})",
                chunk))
        return found

    def put(self, items: dict[str, dict]) -> None:
        """Store converted prose."""
        self.db.executemany("INSERT OR REPLACE INTO prose VALUES (?, ?)",
                            [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])

    def keep_only(self, keys: set[str]) -> None:
        """Drop the prose no page uses any more."""
        gone = [(k,) for k in self.keys() - keys]
        self.db.executemany("DELETE FROM prose WHERE key = ?", gone)

    def close(self) -> None:
        """Commit and close."""
        self.db.commit()
        self.db.close()


def _store_path(work: Path) -> Path:
    return work / "cache" / "prose.sqlite"


def _fixed_prose(site: Site) -> str:
    return digest(__version__, _code_digest(), matching(site))


class Conversion:
    """Converts the prose of pages that the build's cache does not hold yet, storing it as it
    goes (memory does not grow with the site); ``finish`` drops what no page of the build uses
    (neither converted nor ``kept`` since it was opened). A context manager: it closes the
    store."""

    def __init__(self, site: Site, work: Path) -> None:
        self.fixed, self.converter = _fixed_prose(site), ProseConverter(site)
        self.store = ProseStore(_store_path(work))
        self.known, self.used, self.batch = self.store.keys(), set(), {}
        self.converted = 0

    def add(self, pages: list[Page]) -> list[str]:
        """Convert the prose of ``pages`` not stored yet; the keys of all their prose."""
        keys = []
        for page in pages:
            glossary = href(PageRef("glossary"), "", page.ref)
            for prose in _prose_of(page.parts):
                key = _prose_key(self.fixed, prose, glossary)
                keys.append(key)
                if key in self.used:
                    continue
                self.used.add(key)
                if key not in self.known:
                    self.batch[key] = self.converter.convert(prose, page.ref)
                if len(self.batch) == 1000:
                    self._put()
        return keys

    def keep(self, keys: list[str]) -> None:
        """Keep prose stored by an earlier build (its pages taken from the cache of pages)."""
        self.used.update(keys)

    def _put(self) -> None:
        self.store.put(self.batch)
        self.converted, self.batch = self.converted + len(self.batch), {}

    def finish(self) -> tuple[int, int]:
        """Store the rest and drop what is not used; how many were converted and kept."""
        self._put()
        self.store.keep_only(self.used)
        return self.converted, len(self.used) - self.converted

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.store.close()  # what was stored before a failure is kept


def convert_prose(site: Site, pages: list[Page], work: Path) -> tuple[int, int]:
    """Convert the prose of ``pages`` (assembled pages, of every interface) that the build's
    cache does not hold yet, and drop what no page uses; how many were converted and kept."""
    with Conversion(site, work) as conversion:
        conversion.add(pages)
        return conversion.finish()


class Assembler:
    """Assembles pages from their parts: converted prose (from the build's store, else
    converted now), headings given the ids ``toc`` would give them in the whole page, and
    tifa's own HTML, written as the sanitiser writes it."""

    def __init__(self, site: Site, work: Path) -> None:
        self.site, self.fixed = site, _fixed_prose(site)
        self.store, self.converter = ProseStore(_store_path(work)), ProseConverter(site)

    def convert(self, page: Page) -> dict:
        """The page's HTML, its table of contents and the links in it to Markdown files,
        which are no page of the site."""
        proses = list(_prose_of(page.parts))
        keys = [prose_key(self.fixed, p, page.ref) for p in proses]
        found = self.store.get(list(set(keys)))
        done = {k: found.get(k) or self.converter.convert(p, page.ref)
                for k, p in zip(keys, proses)}
        converted = iter([done[k] for k in keys])
        pieces = [next(converted) if isinstance(p, Prose) else p for p in _pieces(page.parts)]
        used_ids = {v for part in page.parts for v in _block_ids(part)}
        for piece in pieces:  # every id already in the page, as ``toc`` collects them first
            if isinstance(piece, dict):
                used_ids.update(piece["ids"])
            elif piece.id:
                used_ids.add(piece.id)
        counters: dict[str, int] = {}
        toc_tokens: list[dict] = []
        htmls = [_piece_html(piece, used_ids, counters, toc_tokens) for piece in pieces]
        given = iter(htmls)
        # a page's own raw HTML block ends in a newline, as Python-Markdown stashes it
        content = "\n".join(_part_html(part, given) + "\n" * isinstance(part, str)
                             for part in page.parts)
        content = content.rstrip("\n")
        return {"html": content, "toc": toc.nest_toc_tokens(toc_tokens),
                "broken": sorted(set(_MD_LINK.findall(content)))}

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def _pieces(parts: tuple[Part, ...]) -> Iterator[Prose | Heading]:
    """The prose and the headings of a page, in the order of the page."""
    for part in parts:
        if isinstance(part, (Prose, Heading)):
            yield part
        elif isinstance(part, Block):
            yield from _pieces(part.content)


def _prose_of(parts: tuple[Part, ...]) -> Iterator[Prose]:
    return (p for p in _pieces(parts) if isinstance(p, Prose))


def _piece_html(piece: dict | Heading, used_ids: set[str], counters: dict[str, int],
                toc_tokens: list[dict]) -> str:
    """Converted prose or a heading as HTML, its headings given the ids ``toc`` gives them
    in the page (in the order it gives them), and those of levels 1 and 2 added to
    ``toc_tokens``."""
    headings = piece["headings"] if isinstance(piece, dict) else [_heading_record(piece)]
    mine = []
    for level, own, slug, name in headings:
        anchor = own or toc.unique(slug, used_ids, counters)
        if not own:
            mine.append(anchor)
        if level <= 2:
            toc_tokens.append({"level": level, "id": toc.unescape(anchor), "name": name})
    if isinstance(piece, dict):
        return _with_ids(piece["html"], mine)
    attrs = piece.attrs + (("id", mine[0] if mine else piece.id),)
    return f"<h{piece.level}{_attributes(attrs)}>{piece.html}</h{piece.level}>"


def _heading_record(heading: Heading) -> list:
    """What ``HeadingsTreeprocessor`` records of a heading in prose, for one tifa makes: its
    level, its own id, the id ``toc`` derives from its text, and its name in the contents."""
    text = unescape(toc.strip_tags(heading.html))
    return [heading.level, heading.id or None, toc.slugify(text, "-"), toc.escape_cdata(text)]


def _attributes(attrs: tuple[tuple[str, str], ...]) -> str:
    """Attributes as the serialiser writes them (in order of their names), values escaped as
    the sanitiser writes them."""
    return "".join(f' {k}="{attr_html(v)}"' for k, v in sorted(attrs))


def _block_ids(part: Part) -> Iterator[str]:
    if isinstance(part, Block):
        yield from (v for k, v in part.attrs if k == "id")
        for child in part.content:
            yield from _block_ids(child)


def _part_html(part: Part, converted: Iterator[str]) -> str:
    """A part as HTML, its prose and headings taken in order from ``converted``, tifa's own
    HTML as it is (written as the sanitiser writes it: ``tests/test_assemble.py``)."""
    if isinstance(part, (Prose, Heading)):
        return next(converted)
    if isinstance(part, Block):
        inner = "\n".join(filter(None, (_part_html(child, converted)
                                        for child in part.content)))
        attrs = _attributes(part.attrs)
        return f"<{part.tag}{attrs}>\n{inner}\n</{part.tag}>" if inner else \
            f"<{part.tag}{attrs}></{part.tag}>"
    return part.html if isinstance(part, Flow) else part


_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')
_HEADING_OPEN = re.compile(r"<h[1-6][\s>]")
_ATTRIBUTE = re.compile(r'\s([^\s="]+)(?:="([^"]*)")?')


def _with_ids(html: str, ids: list[str]) -> str:
    """Converted prose with ``ids`` given, in order, to its headings that have none (each
    attribute in the serialiser's order)."""
    if not ids:
        return html
    out, at, given = [], 0, iter(ids)
    for tag in _TAG.finditer(html):
        if _HEADING_OPEN.match(tag.group()) and ' id="' not in tag.group():
            name = tag.group()[1:3]
            attrs = _ATTRIBUTE.findall(tag.group()[3:-1]) + [("id", next(given))]
            out += [html[at:tag.start()], f"<{name}",
                    "".join(f' {k}="{v}"' for k, v in sorted(attrs)), ">"]
            at = tag.end()
    return "".join(out) + html[at:]


SUMMARY = ("broken",)  # what the cache's index keeps of every body


@dataclass
class Cache:
    """The renderer's cache of one interface in the build folder: converted bodies by the hash
    of their inputs (one file each, read only when a page is rendered again), an index of
    what each body needs checked, and the key of every page on disk. Safe to delete."""

    folder: Path
    pages: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path) -> Cache:
        """The cache in ``folder`` (empty if there is none or it cannot be read)."""
        try:
            index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            return cls(folder, dict(index["pages"]), dict(index["bodies"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder)

    def body(self, key: str) -> dict | None:
        """A converted body by its key, if cached."""
        try:
            return json.loads((self.folder / "bodies" / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def keep_body(self, key: str, body: dict) -> None:
        """Store a converted body under its key."""
        self.bodies[key] = {k: body[k] for k in SUMMARY}
        write_inside(self.folder / "bodies" / f"{key}.json",
                     json.dumps(body, ensure_ascii=False), self.folder)

    def save(self, pages: dict[str, str], used: set[str]) -> None:
        """Record the pages on disk and drop the bodies no page uses any more."""
        bodies = {k: v for k, v in self.bodies.items() if k in used}
        write_inside(self.folder / "index.json", json.dumps(
            {"pages": pages, "bodies": bodies}, sort_keys=True, ensure_ascii=False), self.folder)
        for stale in (p for p in (self.folder / "bodies").glob("*.json") if p.stem not in used):
            stale.unlink()


ICONS = ("library", "menu", "brightness-auto", "brightness-7", "brightness-4", "translate",
         "arrow-left", "arrow-right")
"""Material's icons in the chrome of every page (logo, drawer, palette, language, footer): each
written as an empty ``<svg>`` that ``assets/tifa-icons.css`` draws (Material's own technique for
its navigation icons), so the paths are in one cached file instead of on every page."""
ICON_CSS = "assets/tifa-icons.css"


def _icon(name: str) -> str | None:
    """An icon of :data:`ICONS` as the templates include it (``.icons/material/<name>.svg``);
    ``None`` for any other template."""
    icon = name.removeprefix(".icons/material/").removesuffix(".svg")
    if name != f".icons/material/{icon}.svg" or icon not in ICONS:
        return None
    return f'<svg class="tifa-icon tifa-icon-{icon}" viewBox="0 0 24 24"></svg>'


def icon_css() -> str:
    """The stylesheet drawing :data:`ICONS` in the text's colour, from Material's own files."""
    rules = [".tifa-icon{background-color:currentcolor;-webkit-mask:center/contain no-repeat;"
             "mask:center/contain no-repeat}"]
    for icon in ICONS:
        svg = (MATERIAL / ".icons" / "material" / f"{icon}.svg").read_text("utf-8").strip()
        url = f'url("data:image/svg+xml;charset=utf-8,{quote(svg)}")'
        rules.append(f".tifa-icon-{icon}{{-webkit-mask-image:{url};mask-image:{url}}}")
    return "\n".join(rules) + "\n"


CHROME = ("base.html", "partials/alternate.html", "partials/citation.html",
          "partials/footer.html", "partials/nav.html", "partials/toc.html")
"""Our templates of the chrome (all of a page but its ``<article>``), written one element a line:
the loader joins their lines, each stripped of its indentation, so the pages carry none of it."""


class ChromeLoader(jinja2.FileSystemLoader):
    """The templates' folders, with the lines of the :data:`CHROME` templates joined."""

    def get_source(self, environment: jinja2.Environment, template: str):
        """The template's source, its lines joined if it is one of the chrome's."""
        source, path, uptodate = super().get_source(environment, template)
        if template in CHROME:
            source = "".join(line.strip() for line in source.splitlines())
        return source, path, uptodate


def _environment(templates: Path, ui: Interface, compiled: Path | None) -> jinja2.Environment:
    """The templates' environment; ``compiled``: a folder keeping the compiled templates from
    one build to the next (Jinja checks each against its source)."""
    folders = [templates, SHIPPED, MATERIAL]  # a project's own, then tifa's, then Material's
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(_icon),
                                  ChromeLoader([str(f) for f in folders])])
    env = jinja2.Environment(loader=loader,
                             auto_reload=False, extensions=["jinja2.ext.i18n"],
                             bytecode_cache=compiled and jinja2.FileSystemBytecodeCache(
                                 str(compiled)))
    env.install_gettext_translations(ui.translations)
    env.filters["url"] = _url_filter
    return env


def palette(ui: Interface) -> list[dict]:
    """Material's colour schemes: the system's setting first, then light and dark, each with
    the name and icon of its switch to the next (``assets/tifa-head.js`` writes the switches)."""
    schemes = [("(prefers-color-scheme)", "default", "brightness-auto",
                ui._("Switch to light mode")),
               ("(prefers-color-scheme: light)", "default", "brightness-7",
                ui._("Switch to dark mode")),
               ("(prefers-color-scheme: dark)", "slate", "brightness-4",
                ui._("Follow the system setting"))]
    return [{"media": media, "scheme": scheme, "primary": "indigo", "accent": "indigo",
             "icon": icon, "name": name} for media, scheme, icon, name in schemes]


MATERIAL_STRINGS = ("language", "direction", "action.skip", "header", "nav", "toc", "footer",
                    "footer.previous", "footer.next", "select.language")
"""Material's interface strings our chrome writes (from its ``partials/languages/*.html``)."""


@dataclass
class MaterialStrings:
    """Material's interface strings in one language, read once, as the templates ask for them
    (``lang.t(key)``; Material's own macro rebuilds its whole table at every call)."""

    strings: dict[str, str]

    @classmethod
    def read(cls, env: jinja2.Environment, config: dict) -> MaterialStrings:
        """The strings of the interface ``config`` names, from Material's templates."""
        language = env.get_template("partials/language.html").make_module({"config": config})
        return cls({key: str(language.t(key)) for key in MATERIAL_STRINGS})

    def t(self, key: str) -> str:
        """The string of ``key`` (one of :data:`MATERIAL_STRINGS`)."""
        return self.strings[key]


def _material_asset(pattern: str) -> str:
    """The name of one of Material's hashed assets (``assets/javascripts/bundle.*.min.js``)."""
    return next(MATERIAL.glob(pattern)).relative_to(MATERIAL).as_posix()


def theme_config(ui: Interface, site_url: str | None) -> dict:
    """What the templates read as ``config``: one interface's site settings."""
    lang = ui.lang
    url = site_url and (site_url.rstrip("/") + "/" + ("" if lang == LANGUAGES[0] else f"{lang}/"))
    return {
        "site_name": "tifa · 提法",
        "site_url": url or None,
        "site_description": ui._("Chinese policy reports with a paragraph-by-paragraph English "
                                 "translation, every political term marked and explained."),
        "theme": {"language": lang, "favicon": "assets/images/favicon.png",
                  "palette": palette(ui)},
        "extra_css": [_material_asset("assets/stylesheets/main.*.min.css"),
                      _material_asset("assets/stylesheets/palette.*.min.css"),
                      "assets/tifa.css", ICON_CSS],
        "extra_javascript": [_material_asset("assets/javascripts/bundle.*.min.js"),
                             "assets/tifa.js", "assets/search.js"],
        "extra": {"tifa_lang": lang, "root_url": site_url, "head_script": HEAD},
    }


@dataclass
class Rendered:
    """What rendering one interface did: pages written anew, pages kept, and the problems found
    (links to pages that do not exist)."""

    written: int = 0
    kept: int = 0
    problems: list[Problem] = field(default_factory=list)


def _output(ref: PageRef) -> str:
    address = _address(ref._replace(lang=""))
    return address + "index.html"


class Theme:
    """One interface's templates, settings and navigation: assembles pages with Jinja."""

    def __init__(self, ui: Interface, nav: list[NavItem], templates: Path,
                 site_url: str | None, compiled: Path | None = None) -> None:
        self.config = theme_config(ui, site_url)
        self.nav, self.by_ref = theme_nav(nav, self.config["site_url"])
        self.env = _environment(templates, ui, compiled)
        self.strings = MaterialStrings.read(self.env, self.config)
        self.template = self.env.get_template("main.html")

    def page(self, page: Page) -> ThemePage:
        """The theme's page object of ``page`` (the navigation's own if it is listed there)."""
        address = _address(page.ref)
        return self.by_ref.get(page.ref) or ThemePage(
            escape(page.title), address, canonical_url=_canonical(self.config["site_url"],
                                                                  address))

    def html(self, page: Page, body: dict) -> str:
        """The finished HTML of a page from its converted body."""
        shown = self.page(page)
        shown.meta, shown.toc, shown.content = page_meta(page), _toc(body["toc"]), body["html"]
        _activate(shown, True)
        try:
            return self.template.render(self.context(shown, page.ref in self.by_ref))
        finally:
            _activate(shown, False)
            shown.content, shown.toc = "", []

    def context(self, page: ThemePage | None, listed: bool = False) -> dict:
        """What the templates see: MkDocs' template variables, from our data; ``listed``: the
        page is in the navigation (its item holds the drawer's table of contents)."""
        config = self.config
        base = relative_url(".", page.url) if page is not None else \
            urlsplit(config["site_url"] or "/").path
        return {"config": config, "nav": self.nav, "page": page, "base_url": base,
                "listed": listed, "lang": self.strings}


def render_interface(site: Site, pages: list[Page], nav: list[NavItem], ui: Interface,
                     templates: Path, work: Path, site_dir: Path,
                     site_url: str | None = None, epoch: int = 0) -> Rendered:
    """Render one interface's pages into ``site_dir``: each page converted (or taken from the
    cache), assembled by the templates and written at once; pages whose inputs did not change
    are kept from the last build, pages that disappeared are removed. ``epoch`` (a Unix time)
    dates the sitemap."""
    theme = Theme(ui, nav, templates, site_url, work / "cache" / f"templates-{ui.lang}")
    assembler = Assembler(site, work)
    out, cache = work / f"pages-{ui.lang}", Cache.open(work / "cache" / f"render-{ui.lang}")
    fixed = digest(code_digest(templates), MATERIAL_VERSION, theme.config)
    marks = matching(site)
    keys, used, done = {}, set(), Rendered()
    for page in pages:
        name, body_key = _output(page.ref), digest(fixed, marks, page.ref,
                                                   page.parts)  # pickle's hash: parts are data
        body = _summary(cache, assembler, body_key, page)
        used.add(body_key)
        done.problems += [_broken(page, link) for link in body["broken"]]
        keys[name] = digest(fixed, body_key, page_meta(page),
                            _nav_shown(theme.page(page), theme.nav), epoch)
        if cache.pages.get(name) == keys[name] and (out / name).is_file():
            done.kept += 1
            continue
        if "html" not in body:
            body = cache.body(body_key) or _convert(cache, assembler, body_key, page)
        done.written += 1
        _replace(out / name, theme.html(page, body).encode("utf-8"), out)
    cache.save(keys, used)
    assembler.close()
    made = set(keys) | _write_extras(theme, pages, out, epoch) | copy_static(templates, out)
    made.add(write_cards(site, ui, out))
    _remove_gone(out, made)
    _link_tree(out, site_dir)
    return done


def _summary(cache: Cache, converter: Assembler, key: str, page: Page) -> dict:
    """What the build needs to know of a page's converted body: from the cache's index if its
    inputs are unchanged, else the body converted now (and cached)."""
    return cache.bodies.get(key) or _convert(cache, converter, key, page)


def _convert(cache: Cache, converter: Assembler, key: str, page: Page) -> dict:
    body = converter.convert(page)
    cache.keep_body(key, body)
    return body


CARDS = "glossary/cards.json"  # an interface's gloss cards, under its root (tifa.js reads it)


def write_cards(site: Site, ui: Interface, out: Path) -> str:
    """Write the gloss cards of one interface (``annotate.cards_data``) where ``tifa.js`` reads
    them; the file's name."""
    data = json.dumps(cards_data(list(site.cards.values()), ui), ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    _replace(out / CARDS, data.encode("utf-8"), out)
    return CARDS


def _broken(page: Page, link: str) -> Problem:
    where = Path(_source(page.ref) + ".md")
    return warning(where, None, f"the page links to '{link}', which is not a page of the site",
                   "link to a report or section as [text](report:slug#p12), or to a full "
                   "https:// address")


def _remove_gone(out: Path, names: set[str]) -> None:
    """Remove every file of the rendered tree that this build did not make (pages that
    disappeared, a file left half-written by a killed build) and the folders left empty."""
    remove_others(out, names)


def _write_extras(theme: Theme, pages: list[Page], out: Path, epoch: int) -> set[str]:
    """The 404 page, the sitemap (plain and gzipped, dated by the build, each page with its
    address in every interface), the interface's head script (with its strings) and the icons'
    stylesheet; their names."""
    config, env = theme.config, theme.env
    html = env.get_template("404.html").render(theme.context(None))
    _replace(out / "404.html", html.encode("utf-8"), out)
    head = env.get_template("tifa-head.js.html").render(
        palette=config["theme"]["palette"], site_name=config["site_name"],
        pagefind="pagefind/" if config["extra"]["tifa_lang"] == LANGUAGES[0] else "../pagefind/")
    _replace(out / HEAD, head.encode("utf-8"), out)
    _replace(out / ICON_CSS, icon_css().encode("utf-8"), out)
    day = datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")
    root = config["extra"]["root_url"]
    urls = [(_canonical(config["site_url"], _address(p.ref)),
             [(HREFLANG[lang], _canonical(root, _address(p.ref._replace(lang=lang))))
              for lang in LANGUAGES]) for p in pages]
    sitemap = env.get_template("sitemap.xml").render(urls=[u for u in urls if u[0]], day=day)
    _replace(out / "sitemap.xml", sitemap.encode("utf-8"), out)
    gz = out / "sitemap.xml.gz"
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, filename=str(gz), mode="wb", mtime=epoch) as zipped:
        zipped.write(sitemap.encode("utf-8"))
    _replace(gz, packed.getvalue(), out)
    return {"404.html", "sitemap.xml", "sitemap.xml.gz", HEAD, ICON_CSS}


HREFLANG = {"en": "en", "zh": "zh-Hans"}  # each interface's language as hreflang names it


def _replace(path: Path, data: bytes, area: Path) -> None:
    """Write a file of the rendered tree, if it changed, as a new file (the old one may be
    hard-linked into the published site, which must not change before the build swaps it)."""
    ensure_inside(path, area)
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".new")
    fresh.write_bytes(data)
    os.replace(fresh, path)


STATIC_SKIP = ("javascripts/lunr/", "javascripts/workers/", ".map")


def copy_static(templates: Path, out: Path) -> set[str]:
    """Material's stylesheets, script bundle and icon, and our assets, where they changed
    (Material's search index, its worker and the source maps are not used and not copied);
    their names."""
    sources = [(p, p.relative_to(MATERIAL)) for p in (MATERIAL / "assets").rglob("*")
               if p.is_file() and not any(s in p.as_posix() for s in STATIC_SKIP)]
    sources += [(p, p.relative_to(templates)) for p in (templates / "assets").rglob("*")
                if p.is_file()]
    for source, name in sources:
        _replace(out / name, source.read_bytes(), out)
    return {name.as_posix() for _source, name in sources}


def _link_tree(out: Path, site_dir: Path) -> None:
    """The rendered tree as ``site_dir`` (hard links where the file system allows them): the
    tree the last build published, if it left one (``recycled``), made to match it, so that
    only what changed is linked or removed (creating and removing thousands of folders is
    what copying the tree afresh cost), else a new tree."""
    if not site_dir.exists() and recycled(site_dir).is_dir():
        recycled(site_dir).rename(site_dir)
    _mirror(out, site_dir)


def recycled(site_dir: Path) -> Path:
    """Where the build's publishing leaves the tree of an interface's site that it replaced
    (``site_dir`` being where the interface is built), for the next build to reuse."""
    return site_dir.with_name(site_dir.name + ".old")


def _mirror(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly ``source``'s files, each the same file (a hard link, else
    a copy): a file whose inode differs is linked anew (replaced, never rewritten: the old one
    may be published), what ``source`` does not hold is removed."""
    target.mkdir(exist_ok=True)
    there = {entry.name: entry for entry in os.scandir(target)}
    for entry in os.scandir(source):
        old, path = there.pop(entry.name, None), target / entry.name
        if entry.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                path.unlink()
            _mirror(Path(entry.path), path)
        elif old is None or old.is_dir(follow_symlinks=False) or old.inode() != entry.inode():
            if old is not None and old.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            fresh = path.with_name(f".{path.name}.tifa-link")  # no file of a site is named so
            fresh.unlink(missing_ok=True)
            link_file(entry.path, fresh)
            os.replace(fresh, path)
    for name, old in there.items():
        if old.is_dir(follow_symlinks=False):
            shutil.rmtree(target / name)
        else:
            (target / name).unlink()
