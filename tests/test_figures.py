"""Figures: Chinese quantities found and rendered exactly in English."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import REPO

from tifa.figures import english_has, find_figures, format_quantity, key_figures, number_value
from tifa.markup import md_escape
from tifa.store import load_sections


@pytest.mark.parametrize("text, english", [
    ("地区生产总值实现427.8亿元", "RMB 42.78 billion"),
    ("本级财政收入实现5.9亿元", "RMB 590 million"),
    ("向1160亿元更高目标发起冲刺", "RMB 116 billion"),
    ("兑现奖励6400余万元", "more than RMB 64 million"),
    ("发放各类救助、补贴3300多万元", "more than RMB 33 million"),
    ("交易额超1.5亿元", "more than RMB 150 million"),
    ("人才补贴1190万元", "RMB 11.9 million"),
    ("52个5000万元以上重点项目", "RMB 50 million or more"),
    ("财政收入破百亿", "over 10 billion"),
    ("地区生产总值超千亿", "more than 100 billion"),
    ("同比增长8.4%", "8.4%"),
    ("分别达到5.1万户和11万户", "51,000"),
    ("可培育菌菇2万棒", "20,000"),
    ("新增贸易业经营主体5162户", "5,162"),
    ("释放开发区4平方公里土地资源", "4 square kilometers"),
    ("资金0.35亿元", "RMB 35 million"),
])
def test_conversions(text, english):
    assert english in [f.en for f in find_figures("p1", text)]


@pytest.mark.parametrize("text", [
    "增强“四个意识”", "轨道交通5号线一期", "“朝阳e点通”2.0版上线运行", "深化“1+9”监督体系建设",
    "2023年建设幸福朝阳行动计划", "做强“朝阳25℃”党建品牌", "市委十四届五次全会",
    "锚定“百千”奋斗目标", "融入全市“百千万”产业培育工程"])
def test_numbers_that_are_not_figures_are_not_listed(text):
    assert find_figures("p1", text) == ()


def test_large_values_keep_every_digit():
    assert format_quantity(Decimal("33810000000")) == "33.81 billion"
    assert format_quantity(Decimal("1234567")) == "1.234567 million"
    assert format_quantity(Decimal("5000")) == "5,000"


def test_english_check_counts_repeated_digits_in_order():
    figures = find_figures("p1", "轨道交通5号线一期、时光园等5处口袋公园建成开放")
    assert [f.span for f in figures] == ["5处"] and figures[0].ordinal == 1
    assert not english_has(figures[0], "Phase I of Metro Line 5 is going well.")
    assert english_has(figures[0], "Phase I of Metro Line 5 and 5 pocket parks opened.")


def test_every_figure_of_the_seed_is_in_its_english_paragraph():
    problems: list = []
    sections = load_sections(REPO / "content" / "reports" / "2023-chaoyang-plenary", problems)
    found = [(p, f) for s in sections for p in s.paragraphs for f in find_figures(p.pid, p.zh)]
    assert len(found) == 55
    assert [(p.pid, f.span) for p, f in found if not english_has(f, p.en)] == []
    values = {f.span: f.en for _, f in found}
    assert values["427.8亿元"] == "RMB 42.78 billion" and values["271.1亿元"] == "RMB 27.11 billion"
    assert values["6400余万元"] == "more than RMB 64 million" and values["1412座"] == "1,412"


@pytest.mark.parametrize("text, english, span", [
    ("总人口达1亿3千多万人", "more than 130 million people", "1亿3千多万人"),
    ("修建铁路2万5千公里", "25,000 km", "2万5千公里"),
    ("基本建设投资二万八千亿元", "RMB 2.8 trillion", "二万八千亿元"),
    ("粮食产量达到三千亿斤", "300 billion jin", "三千亿斤"),
    ("我国有13亿多人口", "more than 1.3 billion people", "13亿多人"),
    ("国内生产总值达到134.9 万亿元", "RMB 134.9 trillion", "134.9 万亿元"),
    ("投资总额为三百二十一亿六千万元", "RMB 32.16 billion", "三百二十一亿六千万元"),
    ("新建单位为五百二十三个", "523", "五百二十三个"),
    ("发电设备二百万千瓦", "2 million kW", "二百万千瓦"),
    ("约占百分之十五点五", "15.5%", "百分之十五点五"),
    ("共三千零五十个", "3,050", "三千零五十个"),
    ("实际使用外资1,234.5亿元", "RMB 123.45 billion", "1,234.5亿元"),
    ("出口100亿美元", "US$10 billion", "100亿美元"),
    ("新增就业1200万人以上", "12 million people or more", "1200万人以上"),
    ("提高二个百分点", "2 percentage points", "二个百分点"),
    ("比重提高三点四个百分点", "3.4 percentage points", "三点四个百分点"),
    ("提高0.7个百分点", "0.7 percentage points", "0.7个百分点"),
    ("平均年龄为四十一点五岁", "41.5 years", "四十一点五岁"),
    ("用电量破2000亿千瓦时", "over 200 billion kWh", "破2000亿千瓦时"),
    ("投资四百零五億三千萬元", "RMB 40.53 billion", "四百零五億三千萬元"),
    ("就业三點五萬人", "35,000 people", "三點五萬人"),
    ("预留30%以上号源", "30% or more", "30%以上"),
    ("吞吐量达到1234.5万标准箱", "12.345 million TEU", "1234.5万标准箱"),
    ("折合白银3万万两以上", "300 million", "3万万"),
    ("产值增长6%左右", "about 6%", "6%左右"),
    ("费用控制在2%以内", "2% or less", "2%以内"),
    ("交易额达到2345万亿元", "RMB 2,345 trillion", "2345万亿元"),
])
def test_composite_numeral_and_spaced_amounts(text, english, span):
    figures = find_figures("p1", text)
    assert [(f.span, f.en) for f in figures] == [(span, english)]


def test_a_numeral_that_begins_the_next_words_is_left_out():
    assert [(f.span, f.en) for f in find_figures("p1", "先后跨过3万亿、6万亿两个关口")] == [
        ("3万亿", "3 trillion"), ("6万亿", "6 trillion")]


@pytest.mark.parametrize("text", [
    "这是第一个五年计划", "四条又规定", "“十四五”规划", "党的十九大",
    "千万不要松懈", "十个明确", "一点一滴", "重点工作", "一万五", "数千家企业", "第3个",
    "两个确立", "算力规模达到2.5百亿亿次/秒", "召开青年30人论坛"])
def test_numerals_that_name_or_round_are_not_figures(text):
    assert find_figures("p1", text) == ()


@pytest.mark.parametrize("written, value", [
    ("1亿3千万", 130_000_000), ("2万5千", 25_000), ("二万八千亿", 2_800_000_000_000),
    ("134.9万亿", Decimal("134900000000000")), ("三十五", 35), ("三千零五", 3005),
    ("七万万", 700_000_000), ("三点五万", 35_000),
    ("十四五", None), ("一万五", None), ("万", None)])
def test_number_value_reads_chinese_numbers_exactly(written, value):
    assert number_value(written) == (None if value is None else Decimal(value))


def test_large_counts_are_said_in_words_of_scale_only_when_written_so():
    assert find_figures("p1", "13亿人")[0].core == "1.3 billion"
    assert find_figures("p1", "1234567人")[0].core == "1,234,567"


def test_key_figures_take_money_percent_and_totals_one_per_paragraph():
    found = (find_figures("p1", "实现427.8亿元，增长8.4%，新增5162户")
             + find_figures("p2", "新增5162户") + find_figures("p3", "增长7%"))
    assert [(f.pid, f.span) for f in key_figures(found)] == [("p1", "427.8亿元"), ("p3", "7%")]


def test_key_figures_leave_out_scales():
    found = find_figures("p1", "培育7个千亿级产业集群") + find_figures("p2", "迈向千亿量级，超千亿")
    assert [(f.pid, f.span) for f in key_figures(found)] == [("p2", "超千亿")]


def test_key_figures_are_capped_and_spread_over_the_report():
    found = [f for i in range(40) for f in find_figures(f"p{i}", f"增长{i}%")]
    chosen = key_figures(found, limit=4)
    assert [f.pid for f in chosen] == ["p0", "p10", "p20", "p30"]


def test_english_check_knows_the_dollar_and_yuan_forms():
    usd, = find_figures("p1", "出口100亿美元")
    assert english_has(usd, "exports of $10 billion") and not english_has(usd, "exports of 10")
    rmb, = find_figures("p1", "投资二万八千亿元")
    assert english_has(rmb, "investment of 2.8 trillion yuan")


def _table_rows(html: str) -> list[str]:
    table = html[html.index("<table"):html.index("</table>")]
    return [re.sub(r"<[^>]+>", "", row) for row in table.split("<tr>")[2:]]


def test_report_home_previews_key_figures_and_the_figures_page_lists_them_all(built_site):
    home = (built_site / "reports/2023-chaoyang-plenary/index.html").read_text(encoding="utf-8")
    preview = _table_rows(home)
    assert len(preview) == 4 and "over 10 billion" in preview[0]
    assert 'href="figures/"' in home and "Key figures and all 55 figures of the report" in home
    page = (built_site / "reports/2023-chaoyang-plenary/figures/index.html").read_text("utf-8")
    key, every = page.split('id="all-figures"')
    rows, full = _table_rows(key), _table_rows(every)
    assert len(rows) == 12 and "427.8亿元" in rows[1] and "RMB 42.78 billion" in rows[1]
    p44, = [row for row in rows if "p44" in row]
    assert "RMB 116 billion" in p44 and "千亿" not in p44  # 迈向千亿量级 is a scale
    assert len(full) == 55
    pids = [re.findall(r"p\d+", row)[-1] for row in rows]
    assert [re.findall(r"p\d+", row)[-1] for row in preview] == pids[::3]  # spread evenly
    assert not [row for row in preview + rows + full if "\\" in row]


def test_markdown_escape_keeps_a_number_from_starting_a_list():
    assert md_escape("1. First") == "1\\. First"


@pytest.mark.parametrize("text, english", [
    ("3250万城乡居民实现增收", "32.5 million"),  # digits and 万 before a noun: a count
    ("480多万外出务工人员", "more than 4.8 million"),
    ("从不到30万亿元增加到", "less than RMB 30 trillion"),
    ("不足5%的企业", "less than 5%"),
    ("平均寿命提高1岁", "1 year"),
    ("新增就业1人", "1 person"),
    ("客运周转量达到二十一亿人公里", "2.1 billion passenger-km"),  # 1955 plan report
    ("新建铁路约为三千公里", "about 3,000 km"),
    ("出油量提高到十一斤半", "11.5 jin"),  # 半 after the unit: and a half
])
def test_bare_counts_in_wan_less_than_and_the_singular(text, english):
    # shapes found in a national work report (crawled copy, 2021)
    assert english in [f.en for f in find_figures("p1", text)]
