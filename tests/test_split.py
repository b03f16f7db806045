"""The splitter on the common shapes of Chinese reports (fixtures written for tifa)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.model import lead_length
from tifa.split import SplitRules, lead_kind, numbered_heading, split_seed
from tifa.trim import trim

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


def leads_of(paragraphs) -> list[str]:
    return [p.zh[:lead_length(p.zh)] for p in paragraphs if p.lead]


def test_part_headings_with_a_comma_or_a_final_stop_are_told_by_their_shape():
    ps = shape("congress-blocks.txt")  # one paragraph a block, three blank lines between
    assert [p.zh for p in ps if p.kind == "title"][1:] == [
        "一、过去五年的工作，新时代的历史性变化",
        "二、加快建设现代化产业体系，着力推动高质量发展",
        "三、坚定不移全面从严治党，深入推进新时代党的建设。"]
    assert len({p.section for p in ps}) == 4
    # the heading is not joined to the paragraph after it
    assert "产业是发展的根基。必须坚持把发展经济的着力点放在实体经济上。" in [p.zh for p in ps]


def test_a_sub_part_broken_off_its_paragraph_is_joined_when_its_siblings_run_in():
    ps = shape("congress-blocks.txt")
    assert "（二）壮大数字经济和现代服务业。推动数字技术和实体经济深度融合，建设数字产业集群。" in [
        p.zh for p in ps if p.kind == "text"]
    assert not any(p.kind == "subtitle" and p.zh.startswith("（二）") for p in ps)


def test_only_leads_that_work_as_sub_headings_are_bold():
    assert leads_of(shape("congress-blocks.txt")) == [
        "（一）做强先进制造业。", "（二）壮大数字经济和现代服务业。", "（三）促进城乡融合发展。",
        "——必须坚持党的全面领导。", "——必须坚持人民至上。", "——必须坚持守正创新。"]
    # not: a lone thesis sentence, a sentence before a numbered list, a pair of parallel
    # sentences, or ——statements whose first sentences are long


def test_a_web_copy_keeps_sub_parts_with_commas_and_its_task_leads():
    ps = shape("web-work-report.txt")
    assert [p.zh for p in ps if p.kind == "subtitle" and p.section != "opening"] == [
        "（一）扩大有效需求，巩固经济回升向好势头", "（三）保障和改善民生，办好群众身边实事"]
    assert leads_of(ps) == [
        "一是经济运行稳中向好。", "二是改革开放持续深化。", "三是民生保障更加有力。",
        "大力提振消费。", "积极扩大有效投资。", "（二）推进科技创新，培育发展新动能。",
        "深化科技体制改革。"]
    assert not any(p.lead for p in ps if p.zh.startswith(("今年经济社会发展任务十分繁重。",
                                                          "主要做了以下工作。")))


def test_split_rules_trim_the_web_page_around_the_report():
    rules = SplitRules.from_meta({"start": "政府工作报告$", "end": "^相关报道",
                                  "drop": "^(来源|时间)：|本报记者.*摄$"})
    text, problems = trim((SHAPES / "web-work-report.txt").read_text(encoding="utf-8"), rules,
                          Path("seeds/x.zh.txt"), Path("seeds/x.meta.yaml"))
    ps = split_seed(text, rules)
    assert problems == []
    assert [(p.kind, p.zh) for p in ps[:4]] == [
        ("title", "2031年示范省政府工作报告"),
        ("subtitle", "——2031年1月20日在示范省第二届人民代表大会第五次会议上"),
        ("subtitle", "示范省省长 李某某"), ("text", "各位代表：")]
    assert ps[-1].zh.startswith("各位代表！让我们紧密团结")


def test_a_table_of_contents_and_third_level_headings_standing_alone():
    rules = SplitRules.from_meta({"start": "^关于发展"})
    text, _ = trim((SHAPES / "plan-1950s.txt").read_text(encoding="utf-8"), rules,
                   Path("s.zh.txt"), Path("s.meta.yaml"))
    ps = split_seed(text, rules)
    assert [p.zh for p in ps if p.kind == "title"] == [
        "关于发展示范地区国民经济的五年计划的报告", "一、过渡时期的总任务",
        "二、五年计划的若干问题", "三、为完成五年计划而奋斗"]
    toc = [p for p in ps if p.section == "opening" and p.kind == "text"][:6]
    assert [p.zh for p in toc][:2] == ["目录", "一、过渡时期的总任务"]
    assert not any(p.lead for p in toc)
    assert [p.zh for p in ps if p.kind == "subtitle" and p.section != "opening"] == [
        "(一)关于基本建设问题", "第一，基本建设规模的大小问题。", "第二，基本建设的重点问题。",
        "(二)关于农业增产问题"]
    assert leads_of(ps) == []  # 有人怀疑过这样的建设规模是否过大。 is no heading


def test_a_communique_has_no_leads_and_a_speech_has_its_series():
    assert leads_of(shape("communique.txt")) == []
    ps = shape("speech.txt")
    assert leads_of(ps) == [
        "我们推进农业合作走深走实。", "我们扩大贸易往来，有力拉动经济增长。",
        "我们坚持以人为本，增进各国民生福祉。", "——深化水资源合作。", "——拓展互联互通合作。",
        "——加强公共卫生合作。"]
    assert [p.zh for p in ps if p.zh.startswith(("阿里", "各位同事"))] == [
        "阿里总理，", "各位同事：", "各位同事，", "各位同事，"]  # salutations stay lines


def test_a_table_of_contents_ends_where_the_text_repeats_its_first_heading():
    ps = split_seed("示范报告\n目录\n一、总体要求\n二、主要任务\n一、总体要求\n要坚持稳中求进。\n"
                    "二、主要任务\n要扩大内需。\n")
    assert [p.zh for p in ps if p.kind == "title"] == ["示范报告", "一、总体要求", "二、主要任务"]
    assert [p.zh for p in ps if p.kind == "text"][:3] == ["目录", "一、总体要求", "二、主要任务"]


@pytest.mark.parametrize("line, heading", [
    ("四、加快构建新发展格局，着力推动高质量发展", True),
    ("十二、坚持和完善示范省治理体系，深入推进新时代基层治理现代化建设", True),
    ("一、示范地区在过渡时期的总任务。", True),
    ("（一）深入落实城市总体规划，推动示范都市圈协同发展走深走实", True),
    ("第一，基本建设规模的大小问题。", True),
    ("第一，要坚持党的领导，这是根本。", False),  # a sentence, not a heading
    ("一、总体要求。坚持稳中求进。", False),  # a sentence follows
    ("（一）大力提振消费，全方位扩大国内需求，", False),  # a line broken after a comma
    ("一、" + "加快发展" * 12, False),  # too long for a heading
    ("有人怀疑过这样的建设规模是否过大。", False),
])
def test_numbered_headings_by_shape(line, heading):
    assert (numbered_heading(line) is not None) is heading


def test_paragraphs_run_together_on_one_line_are_split_at_their_indents():
    # a crawled copy joins a page's paragraphs on one line, each still opened by
    ps = shape("run-together-work-report.txt")
    assert outline(ps) == [
        ("title", "政府工作报告"),
        ("subtitle", "——2031年3月5日在示范省人民代表大会第二次会议上"),
        ("subtitle", "示范省省长\u3000张某某"),
        ("title", "一、2030年工作回顾"),
        ("title", "二、2031年主要任务")]
    assert leads_of(ps) == [
        "一是稳住了经济基本盘。", "二是民生保障更加有力。",
        "（一）扩大有效需求，稳定经济增长。", "（二）推进科技创新，培育新动能。"]
    assert "今年要重点做好以下工作。" in [p.zh for p in ps]


def test_a_short_list_item_after_its_siblings_is_no_part_and_third_levels_may_be_long():
    ps = shape("plan-report-lists.txt")
    assert outline(ps) == [
        ("title", "一、过渡时期的任务"),
        ("title", "二、计划的若干问题"),
        ("subtitle", "（一）关于基本建设问题"),
        ("subtitle", "第一，建设规模问题。"),
        ("subtitle", "第二，示范工厂必须遵守设计规范、保证质量的问题。"),
        ("title", "三、为完成计划而奋斗")]
    assert len({p.section for p in ps}) == 3


def test_sentences_that_continue_the_text_are_no_leads():
    # after a third-level heading: a sentence taking up its question (对于这个问题，…) and one
    # reporting a doubt (有人担心过…是否…) continue the text; a pair of them is no series
    assert leads_of(shape("plan-report-doubts.txt")) == []


def test_a_review_bolds_its_sub_headings_not_its_comments():
    # 过去的五年十分不易。 … 殊为不易。 … 极为艰辛。 comment on a period; the sentence before that
    # last comment has no series of its own; a task sentence a little longer than a short lead
    # stands between the sub-part and its sibling tasks
    assert leads_of(shape("work-report-review.txt")) == [
        "经济实力稳步增强。", "产业结构加快优化。", "城乡面貌持续改善。",
        "一是扩大内需取得实效。", "二是科技创新步伐加快。", "三是民生保障更加有力。",
        "（一）推进乡村全面振兴，促进农民持续增收。",
        "健全防止规模性返贫动态监测和精准帮扶工作机制。",
        "提高粮食和重要农产品供给能力。", "深化农村改革和乡村建设。",
        "（二）扩大高水平对外开放，推动外贸稳规模优结构。"]


@pytest.mark.parametrize("zh, kind", [
    ("经济实力稳步增强。全省生产总值增长5%。", "short"),
    ("今年的任务十分繁重。我们要保持定力。", ""),  # a comment (degree adverb)
    ("这一年很不平凡。我们迎难而上。", ""),
    ("有人担心过投资规模过大。他们的理由是财力有限。", ""),  # a view reported
    ("但是困难依然不少。部分企业经营困难。", ""),  # a connective: continues the text before
    ("财力是否足以负担这样的规模。我们的回答是能够。", ""),  # a question put indirectly
    ("健全防止规模性返贫动态监测和精准帮扶工作机制。完善监测程序。", "plain"),
])
def test_lead_kinds(zh, kind):
    assert lead_kind(zh) == kind
