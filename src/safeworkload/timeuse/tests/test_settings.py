"""The minimum group: 5 by default, larger if an organisation wants, never smaller."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeworkload.config.env import read_env


@pytest.mark.parametrize(("raw", "expected"), [("", 5), ("5", 5), ("10", 10)])
def test_the_minimum_group_is_read_from_the_environment(raw, expected):
    assert read_env({"SAFEWORKLOAD_TIME_USE_MIN_GROUP": raw}).time_use_min_group == expected


@pytest.mark.parametrize("raw", ["4", "0", "-5", "five"])
def test_a_minimum_group_below_five_stops_the_service_at_start_up(raw):
    with pytest.raises(ImproperlyConfigured, match="SAFEWORKLOAD_TIME_USE_MIN_GROUP"):
        read_env({"SAFEWORKLOAD_TIME_USE_MIN_GROUP": raw})
