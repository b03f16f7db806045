"""Search in headless Chromium, typed into the search box as a reader does, site under a
sub-path: the same results in both interfaces, whole terms first, the glossary in one row,
counts, more results, excerpts and landing marks, filters, and a query set over a digest of
three reports (the seed and the fixture corpus in tests/fixtures/search)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project
from sitediff import files

from tifa import search
from tifa.errors import BuildFailed
from tifa.i18n import Interface
from tifa.model import Record
from tifa.pipeline import Build, Layout, run, stages
from tifa.render import href
from tifa.search import quoted_formulations, term_keywords
from tifa.store import load_sections

R = "reports/2023-chaoyang-plenary/"
HEXI = "reports/2018-hexi-work-report/"
PLENUM = "reports/2024-hexi-plenum/"

# (query, strings of which a hit paragraph holds at least one). Written from the texts:
# Chinese terms, formulations in quotes, English renderings, pinyin with and without tones,
# numbers, places and projects. A query hits when one of the top three paragraphs holds one.
QUERY_SET = [
    ("两个确立", ["两个确立"]), ("两个维护", ["两个维护"]), ("四个意识", ["四个意识"]),
    ("四个自信", ["四个自信"]), ("高质量发展", ["高质量发展"]), ("营商环境", ["营商环境"]),
    ("口袋公园", ["口袋公园"]), ("共同富裕", ["共同富裕"]), ("全面振兴", ["全面振兴"]),
    ("乡村振兴战略", ["乡村振兴战略"]), ("中国式现代化", ["中国式现代化"]),
    ("新质生产力", ["新质生产力"]), ("城市更新", ["城市更新"]), ("老旧小区", ["老旧小区"]),
    ("首善", ["首善"]), ("振兴", ["振兴"]), ("优化营商环境", ["优化营商环境"]),
    ("“两个确立”", ["两个确立"]), ("“三去一降一补”", ["三去一降一补"]),
    ("三去一降一补", ["三去一降一补"]), ("“一网通办”", ["一网通办"]),
    ("“三个一批”", ["三个一批"]), ("“放管服”", ["放管服"]), ("“四大商圈”", ["四大商圈"]),
    ("Two Establishments", ["两个确立"]), ("Four Consciousnesses", ["四个意识"]),
    ("business environment", ["营商环境"]), ("high-quality development", ["高质量发展"]),
    ("pocket parks", ["口袋公园"]), ("Chinese modernization", ["中国式现代化"]),
    ("rural revitalization strategy", ["乡村振兴战略"]), ("common prosperity", ["共同富裕"]),
    ("urban renewal", ["城市更新"]), ("mushroom", ["mushroom"]),
    ("liang ge queli", ["两个确立"]), ("liǎng gè quèlì", ["两个确立"]),
    ("yingshang huanjing", ["营商环境"]), ("Zhōngguóshì xiàndàihuà", ["中国式现代化"]),
    ("gongtong fuyu", ["共同富裕"]), ("gāo zhìliàng fāzhǎn", ["高质量发展"]),
    ("427.8", ["427.8"]), ("356.2", ["356.2"]), ("318.7", ["318.7"]), ("4860", ["4860"]),
    ("桂林胡同", ["桂林胡同"]), ("滨江科创走廊", ["滨江科创走廊"]), ("长春", ["长春"]),
    ("河西", ["河西"]),
]
DEFECT_TERMS = ["两个确立", "两个维护", "四个意识", "高质量发展", "营商环境", "两个"]


@pytest.fixture(scope="session")
def units(corpus: Path) -> dict[str, str]:
    """Each result URL (without the interface prefix) and the text a reader sees there: the
    paragraph with the headings just before it, Chinese and English."""
    out: dict[str, str] = {}
    for report in (corpus / "content" / "reports").iterdir():
        for section in load_sections(report, []):
            pending = ""
            for p in section.visible:
                pending += p.zh + " " + p.en + " "
                if p.kind == "text":
                    out[f"reports/{report.name}/{section.key}/#{p.pid}"] = pending
                    pending = ""
    return out


class Box:
    """The search box of one page, used by typing."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base

    def open(self) -> None:
        if not self.page.evaluate("() => !!document.querySelector('dialog.tifa-search[open]')"):
            self.page.keyboard.press("/")

    def type(self, query: str) -> dict:
        self.open()
        self.page.fill("dialog.tifa-search input", query)
        self.page.wait_for_function(
            "q => document.querySelector('dialog.tifa-search').dataset.done === q", arg=query)
        return self.read()

    def read(self) -> dict:
        rows = self.page.eval_on_selector_all(".tifa-search-results li a", """a => a.map(e => ({
            href: e.href, title: e.querySelector('strong').textContent,
            marks: [...e.querySelectorAll('p mark')].map(m => m.textContent)}))""")
        for row in rows:
            assert row["href"].startswith(self.base), row
            row["url"] = re.sub(r"\?hl=[^#]*", "", row["href"][len(self.base):])
            row["url"] = row["url"].removeprefix("zh/")
        glossary = self.page.eval_on_selector_all(".tifa-search-glossary a",
                                                  "a => a.map(e => e.href)")
        return {"rows": rows, "urls": [r["url"] for r in rows],
                "glossary": [g[len(self.base):].removeprefix("zh/") for g in glossary],
                "status": self.page.inner_text(".tifa-search-status")}


