"""The first report's content: complete translation, metadata, digest and section summaries."""

from __future__ import annotations

import re

from conftest import REPO

from tifa.store import load_reports


def report():
    problems: list = []
    reports = load_reports(REPO / "content", REPO / "seeds", problems)
    assert problems == [] and len(reports) == 1
    return reports[0]


def test_every_paragraph_and_heading_is_translated():
    paragraphs = report().paragraphs
    assert len(paragraphs) == 67
    assert [p.pid for p in paragraphs if p.status != "translated" or not p.en.strip()] == []


def test_lead_sentences_are_bold_in_both_languages():
    for p in report().paragraphs:
        if p.lead:
            assert re.match(r"^—?\*\*[^*]+\*\*", p.en), p.pid


def test_metadata_states_only_what_a_source_supports():
    meta = report().meta
    assert meta.date == "2023-08-02"
    assert "2日" in meta.date_note and "t20230804" in meta.date_note
    assert meta.source_url.startswith("http://www.ccchaoyang.gov.cn/")
    assert meta.title_zh == "中共长春市朝阳区第十三届委员会第五次全体会议"


def test_digest_and_section_summaries():
    r = report()
    words = len(r.digest.summary.split())
    assert 200 <= words <= 400, words
    assert 5 <= len(r.digest.takeaways) <= 8
    assert all(s.summary.strip() for s in r.sections)


def test_english_numbers_are_exact():
    text = " ".join(p.en for p in report().paragraphs)
    for value in ("RMB 42.78 billion", "RMB 590 million", "RMB 27.11 billion", "RMB 116 billion",
                  "more than RMB 64 million", "RMB 11.9 million", "51,000", "110,000"):
        assert value in text
    assert "4,278" not in text and "427.8" not in text
