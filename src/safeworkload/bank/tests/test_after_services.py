"""Timesheets, recharge statements and fill rates: the rules and the arithmetic."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.bank.models import CoverRequest, Offer, RateCard, Timesheet
from safeworkload.bank.selectors.reports import (
    RequestOutcome,
    StatementLine,
    fill_rates,
    fill_row,
    recharge_statement,
)
from safeworkload.bank.services.after import (
    TimesheetError,
    timesheet_approve,
    timesheet_query,
    timesheet_submit,
)
from safeworkload.bank.tests.conftest import TODAY, Bank
from safeworkload.bank.tests.test_matching_adapter import accept, make_request


@pytest.fixture
def offer(bank: Bank) -> Offer:
    request = make_request(
        bank,
        kind=CoverRequest.Kind.CASE_HOLDING,
        day=TODAY,
        ends_on=TODAY + timedelta(days=20),
        hours_per_week=Decimal("15"),
        status=CoverRequest.Status.FILLED,
    )
    return accept(bank, request, bank.ready)


def _submit(offer: Offer, week: date = TODAY, hours: str = "15", miles: str = "12.5"):
    return timesheet_submit(
        offer=offer,
        actor=None,
        week_starting=week,
        hours=Decimal(hours),
        miles=Decimal(miles),
        today=TODAY + timedelta(days=30),
    )


def test_a_submitted_week_waits_for_the_team_and_is_audited(offer: Offer):
    timesheet = _submit(offer)
    assert timesheet.status == Timesheet.Status.SUBMITTED
    assert timesheet.organisation == offer.organisation
    assert AuditEntry.objects.filter(action="bank.timesheet.submitted").count() == 1


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (TODAY - timedelta(days=7), "Choose a week the cover runs in"),
        (TODAY + timedelta(days=21), "Choose a week the cover runs in"),
        (TODAY + timedelta(days=1), "Choose a week the cover runs in"),  # not a Monday
    ],
)
def test_only_the_weeks_the_cover_runs_in_can_be_submitted(offer: Offer, week, message):
    with pytest.raises(TimesheetError, match=message):
        _submit(offer, week)


def test_a_week_not_yet_started_cannot_be_submitted(offer: Offer):
    with pytest.raises(TimesheetError, match="once it has started"):
        timesheet_submit(
            offer=offer,
            actor=None,
            week_starting=TODAY + timedelta(days=14),
            hours=Decimal(15),
            miles=Decimal(0),
            today=TODAY + timedelta(days=13),
        )


def test_an_offer_not_accepted_takes_no_timesheet(bank: Bank, offer: Offer):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DECLINED)
    with pytest.raises(TimesheetError, match="offer you accepted"):
        _submit(offer)


def test_a_week_is_submitted_once_unless_the_team_queried_it(offer: Offer):
    timesheet = _submit(offer)
    with pytest.raises(TimesheetError, match="submitted this week already"):
        _submit(offer)
    timesheet_query(timesheet=timesheet, actor=None, reason="Check Tuesday")
    again = _submit(offer, hours="14")
    assert again.pk == timesheet.pk
    assert (again.status, again.hours) == (Timesheet.Status.SUBMITTED, Decimal("14"))


def test_approval_is_audited_and_final(bank: Bank, offer: Offer):
    timesheet = _submit(offer)
    manager = bank.world.users["team_manager"]
    timesheet_approve(timesheet=timesheet, actor=manager)
    timesheet.refresh_from_db()
    assert timesheet.status == Timesheet.Status.APPROVED
    assert timesheet.decided_by == manager
    entry = AuditEntry.objects.get(action="bank.timesheet.approved")
    assert entry.data["hours"] == "15.00"
    with pytest.raises(TimesheetError, match="decided already"):
        timesheet_query(timesheet=timesheet, actor=manager, reason="Too late")


def test_a_query_needs_a_reason(offer: Offer):
    timesheet = _submit(offer)
    with pytest.raises(TimesheetError, match="Enter why"):
        timesheet_query(timesheet=timesheet, actor=None, reason="  ")


# ---------------------------------------------------------------------------
# Statements


@pytest.mark.parametrize(
    ("hours", "rate", "miles", "per_mile", "hours_pence", "mileage_pence", "total"),
    [
        ("15", 3800, "12.5", 45, 57000, 563, 57563),  # 562.5p rounds half up
        ("7.25", 4150, "0", 45, 30088, 0, 30088),  # 30,087.5p rounds half up
        ("0.25", 3801, "1.1", 40, 950, 44, 994),  # 950.25p rounds down
    ],
)
def test_a_statement_line_prices_hours_and_miles_to_the_penny(
    hours, rate, miles, per_mile, hours_pence, mileage_pence, total
):
    line = StatementLine(
        timesheet_id=1,
        worker="A",
        team="T",
        kind="Duty shift",
        week_starting=TODAY,
        hours=Decimal(hours),
        rate_pence_per_hour=rate,
        miles=Decimal(miles),
        mileage_pence_per_mile=per_mile,
    )
    assert (line.hours_pence, line.mileage_pence, line.total_pence) == (
        hours_pence,
        mileage_pence,
        total,
    )


def test_a_month_s_statement_holds_the_approved_weeks_starting_in_it(bank: Bank, offer: Offer):
    RateCard.objects.filter(pk=bank.social_worker_rate.pk).update(mileage_pence_per_mile=40)
    first = _submit(offer, TODAY, hours="15", miles="12.5")
    second = _submit(offer, TODAY + timedelta(days=7), hours="7.5", miles="3")
    _submit(offer, TODAY + timedelta(days=14), hours="20", miles="0")  # not approved
    for timesheet in (first, second):
        timesheet_approve(timesheet=timesheet, actor=None)
    statement = recharge_statement(
        region=bank.world.region, month=TODAY, organisations=[bank.world.a, bank.world.b]
    )
    [a, b] = statement.employers
    assert [line.timesheet_id for line in a.lines] == [first.pk, second.pk]
    # 15 h x £38 = £570.00, 12.5 miles x 40p = £5.00; 7.5 h x £38 = £285.00, 3 x 40p = £1.20.
    assert (a.hours_pence, a.mileage_pence, a.total_pence) == (85500, 620, 86120)
    assert a.hours == Decimal("22.5")
    assert b.lines == ()
    assert statement.total_pence == 86120
    july = recharge_statement(
        region=bank.world.region, month=date(2026, 7, 1), organisations=[bank.world.a]
    )
    assert july.total_pence == 0


# ---------------------------------------------------------------------------
# Fill rates

T0 = timezone.make_aware(datetime(2026, 6, 1, 9, 0))


def _outcome(hours_to_fill: float | None, rate: int | None = None, base: int = 3800):
    return RequestOutcome(
        employer="A",
        team="T",
        role="Social worker",
        priority="Statutory work",
        created_at=T0,
        accepted=hours_to_fill is not None,
        accepted_at=T0 + timedelta(hours=hours_to_fill) if hours_to_fill is not None else None,
        accepted_rate_pence=rate,
        base_rate_pence=base,
    )


@pytest.mark.parametrize(
    ("outcomes", "requests", "filled", "fill", "median_days", "base_share"),
    [
        ([], 0, 0, None, None, None),
        ([_outcome(None)], 1, 0, 0.0, None, None),
        ([_outcome(24, 3800)], 1, 1, 100.0, 1.0, 100.0),
        ([_outcome(12, 3800), _outcome(36, 4000), _outcome(None)], 3, 2, 200 / 3, 1.0, 50.0),
        (
            [_outcome(6, 3700), _outcome(30, 3800), _outcome(48, 3801), _outcome(None)],
            4,
            3,
            75.0,
            1.25,
            200 / 3,
        ),
    ],
)
def test_fill_rate_arithmetic(outcomes, requests, filled, fill, median_days, base_share):
    row = fill_row("All", outcomes)
    assert (row.requests, row.filled) == (requests, filled)
    if fill is None:
        assert row.fill_percent is None
    else:
        assert row.fill_percent == pytest.approx(fill)
    if median_days is None:
        assert row.median_days_to_fill is None
    else:
        assert row.median_days_to_fill == pytest.approx(median_days)
    if base_share is None:
        assert row.base_percent is None
    else:
        assert row.base_percent == pytest.approx(base_share)


def test_fill_rates_count_requests_starting_in_the_period_by_group(bank: Bank):
    filled = make_request(bank, day=TODAY + timedelta(days=2), status=CoverRequest.Status.FILLED)
    offer = accept(bank, filled, bank.ready)
    Offer.objects.filter(pk=offer.pk).update(responded_at=filled.created_at + timedelta(hours=6))
    make_request(bank, day=TODAY + timedelta(days=3), priority=CoverRequest.Priority.OTHER)
    make_request(bank, day=TODAY + timedelta(days=4), status=CoverRequest.Status.CANCELLED)
    make_request(bank, day=TODAY + timedelta(days=40))  # next month
    rates = fill_rates(
        region=bank.world.region,
        organisations=[bank.world.a],
        start=TODAY,
        end=date(2026, 7, 1),
    )
    assert (rates.overall.requests, rates.overall.filled) == (2, 1)
    assert rates.overall.median_hours_to_fill == pytest.approx(6)
    assert rates.overall.filled_at_base == 1
    by_priority = {row.label: (row.requests, row.filled) for row in rates.tables["priority"]}
    assert by_priority == {"Other work": (1, 0), "Statutory work": (1, 1)}
    assert [row.label for row in rates.tables["team"]] == ["Adults long-term (Council A)"]