@pytest.fixture(scope="module")
def boxes(browser, corpus_url):
    """A search box in each interface, on a reader page of the corpus."""
    pages = []
    for prefix in ("", "zh/"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(corpus_url + prefix + R + "hui-mou-pian/")
        pages.append(Box(page, corpus_url))
    yield pages
    for box in pages:
        box.page.close()


def count(status: str) -> int:
    return int(re.search(r"\d+", status).group(0))


@pytest.mark.parametrize("query", DEFECT_TERMS)
def test_both_interfaces_find_the_same_paragraphs(boxes, units, query):
    en, zh = (box.type(query) for box in boxes)
    assert en["urls"], query
    assert en["urls"] == zh["urls"] and en["glossary"] == zh["glossary"]
    assert count(en["status"]) == count(zh["status"]) > 0
    assert zh["status"].endswith("条结果") and en["status"].endswith("results")
    holders = [u for u in en["urls"] if query in units[u]]
    assert holders and en["urls"][:len(holders)] == holders  # whole matches first


def test_query_set_hits_in_the_top_three_equally_in_both_interfaces(boxes, units):
    hits = {}
    for box, name in zip(boxes, ("en", "zh")):
        hits[name] = []
        for query, needles in QUERY_SET:
            assert any(n in text for text in units.values() for n in needles), query
            top = box.type(query)["urls"][:3]
            hits[name].append(any(n in units[u] for u in top for n in needles))
    missed = [q for (q, _), hit in zip(QUERY_SET, hits["en"]) if not hit]
    assert hits["en"] == hits["zh"]
    assert sum(hits["en"]) >= 0.95 * len(QUERY_SET), missed


def test_a_quoted_formulation_ranks_above_its_single_characters(boxes, units):
    """三 occurs in many paragraphs of the 2018 report (三产, 三个, 三年, 各位代表！…三年);
    the two that hold 三去一降一补 come first, and nothing else is listed as a whole match."""
    for box in boxes:
        found = box.type("三去一降一补")
        assert set(found["urls"][:2]) == {HEXI + "yi-2017-nian-gong-zuo-hui-gu/#p6",
                                          HEXI + "er-2018-nian-zhu-yao-ren-wu/#p12"}
        partial = box.page.eval_on_selector_all(
            ".tifa-search-results li", "l => l.findIndex(e => e.matches('.tifa-search-partial'))")
        whole = found["urls"] if partial < 0 else found["urls"][:partial]
        assert all("三去一降一补" in units[u] for u in whole)


def test_glossary_entries_form_one_row_apart_from_paragraphs(boxes):
    found = boxes[0].type("两个")
    assert {"glossary/liang-ge-que-li/", "glossary/liang-ge-wei-hu/"} <= set(found["glossary"])
    assert found["urls"] and not any(u.startswith("glossary/") for u in found["urls"])


def test_count_and_more_results(boxes):
    box = boxes[0]
    found = box.type("振兴")
    total = count(found["status"])  # records: passages of up to two paragraphs
    assert total > 10 and 10 <= len(found["urls"]) <= 20
    box.page.click(".tifa-search-next")
    box.page.wait_for_function("n => document.querySelectorAll('.tifa-search-results a')"
                               ".length > n", arg=len(found["urls"]))
    more = box.read()["urls"]
    assert more[:len(found["urls"])] == found["urls"] and len(more) >= min(total, 20)
    assert len(set(more)) == len(more)


def test_excerpts_mark_the_words_and_labels_match_links(boxes):
    for box in boxes:
        for query, marked in (("两个确立", "两个确立"), ("Chinese modernization", "中国式现代化"),
                              ("mushroom", "mushroom"), ("三去一降一补", "三去一降一补")):
            rows = box.type(query)["rows"]
            assert rows and marked in rows[0]["marks"], (query, rows[0])
            for row in rows:
                assert row["title"].endswith("¶" + row["url"].split("#")[1]), row


def test_landing_paragraph_marks_the_words(browser, corpus_url):
    page = browser.new_page()
    page.goto(corpus_url + "zh/" + R + "opening/")
    box = Box(page, corpus_url)
    box.type("两个确立")
    target = box.read()["urls"][0].split("#")[1]
    page.locator(".tifa-search-results a").first.click()
    page.wait_for_url(f"**#{target}")
    assert page.locator(f"#{target} mark.tifa-found").first.inner_text() == "两个确立"
    assert 0 <= page.locator(f"#{target}").bounding_box()["y"] < 200
    page.close()


def test_escape_closes_the_dialog_at_once(boxes):
    box = boxes[1]
    box.type("营商环境")
    box.page.keyboard.press("Escape")
    assert not box.page.evaluate("() => document.querySelector('dialog.tifa-search').open")


def test_filters_narrow_by_year_and_stay_off_the_first_search(browser, corpus_url):
    page = browser.new_page()
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, len(r.body()))) if r.ok else None)
    page.goto(corpus_url + R + "hui-mou-pian/")
    box = Box(page, corpus_url)
    everywhere = box.type("营商环境")["urls"]
    filters = [size for url, size in fetched if "/pagefind/filter/" in url]
    assert len(filters) <= 1 and sum(filters) < 1024  # at most the glossary's own marker
    assert {u.split("/")[1] for u in everywhere} >= {"2018-hexi-work-report", "2024-hexi-plenum"}
    page.click(".tifa-search-more summary")
    page.wait_for_selector(".tifa-search-filters select[data-filter=year]")
    labels = page.eval_on_selector_all(".tifa-search-filters select", "s => s.map(e => "
                                       "e.dataset.filter)")
    assert labels == ["report", "year", "body", "doctype"]
    page.select_option("select[data-filter=year]", "2018")
    page.wait_for_function("() => [...document.querySelectorAll('.tifa-search-results a')]"
                           ".every(a => a.href.includes('2018-hexi'))")
    assert box.read()["urls"] and box.read()["glossary"] == []
    page.close()


