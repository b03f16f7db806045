"""Figures: find the quantitative facts in Chinese text and render each exactly in English.

亿 is 100 million and 万 is 10,000; 余/多 ("more than"), 超 ("over"), 近 ("nearly"), 约 and
左右 ("about"), 以上 ("or more") and 以内/以下 ("or less") are kept as qualifiers. A number
may be written in Arabic digits, in Chinese numerals (traditional forms too) or in both, in
several parts and with a space before its multiplier as in PDF copies (``1亿3千多万``,
``二万八千亿元``, ``134.9 万亿元``, ``十一点六个百分点``); ``百分之…`` is a percentage.
Amounts, and counts written with 万 or 亿, are given in words of scale with Babel
(``42.78 billion``, ``1.3 billion people``), other counts with thousands separators. Numbers
that are names rather than quantities (四个意识, 5号线, 2.0版, 1+9, 十四五) are not figures: a
figure needs a multiplier (万/亿), a currency, a percent sign, a unit or a measure word, and a
count written in numerals alone must reach 100.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal

from .model import Figure

MEASURE_WORDS = ("个|個|户|人|名|位|项|場|场|家|座|处|棒|所|次|批|轮|辆|套|间|条|台|头|张|件"
                 "|款|列|颗|枚|篇")
# Physical units: the figure's value is the number; the English names the unit after it.
UNITS = {"平方公里": "square kilometers", "平方米": "square meters", "立方米": "cubic meters",
         "人公里": "passenger-km", "吨公里": "tonne-km",
         "公里": "km", "千米": "km", "公斤": "kg", "千克": "kg", "千瓦时": "kWh", "千瓦": "kW",
         "公顷": "hectares", "吨": "tonnes", "噸": "tonnes", "斤": "jin", "亩": "mu", "畝": "mu",
         "米": "m", "标准箱": "TEU", "个百分点": "percentage points",
         "個百分點": "percentage points", "岁": "years"}
CURRENCIES = {"元": "RMB ", "美元": "US$"}
_SINGULAR = {"years", "hectares", "tonnes", "percentage points"}  # "1 year", not "1 years"
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_YI = _LARGE["亿"]
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = "零〇一二两兩三四五六七八九"
_BIG = "万萬亿億"
_SPACE = r"[ \u00a0\u3000]?"
_COUNTED = set(MEASURE_WORDS.split("|")) | {""}
_UNIT = "|".join(sorted([*CURRENCIES, *UNITS, "%"], key=len, reverse=True)) + f"|{MEASURE_WORDS}"
_FIGURE = re.compile(
    r"(?P<pre>超过|超|破|近|约为|约|逾|不到|不足)?"
    rf"(?P<num>(?:{_DIGITS}|[{_CN}十]|[百千](?={_SPACE}[{_BIG}]))"
    rf"(?:{_SPACE}[{_BIG}]|[十百](?!分之)|千(?![瓦克米])|[{_CN}]|[点點](?=[{_CN}])|{_DIGITS}"
    rf"|[余餘多](?={_SPACE}[{_BIG}]))*)"
    rf"(?P<approx>余|餘|多)?(?:{_SPACE}(?P<unit>{_UNIT}))?(?P<post>以上|左右|以内|以下)?")
_PERCENT = re.compile(rf"(?P<pre>超过|超|近|约|不到|不足)?百分之(?P<num>(?:{_DIGITS}|[{_CN}十百])"
                      rf"(?:[{_CN}十百]|[点點][{_CN}]+|{_DIGITS})*)(?P<post>以上|左右|以内|以下)?")
_CLAUSE_BREAK = re.compile(r"[,，。；;：:！？]")
_EN_CLAUSE_BREAK = re.compile(r"[,;:]\s|[.!?](?:\s|$)|\*\*")
_AFTER = {"以上": "or more", "左右": "about", "以内": "or less", "以下": "or less"}
_QUALIFIER = {"超过": "more than", "超": "more than", "破": "over", "近": "nearly", "约": "about",
              "约为": "about",
              "逾": "more than", "不到": "less than", "不足": "less than"}


def format_quantity(value: Decimal, locale: str = "en") -> str:
    """A number in words of scale where it is large (``42.78 billion``), else with separators;
    beyond a thousand trillion, trillions with separators (``4,059 trillion``)."""
    babel = _locale(locale)
    if value >= 10 ** 15:
        return f"{format_decimal(value / 10 ** 12, locale=babel)} trillion"
    if value >= 1_000_000:
        digits = max(0, -(value / _scale(value)).normalize().as_tuple().exponent)
        return format_compact_decimal(value, format_type="long", locale=babel,
                                      fraction_digits=digits)
    return format_decimal(value, locale=babel)


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    """Babel's locale, parsed once (babel parses a locale given by name on every call)."""
    return Locale.parse(code)


