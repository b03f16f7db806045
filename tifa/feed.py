"""The Atom 1.0 feed (RFC 4287) of the digest's reports, one per interface (``feed.xml`` at the
interface's root), newest first, announced in every page's head by the templates.

An entry's id is a name-based UUID of the report's slug and the interface, so it stays the same
from build to build and when the site moves; its dates are the report's date (the only date the
digest knows of a report: no clock is read, so two builds give the same feed). A report without
a date has no place in a feed sorted by date and is left out; so are all but the ``NEWEST``.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .guard import write_inside
from .i18n import LANGUAGES, Interface
from .markup import plain, report_title
from .model import Href, PageRef, Report

ATOM = "http://www.w3.org/2005/Atom"
NAME = "feed.xml"
NEWEST = 50
"""How many reports the feed holds (the newest; a feed is read for what is new)."""
_NAMESPACE = uuid.UUID("6f1e0a52-7d0c-4c55-9d8e-2f0d1c7a8b31")  # tifa's own, for uuid5 ids


def entry_id(slug: str, lang: str) -> str:
    """The stable id of a report's entry in one interface's feed."""
    return uuid.uuid5(_NAMESPACE, f"report/{lang}/{slug}").urn


def _day(report: Report) -> date | None:
    try:
        return date.fromisoformat(report.meta.date)
    except ValueError:
        return None


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text:
        node.text = text
    return node


def _absolute(site_url: str | None, address: str) -> str:
    """An address relative to the feed as an absolute one when the site's address is known."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", address) \
        if site_url else address


def _entry(feed: ET.Element, report: Report, day: date, ui: Interface, href: Href,
           site_url: str | None) -> None:
    m, home = report.meta, PageRef("home", lang=ui.lang)
    entry = _sub(feed, "entry")
    _sub(entry, "id", entry_id(report.slug, ui.lang))
    _sub(entry, "title", report_title(report, ui))
    _sub(entry, "link", rel="alternate", type="text/html",
         href=_absolute(site_url, href(PageRef("report", report.slug), "", home)))
    _sub(entry, "published", _stamp(day))
    _sub(entry, "updated", _stamp(day))
    issuer = (m.issuer_zh or m.issuer_en) if ui.lang == "zh" else (m.issuer_en or m.issuer_zh)
    if issuer:
        _sub(_sub(entry, "author"), "name", issuer)
    if m.doc_type:
        _sub(entry, "category", term=m.doc_type)
    other = m.title_en if ui.lang == "zh" else m.title_zh
    summary = plain(report.digest.summary.split("\n\n")[0]) if report.digest else ""
    _sub(entry, "summary", " — ".join(x for x in (other, summary) if x))


def atom(reports: list[Report], ui: Interface, href: Href, site_url: str | None) -> bytes:
    """One interface's feed: the ``NEWEST`` dated reports, newest first. ``site_url`` (the
    interface's published address) makes its links absolute; without it they are relative to
    the feed, which sits at the interface's root."""
    dated = sorted(((d, r) for r in reports if (d := _day(r))), key=lambda x: (x[0], x[1].slug),
                   reverse=True)[:NEWEST]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang":
                                           "zh-Hans" if ui.lang == "zh" else "en"})
    _sub(feed, "id", uuid.uuid5(_NAMESPACE, f"feed/{ui.lang}").urn)
    _sub(feed, "title", "tifa · 提法")
    _sub(feed, "subtitle", ui._("The digest's reports, newest first"))
    _sub(feed, "updated", _stamp(dated[0][0] if dated else date(2000, 1, 1)))
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=_absolute(site_url, NAME))
    _sub(feed, "link", rel="alternate", type="text/html", href=_absolute(site_url, "./"))
    _sub(_sub(feed, "author"), "name", ui._("The tifa editors"))
    _sub(feed, "generator", "tifa")
    for day, report in dated:
        _entry(feed, report, day, ui, href, site_url)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(reports: list[Report], ui: Interface, href: Href, folder: Path,
               site_url: str | None) -> None:
    """Write one interface's feed at the root of its built site ``folder``; ``site_url`` is
    the whole site's address (the first interface's), if known."""
    own = site_url and site_url.rstrip("/") + "/" + ("" if ui.lang == LANGUAGES[0]
                                                      else ui.lang + "/")
    write_inside(folder / NAME, atom(reports, ui, href, own).decode("utf-8"), folder)