def test_a_query_without_match_says_so(boxes):
    assert boxes[0].type("xylophone")["urls"] == []
    assert "No results for “xylophone”" in boxes[0].read()["status"]
    assert "没有找到" in boxes[1].type("xylophone")["status"]


def test_term_keywords_cover_chinese_pinyin_and_english():
    from tifa.glossary import load_glossary

    entries = {e.slug: e for e in load_glossary(FIXTURES / "glossary", [])}
    words = term_keywords(entries["liang-ge-que-li"])
    assert {"两个确立", "liǎng gè quèlì", "liang ge queli", "lianggequeli",
            "Two Establishments", "two affirmations"} <= set(words)
    assert "百千 目标" in term_keywords(entries["bai-qian-mu-biao"])


def test_quoted_formulations_are_whole_chinese_phrases_and_titles():
    text = "坚持“三去一降一补”，落实《政府工作报告》，做到“两个维护”、“好，很好”与“X”。"
    assert quoted_formulations(text) == ["三去一降一补", "政府工作报告", "两个维护"]


def test_landing_words_from_the_address_are_text(browser, corpus_url):
    page = browser.new_page()
    words = "两个确立|<img src=x onerror=alert(1)>"
    page.goto(corpus_url + R + "hui-mou-pian/?hl=" + words + "#p11")
    assert page.locator("#p11 mark.tifa-found").first.inner_text() == "两个确立"
    assert page.locator("#p11 img").count() == 0
    page.close()


@pytest.mark.parametrize("query", ["Chinese modernization", "Zhōngguóshì xiàndàihuà",
                                   "zhongguoshi xiandaihua"])
