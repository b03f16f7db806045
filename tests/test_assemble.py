"""Assembled pages: prose converted on its own (plain text without Python-Markdown) and pages put
together from their parts give the HTML, table of contents and link warnings that Python-Markdown
gives for the same page converted whole (the road every page took before): every page of every
kind of the seed's site, and reader pages of tricky English."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from conftest import REPO
from markdown import Markdown
from markdown.extensions.toc import TocExtension

from tifa import render
from tifa.annotate import AnnotateExtension
from tifa.corrections import Repository, with_corrections
from tifa.i18n import LANGUAGES, Interface
from tifa.model import Block, Flow, Heading, Page, PageRef, Part, Prose, Site
from tifa.pages import reader_pages
from tifa.pipeline import Build, Layout, make_pages, run, stages
from tifa.safety import SafeLinksExtension, clean_html

TRICKY_EN = [
    "## A heading\n\nText after it, with the Party's **core** position.",
    "# Looking Back {#p2}", "Line one  \nline two", "- a\n- b\n\n1. one", "Heading\n===",
    "| a | b |\n|---|---|\n| 1 | 2 |", "[bad](javascript:alert(1)) and [good](https://x.org)",
    "A [missing](other.md#p3) link", "<script>alert(1)</script> & &amp; < > \" ' a\xa0b",
    "**the two establishments** _it_ `code`", "    indented code", "1. numbered", "   ",
    "{: .tifa-zh }\nA paragraph with an attribute list", "## Looking Back\n\n## Looking Back",
    "Text with a [report link](report:2023-chaoyang-plenary#p3).",
    "",  # untranslated: the Chinese alone, and the section's status line
]


TRICKY_TITLE = """The "Two Establishments" & <Ten Things>, it's done"""


@pytest.fixture(scope="module")
def seed() -> Build:
    """The seed project, loaded and resolved, plus a report of tricky English and headings."""
    b = run(Build(Layout(REPO)), stages("load", "resolve"))
    report = b.site.reports[0]
    paragraphs = [p for s in report.sections for p in s.visible]
    tricky = [replace(p, en=TRICKY_EN[i % len(TRICKY_EN)],
                      kind="title" if i % 7 == 3 else p.kind, status="draft" if i % 3 else
                      p.status, origin="2023-chaoyang-plenary#p1@100" if i % 5 == 1 else "")
              for i, p in enumerate(paragraphs[:40])]
    sections = [replace(report.sections[0], paragraphs=tricky[:20]),
                replace(report.sections[1], paragraphs=tricky[20:])]
    meta = replace(report.meta, title_en=TRICKY_TITLE, issuer_en=TRICKY_TITLE,
                   doc_type=TRICKY_TITLE)
    b.site.reports.append(replace(report, slug="tricky", sections=sections, meta=meta))
    return b


def as_markdown(part: Part) -> str:
    """A part as the Markdown the pages were written in before they were assembled."""
    if isinstance(part, Prose):
        return part.text
    if isinstance(part, Heading):
        attrs = " ".join([f"#{part.id}"] * bool(part.id) + [f'{k}="{v}"' for k, v in part.attrs])
        return "#" * part.level + f" {part.html}" + (f" {{ {attrs} }}" if attrs else "")
    if isinstance(part, Block):
        attrs = " ".join(f'{k}="{v}"' for k, v in part.attrs)
        inner = "\n\n".join(as_markdown(child) for child in part.content)
        return f'<{part.tag} {attrs} markdown="1">\n\n{inner}\n\n</{part.tag}>'
    return part.html if isinstance(part, Flow) else part


def whole(site: Site, page: Page) -> dict:
    """The page converted whole, as the renderer converted every page before it assembled
    them: its Markdown (``as_markdown``) by Python-Markdown with ``md_in_html``, ``tables``,
    ``toc``, the annotator (links written on the page) and the sanitiser."""
    def link(target: PageRef, anchor: str = "", base: PageRef | None = None) -> str:
        return render.href(target, anchor, base or page.ref)

    md = Markdown(extensions=["md_in_html", "tables", TocExtension(toc_depth=2),
                              AnnotateExtension(site=site, href=link), SafeLinksExtension()])
    html = md.convert("\n\n".join(as_markdown(p) for p in page.parts))
    return {"html": html, "toc": md.toc_tokens,
            "broken": sorted(set(render._MD_LINK.findall(html)))}


def _compare(seed: Build, pages: list[Page], tmp_path: Path, exact: bool) -> str:
    """Assemble ``pages`` and convert them whole; the same HTML (``exact``: byte for byte, else
    up to the white space between elements), table of contents and link warnings. The HTML
    of all of them."""
    render.convert_prose(seed.site, pages, tmp_path)
    assembler, shown = render.Assembler(seed.site, tmp_path), ""
    try:
        for page in pages:
            expected, got = whole(seed.site, page), assembler.convert(page)
            if exact:
                assert got["html"] == expected["html"], page.ref
            else:
                assert _between(got["html"]) == _between(expected["html"]), page.ref
            assert got["toc"] == [_names(t) for t in expected["toc"]], page.ref
            assert got["broken"] == expected["broken"], page.ref
            shown += got["html"]
    finally:
        assembler.close()
    return shown


