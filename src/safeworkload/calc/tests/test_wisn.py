"""WISN: the worked examples of reference/02 §1.2 and §6 (WISN-AWT-1, WISN-CAF-1,
WISN-CAF-2, WISN-RATIO-1..8, WISN-AWT-2, WISN-SW-1, E4, E5), unit conversion,
headroom conventions and roles kept apart."""

import math

import pytest

from safeworkload.calc.wisn import (
    Activity,
    AdditionalActivity,
    Headroom,
    SupportActivity,
    WisnInputs,
    activity,
    available_working_hours,
    awt_from_shares,
    pressure,
    support_split,
    wisn,
    wisn_by_role,
    wisn_difference,
    wisn_ratio,
)

# E1: Kenya HIV clinic, clinicians (Burmen, Owuor & Mitei 2017, Table 3).
# 100,000 consultations of 15 minutes; 4.5 consulting days a week x 52 = 234;
# 10 public holidays, 30 days' annual leave, 15 days' sick leave; 8-hour days;
# training 10 days a year (80 h) as a support activity.
KENYA_CONSULTATIONS = Activity(annual_count=100_000, hours_per_unit=0.25, name="consultation")
KENYA_TRAINING = SupportActivity(hours=80, per="year", name="training")
KENYA = WisnInputs(
    working_days=234,
    public_holidays=10,
    annual_leave=30,
    sick_leave=15,
    other_leave=0,
    hours_per_day=8,
    hours_per_week=40,
    activities=[KENYA_CONSULTATIONS],
    support=[KENYA_TRAINING],
    existing_staff=12,
)
# The variant: the half-day team meeting is 4 of 40 hours a week of support
# instead of being cut from the days.
KENYA_VARIANT = WisnInputs(
    working_days=260,
    public_holidays=10,
    annual_leave=30,
    sick_leave=15,
    other_leave=0,
    hours_per_day=8,
    hours_per_week=40,
    activities=[KENYA_CONSULTATIONS],
    support=[KENYA_TRAINING, SupportActivity(hours=4, per="week", name="team meeting")],
)

# E6: a children's assessment team [constructed].
ASSESSMENT_TEAM = WisnInputs(
    working_days=260,
    public_holidays=8,
    annual_leave=27,
    sick_leave=10,
    other_leave=5,
    hours_per_day=7.4,
    hours_per_week=37,
    activities=[
        Activity(annual_count=1200, hours_per_unit=12, name="child and family assessment"),
        Activity(annual_count=400, hours_per_unit=10, name="section 47 enquiry"),
    ],
    support=[
        SupportActivity(hours=1.5, per="week", name="team meeting"),
        SupportActivity(hours=0.75, per="week", name="supervision"),
        SupportActivity(hours=1, per="week", name="CPD"),
    ],
    additional=[AdditionalActivity(hours_per_year=3 * 42, persons=1, name="practice educator")],
    existing_staff=11,
)


def test_wisn_awt_1_the_kenya_clinicians_have_179_days_and_need_17_46_before_allowances():
    result = wisn(KENYA)
    assert result.awt_hours / 8 == 179
    assert result.s_direct == pytest.approx(17.46, abs=0.01)


@pytest.mark.parametrize(
    ("inputs", "cas_percent", "caf", "required"),
    [
        pytest.param(KENYA, 5.587, 1.0592, 18.49, id="WISN-CAF-1"),
        pytest.param(KENYA_VARIANT, 14.878, 1.1748, 17.91, id="WISN-CAF-2"),
    ],
)
def test_the_kenya_allowance_factor_and_required_staff_match_the_derived_values(
    inputs, cas_percent, caf, required
):
    result = wisn(inputs)
    assert result.cas_percent == pytest.approx(cas_percent, abs=1e-3)
    assert result.caf == pytest.approx(caf, abs=1e-3)
    assert result.required == pytest.approx(required, abs=1e-2)


def test_cutting_the_meeting_from_the_days_or_counting_it_as_support_moves_the_answer_3_percent():
    cut, counted = wisn(KENYA).required, wisn(KENYA_VARIANT).required
    assert (cut - counted) / cut == pytest.approx(0.031, abs=0.001)


