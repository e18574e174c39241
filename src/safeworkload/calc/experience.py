"""Experience bands derived from the date a person qualified.

The first year after qualifying is the Assessed and Supported Year in
Employment (ASYE), when the newly qualified protections apply
(reference/01 section 2.4). The later bands are ours, chosen so that each
holds a career stage an employer plans for.
"""

from datetime import date

ASYE = "asye"
BANDS: list[tuple[str, int, str]] = [
    # (code, lower bound in whole years qualified, label)
    (ASYE, 0, "Newly qualified (first year)"),
    ("1-2", 1, "1 to 2 years"),
    ("2-5", 2, "2 to 5 years"),
    ("5-10", 5, "5 to 10 years"),
    ("10+", 10, "10 years or more"),
]
LABELS = {code: label for code, _, label in BANDS}
NOT_QUALIFIED = "not-qualified"
LABELS[NOT_QUALIFIED] = "Not qualified"


def whole_years_between(start: date, end: date) -> int:
    """Completed years from start to end, as a birthday is counted."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def experience_band(qualified_on: date | None, *, on: date) -> str:
    if qualified_on is None:
        return NOT_QUALIFIED
    if qualified_on > on:
        raise ValueError("The qualification date is after the date asked about.")
    years = whole_years_between(qualified_on, on)
    code = ASYE
    for band_code, lower, _ in BANDS:
        if years >= lower:
            code = band_code
    return code
