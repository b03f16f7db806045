"""Safe output: known injection payloads in an editor's Markdown render inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, copy_project, run_cli

from tifa.safety import safe_url

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2">',
    "<svg onload=window.__pwned=3>",
    '<iframe src="javascript:window.__pwned=4"></iframe>',
    "[click](javascript:window.__pwned=5)",
    "[click](JaVaScRiPt:window.__pwned=6)",
    "[click](&#106;avascript:window.__pwned=7)",
    "[click](java&#x09;script:window.__pwned=8)",
    "![pic](javascript:window.__pwned=9)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:window.__pwned=10">x</a>',
    "<details open ontoggle=window.__pwned=11>x</details>",
    '<div style="background:url(javascript:window.__pwned=12)">x</div>',
    "[ok](https://example.org/) and [also ok](../other/)",
    'Focus me.\n{: tabindex="0" autofocus="" onfocus="window.__pwned=20" }',
    'A *word*{: onmouseover="window.__pwned=21" } inside a sentence.',
    '## A heading {: onclick="window.__pwned=22" style="position:fixed;inset:0" }',
    '{: autofocus onfocus="window.__pwned=23" }',
]
ATTR_LIST = '{: tabindex="0" autofocus="" onfocus="window.__pwned=24" }'
MARKUP = '<img src=x onerror="window.__pwned=25">'
META_LINES = "".join(f"{key}: '{value}'\n" for key, value in {
    "date_note": MARKUP, "place_en": MARKUP, "doc_type": MARKUP, "source": MARKUP,
    "source_url": "https://example.org/?q=\"><script>window.__pwned=26</script>"}.items())
SECTION = "content/reports/demo-report/01-hui-gu-pian.md"


@pytest.mark.parametrize("url, allowed", [
    ("https://example.org/", True), ("../x/#p1", True), ("#p3", True),
    ("mailto:editor@example.org", True), ("javascript:alert(1)", False),
    (" JAVASCRIPT:alert(1)", False), ("&#106;avascript:x", False), ("java\tscript:x", False),
    ("data:text/html,x", False), ("vbscript:x", False)])
def test_url_allow_list(url, allowed):
    assert safe_url(url) is allowed


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("poison"), FIXTURES / "minimal", ("seeds",))
    seed, meta = root / "seeds" / "demo-report.zh.txt", root / "seeds" / "demo-report.meta.yaml"
    seed.write_text(seed.read_text(encoding="utf-8") + f"最后一段。\n{ATTR_LIST}\n", "utf-8")
    meta.write_text(meta.read_text(encoding="utf-8").replace(
        "title_en: First", "title_en: <b onmouseover=window.__pwned=27>First") + META_LINES,
        encoding="utf-8")
    assert run_cli(root, "ingest") == 0
    path = root / SECTION
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: ''", f"summary: 'In short.\n\n  {ATTR_LIST}'")
    path.write_text(text.replace("<!-- en -->\n", "<!-- en -->\n" + "\n\n".join(PAYLOADS) + "\n",
                                 1), encoding="utf-8")
    (root / "content" / "glossary").mkdir()
    (root / "content" / "glossary" / "hui-gu.md").write_text(
        "---\nzh: 回顾\nen: review\ncategory: local\nscope: district\nen_variants:\n"
        f"- text: '{MARKUP}'\n  source: '{MARKUP}'\nsources:\n- title: '{MARKUP}'\n"
        "  url: 'https://example.org/)<img src=x onerror=window.__pwned=28>'\n---\n"
        + " ".join(PAYLOADS[:3]) + f"\n{ATTR_LIST}\n\nMore.\n{ATTR_LIST}\n", encoding="utf-8")
    (root / "content" / "reports" / "demo-report" / "digest.md").write_text(
        "---\ntakeaways: ['<script>window.__pwned = 13</script>', 'Point.\n\n  " + ATTR_LIST
        + "']\n---\n" + "\n\n".join(PAYLOADS) + "\n", encoding="utf-8")
    assert run_cli(root) == 0
    return root / "site"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_payloads_leave_no_live_markup_in_the_html(poisoned_site):
    pages = [poisoned_site / "reports/demo-report/hui-gu-pian/index.html",
             poisoned_site / "reports/demo-report/index.html",
             poisoned_site / "glossary/hui-gu/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "__pwned" in html  # the payloads are shown as text ...
        parser = _Tags()
        parser.feed(html)
        for tag, attrs in parser.tags:  # ... and no element carries one
            assert tag not in ("iframe", "details"), (page, tag)
            assert not [k for k in attrs if k.startswith("on") or k in ("autofocus", "style")], \
                (page, tag, attrs)
            for key in ("href", "src"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("javascript", "data:", "vbscript")), (page, attrs)
            if tag == "script":
                assert "src" in attrs or "__pwned" not in str(attrs), page
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert not [x for x in scripts if "__pwned" in x], page
        assert 'href="https://example.org/"' in html or "glossary" in str(page)


def test_payloads_do_not_run_in_the_browser(browser, poisoned_site):
    from serve import PrefixServer

    with PrefixServer(poisoned_site) as server:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("reports/demo-report/hui-gu-pian/", "reports/demo-report/",
                     "glossary/hui-gu/"):
            page.goto(server.url + path)
            page.locator("a.tifa-term").first.hover() if page.locator("a.tifa-term").count() \
                else None
            for _ in range(12):  # focus whatever can take focus, as a keyboard reader would
                page.keyboard.press("Tab")
            page.mouse.move(200, 300)
            for link in page.locator(".md-content a").all()[:40]:
                assert not (link.get_attribute("href") or "").lower().startswith("javascript")
            assert page.evaluate("window.__pwned === undefined"), path
        page.keyboard.press("/")  # the search dialog shows excerpts of the payloads
        for query in ("pwned", "onerror", "onfocus"):
            page.fill("dialog.tifa-search input", query)
            page.wait_for_function("q => document.querySelector('dialog.tifa-search')"
                                   ".dataset.done === q", arg=query)
            assert page.locator(".tifa-search-results li").count() > 0, query
            assert page.evaluate("window.__pwned === undefined"), query
        assert dialogs == []
        page.close()