@pytest.mark.parametrize(
    ("field", "expected", "tolerance"),
    [
        pytest.param("awt_hours", 1554, 1e-9, id="AWT"),
        pytest.param("s_direct", 11.840, 1e-3, id="S_direct"),
        pytest.param("cas_percent", 8.78, 1e-2, id="CAS"),
        pytest.param("caf", 1.0963, 1e-4, id="CAF"),
        pytest.param("iaf", 0.0811, 1e-4, id="IAF"),
        pytest.param("required", 13.06, 1e-2, id="R"),
        pytest.param("difference", -2.06, 1e-2, id="difference"),
        pytest.param("ratio", 0.84, 1e-2, id="ratio"),
    ],
)
def test_wisn_sw_1_the_assessment_team_needs_13_06_staff(field, expected, tolerance):
    assert getattr(wisn(ASSESSMENT_TEAM), field) == pytest.approx(expected, abs=tolerance)


def test_the_standard_workload_of_each_assessment_team_activity_is_awt_over_its_hours():
    awt = available_working_hours(ASSESSMENT_TEAM)
    assert awt / 12 == pytest.approx(129.5)
    assert awt / 10 == pytest.approx(155.4)


@pytest.mark.parametrize(
    ("existing", "required", "difference", "ratio", "label"),
    [
        pytest.param(4, 8.14, -4.14, 0.49, "Very high", id="WISN-RATIO-1 Shailkupa physician"),
        pytest.param(3, 10.71, -7.71, 0.28, "Extremely high", id="WISN-RATIO-2 Kotchandpur phys."),
        pytest.param(4, 12.28, -8.28, 0.33, "Very high", id="WISN-RATIO-3 Kulaura physician"),
        pytest.param(7, 11.23, -4.23, 0.62, "High", id="WISN-RATIO-4 Sreemangal physician"),
        pytest.param(14, 16.08, -2.08, 0.87, "Moderately high", id="WISN-RATIO-5 Shailkupa nurse"),
        pytest.param(15, 22.80, -7.80, 0.66, "High", id="WISN-RATIO-6 Kotchandpur nurse"),
        pytest.param(10, 16.08, -6.08, 0.62, "High", id="WISN-RATIO-7 Kulaura nurse"),
        pytest.param(12, 20.46, -8.46, 0.59, "High", id="WISN-RATIO-8 Sreemangal nurse"),
    ],
)
def test_the_bangladesh_differences_ratios_and_pressure_labels_reproduce(
    existing, required, difference, ratio, label
):
    assert wisn_difference(existing, required) == pytest.approx(difference, abs=0.01)
    assert round(wisn_ratio(existing, required), 2) == ratio
    assert pressure(wisn_ratio(existing, required)) == label


@pytest.mark.parametrize(
    ("ratio", "label"),
    [
        (0.2949, "Extremely high"),
        # 0.295 is shown as 0.30, so it is banded as 0.30.
        (0.295, "Very high"),
        (0.3, "Very high"),
        (0.499, "High"),  # shown as 0.50
        (0.7, "Moderately high"),
        (0.9, "Low"),
        (0.999, "None"),  # shown as 1.00: balanced
        (1.0, "None"),
        (1.8, "None"),
    ],
)
def test_pressure_is_banded_on_the_ratio_shown_to_two_places(ratio, label):
    assert pressure(ratio) == label


def test_pressure_bands_can_be_set_by_the_council():
    assert pressure(0.85, bands=((0.8, "Shortage"), (1.0, "Tight"))) == "Tight"


@pytest.mark.parametrize(
    ("existing", "ratio"),
    [(3, math.inf), (0, 1.0)],
)
def test_with_nothing_required_the_ratio_is_infinite_with_staff_and_balanced_without(
    existing, ratio
):
    assert wisn_ratio(existing, 0) == ratio


