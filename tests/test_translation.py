"""Translating with CAT tools and reuse: XLIFF round trip, translation memory, pretranslation.

The fixture project is ours: the minimal demo report, translated below, and a second report
(tests/fixtures/memory) that repeats some of its sentences exactly, one with other figures, and
adds new ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, copy_project, run_cli
from lxml import etree
from test_errors import GOOD_ENTRY

from tifa.cli import main
from tifa.memory import Memory, align, en_sentences, zh_sentences
from tifa.store import format_section, load_reports, parse_section

SCHEMAS = Path(__file__).parent / "schemas"
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
ENGLISH = {  # our translation of tests/fixtures/minimal
    "p1": "On the 3rd, the First Plenary Session of the Demo County Committee was held. It "
          "reviewed the work of the past year and set out the tasks for next year.",
    "p2": "This was a session of unity and striving—",
    "p3": "Looking Back",
    "p4": "Earnestly summing up experience and keeping up the drive",
    "p5": "Firming up confidence in development",
    "p6": "**The Demo County Committee has kept its focus on high-quality development and "
          "advanced steadily in upgrading industry.** Gross regional product for the year "
          "reached RMB 1.25 billion, up 6.1% year on year.",
    "p7": "**Guarantees for people's wellbeing have been strengthened.** 1,200 new urban jobs "
          "were created and 3 community canteens were built.",
    "p8": "Looking Ahead",
    "p9": "Setting clear goals and tasks and forging ahead",
    "p10": "Advancing rural revitalization on all fronts",
    "p11": "—**Persisting in innovation-driven development and making breakthroughs in "
           "cultivating new growth drivers.** The county will speed up the building of the "
           "science and technology park and bring in 50 talented people.",
    "p12": "The county will advance all its undertakings to a new level with even greater spirit.",
}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under content/, by relative path."""
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The demo report translated, plus the untranslated second report, ingested."""
    root = copy_project(tmp_path / "p", FIXTURES / "minimal", ("seeds",))
    for seed in (FIXTURES / "memory" / "seeds").iterdir():
        shutil.copy(seed, root / "seeds" / seed.name)
    (root / "content" / "glossary").mkdir(parents=True)
    (root / "content" / "glossary" / "gao-zhi-liang-fa-zhan.md").write_text(GOOD_ENTRY, "utf-8")
    assert run_cli(root, "ingest") == 0
    for path in sorted((root / "content/reports/demo-report").glob("0*.md")):
        section = parse_section(path, path.read_text("utf-8"), [])
        for p in section.paragraphs:
            p.en, p.status = ENGLISH[p.pid], "translated"
        path.write_text(format_section(section), "utf-8")
    return root


def paragraphs(root: Path, slug: str) -> dict:
    """The paragraphs of one report in content/, by ID."""
    reports = load_reports(root / "content", root / "seeds", [])
    return {p.pid: p for r in reports if r.slug == slug for p in r.paragraphs}


def xliff_schema() -> etree.XMLSchema:
    """The official XLIFF 1.2 strict schema, its xml.xsd import resolved to the local copy."""
    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            return None

    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


def export(root: Path, slug: str) -> Path:
    out = root / f"{slug}.xlf"
    assert run_cli(root, "export-xliff", slug, "--output", str(out)) == 0
    return out


def unit(tree: etree._ElementTree, pid: str) -> etree._Element:
    return next(u for u in tree.iter(f"{XLF}trans-unit") if u.get("id") == pid)


def set_target(node: etree._Element, text: str) -> None:
    """Replace a unit's whole target, as a translator retyping it in a CAT tool."""
    target = node.find(f"{XLF}target")
    for child in list(target):
        target.remove(child)
    target.text = text


# --- segmentation and alignment -----------------------------------------------------------------

def test_sentences_join_back_to_the_paragraph_and_leads_keep_their_bold() -> None:
    zh = "政治素质显著提升。坚持把“两个确立”摆在首位！是否？最后一句没有句号"
    assert zh_sentences(zh) == ["政治素质显著提升。", "坚持把“两个确立”摆在首位！", "是否？",
                                "最后一句没有句号"]
    assert "".join(zh_sentences(zh)) == zh
    en = "**Quality rose.** It did, e.g. in No. 5 Street. Then 1,200 jobs came."
    assert en_sentences(en) == ["**Quality rose.**", "It did, e.g. in No. 5 Street.",
                                "Then 1,200 jobs came."]


