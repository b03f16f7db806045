"""Charts drawn at build time as inline SVG: a frequency line chart and a timeline.

Both are plain markup readable without JavaScript: the page states the same numbers as text
(a table, a list) beside them, so the picture is marked ``role="img"`` with a label. Every
text that goes in is escaped here; positions come from plain numbers. Dates are fractional
years (``year_of``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .markup import attr_html, text_html

WIDTH, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 480, 40, 14, 14, 28
HEIGHT = 200
ROW = 34  # the height of one series on a timeline
STYLES = 6  # series are styled tifa-s0 … tifa-s5 in turn


@dataclass
class Point:
    """One report on a chart: when (fractional year), how much, and what a hover says."""

    x: float
    y: float
    note: str


@dataclass
class Line:
    """The points of one series, oldest first, and its name."""

    name: str
    points: list[Point] = field(default_factory=list)


def year_of(day: str) -> float:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as a fractional year: 2023-07-01 is about 2023.5."""
    parts = [int(p) for p in day.split("-")]
    year, month, dom = (parts + [1, 1])[:3]
    return year + (month - 1) / 12 + (dom - 1) / 365


def _span(values: list[float]) -> tuple[float, float]:
    """The axis: from the start of the first year to the end of the last one."""
    return float(math.floor(min(values))), float(math.floor(max(values)) + 1)


def _years(low: float, high: float) -> list[int]:
    step = max(1, int(high - low) // 8 + 1)
    return list(range(int(low), int(high), step))


def _nice_top(value: float) -> float:
    for top in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if value <= top:
            return float(top)
    return value


def _x_scale(low: float, high: float) -> Callable[[float], float]:
    """The horizontal position of a fractional year on an axis from ``low`` to ``high``."""
    return lambda x: PAD_LEFT + (x - low) / (high - low) * (WIDTH - PAD_LEFT - PAD_RIGHT)


def _x_axis(low: float, high: float, bottom: float) -> list[str]:
    to_x = _x_scale(low, high)
    out = [f'<line class="tifa-axis" x1="{PAD_LEFT}" y1="{bottom}" x2="{WIDTH - PAD_RIGHT}" '
           f'y2="{bottom}"></line>']
    for year in _years(low, high):
        x = to_x(year)
        out.append(f'<line class="tifa-tick" x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" '
                   f'y2="{bottom + 4}"></line><text x="{x:.1f}" y="{bottom + 17}" '
                   f'text-anchor="middle">{year}</text>')
    return out


def line_chart(lines: list[Line], label: str) -> str:
    """A line chart of per-report values over time, one line per series, as an SVG element."""
    points = [p for line in lines for p in line.points]
    if not points:
        return ""
    low, high = _span([p.x for p in points])
    top = _nice_top(max(p.y for p in points) or 1)
    bottom = HEIGHT - PAD_BOTTOM
    to_x = _x_scale(low, high)

    def to_y(y: float) -> float:
        return bottom - y / top * (bottom - PAD_TOP)

    out = _x_axis(low, high, bottom)
    for i in range(5):
        value = top * i / 4
        y = to_y(value)
        out.append(f'<line class="tifa-grid" x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" '
                   f'y2="{y:.1f}"></line><text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{value:g}</text>')
    for n, line in enumerate(lines):
        style = f"tifa-s{n % STYLES}"
        path = " ".join(f"{to_x(p.x):.1f},{to_y(p.y):.1f}" for p in line.points)
        out.append(f'<g class="{style}"><polyline points="{path}"></polyline>')
        out += [f'<circle cx="{to_x(p.x):.1f}" cy="{to_y(p.y):.1f}" r="4"><title>'
                f"{text_html(p.note)}</title></circle>" for p in line.points]
        out.append("</g>")
    return _svg(HEIGHT, label, out)


def timeline(lines: list[Line], label: str) -> str:
    """Reports on a time axis, one row per series (its name above the row), as an SVG element;
    the y of each point is ignored."""
    points = [p for line in lines for p in line.points]
    if not points:
        return ""
    low, high = _span([p.x for p in points])
    height = PAD_TOP + ROW * len(lines) + PAD_BOTTOM
    to_x = _x_scale(low, high)

    out = _x_axis(low, high, height - PAD_BOTTOM)
    for n, line in enumerate(lines):
        y = PAD_TOP + ROW * n + ROW * 0.7
        out.append(f'<g class="tifa-s{n % STYLES}"><text class="tifa-row-name" x="{PAD_LEFT}" '
                   f'y="{y - 10:.1f}">{text_html(line.name)}</text>'
                   f'<line class="tifa-row" x1="{PAD_LEFT}" y1="{y:.1f}" '
                   f'x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}"></line>')
        out += [f'<circle cx="{to_x(p.x):.1f}" cy="{y:.1f}" r="5"><title>{text_html(p.note)}'
                "</title></circle>" for p in line.points]
        out.append("</g>")
    return _svg(height, label, out)


def _svg(height: float, label: str, parts: list[str]) -> str:
    return (f'<svg class="tifa-chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-label="{attr_html(label)}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(parts) + "</svg>")


def legend(lines: list[Line]) -> str:
    """The names of the lines with their colours, as HTML (nothing for a single line)."""
    if len(lines) < 2:
        return ""
    items = "".join(f'<li><span class="tifa-swatch tifa-s{n % STYLES}" aria-hidden="true">'
                    f"</span>{text_html(line.name)}</li>" for n, line in enumerate(lines))
    return f'<ul class="tifa-legend">{items}</ul>'
