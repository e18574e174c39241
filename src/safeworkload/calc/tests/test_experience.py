from datetime import date

import pytest

from safeworkload.calc.experience import NOT_QUALIFIED, experience_band, whole_years_between

ON = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("qualified_on", "band"),
    [
        (None, NOT_QUALIFIED),
        (date(2026, 11, 22), "asye"),  # qualified today
        (date(2025, 11, 23), "asye"),  # one day short of a year
        (date(2025, 11, 22), "1-2"),  # exactly one year
        (date(2024, 11, 23), "1-2"),
        (date(2024, 11, 22), "2-5"),
        (date(2021, 11, 23), "2-5"),
        (date(2021, 11, 22), "5-10"),
        (date(2016, 11, 23), "5-10"),
        (date(2016, 11, 22), "10+"),
        (date(1990, 6, 1), "10+"),
    ],
)
def test_the_experience_band_follows_whole_years_since_qualifying(qualified_on, band):
    assert experience_band(qualified_on, on=ON) == band


def test_a_leap_day_qualification_counts_a_year_on_the_first_of_march():
    assert whole_years_between(date(2024, 2, 29), date(2025, 2, 28)) == 0
    assert whole_years_between(date(2024, 2, 29), date(2025, 3, 1)) == 1


def test_a_qualification_date_in_the_future_is_refused():
    with pytest.raises(ValueError, match="after the date asked about"):
        experience_band(date(2027, 1, 1), on=ON)
