"""Duty sizing from a contact log: the file's checks, the arithmetic per hour on a
log small enough to work by hand, and the simulation's check of Erlang C."""

import tomllib
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from safeworkload.calc import erlang
from safeworkload.staffing import duty
from safeworkload.staffing.duty import (
    Contact,
    ContactLogError,
    DutyOptions,
    parse_contact_log,
    parse_days,
    size_duty,
)
from safeworkload.staffing.modelfile import load_model

EXAMPLE = Path(duty.__file__).parent / "examples" / "duty_contacts.csv"
ADULTS = Path(duty.__file__).parent / "examples" / "adults.toml"
HEADER = "received_at,handling_minutes,channel"


def log(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def problems(text: str) -> list[tuple[int, str | None, str]]:
    with pytest.raises(ContactLogError) as caught:
        parse_contact_log(text)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


# --- the file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "Enter the date and time the contact arrived"),
        ("yesterday", "Enter when the contact arrived as a date and time, like 2025-03-03T09:14"),
        ("2025-03-03", "Enter when the contact arrived as a date and time"),
        ("2025-02-30T09:00", "Received at must be a real date and time"),
        ("31/02/2025 09:00", "Received at must be a real date and time"),
        ("2025-03-03T25:00", "Received at must be a real date and time"),
    ],
)
def test_a_bad_arrival_time_is_named_by_row_and_column(cell, message):
    [(row, column, text)] = problems(log("2025-03-03T09:00,20,phone", f"{cell},20,phone"))
    assert (row, column) == (3, "received_at")
    assert text.startswith(message)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "Enter the minutes it took to handle the contact"),
        ("twenty", "Enter the handling minutes as a number, like 25 or 12.5"),
        ("-5", "Enter the handling minutes as a number, like 25 or 12.5"),
        ("0", "Handling minutes must be more than 0"),
        ("0.0", "Handling minutes must be more than 0"),
        ("1440.5", "Handling minutes must be 1,440 (a whole day) or fewer"),
    ],
)
def test_a_bad_handling_time_is_named_by_row_and_column(cell, message):
    assert problems(log(f"2025-03-03T09:00,{cell},phone")) == [(2, "handling_minutes", message)]


def test_a_channel_longer_than_forty_characters_is_refused():
    assert problems(log(f"2025-03-03T09:00,20,{'x' * 41}")) == [
        (2, "channel", "Channel must be 40 characters or fewer")
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("", "The selected file is empty", id="blank"),
        pytest.param("  \n\n", "The selected file is empty", id="only-blank-lines"),
        pytest.param(
            "2025-03-03T09:00,20,phone\n",
            "The first row must be the header row: received_at, handling_minutes",
            id="no-header",
        ),
    ],
)
def test_a_file_without_a_header_says_so_and_reads_nothing(text, problem):
    with pytest.raises(ContactLogError) as caught:
        parse_contact_log(text)
    assert caught.value.problem.startswith(problem)
    assert caught.value.errors == ()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("received_at,channel", [(1, "handling_minutes", "Add a column named handling_minutes")]),
        (
            "received_at,handling_minutes,notes",
            [
                (
                    1,
                    "notes",
                    "Remove the column notes or correct its name: "
                    "it is not a contact log import column",
                )
            ],
        ),
        (
            "received_at,handling_minutes,received_at",
            [(1, "received_at", "The column received_at appears more than once")],
        ),
    ],
)
def test_a_header_with_a_column_missing_or_unknown_is_refused(header, expected):
    assert problems(log("2025-03-03T09:00,20,phone", header=header)) == expected


def test_a_header_alone_asks_for_contacts():
    assert problems(log()) == [(2, None, "Add at least one contact below the header")]


def test_a_row_with_more_cells_than_the_header_is_refused():
    assert problems(log("2025-03-03T09:00,20,phone,extra")) == [
        (2, None, "This row has 4 cells but the header row has 3")
    ]


def test_every_bad_row_is_reported_in_order_and_nothing_is_returned():
    text = log(
        "2025-03-03T09:00,20,phone",
        "soon,20,phone",
        "2025-03-03T09:30,20,phone",
        "2025-03-03T09:40,,phone",
    )
    assert [(row, column) for row, column, _ in problems(text)] == [
        (3, "received_at"),
        (5, "handling_minutes"),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-03T09:14", datetime(2025, 3, 3, 9, 14)),
        ("2025-03-03 09:14:30", datetime(2025, 3, 3, 9, 14, 30)),
        ("03/03/2025 09:14", datetime(2025, 3, 3, 9, 14)),
        ("3/3/2025 9:14", datetime(2025, 3, 3, 9, 14)),
        # With an offset, the time is turned into the team's own clock (BST in June).
        ("2025-06-02T08:14:00Z", datetime(2025, 6, 2, 9, 14)),
        ("2025-03-03T09:14+00:00", datetime(2025, 3, 3, 9, 14)),
    ],
)
def test_arrival_times_are_read_in_the_forms_spreadsheets_write(cell, expected):
    [contact] = parse_contact_log(log(f"{cell},12.5,email"))
    assert contact == Contact(row=2, received_at=expected, handling_minutes=12.5, channel="email")


