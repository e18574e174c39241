"""The health check report's charts, drawn with ``caseloads.charts``.

Only published figures are drawn: a hidden score has no bar, and the description
(what a screen reader hears) says so. Every chart sits beside a table of the same
figures, so nothing is only in the picture.
"""

from markupsafe import Markup

from safeworkload.caseloads.charts import BLUE, DARK_BLUE, Bar, bar_chart
from safeworkload.healthcheck.selectors.report import Band, HealthCheckReport


def _described(bars: list[Bar], unit: str) -> str:
    return "; ".join(f"{b.label}: {b.value}{unit}" for b in bars)


def area_chart(report: HealthCheckReport) -> Markup | None:
    bars = [Bar(a.label, a.score) for a in report.areas if a.score is not None]
    if not bars:
        return None
    hidden = [a.label for a in report.areas if a.score is None]
    note = f" Not shown, too few answers: {', '.join(hidden)}." if hidden else ""
    return bar_chart(
        bars,
        chart_id="chart-areas",
        title="Scores by area, out of 100",
        description=f"Scores out of 100, higher is better. {_described(bars, '')}.{note}",
        x_label="Area",
        y_label="Score (0-100)",
        width=760,
    )


def _share_chart(bands: list[Band], *, chart_id: str, title: str, x_label: str) -> Markup | None:
    bars = [
        Bar(b.label, b.share, DARK_BLUE if i % 2 else BLUE)
        for i, b in enumerate(bands)
        if b.share is not None
    ]
    if not bars:
        return None
    return bar_chart(
        bars,
        chart_id=chart_id,
        title=title,
        description=f"Share of those who answered. {_described(bars, '%')}.",
        x_label=x_label,
        y_label="Share (%)",
        width=760,
    )


def report_charts(report: HealthCheckReport) -> dict[str, Markup]:
    charts: dict[str, Markup | None] = {
        "areas": area_chart(report),
        "hours": _share_chart(
            report.hours.bands if report.hours else [],
            chart_id="chart-hours",
            title="Hours worked against contracted",
            x_label="Hours a week over contracted",
        ),
        "intention": _share_chart(
            report.intention,
            chart_id="chart-intention",
            title="How long people intend to stay",
            x_label="Intention to stay",
        ),
    }
    return {name: chart for name, chart in charts.items() if chart is not None}
