"""The Chinese interface without a browser: document types from a fixed vocabulary, the gloss
card's Chinese definition (or its English, marked), the site home's order."""

from __future__ import annotations

from conftest import FIXTURES, REPO, copy_project, page_text, run_cli

from tifa.i18n import Interface
from tifa.markup import DOC_TYPES, doc_type_label, in_language, newest_first
from tifa.model import GlossaryEntry, Note, Report, ReportMeta
from tifa.pages import site_home
from tifa.render import href
from tifa.resolve import resolve

ZH = Interface.load("zh", REPO / "templates")
EN = Interface.load("en", REPO / "templates")


def test_every_document_type_has_its_chinese_name():
    names = {t: doc_type_label(t, ZH) for t in DOC_TYPES}
    assert all(lang == "zh" and name != t for t, (name, lang) in names.items())
    assert names["Government work report"] == ("政府工作报告", "zh")
    assert doc_type_label("Government work report", EN) == ("Government work report", "en")
    assert doc_type_label("Memo of a study tour", ZH) == ("Memo of a study tour", "en")


def test_english_only_text_is_marked_in_the_chinese_interface_only():
    assert in_language("x", "en", ZH) == ('<small class="tifa-en-only" lang="zh-Hans">仅英文'
                                          '</small><span lang="en">x</span>')
    assert in_language("x", "en", EN) == '<span lang="en">x</span>'
    assert in_language("字", "zh", ZH) == '<span lang="zh-Hans">字</span>'


def test_an_unknown_document_type_is_a_warning_on_its_line(tmp_path, capsys):
    root = copy_project(tmp_path, FIXTURES / "minimal", ("seeds",))
    meta = root / "seeds" / "demo-report.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "doc_type: Memo of a study tour\n",
                    encoding="utf-8")
    line = len(meta.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert run_cli(root, "ingest") == 0 and run_cli(root, "check") == 0
    err = capsys.readouterr().err
    assert (f"seeds/demo-report.meta.yaml:{line}: warning: unknown document type "
            "'Memo of a study tour'") in err
    assert "hint: use one of: Government work report, Party congress report" in err
    assert run_cli(root, "check", "--strict") == 1


def _entry(slug: str, zh: str, explanation_zh: str, notes: list[Note]) -> GlossaryEntry:
    return GlossaryEntry(slug=slug, zh=zh, en=f"{slug} (en)", pinyin="x",
                         definition=f"The English definition of {slug}.",
                         explanation_zh=explanation_zh, notes=notes)


def test_the_card_gives_the_first_paragraph_of_the_chinese_explanation():
    site = resolve([], [_entry("both", "甲乙", "甲乙的释义。\n\n更长的说明。",
                               [Note("r", "English note.", "中文注释。")]),
                        _entry("english", "丙丁", "", [Note("r", "Only English.")])])
    both, english = site.cards["both"], site.cards["english"]
    assert both.definition("zh") == ("<p>甲乙的释义。</p>", "zh")
    assert both.definition("en") == ("<p>The English definition of both.</p>", "en")
    assert english.definition("zh") == ("<p>The English definition of english.</p>", "en")
    assert both.note("r", "zh") == ("<p>中文注释。</p>", "zh")
    assert english.note("r", "zh") == ("<p>Only English.</p>", "en")
    assert english.note("other", "zh") == ("", "")


def _report(slug: str, date: str, doc_type: str = "Speech") -> Report:
    return Report(slug, ReportMeta(f"{slug}标题", f"{slug} title", issuer_zh="某机关",
                                   issuer_en="A body", date=date, doc_type=doc_type))


def test_the_home_lists_reports_newest_first_and_undated_last():
    reports = [_report("b", "2019-05"), _report("undated", ""), _report("a", "2023-01-02"),
               _report("c", "1956")]
    assert [r.slug for r in newest_first(reports)] == ["a", "b", "c", "undated"]
    body = page_text(site_home(reports, ZH, href))
    assert [body.index(f'href="reports/{s}/"') for s in ("a", "b", "c", "undated")] == sorted(
        body.index(f'href="reports/{s}/"') for s in ("a", "b", "c", "undated"))
    assert '<option value="2023">2023</option><option value="2019">2019</option>' in body
    assert '<option value="Speech">讲话</option>' in body
    assert '2023年1月2日</time> · <span lang="zh-Hans">某机关</span>' in body
