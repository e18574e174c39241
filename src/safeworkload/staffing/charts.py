"""The staffing results' charts, server-rendered SVG in the GOV.UK palette.

Drawn the way ``caseloads.charts`` draws: pure functions from figures to SVG,
an image with a title and a description, and on the page each chart is
followed by a table of the same figures, so nothing is only in the picture.

- The fan chart: weighted caseload per case-holding FTE through the year,
  the median as a line, the 25th to 75th percentiles as a dark band and the
  10th to 90th as a light one, with the case holders' maximum as a dashed line.
- The tornado chart: the change in required FTE when each input is 20% lower
  (one side) and 20% higher (the other), largest first.
"""

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from safeworkload.caseloads.charts import (
    BLACK,
    BLUE,
    DARK_BLUE,
    FONT,
    MID_GREY,
    ORANGE,
    RED,
    nice_step,
    nice_top,
)

LIGHT_BLUE = "#d2e2f1"  # GOV.UK blue at a quarter, for the outer band
LABEL_LIMIT = 44


def _fmt(value: float) -> str:
    return f"{value:g}"


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{cid}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px;height:auto" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{FONT}" '
        f'font-size="14"><title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(description)}</desc>'
    ]


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    parts = []
    for colour, text in items:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 20:.1f}" y="{y:.1f}" font-size="13" fill="{BLACK}">'
            f"{escape(text)}</text>"
        )
        x += 30 + 7 * len(text)
    return parts


def fan_chart(
    fan: dict[str, Any], *, chart_id: str = "chart-fan", width: int = 680, height: int = 320
) -> Markup:
    """Caseload per FTE week by week: median line, P25-P75 and P10-P90 bands."""
    weeks: list[int] = fan["weeks"]
    reference: float | None = fan.get("reference")
    left, upper, right, lower = 56, 20, width - 16, height - 80
    highest = max([*fan["p90"], reference or 0.0, 1.0])
    top, step = nice_top(highest * 1.05)

    def x_at(i: int) -> float:
        return left + (right - left) * i / max(len(weeks) - 1, 1)

    def y_at(value: float) -> float:
        return lower - (lower - upper) * value / top

    def band(low: list[float], high: list[float], colour: str) -> str:
        points = [f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(high)]
        points += [f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in reversed(list(enumerate(low)))]
        return f'<polygon points="{" ".join(points)}" fill="{colour}" stroke="none"/>'

    median = fan["p50"]
    description = (
        f"Weighted caseload per case-holding FTE ({fan['fte']:g} FTE in post) over {len(weeks)} "
        f"weeks. The median runs from {median[0]:.1f} to {median[-1]:.1f}; in 8 years out of 10 "
        f"a week is between {min(fan['p10']):.1f} and {max(fan['p90']):.1f}."
        + (f" The case holders' maximum is {reference:.1f}." if reference else "")
    )
    parts = _open(chart_id, "Caseload per worker through the year", description, width, height)
    value = 0.0
    while value <= top + 1e-9:
        y = y_at(value)
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{MID_GREY}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{BLACK}">'
            f"{escape(_fmt(value))}</text>"
        )
        value += step
    parts.append(band(fan["p10"], fan["p90"], LIGHT_BLUE))
    parts.append(band(fan["p25"], fan["p75"], BLUE))
    line = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(median))
    parts.append(f'<polyline points="{line}" fill="none" stroke="{DARK_BLUE}" stroke-width="3"/>')
    if reference:
        y = y_at(reference)
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{RED}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    for i, week in enumerate(weeks):
        if week == 1 or week % 13 == 0:
            parts.append(
                f'<text x="{x_at(i):.1f}" y="{lower + 16}" text-anchor="middle" font-size="12" '
                f'fill="{BLACK}">{week}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{lower}" y2="{lower}" stroke="{BLACK}" '
        'stroke-width="2"/>'
        f'<text x="{(left + right) / 2:.1f}" y="{lower + 36}" text-anchor="middle" '
        f'fill="{BLACK}">Week of the year</text>'
        f'<text transform="translate(14 {(upper + lower) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" fill="{BLACK}">Caseload points per FTE</text>'
    )
    legend = [(DARK_BLUE, "Median"), (BLUE, "Middle half"), (LIGHT_BLUE, "8 years in 10")]
    if reference:
        legend.append((RED, "Maximum (dashed)"))
    parts += _legend(legend, left, height - 12)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text and attribute value is escaped above)


def short_label(label: str, limit: int = LABEL_LIMIT) -> str:
    """A label cut to ``limit`` characters in its first part, so that what
    changed ("cases opened", "hours each") is always shown in full."""
    if len(label) <= limit:
        return label
    head, sep, tail = label.rpartition(": ")
    if not sep or len(tail) > limit - 4:
        return label[: limit - 1] + "…"
    return f"{head[: limit - len(tail) - 3]}…: {tail}"


def tornado_chart(
    tornado: dict[str, Any],
    *,
    chart_id: str = "chart-tornado",
    width: int = 720,
    row_height: int = 30,
) -> Markup:
    """Horizontal bars either side of the required FTE: each input lower and higher."""
    rows = tornado["rows"]
    label_width = 320
    left, right, upper = label_width, width - 24, 24
    height = upper + row_height * max(len(rows), 1) + 64
    lower = upper + row_height * max(len(rows), 1)
    reach = max([abs(v) for row in rows for v in (row["low"], row["high"])] or [0.1]) or 0.1
    step = nice_step(reach, 3)
    extent = max(step, -(-reach // step) * step)
    middle = (left + right) / 2

    def x_at(change: float) -> float:
        return middle + (right - left) / 2 * change / extent

    swing = f"{tornado['swing']:.0%}"
    base = tornado["base"]
    description = (
        f"Change in required FTE at {tornado['confidence']:.0%} confidence ({base:.1f} FTE) "
        f"when each input is {swing} lower or higher, largest first. "
        + "; ".join(
            f"{row['label']}: {row['low']:+.2f} lower, {row['high']:+.2f} higher" for row in rows
        )
        + "."
    )
    parts = _open(chart_id, "What drives the answer", description, width, height)
    tick = -extent
    while tick <= extent + 1e-9:
        x = x_at(tick)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{upper}" y2="{lower}" stroke="{MID_GREY}"/>'
            f'<text x="{x:.1f}" y="{lower + 16}" text-anchor="middle" font-size="12" '
            f'fill="{BLACK}">{escape(f"{tick:+g}" if tick else "0")}</text>'
        )
        tick += step
    for i, row in enumerate(rows):
        y = upper + i * row_height + 4
        h = row_height - 8
        label = short_label(row["label"])
        parts.append(
            f'<text x="{left - 8}" y="{y + h / 2 + 5:.1f}" text-anchor="end" font-size="12" '
            f'fill="{BLACK}">{escape(label)}</text>'
        )
        for change, colour in ((row["low"], BLUE), (row["high"], ORANGE)):
            x0, x1 = sorted((x_at(0), x_at(change)))
            parts.append(
                f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" height="{h}" '
                f'fill="{colour}"/>'
            )
    parts.append(
        f'<line x1="{middle:.1f}" x2="{middle:.1f}" y1="{upper - 6}" y2="{lower}" '
        f'stroke="{BLACK}" stroke-width="2"/>'
        f'<text x="{middle:.1f}" y="{lower + 36}" text-anchor="middle" fill="{BLACK}">'
        f"Change in required FTE from {base:.1f}</text>"
    )
    parts += _legend(
        [(BLUE, f"Input {swing} lower"), (ORANGE, f"Input {swing} higher")], 16, height - 8
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text and attribute value is escaped above)