def test_gale_church_pairs_a_long_chinese_sentence_with_several_english_ones() -> None:
    zh = ["项目推进有序有力。",
          "深入开展行动,甲乙等项目提速建设,丙丁等项目竣工在即,全区52个重点项目全部开复工。",
          "上半年,投资实现49.7亿元,同比增长23%。"]
    en = ["**Projects have advanced in an orderly way.**",
          "The district has carried out the campaign in depth.",
          "Construction has sped up on projects such as A and B, and projects such as C and D "
          "are nearing completion.", "All 52 key projects have started or resumed construction.",
          "In the first half, investment reached RMB 4.97 billion, up 23% year on year."]
    beads = align(zh, en)
    assert [b[0] for b in beads] == zh
    assert beads[1][1] == " ".join(en[1:4]) and beads[2][1] == en[4]


def test_every_translated_paragraph_of_the_seed_aligns_without_losing_text() -> None:
    reports = load_reports(REPO / "content", REPO / "seeds", [])
    memory = Memory.of(reports)
    for p in reports[0].paragraphs:
        beads = [u for u in memory.units if u.pid == p.pid and u.sentence]
        if beads:
            assert "".join(u.zh for u in beads) == p.zh
            assert " ".join(u.en for u in beads) == " ".join(en_sentences(p.en))
    assert sum(1 for u in memory.units if u.sentence) > 100


# --- XLIFF export -------------------------------------------------------------------------------

def test_the_xliff_of_the_seed_and_of_an_untranslated_report_validate(project: Path,
                                                                       tmp_path: Path) -> None:
    schema = xliff_schema()
    seed_root = copy_project(tmp_path / "seed")
    for root, slug in ((seed_root, "2023-chaoyang-plenary"), (project, "demo-next"),
                       (project, "demo-report")):
        tree = etree.parse(str(export(root, slug)))
        assert schema.validate(tree), schema.error_log
    tree = etree.parse(str(project / "demo-next.xlf"))
    tree.getroot().find(f".//{XLF}target").set("state", "half-done")
    assert not schema.validate(tree)  # the schema does reject what is wrong


def test_units_carry_id_state_target_segments_notes_and_memory_matches(project: Path) -> None:
    translated = etree.parse(str(export(project, "demo-report")))
    p6 = unit(translated, "p6")
    assert p6.find(f"{XLF}target").get("state") == "final"
    marks = p6.findall(f"{XLF}seg-source/{XLF}mrk")
    assert [m.text for m in marks] == zh_sentences(paragraphs(project, "demo-report")["p6"].zh)
    assert [m.text for m in p6.findall(f"{XLF}target/{XLF}mrk")] == en_sentences(ENGLISH["p6"])
    notes = [n.text for n in p6.findall(f"{XLF}note")]
    assert notes[0].startswith("高质量发展 (gāo zhì liàng fā zhǎn): high-quality development")
    assert unit(translated, "p1").find(f"{XLF}seg-source") is None  # 1 Chinese, 2 English

    fresh = etree.parse(str(export(project, "demo-next")))
    pids = [u.get("id") for u in fresh.iter(f"{XLF}trans-unit")]
    assert pids == list(paragraphs(project, "demo-next"))
    growth = next(u for u in fresh.iter(f"{XLF}trans-unit")
                  if "12.8亿元" in u.findtext(f"{XLF}source"))
    assert growth.find(f"{XLF}target").get("state") == "needs-translation"
    alts = {a.get("mid"): (a.get("match-quality"), a.get("origin"))
            for a in growth.findall(f"{XLF}alt-trans")}
    assert alts == {"1": ("100", "tifa-memory:demo-report#p6.1"),
                    "2": ("92", "tifa-memory:demo-report#p6.2")}


# --- XLIFF import -------------------------------------------------------------------------------

