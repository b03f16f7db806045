"""Quality gates run on a built site: the Nu HTML checker, axe-core, a link crawl, and a scan for
requests to other hosts. Each returns the faults it finds, so a test can plant one and see it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def require(path: Path, how: str) -> None:
    """Skip (or, under CI, fail) when a checker is not installed."""
    if not path.exists():
        message = f"{path.relative_to(REPO)} is missing ({how})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def vnu_errors(site: Path) -> list[str]:
    """Errors of the W3C Nu HTML checker on every HTML file under ``site``."""
    require(VNU, "run 'npm ci'")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                          "--skip-non-html", str(site)], capture_output=True, text=True)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m.get("type") == "error"]


def axe_violations(page) -> list[str]:
    """Serious or critical axe-core violations on the page as it is now."""
    require(AXE, "run 'npm ci'")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                           ".violations.map(v => [v.id, v.impact, v.nodes.length])")
    return [f"{rule} ({impact}, {n} nodes)" for rule, impact, n in result
            if impact in ("serious", "critical")]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(attrs[name])


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, body.decode("utf-8", "replace") if "html" in kind else ""
    except urllib.error.HTTPError as err:
        return err.code, ""


def broken_links(start_urls: list[str], prefix: str) -> list[str]:
    """Crawl every page under ``prefix`` from ``start_urls``; report dead links and anchors."""
    pages: dict[str, _Links | None] = {}
    queue, faults, anchors = list(start_urls), [], []
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        status, html = _fetch(url)
        if status != 200:
            pages[url] = None
            continue
        parsed = _Links()
        parsed.feed(html)
        pages[url] = parsed
        for link in parsed.links:
            target, fragment = urldefrag(urljoin(url, link))
            if not target.startswith(prefix):
                continue
            anchors.append((url, link, target, fragment))
            if target not in pages and (target.endswith("/") or target.endswith(".html")):
                queue.append(target)
    for source, link, target, fragment in anchors:
        if target not in pages:
            pages[target] = None if _fetch(target)[0] != 200 else _Links()
        found = pages[target]
        if found is None:
            faults.append(f"{source}: dead link {link}")
        elif fragment and found.ids and fragment not in found.ids:
            faults.append(f"{source}: missing anchor {link}")
    return sorted(set(faults))


_FETCHING = re.compile(r'<(?:script|img|link(?![^>]*rel="(?:canonical|alternate)")|iframe|source|'
                       r'video|audio)\b[^>]*?\b(?:src|href)="((?:https?:)?//[^"]+)"', re.S)
_CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)")
_JS_URL = re.compile(r"""(?:fetch|import)\(\s*['"]((?:https?:)?//[^'"]+)""")


def foreign_references(site: Path) -> list[str]:
    """Every place a built file would make the browser fetch from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            hits = _FETCHING.findall(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            hits = _CSS_URL.findall(path.read_text(encoding="utf-8"))
        elif path.suffix == ".js" and "pagefind" not in path.parts:
            hits = _JS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        found += [f"{path.relative_to(site)}: {h}" for h in hits if urlparse(h).hostname]
    return found
