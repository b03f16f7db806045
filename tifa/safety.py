"""Safe output: the one escaping policy for everything an editor wrote (the full review of every
template and page kind is in ``docs/security.md``).

Editor text reaches HTML by one of two roads, never raw:

* **Markdown** (English paragraphs, summaries, the digest, glossary definitions and
  explanations, and the seed's Chinese): raw HTML is escaped before Python-Markdown sees it
  (:func:`editor_markdown`; the seed's text is escaped further by ``pages.md_escape``), attribute
  lists may set only :data:`EDITOR_ATTRIBUTES`, links and images keep only addresses that pass
  :func:`safe_url`, and the HTML of every page is then cleaned by nh3 with the allow-list
  :data:`TAGS` / :data:`ATTRIBUTES` and the same URL schemes (:class:`SanitizePostprocessor`).
* **Escaping** (titles, names, pinyin, renderings, metadata): ``html.escape`` in the page
  generators before the text is placed in HTML or front matter; Jinja's autoescape in templates.

Every URL an editor gives (metadata ``source_url``, glossary ``sources``, links in Markdown)
passes the one allow-list :data:`ALLOWED_SCHEMES` (or is relative): the loaders report any other
as a ``path:line: error``, and the Markdown road drops it as well.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape

import nh3
from markdown import Extension, Markdown
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = {"http", "https", "mailto"}
EDITOR_ATTRIBUTES = {"class", "id", "lang"}
TAGS = {"a", "abbr", "b", "blockquote", "br", "button", "code", "dd", "del", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
        "label", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "section", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
        "caption", "figure", "figcaption", "details", "summary", "time", "select", "option"}
SVG_TAGS = {"svg", "g", "line", "polyline", "circle", "text", "title"}
"""The charts' drawing elements (``charts``): shapes and text only — no link, script, style,
image or foreign object, and no event handler (attributes below)."""
_COMMON = {"class", "id", "lang", "hidden", "role", "title", "dir"}
ATTRIBUTES = {"*": _COMMON, "a": _COMMON | {"href", "hreflang"},
              "img": _COMMON | {"src", "alt"}, "label": _COMMON | {"for"},
              "input": _COMMON | {"type", "autocomplete", "placeholder"},
              "button": _COMMON | {"type"}, "ol": _COMMON | {"start"},
              "option": _COMMON | {"value"},
              "td": _COMMON | {"colspan", "rowspan"},
              "th": _COMMON | {"colspan", "rowspan", "scope"}, "time": _COMMON | {"datetime"},
              "svg": _COMMON | {"viewBox", "xmlns"}, "polyline": _COMMON | {"points"},
              "line": _COMMON | {"x1", "y1", "x2", "y2"}, "circle": _COMMON | {"cx", "cy", "r"},
              "text": _COMMON | {"x", "y", "text-anchor"}}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def editor_markdown(text: str) -> str:
    """An editor's Markdown with any raw HTML made inert (shown as text)."""
    return text.replace("<", "&lt;")


def safe_url(url: str) -> bool:
    """Whether an address may stay: relative, a fragment, or an allowed scheme."""
    plain = _INVISIBLE.sub("", unescape(unescape(url)))
    match = _SCHEME.match(plain)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


class SafeLinksTreeprocessor(Treeprocessor):
    """Removes link and image addresses that are not allowed."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_url(value):
                    del element.attrib[attribute]
                    if element.tag in ("a", "img"):  # keep the words, drop the address
                        element.text = element.text or element.attrib.pop("alt", "")
                        element.tag = "span"


class SafeAttrListTreeprocessor(AttrListTreeprocessor):
    """Python-Markdown's attribute lists, keeping only the attributes in EDITOR_ATTRIBUTES
    (an ``onfocus``, ``style`` or ``tabindex`` in ``{: … }`` is dropped)."""

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *,
                     strict: bool = False) -> str:
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for key, value in attrs:
            name = "class" if key == "." else self.sanitize_name(key).lower()
            if name not in EDITOR_ATTRIBUTES or value is None:
                continue
            if name == "class" and elem.get("class"):
                value = f"{elem.get('class')} {value}"
            elem.set(name, value)
        return remainder


def clean_html(html: str) -> str:
    """HTML reduced to the allow-list: no script, style, event handler or unsafe address."""
    return nh3.clean(html, tags=TAGS | SVG_TAGS, attributes=ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                     generic_attribute_prefixes={"aria-", "data-"}, link_rel=None,
                     strip_comments=True)


class SanitizePostprocessor(Postprocessor):
    """Runs last: cleans the whole HTML of a page with :func:`clean_html`."""

    def run(self, text: str) -> str:
        return clean_html(text)


class SafeLinksExtension(Extension):
    """Python-Markdown extension ``tifa.safety``: safe attribute lists (use it instead of
    ``attr_list``), safe links, and the allow-list sanitiser over the finished HTML."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafeAttrListTreeprocessor(md), "attr_list", 8)
        md.treeprocessors.register(SafeLinksTreeprocessor(md), "tifa_safe_links", 0.5)
        md.postprocessors.register(SanitizePostprocessor(md), "tifa_sanitize", 0)


def makeExtension(**kwargs) -> SafeLinksExtension:  # noqa: N802 (Python-Markdown's hook name)
    """Entry point used by Python-Markdown when the extension is named ``tifa.safety``."""
    return SafeLinksExtension(**kwargs)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: one that starts like a formula gets a
    leading apostrophe (OWASP's advice on CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text