def test_wisn_awt_2_deductions_of_18_7_percent_leave_1521_9_of_1872_hours():
    hours = awt_from_shares(contract_hours=1872, deductions=[0.09, 0.002, 0.035, 0.02, 0.04])
    assert hours == pytest.approx(1521.9, abs=0.1)


def test_e5_the_open_source_tools_default_awt_is_1696_hours():
    inputs = WisnInputs(
        working_days=260,
        public_holidays=13,
        annual_leave=18,
        sick_leave=12,
        other_leave=5,
        hours_per_day=8,
        hours_per_week=40,
        activities=[],
    )
    assert available_working_hours(inputs) == 1696


# E4: the Philippines midwives' mixed-unit standards, with a 40-hour week,
# 8-hour day; support (CAS) and additional (IAS) activities.
MIDWIFE_SUPPORT = [
    SupportActivity(hours=30 / 60, per="day", name="health education"),
    SupportActivity(hours=8, per="month", name="home visits"),
    SupportActivity(hours=2, per="month", name="staff meetings"),
    SupportActivity(hours=48, per="year", name="CPD"),
    SupportActivity(hours=40 / 60, per="day", name="housekeeping"),
    SupportActivity(hours=12, per="week", name="mentoring students"),
]


def test_e4_midwife_support_splits_into_a_share_of_the_day_and_week_and_hours_a_year():
    share, annual_hours = support_split(MIDWIFE_SUPPORT, hours_per_day=8, hours_per_week=40)
    # 0.5/8 + (2/3)/8 + 12/40 = 0.0625 + 0.0833 + 0.3
    assert share == pytest.approx(0.445833, abs=1e-6)
    # (8 + 2) x 12 + 48
    assert annual_hours == pytest.approx(168)


@pytest.mark.parametrize(
    ("support", "awt", "cas_percent"),
    [
        pytest.param(SupportActivity(hours=0.5, per="day"), 1696, 6.25, id="30 min a day"),
        pytest.param(SupportActivity(hours=12, per="week"), 1696, 30.0, id="12 h a week"),
        pytest.param(
            SupportActivity(hours=8, per="month"), 1696, 96 / 1696 * 100, id="8 h a month"
        ),
        pytest.param(
            SupportActivity(hours=48, per="year"), 1696, 48 / 1696 * 100, id="48 h a year"
        ),
    ],
)
def test_each_support_unit_becomes_the_share_of_working_time_the_manual_gives(
    support, awt, cas_percent
):
    inputs = WisnInputs(
        working_days=260,
        public_holidays=13,
        annual_leave=18,
        sick_leave=12,
        other_leave=5,
        hours_per_day=8,
        hours_per_week=40,
        activities=[],
        support=[support],
    )
    assert wisn(inputs).awt_hours == awt
    assert wisn(inputs).cas_percent == pytest.approx(cas_percent)


def test_e4_midwife_additional_activities_are_hours_a_year_times_the_people_doing_them():
    inputs = WisnInputs(
        working_days=260,
        public_holidays=13,
        annual_leave=18,
        sick_leave=12,
        other_leave=5,
        hours_per_day=8,
        hours_per_week=40,
        activities=[],
        additional=[
            # 1 h a day of supervising health workers over 212 working days, by 2 midwives.
            AdditionalActivity(hours_per_year=212, persons=2),
            AdditionalActivity(hours_per_year=12, persons=1),  # management meetings, 1 h a month
            AdditionalActivity(hours_per_year=8, persons=3),  # mass circumcision
        ],
    )
    assert wisn(inputs).iaf == pytest.approx((424 + 12 + 24) / 1696)


@pytest.mark.parametrize(
    ("per", "count", "hours", "annual_count"),
    [
        ("case", 400, 10, 400),  # 400 enquiries a year, 10 h each
        ("week", 30, 1.5, 30 * 52),  # 30 open cases, 1.5 h a week each
        ("month", 30, 3, 30 * 12),
        ("year", 30, 6, 30),
    ],
)
def test_an_activity_standard_in_any_unit_becomes_a_count_a_year(per, count, hours, annual_count):
    made = activity(count=count, hours=hours, per=per)
    assert made.annual_count == annual_count
    assert made.hours_per_unit == hours


