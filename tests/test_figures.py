"""Figures: Chinese quantities found and rendered exactly in English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import REPO

from tifa.figures import english_has, find_figures, format_quantity
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
    assert find_figures("p1", text) == []


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