def test_english_and_pinyin_reach_an_untranslated_report(boxes, corpus, query):
    """The 2024 communiqué has no English; the glossary's renderings of 中国式现代化 find it."""
    assert "<!-- en -->\n\n<!--" in (corpus / "content" / "reports" / "2024-hexi-plenum" /
                                    "00-opening.md").read_text("utf-8")
    for box in boxes:
        rows = box.type(query)["rows"]
        hit = [r for r in rows if r["url"] == PLENUM + "opening/#p4"]
        assert hit and hit[0]["marks"] == ["中国式现代化"], rows


def test_the_dialog_fits_a_phone_screen(browser, corpus_url):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(corpus_url + "zh/" + R + "hui-mou-pian/")
    box = Box(page, corpus_url)
    assert box.type("营商环境")["urls"]
    assert page.evaluate("() => document.querySelector('dialog.tifa-search').scrollWidth") <= 375
    first = page.locator(".tifa-search-results a").first.bounding_box()
    assert first["x"] >= 0 and first["x"] + first["width"] <= 375
    page.close()


def test_shards_are_bounded_and_a_report_keeps_its_shard():
    limit = search.SHARD_REPORTS
    assert [search.shard_count(n) for n in (0, 1, limit, limit + 1, 4 * limit + 1)] == \
        [1, 1, 1, 2, 8]
    slugs = [f"r{n:04d}" for n in range(8 * limit)]
    sizes = [sum(1 for s in slugs if search.shard_of(s, 8) == k) for k in range(8)]
    assert sum(sizes) == len(slugs) and max(sizes) < 1.5 * limit  # none much above its share
    grown = [s for s in slugs if search.shard_of(s, 16) != search.shard_of(s, 8)]
    assert all(search.shard_of(s, 16) == search.shard_of(s, 8) + 8 for s in grown)


def test_an_edit_indexes_again_only_the_bundle_of_its_report(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    for seed in (FIXTURES / "search" / "seeds").iterdir():
        shutil.copy(seed, root / "seeds" / seed.name)
    monkeypatch.setattr(search, "SHARD_REPORTS", 1)
    ui = Interface.load("en", root / "templates")

    def index(name: str) -> tuple[search.Indexed, dict[str, bytes]]:
        b = run(Build(Layout(root)), stages("ingest", "load", "resolve"))
        done = search.build_search_index(b.site, ui, href, tmp_path / name,
                                          root / "build" / "search")
        return done, files(tmp_path / name)

    first, one = index("one")
    assert (first.shards, first.indexed) == (2, 3)
    again, two = index("two")
    assert again.indexed == 0 and one == two
    section = root / "content/reports/2023-chaoyang-plenary/02-zhan-wang-pian.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("Chaoyang's strength to fighting",
                                    "Chaoyang's strength (zyzzogeton) to fighting"), "utf-8")
    edited, three = index("three")
    assert edited.indexed == 1
    changed = {name.split("/")[1] for name in three if three[name] != two.get(name)}
    assert changed == {"r1"}  # the shard of 2023-chaoyang-plenary (and 2024-hexi-plenum)


def test_a_build_that_stops_leaves_no_indexer_running(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    section = root / "content/reports/2023-chaoyang-plenary/02-zhan-wang-pian.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("Chaoyang's strength to fighting",
                                    "Chaoyang's strength ([see](report:no-such-report)) to "
                                    "fighting"), "utf-8")
    started, real = [], search._start_pagefind
    monkeypatch.setattr(search, "_start_pagefind",
                        lambda *args: started.append(real(*args)) or started[-1])
    b = Build(Layout(root))
    with pytest.raises(BuildFailed, match="unknown report 'no-such-report'"):
        run(b)
    assert started and all(process.poll() is not None for process in started)
    assert b.indexing.running is None


def test_a_bundles_records_folder_is_kept_and_holds_only_this_builds_records(tmp_path):
    source = tmp_path / "b1"
    search._write_records([Record("reports/a/s/p1.html", "one"),
                           Record("reports/b/s/p2.html", "two")], source)
    search._write_records([Record("reports/a/s/p1.html", "one"),
                           Record("reports/c/s/p3.html", "three")], source)
    assert files(source) == {"reports/a/s/p1.html": b"one", "reports/c/s/p3.html": b"three"}
    assert not (source / "reports/b").exists()
    search._write_records([Record("reports/a/s/p1.html", "edited")], source)
    assert files(source) == {"reports/a/s/p1.html": b"edited"}