def _between(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_assembled_reader_page_is_the_page_converted_whole(seed, lang, tmp_path: Path):
    ui = Interface.load(lang, REPO / "templates")
    pages = with_corrections(reader_pages(seed.site.reports, ui, render.href), seed.site,
                             Repository("owner/name"), REPO, ui)
    shown = _compare(seed, pages, tmp_path, exact=True)
    headings = sum(len(render.Assembler(seed.site, tmp_path).convert(p)["toc"]) for p in pages)
    assert headings > 20  # the tricky report's titles and headings were compared too
    for made in ("tifa-untranslated", "tifa-progress", "tifa-fix", "tifa-origin"):
        assert made in shown, made  # untranslated pairs, status lines, correction links too


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_a_site_is_the_page_converted_whole(seed, lang, tmp_path: Path):
    pages = _site_pages(seed, lang)
    shown = _compare(seed, pages, tmp_path, exact=False)
    kinds = {page.ref.kind for page in pages}
    assert {"home", "report", "figures", "glossary", "term", "term-report", "editors",
            "about"} <= kinds, kinds
    assert 'id="frequency"' in shown and 'id="downloads"' in shown  # headings with own ids


def _names(token: dict) -> dict:
    """A table-of-contents entry with what the templates read of it."""
    return {"level": token["level"], "id": token["id"], "name": token["name"],
            "children": [_names(c) for c in token["children"]]}


SAFE = list("ab Z 中文。，、 ,.;:'\"()!?%$@^~-+=/\xa0\u3000019")
ALPHABET = SAFE + list("\\*_[]{}<>&#|`\t\n\r\u2028")


def texts(seed: Build, count: int) -> list[str]:
    """The seed's own paragraphs and random strings of text, glossary terms and Markdown's
    special characters."""
    rng = random.Random(13)
    terms = [f for e in seed.site.entries for f in (*e.forms, *e.renderings)]
    own = [t for r in seed.site.reports for p in r.paragraphs for t in (p.zh, p.en)]
    made = []
    for n in range(count):
        letters = SAFE if n % 2 else ALPHABET
        pieces = [rng.choice(terms) if rng.random() < 0.3 else
                  "".join(rng.choice(letters) for _ in range(rng.randint(1, 6)))
                  for _ in range(rng.randint(1, 8))]
        text = "".join(pieces)
        shape = n % 5  # a bold lead before the text, a number or hashes before it, or alone
        made.append(f"**{pieces[0]}**{''.join(pieces[1:])}" if shape == 1 else
                    f"{rng.randint(1, 2030)}{rng.choice(['', '.', '. ', '日,', ')'])}{text}"
                    if shape == 2 else f"{'#' * rng.randint(1, 7)}{rng.choice(' #')}{text}"
                    if shape == 3 else text)
    return own + made


def test_plain_prose_is_converted_as_python_markdown_converts_it(seed):
    converter, base = render.ProseConverter(seed.site), PageRef("reader", "r", "s")
    plain = marked = leads = numbered = headings = 0
    for text in texts(seed, 3000):
        for lang in ("zh", "en", ""):
            lead = render.lead_prose(text)
            heading = render.heading_prose(text)
            if render.plain_prose(text) or lead or heading:
                fast = converter.convert(Prose(text, lang), base)
                assert fast == converter.convert(Prose(text, lang), base, full=True), text
                plain += 1
                marked += 'class="tifa-term"' in fast["html"]
                leads += bool(lead) and "<strong>" in fast["html"]
                numbered += text[0].isdigit()
                headings += bool(fast["headings"])
    # taken often, with terms marked, bold leads, numbers at the start and headings among them
    assert plain > 3000 and marked > 800 and leads > 300 and numbered > 300 and \
        headings > 200, (plain, marked, leads, numbered, headings)


def _site_pages(seed: Build, lang: str) -> list[Page]:
    """Every page of the seed's site in one interface, as the build makes them."""
    b = Build(seed.layout, site=seed.site, reports=seed.site.reports)
    b = run(b, stages("series", "check"))
    make_pages(b, Interface.load(lang, REPO / "templates"))
    return b.pages[lang][0]


def own_html(part: Part) -> Iterator[str]:
    """The HTML tifa made in a part, piece by piece (a heading as its element)."""
    if isinstance(part, Block):
        for child in part.content:
            yield from own_html(child)
    elif isinstance(part, Heading):
        yield f"<h{part.level}>{part.html}</h{part.level}>"
    elif isinstance(part, Flow):
        yield part.html
    elif isinstance(part, str):
        yield part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tifas_own_html_is_written_as_the_sanitiser_writes_it(seed, lang):
    ui = Interface.load(lang, REPO / "templates")
    pages = with_corrections(_site_pages(seed, lang), seed.site, Repository("owner/name"),
                             REPO, ui)
    pieces = [html for page in pages for part in page.parts for html in own_html(part)]
    assert [html for html in pieces if clean_html(html) != html] == []
    assert len(pieces) > 1500
    shown = "".join(pieces)  # the tricky title in text and in attributes, the charts
    assert "&lt;Ten Things&gt;, it's done</" in shown
    assert '="The &quot;Two Establishments&quot; &amp; &lt;Ten Things&gt;, it\'s done"' in shown
    assert "<polyline" in shown and "tifa-fix" in shown


def test_prose_is_converted_once_for_both_interfaces_and_kept(seed, tmp_path: Path):
    en, zh = (reader_pages(seed.site.reports, Interface.load(lang, REPO / "templates"),
                           render.href) for lang in LANGUAGES)
    alone, _kept = render.convert_prose(seed.site, en, tmp_path / "en")
    both, _kept = render.convert_prose(seed.site, en + zh, tmp_path / "both")
    own = sum(isinstance(part, Prose) for page in zh for part in page.parts)  # zh page headings
    assert alone > 100 and both == alone + own
    assert render.convert_prose(seed.site, en + zh, tmp_path / "both") == (0, both)
    assert render.convert_prose(seed.site, zh, tmp_path / "both")[0] == 0