def test_a_standard_per_day_uses_the_days_the_service_runs():
    assert activity(count=5, hours=0.5, per="day", days_per_year=252).annual_count == 5 * 252
    with pytest.raises(ValueError, match="days a year the service runs"):
        activity(count=5, hours=0.5, per="day")


def test_a_standard_in_minutes_per_client_gives_the_same_staff_as_the_hours():
    antenatal = activity(count=2000, hours=39 / 60)
    assert antenatal.annual_count * antenatal.hours_per_unit == pytest.approx(1300)


@pytest.mark.parametrize(
    ("headroom", "factor"),
    [
        (Headroom(share=0.22, convention="added"), 1.22),
        (Headroom(share=0.22, convention="lost"), 1.2821),
        (Headroom(share=0.225, convention="added"), 1.225),
        (Headroom(share=0.225, convention="lost"), 1.2903),
        (Headroom(share=0, convention="lost"), 1.0),
    ],
)
def test_adding_22_percent_is_not_the_same_as_losing_22_percent(headroom, factor):
    assert headroom.factor == pytest.approx(factor, abs=1e-4)


def test_headroom_multiplies_the_required_staff_of_a_role_planned_without_leave():
    no_leave = WisnInputs(
        working_days=260,
        public_holidays=8,
        annual_leave=0,
        sick_leave=0,
        other_leave=0,
        hours_per_day=7.4,
        hours_per_week=37,
        activities=ASSESSMENT_TEAM.activities,
        existing_staff=11,
    )
    plain = wisn(no_leave).required
    added = wisn(no_leave, headroom=Headroom(share=0.22, convention="added"))
    lost = wisn(no_leave, headroom=Headroom(share=0.22, convention="lost"))
    assert added.required == pytest.approx(plain * 1.22)
    assert lost.required == pytest.approx(plain / 0.78)
    assert lost.ratio == pytest.approx(11 / lost.required)


def test_headroom_cannot_be_added_on_top_of_leave_already_taken_out():
    with pytest.raises(ValueError, match="already covers leave"):
        wisn(ASSESSMENT_TEAM, headroom=Headroom(share=0.22, convention="added"))


@pytest.mark.parametrize("share", [-0.01, 1.0])
def test_a_headroom_share_must_be_from_0_to_below_1(share):
    with pytest.raises(ValueError, match="headroom share"):
        Headroom(share=share, convention="lost")


def test_each_role_is_computed_from_its_own_inputs_only():
    administrators = WisnInputs(
        working_days=260,
        public_holidays=8,
        annual_leave=27,
        sick_leave=10,
        other_leave=5,
        hours_per_day=7.4,
        hours_per_week=37,
        activities=[Activity(annual_count=1600, hours_per_unit=1)],
    )
    results = wisn_by_role({"social worker": ASSESSMENT_TEAM, "administrator": administrators})
    # The social workers' allowances do not leak into the administrators' answer.
    assert results["administrator"].cas_percent == 0
    assert results["administrator"].iaf == 0
    assert results["administrator"].required == pytest.approx(1600 / 1554)
    assert results["social worker"] == wisn(ASSESSMENT_TEAM)


def test_headroom_for_a_role_that_is_not_modelled_is_refused():
    with pytest.raises(ValueError, match="unknown roles: manager"):
        wisn_by_role(
            {"social worker": ASSESSMENT_TEAM},
            headroom={"manager": Headroom(share=0.2, convention="added")},
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sick_leave": 300}, "No working time is left"),
        ({"annual_leave": -1}, "cannot be negative"),
        ({"hours_per_day": 0}, "must be above 0"),
        ({"support": [SupportActivity(hours=37, per="week")]}, "all of the working time"),
        ({"activities": [Activity(annual_count=-1, hours_per_unit=1)]}, "cannot be negative"),
    ],
)
def test_impossible_inputs_are_refused_with_a_reason(change, message):
    fields = {**ASSESSMENT_TEAM.__dict__, **change}
    with pytest.raises(ValueError, match=message):
        wisn(WisnInputs(**fields))
