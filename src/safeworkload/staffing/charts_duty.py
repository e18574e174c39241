"""The duty rota's chart: staff on duty by hour, one chart a day, drawn with ``caseloads.charts``.

The chart reads from the sizing's JSON (`DutySizing.to_json`), as the page and
the CSV do. Each sits beside a table of the same figures, so nothing is only in
the picture.
"""

from typing import Any

from markupsafe import Markup

from safeworkload.caseloads.charts import BLUE, DARK_BLUE, Bar, bar_chart


def _bar(interval: dict[str, Any]) -> Bar:
    # A darker bar where the simulation changed Erlang C's answer; the table says how.
    changed = interval["verdict"] in ("under", "over")
    return Bar(f"{interval['hour']:02d}", interval["on_duty"], DARK_BLUE if changed else BLUE)


def day_chart(day_name: str, intervals: list[dict[str, Any]]) -> Markup:
    bars = [_bar(interval) for interval in intervals]
    described = "; ".join(f"{i['label']}: {i['on_duty']}" for i in intervals)
    legend = []
    if any(bar.colour == DARK_BLUE for bar in bars):
        legend = [(BLUE, "As Erlang C"), (DARK_BLUE, "Changed by the simulation")]
    return bar_chart(
        bars,
        chart_id=f"chart-duty-{day_name.lower()}",
        title=f"Staff on duty at once, {day_name}",
        description=f"Duty workers needed at once in each hour of {day_name}. {described}.",
        x_label="Hour starting",
        y_label="On duty",
        legend=legend,
        width=560,
        height=260,
    )


def duty_charts(result: dict[str, Any]) -> dict[str, Markup]:
    """A chart for each open day, by the day's name."""
    days: dict[str, list[dict[str, Any]]] = {}
    for interval in result["intervals"]:
        days.setdefault(interval["day_name"], []).append(interval)
    return {name: day_chart(name, intervals) for name, intervals in days.items()}
