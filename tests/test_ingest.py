"""Ingest: splitting the seed, round trip, idempotence, editor edits, stale marking, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, copy_project, run_cli

from tifa import ingest
from tifa.ingest import decode_seed, ingest_seed, split_seed
from tifa.store import load_sections, parse_section

SLUG = "2023-chaoyang-plenary"


def seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]


def ingest_copy(tmp_path: Path, data: bytes, name: str = f"{SLUG}.zh.txt"):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_bytes(data)
    return ingest_seed(seeds / name, tmp_path / "content" / "reports")


def section_texts(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "content" / "reports" / SLUG
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def test_splitter_follows_the_reports_own_structure():
    paragraphs = split_seed(SEED.read_text(encoding="utf-8"))
    keys = list(dict.fromkeys(p.section for p in paragraphs))
    assert keys == ["opening", "hui-mou-pian", "zhan-wang-pian", "tui-jin-pian", "dang-jian-pian"]
    titles = [p.zh for p in paragraphs if p.kind == "title"]
    assert titles == ["回眸篇", "展望篇", "推进篇", "党建篇"]
    subtitles = [p.zh for p in paragraphs if p.kind == "subtitle"]
    assert len(subtitles) == 8 and subtitles[0] == "客观总结成绩 保持工作定力"
    assert len(paragraphs) == 67
    leads = {p.zh[:9] for p in paragraphs if p.lead}
    assert "政治素质显著提升。" in leads and not any(z.startswith("起跑决定全程") for z in leads)


def test_every_character_of_the_seed_lands_in_content_exactly_once(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    problems: list = []
    sections = load_sections(tmp_path / "content" / "reports" / SLUG, problems)
    assert problems == []
    assert [p.zh for s in sections for p in s.paragraphs] == seed_lines()
    assert "".join(p.zh for s in sections for p in s.paragraphs) == "".join(seed_lines())


def test_committed_content_matches_the_seed():
    problems: list = []
    sections = load_sections(SEED.parents[1] / "content" / "reports" / SLUG, problems)
    assert problems == []
    assert [p.zh for s in sections for p in s.paragraphs] == seed_lines()


def test_ingest_is_idempotent(tmp_path):
    first = ingest_copy(tmp_path, SEED.read_bytes())
    assert len(first.written) == 5
    before = section_texts(tmp_path)
    second = ingest_copy(tmp_path, SEED.read_bytes())
    assert second.written == [] and second.problems == []
    assert section_texts(tmp_path) == before


def _edit_english(tmp_path: Path, pid: str, english: str) -> Path:
    for path in (tmp_path / "content" / "reports" / SLUG).glob("*.md"):
        text = path.read_text(encoding="utf-8")
        header = next((line for line in text.split("\n") if f"¶ {pid} " in line), None)
        if header:
            block_start = text.index(header)
            mark = text.index("<!-- en -->", block_start) + len("<!-- en -->")
            edited = text[:mark] + "\n" + english + text[mark:]
            path.write_text(edited.replace(header, header.replace("draft", "translated")),
                            encoding="utf-8")
            return path
    raise AssertionError(pid)


def _paragraph(tmp_path: Path, pid: str):
    problems: list = []
    sections = load_sections(tmp_path / "content" / "reports" / SLUG, problems)
    return next(p for s in sections for p in s.paragraphs if p.pid == pid)


def test_an_editors_english_survives_reingest(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    _edit_english(tmp_path, "p11", "**Political quality has improved markedly.** Edited.")
    result = ingest_copy(tmp_path, SEED.read_bytes())
    assert result.written == []
    p = _paragraph(tmp_path, "p11")
    assert p.en == "**Political quality has improved markedly.** Edited."
    assert p.status == "translated"


def test_a_changed_source_paragraph_marks_its_english_stale(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    _edit_english(tmp_path, "p11", "Political quality.")
    changed = SEED.read_text(encoding="utf-8").replace("政治素质显著提升", "政治素质明显提升")
    changed = changed.replace("理论学习持续深化", "理论学习不断深化")
    ingest_copy(tmp_path, changed.encode("utf-8"))
    edited, untranslated = _paragraph(tmp_path, "p11"), _paragraph(tmp_path, "p12")
    assert edited.zh.startswith("政治素质明显提升") and edited.status == "stale"
    assert edited.en == "Political quality."
    assert untranslated.zh.startswith("理论学习不断深化") and untranslated.status == "draft"


def test_inserted_and_removed_paragraphs_keep_ids_and_english(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    _edit_english(tmp_path, "p12", "Theory study.")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    gone = lines.pop(11)  # p12, translated
    lines.insert(3, "新增的一段文字。")
    ingest_copy(tmp_path, "\n".join(lines).encode("utf-8"))
    removed = _paragraph(tmp_path, "p12")
    assert removed.status == "removed" and removed.en == "Theory study." and removed.zh == gone
    assert _paragraph(tmp_path, "p13").zh.startswith("学习成果高效转化")
    assert _paragraph(tmp_path, "p68").zh == "新增的一段文字。"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_encodings_ingest_identically(tmp_path, encoding):
    reference = tmp_path / "utf8"
    other = tmp_path / encoding
    reference.mkdir(), other.mkdir()
    ingest_copy(reference, SEED.read_bytes())
    ingest_copy(other, SEED.read_text(encoding="utf-8").encode(encoding))
    assert section_texts(other) == section_texts(reference)


def test_crlf_seed_ingests_like_lf(tmp_path):
    problems: list = []
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert decode_seed(tmp_path / "a.txt", problems) == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("data, message", [
    (b"", "the seed is empty"),
    (b"  \n\n", "the seed is empty"),
    (bytes(range(0x80, 0x100)) * 4, "the seed is in an unknown encoding"),
    ("Ünïcödé in Latin-1 only".encode("latin-1"), "the seed is in an unknown encoding"),
])
def test_bad_seeds_stop_the_build_with_a_clear_error(tmp_path, capsys, data, message):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bad.zh.txt").write_bytes(data)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.html").write_text("old site", encoding="utf-8")
    assert run_cli(tmp_path) == 1
    err = capsys.readouterr().err
    assert f"seeds/bad.zh.txt: error: {message}" in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["keep.html"]
    assert not (tmp_path / "content").exists()


def test_section_file_round_trips_through_the_parser(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    from tifa.store import format_section

    for name, text in section_texts(tmp_path).items():
        problems: list = []
        section = parse_section(Path(name), text, problems)
        assert problems == [] and format_section(section) == text


def _translate_all(tmp_path: Path) -> dict[str, str]:
    """Give every paragraph its own English ('English of pN'); returns Chinese -> English."""
    from tifa.store import format_section

    pairs = {}
    for section in load_sections(tmp_path / "content" / "reports" / SLUG, []):
        for p in section.paragraphs:
            p.en, p.status = f"English of {p.pid}", "translated"
            pairs[p.zh] = p.en
        section.path.write_text(format_section(section), encoding="utf-8")
    return pairs


def _reingest(tmp_path: Path, lines: list[str]):
    result = ingest_copy(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    paragraphs = [p for s in load_sections(tmp_path / "content" / "reports" / SLUG, [])
                  for p in s.paragraphs]
    return result, paragraphs


def test_an_edit_next_to_a_deletion_keeps_each_english_with_its_own_chinese(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    english = _translate_all(tmp_path)
    lines = seed_lines()
    p12, p13, p14 = lines[11], lines[12], lines[13]
    lines[11], lines[13] = p12 + "（修订）", p14.replace("。", "，", 1)
    del lines[12]
    result, paragraphs = _reingest(tmp_path, lines)
    by_id = {p.pid: p for p in paragraphs}
    assert (by_id["p12"].zh, by_id["p12"].en, by_id["p12"].status) == (
        p12 + "（修订）", english[p12], "stale")
    assert (by_id["p14"].zh, by_id["p14"].en, by_id["p14"].status) == (
        p14.replace("。", "，", 1), english[p14], "stale")
    assert (by_id["p13"].zh, by_id["p13"].en, by_id["p13"].status) == (
        p13, english[p13], "removed")
    assert [p.pid for p in paragraphs if p.status == "removed"] == ["p13"]
    assert [p.message for p in result.problems] == [
        "paragraph p13 no longer in the seed; its English is kept with status=removed"]


def test_swapped_and_moved_paragraphs_keep_their_english_and_status(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    english = _translate_all(tmp_path)
    lines = seed_lines()
    lines[11], lines[12] = lines[12], lines[11]  # a swap inside a section
    lines.insert(60, lines.pop(20))  # a move into another section
    result, paragraphs = _reingest(tmp_path, lines)
    assert [p.zh for p in paragraphs] == lines
    assert [(p.en, p.status) for p in paragraphs] == [(english[z], "translated") for z in lines]
    assert result.problems == []
    again, _ = _reingest(tmp_path, lines)
    assert again.written == []


def test_a_renamed_section_key_keeps_its_summary(tmp_path):
    ingest_copy(tmp_path, SEED.read_bytes())
    path = tmp_path / "content" / "reports" / SLUG / "01-hui-mou-pian.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    path.write_text("---\nsection: looking-back\nsummary: My summary.\n---\n" + rest,
                    encoding="utf-8")
    ingest_copy(tmp_path, SEED.read_bytes())
    sections = load_sections(tmp_path / "content" / "reports" / SLUG, [])
    kept = next(s for s in sections if s.title and s.title.zh == "回眸篇")
    assert (kept.key, kept.summary) == ("looking-back", "My summary.")
    assert kept.path.name == "01-looking-back.md" and not path.exists()


def test_repeated_chinese_pairs_in_order_and_a_returning_paragraph_is_stale():
    from tifa.ingest import merge
    from tifa.model import Paragraph
    from tifa.split import SeedParagraph

    old = [Paragraph("p1", "text", "甲。", "A1", "translated"),
           Paragraph("p2", "text", "乙。", "B", "translated"),
           Paragraph("p3", "text", "甲。", "A2", "translated"),
           Paragraph("p4", "text", "丙。", "C", "removed")]
    new = [SeedParagraph("opening", "text", z, False) for z in ("丙。", "甲。", "甲。", "乙。")]
    merged = [(p.pid, p.en, p.status) for _, p in merge(old, new)]
    assert merged == [("p4", "C", "stale"), ("p1", "A1", "translated"),
                      ("p3", "A2", "translated"), ("p2", "B", "translated")]


def test_a_seed_whose_files_did_not_change_is_not_ingested_again(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project", parts=("seeds", "content"))
    seeds, reports, stamps = root / "seeds", root / "content" / "reports", tmp_path / "stamps"
    calls: list[str] = []

    def counted(seed: Path, folder: Path):
        calls.append(seed.name)
        return ingest_seed(seed, folder)
    monkeypatch.setattr(ingest, "ingest_seed", counted)
    assert ingest.ingest_all(seeds, reports, stamps).written == [] and calls == [f"{SLUG}.zh.txt"]
    ingest.ingest_all(seeds, reports, stamps)
    assert calls == [f"{SLUG}.zh.txt"]  # the same seed, metadata and files: skipped
    section = sorted((reports / SLUG).glob("0*.md"))[1]
    section.write_text(section.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest.ingest_all(seeds, reports, stamps)
    assert len(calls) == 2  # a section file changed: ingested again (and nothing written)
    seed = seeds / f"{SLUG}.zh.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n新的一段话，写在最后。\n", "utf-8")
    assert ingest.ingest_all(seeds, reports, stamps).written  # the seed changed: written
    assert len(calls) == 3
    ingest.ingest_all(seeds, reports, stamps)
    assert len(calls) == 4  # it wrote, so its stamp waits for an ingest that finds it settled
    ingest.ingest_all(seeds, reports, stamps)
    assert len(calls) == 4
