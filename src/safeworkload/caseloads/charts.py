"""Charts as server-rendered SVG, in the GOV.UK colour palette, with no JavaScript.

Each function is pure: figures in, SVG markup out. The SVG is an image with a
title and a description for screen readers; every page that shows a chart also
shows the same figures as a table beside it (DESIGN.md §4), so nothing is only
in the picture. Colour is never the only signal: the histogram's bars also
carry their count, and the legend names what each colour means.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from markupsafe import Markup, escape

# GOV.UK Frontend's palette (govuk-frontend 5).
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
RED = "#d4351c"
ORANGE = "#f47738"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"
FONT = "arial, sans-serif"

Number = int | float | Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number
    colour: str = BLUE


@dataclass(frozen=True)
class Margins:
    top: int = 20
    right: int = 16
    bottom: int = 56
    left: int = 56


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover - the loop always returns


def nice_top(top: float, ticks: int = 5) -> tuple[float, float]:
    """The axis top (a whole number of steps at or above ``top``) and the step."""
    step = nice_step(top, ticks)
    return max(step, math.ceil(top / step) * step), step


def _fmt(value: float) -> str:
    return f"{value:g}"


def _svg_open(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px;height:auto" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{FONT}" font-size="14">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )


def _y_axis(
    *, top: float, step: float, plot: tuple[int, int, int, int], label: str, suffix: str = ""
) -> list[str]:
    left, upper, right, lower = plot
    parts = []
    value = 0.0
    while value <= top + 1e-9:
        y = lower - (lower - upper) * value / top
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{MID_GREY}" '
            'stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{BLACK}">'
            f"{escape(_fmt(value))}{escape(suffix)}</text>"
        )
        value += step
    middle = (upper + lower) / 2
    parts.append(
        f'<text transform="translate(14 {middle:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{BLACK}">{escape(label)}</text>'
    )
    return parts


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    legend: Sequence[tuple[str, str]] = (),
    edges: Sequence[str] | None = None,
    width: int = 640,
    height: int = 300,
) -> Markup:
    """Vertical bars with their value above each, labels below, and a legend.

    With ``edges`` (one more than the bars), the labels mark the boundaries
    between bars, as a histogram's axis does, instead of each bar's middle."""
    m = Margins(bottom=56 + (24 if legend else 0))
    left, upper, right, lower = m.left, m.top, width - m.right, height - m.bottom
    top, step = nice_top(max([float(b.value) for b in bars] or [0]) or 1)
    parts = [_svg_open(chart_id, title, description, width, height)]
    parts += _y_axis(top=top, step=step, plot=(left, upper, right, lower), label=y_label)
    slot = (right - left) / max(len(bars), 1)
    for i, bar in enumerate(bars):
        value = float(bar.value)
        h = (lower - upper) * value / top
        x = left + i * slot + 2
        parts.append(
            f'<rect x="{x:.1f}" y="{lower - h:.1f}" width="{slot - 4:.1f}" height="{h:.1f}" '
            f'fill="{bar.colour}"/>'
        )
        if value:
            parts.append(
                f'<text x="{x + (slot - 4) / 2:.1f}" y="{lower - h - 4:.1f}" '
                f'text-anchor="middle" font-size="12" fill="{BLACK}">{escape(_fmt(value))}</text>'
            )
        if edges is None:
            parts.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{lower + 16}" '
                f'text-anchor="middle" font-size="12" fill="{BLACK}">{escape(bar.label)}</text>'
            )
    for i, edge in enumerate(edges or ()):
        parts.append(
            f'<text x="{left + i * slot:.1f}" y="{lower + 16}" text-anchor="middle" '
            f'font-size="12" fill="{BLACK}">{escape(edge)}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{lower}" y2="{lower}" stroke="{BLACK}" '
        'stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{(left + right) / 2:.1f}" y="{lower + 38}" text-anchor="middle" '
        f'fill="{BLACK}">{escape(x_label)}</text>'
    )
    x = float(left)
    for colour, text in legend:
        parts.append(
            f'<rect x="{x:.1f}" y="{height - 18}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 20:.1f}" y="{height - 6}" font-size="13" fill="{BLACK}">'
            f"{escape(text)}</text>"
        )
        x += 28 + 7.2 * len(text)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text and attribute value is escaped above)


class HistogramBin(Protocol):
    @property
    def lower(self) -> int: ...

    @property
    def count(self) -> int: ...

    @property
    def upper(self) -> int | None: ...

    @property
    def label(self) -> str: ...


HISTOGRAM_LEGEND = (
    (BLUE, "Under 100%"),
    (ORANGE, "100% to 109.9%"),
    (RED, "110% or more"),
)


def _bin_colour(lower: int) -> str:
    if lower >= 110:
        return RED
    if lower >= 100:
        return ORANGE
    return BLUE


def histogram(bins: Sequence[HistogramBin], *, chart_id: str, title: str) -> Markup:
    """Workers by capacity in bins of 10 points, each labelled by its lower edge
    (110 is 110 to 119.9%) and coloured by where it sits: under 100%, 100-109.9%,
    or 110% and more."""
    total = sum(b.count for b in bins)
    description = "; ".join(f"{b.label}: {b.count}" for b in bins if b.count)
    edges = [str(b.lower) for b in bins]
    last = bins[-1] if bins else None
    if last is not None:
        edges.append("" if last.upper is None else str(last.upper))
    return bar_chart(
        [Bar(b.label, b.count, _bin_colour(b.lower)) for b in bins],
        chart_id=chart_id,
        title=title,
        description=f"{total} workers by capacity. {description}.",
        x_label="Capacity (%)",
        y_label="Workers",
        legend=HISTOGRAM_LEGEND,
        edges=edges,
    )


def line_chart(
    points: Sequence[tuple[str, Number]],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    suffix: str = "%",
    reference: tuple[Number, str] | None = None,
    width: int = 640,
    height: int = 280,
    label_every: int = 4,
) -> Markup:
    """One series over time, with an optional dashed reference line (e.g. 100%)."""
    m = Margins(bottom=48 + (24 if reference else 0))
    left, upper, right, lower = m.left, m.top, width - m.right, height - m.bottom
    values = [float(v) for _, v in points]
    highest = max([*values, float(reference[0]) if reference else 0.0, 1.0])
    top, step = nice_top(highest * 1.05)
    parts = [_svg_open(chart_id, title, description, width, height)]
    parts += _y_axis(
        top=top, step=step, plot=(left, upper, right, lower), label=y_label, suffix=suffix
    )

    def x_at(i: int) -> float:
        if len(points) == 1:
            return (left + right) / 2
        return left + (right - left) * i / (len(points) - 1)

    def y_at(value: float) -> float:
        return lower - (lower - upper) * value / top

    if reference is not None:
        ry = y_at(float(reference[0]))
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{ry:.1f}" y2="{ry:.1f}" stroke="{RED}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
            # The key sits under the chart, where the series cannot cover it.
            f'<line x1="{left}" x2="{left + 28}" y1="{height - 11}" y2="{height - 11}" '
            f'stroke="{RED}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{left + 36}" y="{height - 6}" font-size="13" fill="{BLACK}">'
            f"{escape(reference[1])}</text>"
        )
    coordinates = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(values))
    if values:
        parts.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{BLUE}" stroke-width="3" '
            'stroke-linejoin="round"/>'
        )
    for i, value in enumerate(values):
        parts.append(f'<circle cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="3" fill="{BLUE}"/>')
    step_labels = max(1, label_every)
    last = len(points) - 1
    # Every n-th week, and the latest one unless it would touch the one before.
    shown = {i for i in range(0, len(points), step_labels)}
    if last - max(shown, default=0) >= max(2, step_labels // 2 + 1):
        shown.add(last)
    for i, (label, _) in enumerate(points):
        if i in shown:
            parts.append(
                f'<text x="{x_at(i):.1f}" y="{lower + 18}" text-anchor="middle" font-size="12" '
                f'fill="{BLACK}">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{lower}" y2="{lower}" stroke="{BLACK}" '
        'stroke-width="2"/>'
        f'<text x="{(left + right) / 2:.1f}" y="{lower + 38}" text-anchor="middle" '
        f'fill="{BLACK}">Week starting</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text and attribute value is escaped above)
