"""Assembled pages: prose converted on its own (plain text without Python-Markdown) and pages put
together from their parts give the HTML, table of contents and cards that Python-Markdown gives
for the same page converted whole (the road every page took before)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO

from tifa import render
from tifa.corrections import Repository, with_corrections
from tifa.i18n import LANGUAGES, Interface
from tifa.model import Block, Page, PageRef, Part, Prose
from tifa.pages import reader_pages
from tifa.pipeline import Build, Layout, run, stages

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
    b.site.reports.append(replace(report, slug="tricky", sections=sections))
    return b


def as_markdown(part: Part) -> str:
    """A part as the Markdown the reader pages were written in before they were assembled."""
    if isinstance(part, Prose):
        return part.text
    if isinstance(part, Block):
        attrs = " ".join(f'{k}="{v}"' for k, v in part.attrs)
        inner = "\n\n".join(as_markdown(child) for child in part.content)
        return f'<{part.tag} {attrs} markdown="1">\n\n{inner}\n\n</{part.tag}>'
    return part


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_assembled_page_is_the_page_converted_whole(seed, lang, tmp_path: Path):
    ui = Interface.load(lang, REPO / "templates")
    pages = with_corrections(reader_pages(seed.site.reports, ui, render.href), seed.site,
                             Repository("owner/name"), REPO, ui)
    render.convert_prose(seed.site, pages, tmp_path)
    assembler, whole = render.Assembler(seed.site, tmp_path), render.Converter(seed.site)
    headings, shown = 0, ""
    try:
        for page in pages:
            markdown = Page(page.ref, page.title, "\n\n".join(as_markdown(p) for p in page.parts))
            expected, got = whole.convert(markdown), assembler.convert(page)
            assert got["html"] == expected["html"], page.ref
            assert got["toc"] == [_names(t) for t in expected["toc"]], page.ref
            assert got["broken"] == expected["broken"], page.ref
            headings += len(got["toc"])
            shown += got["html"]
    finally:
        assembler.close()
    assert headings > 20  # the tricky report's titles and headings were compared too
    for made in ("tifa-untranslated", "tifa-progress", "tifa-fix", "tifa-origin"):
        assert made in shown, made  # untranslated pairs, status lines, correction links too


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


RAW = [
    '<div class="a"><div>x</div></div>\n\ntext', '<div>one</div>\n<div>two</div>',
    '<div>open\n\n</div>', "<p>a</p> after", '<table><tr><td>1</td></tr></table>',
    '- item\n\n<div>in a list?</div>\n\n    <div>indented</div>', '<details><summary>s</summary>'
    '<div>d</div></details>', "<div>one</div>\n\n<div>two</div>\n\n## Heading\n\n<p>x</p>",
    '<div>\n<div>\n</div>', "<dl><dt>a</dt><dd><div>b</div></dd></dl>", '<divx>no</divx>',
    "<p>first</p>\n<p>second</p>", "Text\n<div>right after a line</div>", "<ul><li>a</li></ul>",
    "<div>open\n\n<p>x</p>\n\n</div>", "<div>a</div>\ntext", "<span>s</span>", "</div>",
    "text <div>inline</div>", "> <div>quoted</div>", "<p>", "<div><p>a</p>\n\n<p>b</p></div>",
]


def raw_bodies(count: int) -> list[str]:
    """Each snippet alone, all of them, and random sequences of them and of Markdown."""
    rng = random.Random(7)
    pool = RAW + ["## A heading", "Some *text*.", "- a\n- b", "| a |\n|---|\n| 1 |", ""]
    made = [rng.choice(["\n\n", "\n", "\n\n\n"]).join(rng.choices(pool, k=rng.randint(2, 6)))
            for _ in range(count)]
    return RAW + ["\n\n".join(RAW)] + made


def test_raw_html_blocks_are_stashed_as_python_markdown_stashes_them(seed):
    pages = [page for lang in LANGUAGES for page in _markdown_pages(seed, lang)]
    pages += [Page(PageRef("about"), "t", body) for body in raw_bodies(400)]
    fast, slow = render.Converter(seed.site), render.Converter(seed.site)
    slow.md.preprocessors.deregister("tifa_raw_blocks")
    for page in pages:
        assert fast.convert(page) == slow.convert(page), page.ref
    assert len(pages) > 500


def _markdown_pages(seed: Build, lang: str) -> list[Page]:
    """Every page of the seed's site in one interface that is Markdown converted whole."""
    b = Build(seed.layout, site=seed.site, reports=seed.site.reports)
    b = run(b, stages("series", "check"))
    from tifa.pipeline import make_pages  # the pages as the build makes them
    make_pages(b, Interface.load(lang, REPO / "templates"))
    return [page for page in b.pages[lang][0] if not page.parts]


def test_prose_is_converted_once_for_both_interfaces_and_kept(seed, tmp_path: Path):
    en, zh = (reader_pages(seed.site.reports, Interface.load(lang, REPO / "templates"),
                           render.href) for lang in LANGUAGES)
    alone, _kept = render.convert_prose(seed.site, en, tmp_path / "en")
    both, _kept = render.convert_prose(seed.site, en + zh, tmp_path / "both")
    own = sum(isinstance(part, Prose) for page in zh for part in page.parts)  # zh page headings
    assert alone > 100 and both == alone + own
    assert render.convert_prose(seed.site, en + zh, tmp_path / "both") == (0, both)
    assert render.convert_prose(seed.site, zh, tmp_path / "both")[0] == 0