def _scale(value: Decimal) -> Decimal:
    for scale in (Decimal(10) ** 12, Decimal(10) ** 9, Decimal(10) ** 6):
        if value >= scale:
            return scale
    return Decimal(1)


class _Reading:
    """The running state of reading one written number, digit or numeral by numeral."""

    def __init__(self) -> None:
        self.done = Decimal(0)  # the part already multiplied by 万 or 亿
        self.group = Decimal(0)  # the part below 万 made of numerals with 十/百/千
        self.pending: Decimal | None = None  # a digit (or Arabic number) not yet multiplied
        self.last = 0  # the last multiplier read (10 … 10**8), 0 before any
        self.zero = False  # a 零 stood since the last multiplier

    def digit(self, value: Decimal) -> bool:
        """A digit or an Arabic number; two in a row (十四五, 一五) are a name, not a quantity."""
        if self.pending is not None:
            return False
        self.pending = value
        return True

    def small(self, unit: int) -> bool:
        """十, 百 or 千: multiplies the pending digit (or one) within the group below 万."""
        self.group += (Decimal(1) if self.pending is None else self.pending) * unit
        self.pending, self.last, self.zero = None, unit, False
        return True

    def large(self, unit: int) -> bool:
        """万 or 亿: multiplies what stands before it (亿 all of it, 万 the group below 万).
        Straight after 万, 亿 makes 万亿 (10**12) and 万 makes 万万, an older way to write 亿."""
        below = self.group + (self.pending or 0)
        if below:
            self.done = (self.done + below) * unit if unit == _YI else self.done + below * unit
            self.last = unit
        elif self.done and self.last == _LARGE["万"]:
            self.done *= unit
            self.last = _YI
        else:
            return False  # nothing to multiply (亿亿, 亿万)
        self.group, self.pending, self.zero = Decimal(0), None, False
        return True

    @property
    def value(self) -> Decimal | None:
        if self.pending is not None and self.last not in (0, 10) and not self.zero:
            return None  # 一万五 is colloquial for 15,000: too loose to render exactly
        return self.done + self.group + (self.pending or 0)


_DECIMAL = re.compile(rf"([{_CN}十百千]+)[点點]([{_CN}]+)")


def _decimal(m: re.Match) -> str:
    """A Chinese decimal (十五点五) in Arabic digits (15.5), so that a multiplier may follow."""
    whole = number_value(m[1])
    if whole is None:
        return m[0]
    return f"{whole}." + "".join(str(_CN_DIGIT[c]) for c in m[2])


def number_value(written: str) -> Decimal | None:
    """The value of a number written in Arabic digits, Chinese numerals or both, with 十百千万亿
    (``1亿3千万`` = 130,000,000, ``二万八千亿`` = 2.8 trillion); None when it is not one number."""
    reading = _Reading()
    written = _DECIMAL.sub(_decimal, re.sub("[余餘多]", "", written))
    for token in re.findall(rf"{_DIGITS}|\S", written):
        if token in ("零", "〇") and reading.last:
            reading.zero = True
            ok = True
        elif token[0].isdigit():
            ok = reading.digit(Decimal(token.replace(",", "")))
        elif token in _CN_DIGIT:
            ok = reading.digit(Decimal(_CN_DIGIT[token]))
        elif token in _MAGNITUDE:
            ok = reading.small(_MAGNITUDE[token])
        elif token in _LARGE:
            ok = reading.large(_LARGE[token])
        else:
            ok = False
        if not ok:
            return None
    return reading.value


