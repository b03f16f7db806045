"""bench/outline.py: headings and leads found / expected / wrong against an editor's outline."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from bench.outline import main, parse_outline, score, seed_outline

SHAPES = FIXTURES / "shapes"


def test_the_fixture_is_split_as_its_outline_says():
    expected = parse_outline((SHAPES / "congress-blocks.outline").read_text(encoding="utf-8"))
    found = seed_outline(SHAPES / "congress-blocks.txt")
    assert found.headings == expected.headings and found.leads == expected.leads


def test_missed_and_wrong_items_are_counted_apart():
    s = score([("1", "一、甲"), ("2", "（一）乙"), ("1", "二、丙")],
              [("1", "一、甲"), ("1", "（一）乙"), ("1", "二、丙"), ("0", "丁")])
    assert (s.found, s.expected, s.wrong) == (2, 3, 2)
    assert s.missed == [("2", "（一）乙")] and s.extra == [("1", "（一）乙"), ("0", "丁")]
    assert (round(s.precision, 2), round(s.recall, 2)) == (0.5, 0.67)


def test_a_bad_outline_line_is_refused():
    with pytest.raises(ValueError, match="line 2"):
        parse_outline("1 一、甲\nX 乙\n")


def test_the_command_prints_one_row_per_report(capsys):
    assert main([str(SHAPES / "congress-blocks.txt"), str(SHAPES / "congress-blocks.outline")]) == 0
    assert "| congress-blocks | 7/7/0 (P 1.00, R 1.00) | 6/6/0 (P 1.00, R 1.00) |" in \
        capsys.readouterr().out