def test_round_trip_changes_exactly_the_edited_paragraphs_as_drafts(project: Path) -> None:
    path = export(project, "demo-next")
    before = snapshot(project)
    old = paragraphs(project, "demo-next")
    tree = etree.parse(str(path))
    new_pid = next(pid for pid, p in old.items() if p.zh.startswith("加快建设数字乡村"))
    opening = next(pid for pid, p in old.items() if p.zh.startswith("5日"))
    unit(tree, new_pid).find(f"{XLF}target").text = "The county will build digital villages."
    growth = next(pid for pid, p in old.items() if "12.8亿元" in p.zh)
    target = unit(tree, growth).find(f"{XLF}target")  # a CAT tool fills the segments
    for mid, text in (("1", "**The county committee kept its focus on high-quality development.**"),
                      ("2", "Gross regional product reached RMB 1.28 billion, up 6.3%.")):
        mark = etree.SubElement(target, f"{XLF}mrk", mtype="seg", mid=mid)
        mark.text = text
    unit(tree, opening).find(f"{XLF}target").text = "On the 5th, the second session was held."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    assert run_cli(project, "import-xliff", str(path)) == 0
    after = snapshot(project)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"content/reports/demo-next/00-opening.md",
                       "content/reports/demo-next/01-hui-gu-pian.md",
                       "content/reports/demo-next/02-zhan-wang-pian.md"}
    now = paragraphs(project, "demo-next")
    edited = {new_pid, growth, opening}
    for pid, p in now.items():
        if pid in edited:
            assert p.status == "draft" and p.en
        else:
            assert (p.en, p.status, p.origin) == (old[pid].en, old[pid].status, old[pid].origin)
    assert now[growth].en == ("**The county committee kept its focus on high-quality "
                              "development.** Gross regional product reached RMB 1.28 billion, "
                              "up 6.3%.")
    for rel in changed:  # outside the edited blocks every line is as it was
        kept = [line for line in before[rel].decode().split("\n") if "status=" not in line]
        assert [line for line in kept if line not in after[rel].decode().split("\n")] == []


def failing_import(root: Path, path: Path, capsys, *args: str) -> str:
    before = snapshot(root)
    assert run_cli(root, "import-xliff", str(path), *args) == 1
    assert snapshot(root) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err and "hint:" in err
    return err


def test_a_translated_paragraph_is_a_conflict_unless_overwrite(project: Path, capsys) -> None:
    path = export(project, "demo-report")
    tree = etree.parse(str(path))
    for pid in ("p7", "p12"):
        set_target(unit(tree, pid), "Something else.")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    err = failing_import(project, path, capsys)
    p7, p12 = (paragraphs(project, "demo-report")[pid] for pid in ("p7", "p12"))
    assert (f"content/reports/demo-report/01-hui-gu-pian.md:{p7.line}: error: p7 is translated"
            in err)
    assert (f"content/reports/demo-report/02-zhan-wang-pian.md:{p12.line}: error: p12 is "
            "translated" in err)
    assert run_cli(project, "import-xliff", str(path), "--overwrite") == 0
    now = paragraphs(project, "demo-report")
    assert now["p12"].en == "Something else." and now["p12"].status == "draft"
    assert now["p7"].en == "**Something else.**"  # the lead keeps its bold
    assert now["p6"].status == "translated"


def test_a_source_changed_in_the_seed_refuses_the_file(project: Path, capsys) -> None:
    path = export(project, "demo-next")
    tree = etree.parse(str(path))
    for u in tree.iter(f"{XLF}trans-unit"):
        set_target(u, "An English sentence.")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    seed = project / "seeds" / "demo-next.zh.txt"
    seed.write_text(seed.read_text("utf-8").replace("数字乡村", "智慧乡村"), "utf-8")
    pid = next(pid for pid, p in paragraphs(project, "demo-next").items() if "数字乡村" in p.zh)
    line = unit(tree, pid).sourceline
    err = failing_import(project, path, capsys)
    assert f"demo-next.xlf:{line}: error: {pid}: the source text no longer matches the seed" in err
    assert f"the source of paragraphs {pid} changed since export" in err


