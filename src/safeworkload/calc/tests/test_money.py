import pytest

from safeworkload.calc.money import pounds


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(0, "£0.00"), (5, "£0.05"), (3600, "£36.00"), (123456, "£1,234.56"), (-1550, "£-15.50")],
)
def test_pence_are_shown_as_pounds_with_thousands_separated(pence, shown):
    assert pounds(pence) == shown
