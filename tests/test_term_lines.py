"""Term pages: each occurrence shown as its Chinese sentence with the English aligned with it,
the whole paragraph's English (said so) when the alignment is unsure, the Chinese alone when
there is no English; related terms with their English."""

from __future__ import annotations

import re

from tifa.model import GlossaryEntry, Paragraph, Report, ReportMeta, Section
from tifa.resolve import resolve
from tifa.termpages import Lines

ZH_1 = "我们坚持改革开放。"
ZH_2 = "全区上下深刻领悟“两个确立”的决定性意义，不断汇聚振兴发展合力，推动各项工作提质增效。"
EN_1 = "We kept to reform and opening up."
EN_2 = ("The whole district deeply understood the decisive significance of the Two "
        "Establishments, kept pooling strength for revitalization and development, and raised "
        "the quality and efficiency of all its work.")


def _site(*paragraphs: Paragraph):
    entry = GlossaryEntry("liang-ge-que-li", "两个确立", "Two Establishments", "liǎng gè què lì",
                          "The Two Establishments.")
    report = Report("r", ReportMeta("报告", "Report", date="2024-01-01"),
                    [Section("01-a", list(paragraphs))])
    return resolve([report], [entry]), report


def _row(*paragraphs: Paragraph) -> tuple[str, str, bool]:
    site, report = _site(*paragraphs)
    occ = site.concordance["liang-ge-que-li"][0]
    p = next(p for p in report.paragraphs if p.pid == occ.pid)
    return Lines(site).row([occ], p, "liang-ge-que-li")


def test_an_occurrence_shows_its_sentence_and_the_english_aligned_with_it():
    zh, en, whole = _row(Paragraph("p1", "text", ZH_1 + ZH_2, f"{EN_1} {EN_2}", "translated"))
    assert re.sub("<[^>]+>", "", zh) == ZH_2 and "<mark>两个确立</mark>" in zh
    assert en == EN_2.replace("Two Establishments", "<mark>Two Establishments</mark>")
    assert not whole


def test_one_english_sentence_for_several_chinese_ones_is_shown_whole_and_said_so():
    zh, en, whole = _row(Paragraph("p1", "text", ZH_1 + ZH_2, f"{EN_1[:-1]}; {EN_2}",
                                   "translated"))
    assert re.sub("<[^>]+>", "", zh) == ZH_2
    assert whole and en.startswith("We kept to reform")


def test_an_alignment_that_puts_the_rendering_elsewhere_falls_back_to_the_whole():
    # The translator moved the term into the first English sentence: the bead of the second
    # Chinese sentence holds no rendering while another bead does, so the pairing is unsure.
    moved = "We kept to reform and opening up and understood the Two Establishments."
    rest = EN_2.replace("the decisive significance of the Two Establishments",
                        "its decisive significance")
    zh, en, whole = _row(Paragraph("p1", "text", ZH_1 + ZH_2, f"{moved} {rest}", "translated"))
    assert whole and "<mark>Two Establishments</mark>" in en


def test_an_untranslated_paragraph_shows_the_chinese_sentence_alone():
    zh, en, whole = _row(Paragraph("p1", "text", ZH_1 + ZH_2))
    assert re.sub("<[^>]+>", "", zh) == ZH_2 and en == "" and not whole


def test_term_page_rows_in_the_built_site(built_site):
    html = (built_site / "glossary" / "liang-ge-que-li" / "index.html").read_text("utf-8")
    rows = re.findall(r'<div class="tifa-kwic-row">(.*?)</div>', html, re.S)
    zh = [re.sub("<[^>]+>", "", re.search(r'class="tifa-kwic-zh"[^>]*>(.*?)</p>', r).group(1))
          for r in rows]
    assert zh[0].startswith("坚持把加强党的政治建设摆在首位") and zh[0].endswith("落地生根。")
    assert all(z.count("。") <= 2 for z in zh)  # a sentence (or an aligned pair), never more
    assert '<h3 class="tifa-kwic-report" id="in-2023-chaoyang-plenary">' in html


def test_related_terms_carry_their_english(built_site):
    html = (built_site / "glossary" / "liang-ge-que-li" / "index.html").read_text("utf-8")
    related = re.search(r"<dt>Related</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert re.search(r'<span lang="zh-Hans">两个维护</span></a> <small>Two Upholds</small>',
                     related)


def test_occurrences_in_one_sentence_share_a_row():
    twice = "坚持“两个确立”，捍卫“两个确立”。"
    site, report = _site(Paragraph("p1", "text", ZH_1 + twice), Paragraph("p2", "text", ZH_2))
    found = site.concordance["liang-ge-que-li"]
    assert len(found) == 3
    rows = Lines(site).rows(found, "liang-ge-que-li")
    assert [(p.pid, zh.count("<mark>")) for p, zh, _en, _whole in rows] == [("p1", 2), ("p2", 1)]
    assert re.sub("<[^>]+>", "", rows[0][1]) == twice