@pytest.mark.parametrize("damage, message", [
    (lambda text: text[: len(text) // 2], "error: not well-formed XML"),
    (lambda text: text.replace('version="1.2"', 'version="2.0"', 1),
     ":2: error: this is not an XLIFF 1.2 file"),
    (lambda text: text.replace('id="p3"', 'id="p99"', 1), "error: unit p99 names no paragraph"),
])
def test_a_malformed_file_gives_path_line_and_changes_nothing(project: Path, capsys, damage,
                                                              message: str) -> None:
    path = export(project, "demo-next")
    path.write_text(damage(path.read_text("utf-8")), "utf-8")
    err = failing_import(project, path, capsys)
    assert "demo-next.xlf:" in err and message in err


# --- translation memory and pretranslation ------------------------------------------------------

def test_pretranslate_fills_exact_then_fuzzy_matches_and_marks_them(project: Path,
                                                                    capsys) -> None:
    before = paragraphs(project, "demo-next")
    report_before = paragraphs(project, "demo-report")
    assert run_cli(project, "pretranslate", "demo-next") == 0
    exact = paragraphs(project, "demo-next")
    drafted = {pid: p for pid, p in exact.items() if p.en}
    by_zh = {p.zh: p for p in drafted.values()}
    assert set(by_zh) == {"回顾篇", "展望篇",
                          "民生保障不断加强。新增城镇就业1200人,建成社区食堂3家。",
                          "示范县将以更加昂扬的姿态,推动各项事业迈上新台阶。"}
    canteens = by_zh["民生保障不断加强。新增城镇就业1200人,建成社区食堂3家。"]
    assert canteens.en == ENGLISH["p7"] and canteens.origin == "demo-report#p7@100"
    assert all(p.status == "draft" for p in drafted.values())
    assert paragraphs(project, "demo-report") == report_before

    capsys.readouterr()
    assert main(["pretranslate", "demo-next", "--fuzzy", "85", "--root", str(project)]) == 0
    fuzzy = paragraphs(project, "demo-next")
    growth = next(p for p in fuzzy.values() if "12.8亿元" in p.zh)
    assert growth.origin == "demo-report#p6@100,demo-report#p6@92"
    assert growth.en == ENGLISH["p6"]  # the old figures: the figure check will flag them
    for pid, p in drafted.items():  # drafts already there are not touched again
        assert (fuzzy[pid].en, fuzzy[pid].origin) == (p.en, p.origin)
    assert not next(p for p in fuzzy.values() if p.zh.startswith("加快建设数字乡村")).en
    assert before.keys() == fuzzy.keys()
    out = capsys.readouterr().out
    assert "s1 exact demo-report#p6.1; s2 92% demo-report#p6.2" in out


def test_tm_origin_round_trips_and_survives_reingest(project: Path) -> None:
    assert run_cli(project, "pretranslate", "demo-next") == 0
    before = snapshot(project)
    assert run_cli(project, "ingest") == 0
    assert snapshot(project) == before
    folder = project / "content/reports/demo-next"
    for path in folder.glob("0*.md"):
        text = path.read_text("utf-8")
        assert format_section(parse_section(path, text, [])) == text
    assert "tm=demo-report#p7@100" in (folder / "01-hui-gu-pian.md").read_text("utf-8")


def test_a_dry_run_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    assert run_cli(project, "pretranslate", "demo-next", "--fuzzy", "85", "--dry-run") == 0
    assert snapshot(project) == before


def test_reviewers_see_reused_drafts_and_the_editors_page_counts_them(project: Path) -> None:
    assert run_cli(project, "pretranslate", "demo-next") == 0
    assert run_cli(project) == 0
    page = (project / "site/reports/demo-next/hui-gu-pian/index.html").read_text("utf-8")
    assert 'class="tifa-origin">Draft from translation memory: demo-report p7 (exact)' in page
    zh_page = (project / "site/zh/reports/demo-next/hui-gu-pian/index.html").read_text("utf-8")
    assert "译文草稿取自翻译记忆： demo-report p7 (完全匹配)" in zh_page
    editors = (project / "site/editors/index.html").read_text("utf-8")
    row = editors[editors.index("Second Plenary Session"):].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split("<td>")[1:]]
    assert cells[-2:] == ["4", "3"]  # drafted from memory, untranslated


def test_a_reviewer_sees_where_a_draft_came_from_on_a_phone(project: Path, browser) -> None:
    from serve import PrefixServer

    assert run_cli(project, "pretranslate", "demo-next") == 0
    assert run_cli(project) == 0
    with PrefixServer(project / "site", "/some-prefix/") as server:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        try:
            for prefix, label in (("", "Draft from translation memory: demo-report p7 (exact)"),
                                  ("zh/", "译文草稿取自翻译记忆： demo-report p7 (完全匹配)")):
                page.goto(f"{server.url}{prefix}reports/demo-next/hui-gu-pian/")
                note = page.locator(".tifa-en .tifa-origin", has_text="demo-report p7")
                assert note.is_visible() and note.inner_text() == label
                english = page.locator(".tifa-pair", has=note).locator(".tifa-en").bounding_box()
                box = note.bounding_box()
                assert english["x"] <= box["x"] and box["x"] + box["width"] <= 375
            page.screenshot(path=str(project / "origin.png"), full_page=True)
        finally:
            page.close()