def test_the_channel_column_may_be_left_out():
    [contact] = parse_contact_log(log("25,2025-03-03T09:14", header="handling_minutes,received_at"))
    assert contact.channel == ""


def test_the_template_is_a_valid_log_of_one_contact():
    assert len(parse_contact_log(duty.template_csv())) == 1


def test_the_example_log_reads_cleanly():
    contacts = parse_contact_log(EXAMPLE.read_text(encoding="utf-8"))
    assert len(contacts) == 766
    assert all(10 <= c.handling_minutes <= 60 for c in contacts)


# --- the arithmetic, by hand -------------------------------------------------

# Monday 3 to Monday 10 March 2025: two Mondays, one of every other day.
TINY = log(
    "2025-03-03T09:10,30,phone",
    "2025-03-03T09:40,30,phone",
    "2025-03-10T09:05,60,email",
    "2025-03-03T10:05,15,phone",
    "2025-03-04T16:59,45,portal",
    "2025-03-08T11:00,20,phone",  # Saturday: the line is closed
    "2025-03-03T08:59,10,phone",  # before it opens
    "2025-03-05T17:00,10,phone",  # as it closes
)


@pytest.fixture
def tiny():
    return size_duty(parse_contact_log(TINY), DutyOptions(des="never"))


def _at(sizing, day: int, hour: int):
    [interval] = [i for i in sizing.intervals if (i.day, i.hour) == (day, hour)]
    return interval


def test_contacts_outside_the_open_hours_are_counted_but_not_sized(tiny):
    assert (tiny.contacts, tiny.sized, tiny.outside_hours) == (8, 5, 3)
    assert len(tiny.intervals) == 5 * 8  # Monday to Friday, 9:00 to 17:00
    assert tiny.channels == {"email": 1, "phone": 3, "portal": 1}


def test_handling_time_is_the_mean_and_cv_of_the_contacts_sized(tiny):
    # 30, 30, 60, 15, 45: mean 36; SD sqrt(1170 / 4) = 17.10.
    assert tiny.handling_mean_minutes == 36
    assert tiny.handling_cv == pytest.approx(17.1026 / 36, abs=1e-4)


@pytest.mark.parametrize(
    ("day", "hour", "contacts", "days_counted", "rate"),
    [
        (0, 9, 3, 2, 1.5),  # three contacts over two Mondays
        (0, 10, 1, 2, 0.5),
        (1, 16, 1, 1, 1.0),  # 16:59 is still the 16:00 hour
        (2, 9, 0, 1, 0.0),
        (2, 16, 0, 1, 0.0),  # 17:00 is closed
    ],
)
def test_arrivals_per_hour_are_averaged_over_the_days_the_log_covers(
    tiny, day, hour, contacts, days_counted, rate
):
    interval = _at(tiny, day, hour)
    assert (interval.contacts, interval.days_counted) == (contacts, days_counted)
    assert interval.arrivals_per_hour == rate
    assert interval.offered_load == pytest.approx(rate * 0.6)


def test_each_hour_is_sized_by_erlang_c_and_rostered_with_shrinkage(tiny):
    # Monday 9:00: A = 1.5 x 0.6 = 0.9 Erlangs. One worker picks up 14.9% within
    # 20 minutes, two pick up 84.8%: two on duty, ceil(2 / 0.7) = 3 rostered.
    monday_nine = _at(tiny, 0, 9)
    assert monday_nine.on_duty == monday_nine.erlang.agents == 2
    assert monday_nine.erlang.service_level == pytest.approx(0.8484, abs=1e-4)
    assert monday_nine.rostered == 3
    assert erlang.service_level(
        arrival_rate=1.5, mean_service_time=0.6, agents=1, target_wait=1 / 3
    ) == pytest.approx(0.1487, abs=1e-4)


def test_an_hour_with_no_contacts_still_has_one_worker_on_the_open_line(tiny):
    empty = _at(tiny, 2, 9)
    assert (empty.on_duty, empty.rostered, empty.check) == (1, 2, None)


def test_the_totals_add_the_hours_of_the_week(tiny):
    totals = tiny.totals()
    on_duty = sum(i.on_duty for i in tiny.intervals)
    rostered = sum(i.rostered for i in tiny.intervals)
    assert totals["on_duty_hours_per_week"] == on_duty
    assert totals["rostered_hours_per_week"] == rostered
    assert totals["rostered_fte"] == round(rostered / 37, 2)
    assert totals["peak_on_duty"] == 2


def test_the_model_file_duty_table_is_the_open_days_average(tiny):
    # Five contacts over six open days (two Mondays and one of each other weekday).
    assert tiny.model_file_duty() == {
        "contacts_per_day": 0.83,
        "hours_per_day": 8.0,
        "mean_handling_hours": 0.6,
        "target_wait_hours": 0.333,
        "service_level": 0.8,
        "max_occupancy": 1.0,
        "shrinkage": 0.3,
    }


