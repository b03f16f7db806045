"""The splitter on the common shapes of Chinese reports (fixtures written for tifa)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.split import SplitRules, split_seed

SHAPES = Path(__file__).parent / "fixtures" / "shapes"


def shape(name: str, rules: SplitRules | None = None):
    return split_seed((SHAPES / name).read_text(encoding="utf-8"), rules)


def outline(paragraphs) -> list[tuple[str, str]]:
    return [(p.kind, p.zh) for p in paragraphs if p.kind != "text"]


def test_work_report_title_block_parts_and_run_in_subparts():
    ps = shape("work-report.txt")
    assert outline(ps) == [
        ("title", "政府工作报告"),
        ("subtitle", "——2030年1月10日在示范市第九届人民代表大会第三次会议上"),
        ("subtitle", "示范市市长 王某某"),
        ("title", "一、过去一年工作回顾"),
        ("title", "二、今年工作总体要求和主要任务")]
    assert len({p.section for p in ps}) == 3
    salutation = next(p for p in ps if p.zh == "各位代表：")
    assert salutation.kind == "text" and not salutation.lead
    leads = [p.zh[:p.zh.index("。") + 1] for p in ps if p.lead]
    assert leads == ["（一）着力扩大有效需求。", "（二）着力推动产业升级。",
                     "第一，加快建设现代化产业体系。", "第二，持续扩大内需。"]


def test_congress_report_subparts_on_their_own_line_dashes_and_ordinals():
    ps = shape("congress-report.txt")
    assert outline(ps) == [
        ("title", "坚定信心 团结奋斗 奋力谱写示范县发展新篇章"),
        ("subtitle", "——在中国共产党示范县第五次代表大会上的报告"),
        ("subtitle", "（2030年5月8日）"),
        ("title", "一、过去五年的工作和经验"),
        ("title", "二、今后五年的目标任务"),
        ("subtitle", "（一）坚持创新驱动"),
        ("subtitle", "（二）坚持绿色发展")]
    leads = [p.zh[:p.zh.index("。") + 1] for p in ps if p.lead]
    assert leads == ["——经济实力明显增强。", "——民生福祉持续改善。", "首先，培育创新主体。",
                     "其次，集聚创新人才。"]


def test_blank_line_blocks_of_wrapped_lines_are_joined():
    ps = shape("wrapped.txt")
    assert [(p.kind, p.zh) for p in ps] == [
        ("title", "示范区工作总结"),
        ("title", "一、主要成绩"),
        ("text", "过去一年，示范区坚持稳中求进，经济运行总体平稳，地区生产总值增长百分之五。"),
        ("text", "招商引资成效明显，全年签约项目二十个，总投资五十亿元。"),
        ("title", "二、存在问题"),
        ("text", "部分企业经营困难，创新能力有待提升。")]


def test_numbered_parts_with_bu_fen():
    ps = shape("parts.txt")
    assert [p.section for p in ps if p.kind == "title"][1:] == [
        "di-yi-bu-fen-ji-ben-qing-kuang", "di-er-bu-fen-gong-zuo-cheng-xiao"]


def test_an_editor_overrides_sections_and_paragraph_mode():
    rules = SplitRules.from_meta({"sections": "^（[一二]）", "paragraphs": "lines"})
    ps = shape("congress-report.txt", rules)
    assert [p.zh for p in ps if p.kind == "title"] == [
        "坚定信心 团结奋斗 奋力谱写示范县发展新篇章", "（一）坚持创新驱动", "（二）坚持绿色发展"]
    assert shape("wrapped.txt", rules)[2].zh == "过去一年，示范区坚持稳中求进，"


@pytest.mark.parametrize("meta, message", [
    ({"paragraphs": "pages"}, "split.paragraphs must be auto, lines or blocks, not 'pages'"),
    ({"sections": "(unclosed"}, "split.sections is not a valid pattern"),
    ({"colour": "red"}, "unknown field 'split.colour'"),
])
def test_bad_split_rules_are_reported(meta, message):
    assert any(text.startswith(message) for _, text in SplitRules.from_meta(meta).problems)


def test_the_seed_keeps_its_shape():
    seed = Path(__file__).parent.parent / "seeds" / "2023-chaoyang-plenary.zh.txt"
    ps = split_seed(seed.read_text(encoding="utf-8"))
    assert [p.zh for p in ps if p.kind == "title"] == ["回眸篇", "展望篇", "推进篇", "党建篇"]
    assert sum(p.kind == "subtitle" for p in ps) == 8 and len(ps) == 67


def test_lines_broken_inside_sentences_are_rejoined():
    ps = shape("pdf-wrapped.txt")
    assert [(p.kind, p.zh) for p in ps] == [
        ("title", "示范市政府工作报告"),
        ("subtitle", "——2030 年 1 月 8 日在示范市人民代表大会上"),
        ("text", "各位代表:"),
        ("text", "现在,我代表市人民政府向大会报告工作,请予审议,并请市政协委员提出意见。"),
        ("title", "一、2029 年工作回顾"),
        ("text", "过去一年,全市上下团结奋斗,经济运行总体平稳,"
                 "地区生产总值增长 5.1%,城镇新增就业 3.2 万人。"),
        ("text", "“稳”的基础更加牢固。粮食产量保持稳定。"),
        ("text", "“进”的步伐坚实有力。新兴产业增加值增长8%，新增专精特新企业 12 户。")]
    assert ps[4].section == "yi-2029-nian-gong-zuo-hui-gu"
    assert [p.lead for p in ps[6:]] == [True, True]  # a series of two short leads
