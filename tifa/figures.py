"""Figures: find the quantitative facts in Chinese text and render each exactly in English.

亿 is 100 million and 万 is 10,000; 余/多 ("more than"), 超 ("over") and 以上 ("or more") are
kept as qualifiers. Amounts are formatted with Babel (``42.78 billion``), counts with thousands
separators. Numbers that are names rather than quantities (四个意识, 5号线, 2.0版, 1+9) are
not figures: a figure needs a multiplier (万/亿), a currency, a percent sign or a measure word.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_compact_decimal, format_decimal

from .model import Figure

MEASURE_WORDS = "个|户|人|名|项|场|家|座|处|棒|所|次|批|轮|辆|套|间|条|台|吨|公里"
_FIGURE = re.compile(
    r"(?P<pre>超过|超|破|近|约)?"
    r"(?P<num>\d+(?:\.\d+)?|[百千](?=亿))"
    r"(?P<approx>余|多)?(?P<mult>万|亿)?(?P<approx2>余|多)?"
    rf"(?P<unit>元|%|平方公里|{MEASURE_WORDS})?"
    r"(?P<post>以上)?")
_MULTIPLIER = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CHINESE_DIGIT = {"百": Decimal(100), "千": Decimal(1000)}
_CLAUSE_BREAK = re.compile(r"[,，。；;：:！？]")
_EN_CLAUSE_BREAK = re.compile(r"[,;:]\s|[.!?](?:\s|$)|\*\*")
_QUALIFIER = {"超过": "more than", "超": "more than", "破": "over", "近": "nearly", "约": "about"}


def format_quantity(value: Decimal, locale: str = "en") -> str:
    """A number in words of scale where it is large (``42.78 billion``), else with separators."""
    if value >= 1_000_000:
        digits = max(0, -(value / _scale(value)).normalize().as_tuple().exponent)
        return format_compact_decimal(value, format_type="long", locale=locale,
                                      fraction_digits=digits)
    return format_decimal(value, locale=locale)


def _scale(value: Decimal) -> Decimal:
    for scale in (Decimal(10) ** 12, Decimal(10) ** 9, Decimal(10) ** 6):
        if value >= scale:
            return scale
    return Decimal(1)


def _core(value: Decimal, kind: str) -> str:
    if kind == "percent":
        return f"{format_decimal(value, locale='en')}%"
    if kind == "amount":
        return f"RMB {format_quantity(value)}"
    if kind == "area":
        return f"{format_decimal(value, locale='en')} square kilometers"
    if kind == "number":
        return format_quantity(value)
    return format_decimal(value, locale="en")


def _kind(unit: str, mult: str) -> str | None:
    if unit == "元":
        return "amount"
    if unit == "%":
        return "percent"
    if unit == "平方公里":
        return "area"
    if unit:
        return "count"
    return "number" if mult == "亿" else None


def _clause(text: str, start: int, end: int, breaks: re.Pattern) -> str:
    before = [m.end() for m in breaks.finditer(text, 0, start)]
    after = breaks.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)].strip()


def find_figures(pid: str, text: str) -> list[Figure]:
    """Every figure in a paragraph's Chinese text, in order."""
    figures = []
    for m in _FIGURE.finditer(text):
        kind = _kind(m["unit"] or "", m["mult"] or "")
        if kind is None or (m.start() > 0 and text[m.start() - 1] in "+.") \
                or text[m.end():m.end() + 1] in ("+", "号", "版"):
            continue
        number = _CHINESE_DIGIT.get(m["num"]) or Decimal(m["num"])
        value = number * _MULTIPLIER[m["mult"] or ""]
        qualifier = "more than" if (m["approx"] or m["approx2"]) else _QUALIFIER.get(m["pre"] or "",
                                                                                     "")
        qualifier = "or more" if m["post"] else qualifier
        digits = re.compile(rf"(?<![\d.]){re.escape(m['num'])}(?![\d]|\.\d)")
        figures.append(Figure(pid, m[0], m.start(), value, kind, qualifier, _core(value, kind),
                              _clause(text, m.start(), m.end(), _CLAUSE_BREAK),
                              len(digits.findall(text, 0, m.start("num")))))
    return figures


def english_clause(figure: Figure, english: str) -> str:
    """The clause of an English text that states the figure, or '' when it does not."""
    match = _english_match(figure, english)
    if match is None:
        return ""
    return re.sub(r"^(and|while|with) ", "", _clause(english, match.start(), match.end(),
                                                      _EN_CLAUSE_BREAK))


def english_has(figure: Figure, english: str) -> bool:
    """Whether an English text states the figure's value (core rendering, or % as 'percent')
    as often as the Chinese has stated the same digits up to and including this figure."""
    return len(_english_matches(figure, english)) > figure.ordinal


def _english_match(figure: Figure, english: str) -> re.Match | None:
    matches = _english_matches(figure, english)
    return matches[min(figure.ordinal, len(matches) - 1)] if matches else None


def _english_matches(figure: Figure, english: str) -> list[re.Match]:
    variants = {figure.core}
    if figure.kind == "percent":
        variants.add(figure.core.replace("%", " percent"))
    if figure.kind == "amount" and figure.value >= 1_000_000:
        variants.add(figure.core.replace("RMB ", "") + " yuan")
    pattern = "|".join(re.escape(v) for v in variants)
    return list(re.finditer(rf"(?<![\d.,])(?:{pattern})(?![\d]|[.,]\d)", english))
