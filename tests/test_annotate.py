"""The annotator: golden Markdown-in/HTML-out pairs for the hard cases, and the seed's counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, annotating_markdown

from tifa.annotate import Matcher, cards_data
from tifa.glossary import load_glossary
from tifa.i18n import Interface
from tifa.resolve import resolve
from tifa.store import load_reports


@pytest.fixture(scope="module")
def md_factory():
    problems: list = []
    entries = load_glossary(FIXTURES / "glossary", problems)
    assert problems == []

    def convert(source: str) -> str:
        return annotating_markdown(entries).convert(source).strip()
    return convert


def zh(body: str) -> str:
    return f'<div class="tifa-zh" markdown="1">\n\n{body}\n\n</div>'


def term(slug: str, text: str) -> str:
    return f'<a class="tifa-term" href="glossary/{slug}/">{text}</a>'


GOLDEN = [
    ("nested terms, longest wins",
     zh("实施全面振兴新突破三年攻坚行动,推动全面振兴新突破,实现全面振兴。"),
     "<p>实施" + term("quan-mian-zhen-xing-xin-tu-po-san-nian-gong-jian-xing-dong",
                       "全面振兴新突破三年攻坚行动") + ",推动"
     + term("quan-mian-zhen-xing-xin-tu-po", "全面振兴新突破") + ",实现"
     + term("quan-mian-zhen-xing", "全面振兴") + "。</p>"),
    ("quotes inside a term",
     zh("锚定“百千”目标,融入“百千万”工程。"),
     "<p>锚定" + term("bai-qian-mu-biao", "“百千”目标") + ",融入“百千万”工程。</p>"),
    ("a term inside a longer unrelated string",
     zh("朝阳人才创新港吸引朝阳人。"),
     "<p>朝阳人才创新港吸引" + term("chao-yang-ren", "朝阳人") + "。</p>"),
    ("a list joined with 、",
     zh("深化以案为鉴、以案促改、以案促治"),
     "<p>深化" + term("yi-an-wei-jian", "以案为鉴") + "、" + term("yi-an-wei-jian", "以案促改")
     + "、以案促治</p>"),
    ("a term at a paragraph's start and end",
     zh("两个确立的意义在于两个确立"),
     "<p>" + term("liang-ge-que-li", "两个确立") + "的意义在于"
     + term("liang-ge-que-li", "两个确立")
     + "</p>"),
    ("a term in a heading",
     zh("# 推动全面振兴"),
     "<h1>推动" + term("quan-mian-zhen-xing", "全面振兴") + "</h1>"),
    ("never inside links, code or bold split",
     zh("[两个确立](x.md) `两个确立` **全面**振兴"),
     '<p><a href="x.md">两个确立</a> <code>两个确立</code> <strong>全面</strong>振兴</p>'),
    ("English renderings with word boundaries, case-insensitive",
     '<div class="tifa-en" markdown="1">\n\nThe two establishments, not Two Establishmentsx.'
     '\n\n</div>',
     "<p>The " + term("liang-ge-que-li", "two establishments")
     + ", not Two Establishmentsx.</p>"),
    ("text outside paragraph blocks is left alone",
     "两个确立 outside any block", "<p>两个确立 outside any block</p>"),
]


@pytest.mark.parametrize("name, source, expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden(md_factory, name, source, expected):
    html = md_factory(source)
    inner = re.sub(r'^<div class="tifa-(zh|en)">\s*|\s*</div>$', "", html)
    assert inner == expected


def test_marks_hold_no_card_and_the_cards_data_holds_it():
    problems: list = []
    entries = load_glossary(FIXTURES / "glossary", problems)
    html = annotating_markdown(entries).convert(zh("两个确立和两个确立"))
    assert html.count('class="tifa-term"') == 2
    assert "tifa-card" not in html and "liǎng gè quèlì" not in html
    cards = list(resolve([], entries).cards.values())
    english, chinese = (cards_data(cards, Interface.load(lang, REPO / "templates"))
                        for lang in ("en", "zh"))
    card = english["terms"]["liang-ge-que-li"]
    assert (card["zh"], card["pinyin"]) == ("两个确立", "liǎng gè quèlì")
    assert card["definition"] == ["<p>A test entry with an English variant.</p>", "en"]
    assert card["count"] == "0 occurrences" and english["labels"]["entry"] == "Entry"
    card = chinese["terms"]["liang-ge-que-li"]
    assert card["definition"] == ["<p>测试用的中文释义。</p>", "zh"]
    assert card["count"] == "出现 0 次" and chinese["labels"]["entry"] == "词条"


def _independent_count(text: str, forms: dict[str, str], excludes: dict[str, list[str]]):
    """Greedy longest-first scan, written separately from the Matcher, for cross-checking."""
    spans, i = [], 0
    ordered = sorted(forms, key=len, reverse=True)
    while i < len(text):
        for form in ordered:
            if text.startswith(form, i):
                slug = forms[form]
                end = i + len(form)
                blocked = any(text[j:j + len(x)] == x for x in excludes.get(slug, [])
                              for j in range(max(0, end - len(x)), i + 1))
                if not blocked:
                    spans.append((i, i + len(form), slug))
                    i += len(form)
                    break
        else:
            i += 1
    return spans


def test_every_occurrence_in_the_seed_is_marked_exactly_once(built_site):
    problems: list = []
    entries = load_glossary(REPO / "content" / "glossary", problems)
    reports = load_reports(REPO / "content", REPO / "seeds", problems)
    forms = {f: e.slug for e in entries for f in e.forms}
    excludes = {e.slug: e.exclude for e in entries}
    expected: dict[str, list[str]] = {}
    for p in (p for r in reports for s in r.sections for p in s.visible):
        expected[p.pid] = [p.zh[a:b] for a, b, _ in _independent_count(p.zh, forms, excludes)]
    marked: dict[str, list[str]] = {}
    for page in (built_site / "reports").rglob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for pid, body in re.findall(r'<div class="tifa-pair[^"]*"[^>]*? id="(p\d+)"[^>]*>\s*'
                                    r'<div class="tifa-zh"[^>]*>(.*?)</div>', html, re.S):
            marked[pid] = re.findall(r'class="tifa-term"[^>]*>([^<]+)</a>', body)
    assert marked == expected
    assert sum(len(v) for v in marked.values()) > 150


def test_matcher_is_leftmost_longest_without_overlaps():
    m = Matcher([("ABC", "abc", []), ("BCD", "bcd", []), ("AB", "ab", [])], english=False)
    assert [(x.start, x.end, x.slug) for x in m.find("ABCD")] == [(0, 3, "abc")]
    assert [(x.start, x.end, x.slug) for x in m.find("XBCDAB")] == [(1, 4, "bcd"), (4, 6, "ab")]


def test_term_page_lists_every_occurrence_with_links(built_site):
    html = (built_site / "glossary" / "liang-ge-que-li" / "index.html").read_text("utf-8")
    assert '<h2 id="occurrences">2 occurrences</h2>' in html
    links = re.findall(r'class="tifa-kwic-where"><a href="([^"]+)"', html)
    assert links == ["../../reports/2023-chaoyang-plenary/hui-mou-pian/#p11",
                     "../../reports/2023-chaoyang-plenary/dang-jian-pian/#p63"]
    assert "<mark>Two Establishments</mark>" in html


def test_glossary_index_groups_and_sorts_by_pinyin(built_site):
    html = (built_site / "glossary" / "index.html").read_text("utf-8")
    group = html[html.index('id="cat-ideology"'):html.index("</section>", html.index(
        'id="cat-ideology"'))]
    pinyins = re.findall(r'class="tifa-pinyin">([^<]+)<', group)
    from tifa.glossary import strip_tones
    plain = [strip_tones(p).lower() for p in pinyins]
    assert plain == sorted(plain) and len(plain) > 5
    assert Path(built_site / "glossary" / "liang-ge-que-li" / "index.html").exists()
