"""Safe output: editors' Markdown cannot inject markup or script into the site.

Raw HTML in an editor's text is escaped before it reaches Markdown (so ``<script>`` shows as
text), and a Python-Markdown extension keeps only links and images whose address is relative or
uses an allowed scheme; any other (``javascript:``, ``data:`` …) becomes plain text.
Gloss-card definitions are cleaned with nh3's allow-list (see ``resolve.safe_html``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = {"http", "https", "mailto"}
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


class SafeLinksExtension(Extension):
    """Python-Markdown extension ``tifa.safety``."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafeLinksTreeprocessor(md), "tifa_safe_links", 0.5)


def makeExtension(**kwargs) -> SafeLinksExtension:  # noqa: N802 (Python-Markdown's hook name)
    """Entry point used by Python-Markdown when the extension is named ``tifa.safety``."""
    return SafeLinksExtension(**kwargs)
