"""Plain-English findings, generated from a report's published figures only.

Deterministic: the same figures always give the same sentences, in the same order,
so a finding the lead adopts reads the same in the PDF as on the page. Shares are
given as "n in ten" (rounded half up), the way people say them; nothing here uses a
figure the report hides.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from safeworkload.healthcheck.selectors.report import HealthCheckReport, Question

Area = Question.Area

TENS = ["None", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]
# A change or a gap of fewer points than this is not worth a sentence.
NOTABLE_POINTS = Decimal(5)


@dataclass(frozen=True)
class GeneratedFinding:
    area: str
    text: str


def in_ten(percent: Decimal) -> str:
    """A share in words: 30.0 is "Three in ten", 4.9 "Fewer than one in ten", 95.0
    "Nearly all" and 100.0 "All" (so "All who answered ..." reads as English)."""
    tens = int((percent / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if tens == 0:
        return "Fewer than one in ten"
    if tens == 10:
        return "All" if percent >= 100 else "Nearly all"
    return f"{TENS[tens]} in ten"


def _points(value: Decimal) -> str:
    whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{abs(whole)} {'point' if abs(whole) == 1 else 'points'}"


def generate_findings(report: HealthCheckReport) -> list[GeneratedFinding]:
    if not report.published:
        return []
    found: list[GeneratedFinding] = []
    supervision = report.share("supervision_could_not_get")
    if supervision and supervision.share is not None and supervision.yes:
        found.append(
            GeneratedFinding(
                Area.SUPERVISION,
                f"{in_ten(supervision.share)} who answered could not get supervision "
                "when they needed it last month.",
            )
        )
    hours = report.hours
    if hours and hours.more_than_contracted and hours.mean_extra is not None:
        found.append(
            GeneratedFinding(
                Area.HOURS,
                f"{in_ten(hours.more_than_contracted)} work more hours than they are contracted "
                f"for: {hours.mean_extra} hours a week more on average, across everyone who "
                "answered.",
            )
        )
    scored = [a for a in report.areas if a.score is not None]
    if scored:
        lowest = min(scored, key=lambda a: (a.score, a.label))
        found.append(
            GeneratedFinding(
                lowest.area,
                f"{lowest.label} is the lowest-scoring area, at {lowest.score} out of 100.",
            )
        )
    for area in report.areas:
        if area.change is not None and area.change <= -NOTABLE_POINTS:
            found.append(
                GeneratedFinding(
                    area.area, f"{area.label} fell by {_points(area.change)} since last year."
                )
            )
        elif area.change is not None and area.change >= NOTABLE_POINTS:
            found.append(
                GeneratedFinding(
                    area.area, f"{area.label} rose by {_points(area.change)} since last year."
                )
            )
        difference = area.region_difference
        if difference is not None and difference <= -NOTABLE_POINTS:
            found.append(
                GeneratedFinding(
                    area.area,
                    f"{area.label} is {_points(difference)} below the region's score.",
                )
            )
    bullying = report.share("bullying_experienced")
    if bullying and bullying.share is not None and bullying.yes:
        found.append(
            GeneratedFinding(
                Area.BULLYING,
                f"{in_ten(bullying.share)} who answered have experienced bullying or "
                "harassment at work.",
            )
        )
    leaving = report.intention[0] if report.intention else None
    if leaving is not None and leaving.share:
        found.append(
            GeneratedFinding(
                Area.INTENTION_TO_STAY,
                f"{in_ten(leaving.share)} who answered plan to leave within a year.",
            )
        )
    breach_teams = [
        t for t in report.teams if t.workers_in_sustained_breach and t.manager_support is not None
    ]
    if breach_teams:
        names = ", ".join(t.team for t in breach_teams)
        found.append(
            GeneratedFinding(
                Area.MANAGER_SUPPORT,
                f"Workers are in sustained caseload breach in {len(breach_teams)} "
                f"{'team' if len(breach_teams) == 1 else 'teams'} that answered: {names}.",
            )
        )
    return found