def _core(value: Decimal, kind: str, unit: str, scaled: bool) -> str:
    if kind == "percent":
        return f"{format_decimal(value, locale=_locale('en'))}%"
    if kind == "amount":
        return f"{CURRENCIES[unit]}{format_quantity(value)}"
    if kind == "area":
        return f"{format_decimal(value, locale=_locale('en'))} square kilometers"
    return format_quantity(value) if scaled else format_decimal(value, locale=_locale("en"))


def _kind(unit: str, num: str) -> str | None:
    if unit in CURRENCIES:
        return "amount"
    if unit == "%":
        return "percent"
    if unit == "平方公里":
        return "area"
    if unit:
        return "count"
    # bare 万 only after digits: 千万 in words is as often "by all means" as ten million
    return "number" if re.search(r"[亿億]|[万萬]{2}|\d[ \u00a0\u3000]?[余餘多]?[万萬]", num) \
        else None


def _unit_en(unit: str, text: str, end: int, value: Decimal) -> str:
    if unit == "人" and text[end:end + 1] != "次":
        return "person" if value == 1 else "people"
    english = UNITS.get(unit, "") if unit != "平方公里" else ""
    return english.removesuffix("s") if value == 1 and english in _SINGULAR else english


def _is_name(m: re.Match, text: str) -> bool:
    """A number that names something (5号线, 2.0版, 1+9, 第3, 50人论坛) rather than counting it."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    return before in ("+", ".", "第") or before.isdigit() \
        or text[m.end("num"):m.end("num") + 1] in ("+", "号", "版") \
        or text.startswith("论坛", m.end())


def _clause(text: str, start: int, end: int, breaks: re.Pattern) -> str:
    before = [m.end() for m in breaks.finditer(text, 0, start)]
    after = breaks.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)].strip()


def _qualifier(m: re.Match) -> str:
    if m["post"]:
        return _AFTER[m["post"]]
    if "approx" in m.groupdict() and (m["approx"] or re.search("[余餘多]", m["num"])):
        return "more than"
    return _QUALIFIER.get(m["pre"] or "", "")


def _ordinal(text: str, m: re.Match) -> int:
    """How often the number's leading Arabic digits (or, for numerals, its whole span) stand
    earlier in the paragraph: the English must state the value as often."""
    digits = _LEADING_DIGITS.match(m["num"])
    if not digits:
        return text.count(m[0], 0, m.start())
    return len(standing(text[:m.start("num")], (digits[0],), ".", "."))


_LEADING_DIGITS = re.compile(_DIGITS)


def standing(text: str, forms: tuple[str, ...], before: str, after: str) -> list[tuple[int, int]]:
    """The spans, left to right and not overlapping, where one of ``forms`` (the longest, where
    several start at one place) stands as a whole number in ``text``: not after a digit or a
    character of ``before``, not before a digit or a character of ``after`` followed by a
    digit. Plain string search: thousands of distinct values, each a regular expression, took
    longer to compile than to match."""
    starts = sorted({(at, -len(f)) for f in forms if f
                     for at in _occurrences(text, f)})
    spans: list[tuple[int, int]] = []
    for at, minus in starts:
        end = at - minus
        if spans and at < spans[-1][1]:
            continue
        ahead = text[end:end + 2]
        if at and (text[at - 1].isdecimal() or text[at - 1] in before):
            continue
        if ahead[:1].isdecimal() or (ahead[:1] in after and ahead[1:2].isdecimal() and ahead[:1]):
            continue
        spans.append((at, end))
    return spans


def _occurrences(text: str, form: str):
    at = text.find(form)
    while at >= 0:
        yield at
        at = text.find(form, at + 1)


def _figure(pid: str, text: str, m: re.Match) -> Figure | None:
    percent = m.re is _PERCENT
    unit = "%" if percent else m["unit"] or ""
    kind = _kind(unit, m["num"])
    if kind is None or (not percent and _is_name(m, text)):
        return None
    value = number_value(re.sub(r"\s", "", m["num"]))
    if value is None:
        return None
    if unit in _COUNTED and value < 100 and not re.search(r"\d", m["num"]):
        return None  # 一个, 两个确立, 十个明确: small numerals name things more than count them
    scaled = bool(re.search(f"[{_BIG}]", m["num"]))
    half = bool(unit) and not m["post"] and text.startswith("半", m.end())  # 十三斤半: 13.5 jin
    value += Decimal("0.5") if half else 0
    return Figure(pid, m[0] + "半" * half, m.start(), value, kind, _qualifier(m),
                  _core(value, kind, unit, scaled), _clause(text, m.start(), m.end(),
                                                            _CLAUSE_BREAK),
                  _ordinal(text, m), _unit_en(unit, text, m.end(), value))


@lru_cache(maxsize=None)
def find_figures(pid: str, text: str) -> tuple[Figure, ...]:
    """Every figure in a paragraph's Chinese text, in order. Remembered for the build: the
    checks and the figures pages of both interfaces ask for the same paragraphs (a build forks
    its second interface after the checks, so it inherits what they found)."""
    percents = list(_PERCENT.finditer(text))
    taken = [(m.start(), m.end()) for m in percents]
    matches = percents + [m for m in _FIGURE.finditer(text)
                          if not any(a <= m.start() < b for a, b in taken)]
    found = (_figure(pid, text, m) or _shorter(pid, text, m)
             for m in sorted(matches, key=lambda m: m.start()))
    return tuple(f for f in found if f is not None)


def _shorter(pid: str, text: str, m: re.Match) -> Figure | None:
    """A figure that a numeral after it spoiled (5万亿两个台阶): the match without its last
    numerals, which begin the next words."""
    end = m.end("num")
    while end > m.start("num") + 1 and text[end - 1] in _CN:
        end -= 1
    shorter = _FIGURE.match(text, m.start(), end) if end < m.end("num") and m.re is _FIGURE \
        else None
    return _figure(pid, text, shorter) if shorter else None


KEY_FIGURES = 12
KEY_KINDS = ("amount", "percent", "number")


def key_figures(found: list[Figure], limit: int = KEY_FIGURES) -> list[Figure]:
    """The figures a report's home shows: amounts of money, percentages and bare 亿 totals, the
    first of them in each paragraph, leaving out scales (千亿级, 千亿量级: "of the 100-billion
    class"); when there are more than ``limit``, evenly spaced over the report so that every part
    is represented. In reading order."""
    first: dict[str, Figure] = {}
    for f in found:
        if f.kind in KEY_KINDS and not _is_scale(f):
            first.setdefault(f.pid, f)
    chosen = list(first.values())
    if len(chosen) <= limit:
        return chosen
    return [chosen[i * len(chosen) // limit] for i in range(limit)]


def _is_scale(figure: Figure) -> bool:
    at = figure.context_zh.find(figure.span) + len(figure.span)
    return figure.context_zh.startswith(("级", "量级"), at)


def english_clause(figure: Figure, english: str) -> str:
    """The clause of an English text that states the figure, or '' when it does not."""
    span = _english_match(figure, english)
    if span is None:
        return ""
    return re.sub(r"^(and|while|with) ", "", _clause(english, *span, _EN_CLAUSE_BREAK))


def english_has(figure: Figure, english: str) -> bool:
    """Whether an English text states the figure's value (core rendering, or % as 'percent')
    as often as the Chinese has stated the same digits up to and including this figure."""
    return len(_english_matches(figure, english)) > figure.ordinal


def _english_match(figure: Figure, english: str) -> tuple[int, int] | None:
    matches = _english_matches(figure, english)
    return matches[min(figure.ordinal, len(matches) - 1)] if matches else None


def _english_matches(figure: Figure, english: str) -> list[tuple[int, int]]:
    forms = english_forms(figure.core, figure.kind, figure.value >= 1_000_000)
    return standing(english, forms, ".,", ".,")


def english_forms(core: str, kind: str, millions: bool) -> tuple[str, ...]:
    """The ways English may state a figure's core rendering."""
    variants = [core]
    if kind == "percent":
        variants.append(core.replace("%", " percent"))
    if kind == "amount":
        plain = core.removeprefix("RMB ").removeprefix("US$")
        if core.startswith("US$"):
            variants += [f"${plain}", f"{plain} US dollars", f"{plain} dollars"]
        elif millions:
            variants.append(f"{plain} yuan")
    return tuple(dict.fromkeys(variants))