def test_the_duty_table_loads_in_a_model_file(tiny):
    adults = ADULTS.read_text(encoding="utf-8")
    without_duty = adults[: adults.index("[duty]")]
    spec = load_model(without_duty + tiny.model_file_toml())
    assert spec.duty is not None
    assert spec.duty.contacts_per_day == 0.83
    assert spec.duty.mean_handling_hours == 0.6
    assert tomllib.loads(tiny.model_file_toml())["duty"] == tiny.model_file_duty()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"days": (6,)}, "No contact arrived while the line is open"),
        ({"opens": 18, "closes": 20}, "No contact arrived while the line is open"),
    ],
)
def test_a_log_with_nothing_in_the_open_hours_cannot_size_a_rota(options, message):
    with pytest.raises(ValueError, match=message):
        size_duty(parse_contact_log(TINY), DutyOptions(des="never", **options))


def test_a_log_shorter_than_a_week_cannot_size_a_rota():
    short = parse_contact_log(log("2025-03-03T09:00,20,phone", "2025-03-08T09:00,20,phone"))
    with pytest.raises(ValueError, match="The log covers 6 days: it must cover at least 7"):
        size_duty(short)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"service_level": 1.0}, "service level"),
        ({"shrinkage": 1.0}, "Shrinkage"),
        ({"opens": 17, "closes": 9}, "open before it closes"),
        ({"days": ()}, "at least one day"),
        ({"target_wait_minutes": -1}, "target wait"),
        ({"des": "sometimes"}, "simulation check"),
    ],
)
def test_impossible_options_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        DutyOptions(**options)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("Mon, Wed, Fri", (0, 2, 4)),
        ("mon-sun", tuple(range(7))),
        ("sat,mon-tue", (0, 1, 5)),
    ],
)
def test_days_are_read_as_ranges_or_lists(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["fri-mon", "monday", "", "mon-"])
def test_days_that_cannot_be_read_are_refused(text):
    with pytest.raises(ValueError):
        parse_days(text)


# --- the simulation's check ---------------------------------------------------


def steady_log(minutes: Sequence[float], per_hour: int) -> list[Contact]:
    """A week of ``per_hour`` contacts every hour 9:00 to 17:00, handled in turn as ``minutes``."""
    contacts: list[Contact] = []
    for day in range(7):
        for hour in range(9, 17):
            for k in range(per_hour):
                received = datetime(2025, 3, 3, hour) + timedelta(
                    days=day, minutes=k * 60 / per_hour
                )
                row = len(contacts) + 2
                contacts.append(Contact(row, received, minutes[row % len(minutes)]))
    return contacts


def test_short_exponential_like_handling_is_left_to_erlang_c():
    # Mean 5 minutes against a 20-minute target; CV 1.2.
    sizing = size_duty(steady_log([2, 2, 2, 14], per_hour=6))
    assert sizing.des_reason is None
    assert all(i.check is None for i in sizing.intervals)


def test_long_steady_handling_is_checked_and_erlang_c_over_staffs():
    # 30 minutes every time (CV 0): queues are shorter than Erlang C expects.
    sizing = size_duty(steady_log([30], per_hour=6))
    assert "at least the 20-minute target wait" in (sizing.des_reason or "")
    interval = sizing.intervals[0]
    assert interval.check is not None
    assert (interval.erlang.agents, interval.check.verdict, interval.on_duty) == (5, "over", 4)
    assert interval.check.final.service_level.mean >= 0.8
    assert interval.rostered == erlang.rostered(4, shrinkage=0.3)


def test_very_variable_handling_is_checked_and_erlang_c_under_staffs():
    # Mostly 5 minutes, one in ten 200 minutes: CV 2.39, so waits run longer.
    sizing = size_duty(steady_log([5] * 9 + [200], per_hour=7))
    assert "CV of 2.39" in (sizing.des_reason or "")
    interval = sizing.intervals[0]
    assert interval.check is not None
    assert interval.check.at_erlang.service_level.mean < 0.8 <= interval.erlang.service_level
    assert (interval.erlang.agents, interval.check.verdict, interval.on_duty) == (4, "under", 5)
    assert interval.check.final.service_level.mean >= 0.8
    assert sizing.totals()["erlang_under_staffs"] == 5 * 8


def test_the_check_can_be_turned_off_or_forced():
    contacts = steady_log([2, 2, 2, 14], per_hour=6)
    assert size_duty(contacts, DutyOptions(des="always")).intervals[0].check is not None
    long = steady_log([30], per_hour=6)
    assert all(i.check is None for i in size_duty(long, DutyOptions(des="never")).intervals)


def test_the_example_log_is_checked_and_every_checked_hour_meets_the_target():
    sizing = size_duty(parse_contact_log(EXAMPLE.read_text(encoding="utf-8")))
    assert sizing.des_reason is not None
    checks = [i.check for i in sizing.intervals if i.check is not None]
    assert checks and all(check.final.service_level.mean >= 0.8 for check in checks)
    # Handling of 10 to 60 minutes is less variable than exponential: Erlang C
    # asks for more than the target needs in some hours, never fewer.
    verdicts = {check.verdict for check in checks}
    assert "over" in verdicts and "under" not in verdicts
    assert size_duty(parse_contact_log(EXAMPLE.read_text(encoding="utf-8"))) == sizing
