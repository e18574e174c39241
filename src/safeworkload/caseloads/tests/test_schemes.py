"""The caseload standard's services and forms: scheme versions and their
weights, band thresholds, the escalation ladder, reductions and case types.

The rules: reference/01 §3 (weights and thresholds versioned with effective
dates), §6 (band profiles; local-agreed thresholds agreed with practitioners)
and §1.1 (council points schemes: 100 points, 15 stable, 90% for the ASYE).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.forms_schemes import (
    CaseTypeForm,
    ReductionEndForm,
    ReductionForm,
    SchemeSettingsForm,
    SchemeVersionForm,
    SchemeWeightsForm,
    weight_field_name,
)
from safeworkload.caseloads.models import CaseType, CaseWeight, EscalationLevel, WeightingScheme
from safeworkload.caseloads.services.schemes import (
    SchemeError,
    case_type_create,
    escalation_rung_add,
    escalation_rung_move,
    escalation_rung_update,
    reduction_add,
    reduction_end,
    scheme_update,
    scheme_version_create,
    scheme_weights_update,
)
from safeworkload.organisations.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def case_types(organisation: Organisation, area: str = "adults") -> list[CaseType]:
    return [
        CaseType.objects.create(
            organisation=organisation, service_area=area, code=code, name=name, reserved=reserved
        )
        for code, name, reserved in (
            ("care-act-assessment", "Care Act assessment", True),
            ("review", "Review", False),
        )
    ]


def scheme(organisation: Organisation, effective_from: date, **fields) -> WeightingScheme:
    values = {
        "name": "Adults workload scheme",
        "fixed_points": Decimal("15"),
        "responsive_uplift_percent": Decimal("10"),
        "green_from_percent": Decimal("90"),
        "amber_from_percent": Decimal("100"),
        "red_from_percent": Decimal("115"),
        **fields,
    }
    return WeightingScheme.objects.create(
        organisation=organisation, service_area="adults", effective_from=effective_from, **values
    )


def weigh(version: WeightingScheme, types: list[CaseType]) -> None:
    for n, case_type in enumerate(types, start=1):
        for tier in (1, 2, 3):
            CaseWeight.objects.create(
                scheme=version, case_type=case_type, tier=tier, points=Decimal(n * 4 + tier)
            )


def entries(organisation: Organisation, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(organisation=organisation, action=action))


# ---------------------------------------------------------------------------
# Versions


def test_a_new_version_copies_every_setting_and_every_weight_of_the_latest(world):
    types = case_types(world.a)
    in_force = scheme(
        world.a, date(2026, 1, 5), nominal_target=120, newly_qualified_ceiling_percent=85
    )
    weigh(in_force, types)
    new = scheme_version_create(
        organisation=world.a,
        actor=world.users["service_lead"],
        service_area="adults",
        effective_from=date(2027, 1, 4),
        name="Adults workload scheme 2027",
        on=TODAY,
    )
    for name in ("mode", "profile", "nominal_target", "default_hours", "fixed_points",
                 "newly_qualified_ceiling_percent", "responsive_uplift_percent",
                 "green_from_percent", "amber_from_percent", "red_from_percent"):  # fmt: skip
        assert getattr(new, name) == getattr(in_force, name), name
    copied = {(w.case_type_id, w.tier): w.points for w in new.weights.all()}
    original = {(w.case_type_id, w.tier): w.points for w in in_force.weights.all()}
    assert copied == original and len(copied) == 6
    assert new.name == "Adults workload scheme 2027"
    assert new.created_by == world.users["service_lead"]
    [entry] = entries(world.a, "scheme.version_created")
    assert entry.data["copied_from"] == in_force.pk and entry.data["weights"] == 6
    assert "changed" in entry.data


def test_a_new_version_copies_the_latest_version_even_when_that_is_not_yet_in_force(world):
    types = case_types(world.a)
    weigh(scheme(world.a, date(2026, 1, 5)), types)
    planned = scheme(world.a, date(2027, 1, 4), nominal_target=110)
    new = scheme_version_create(
        organisation=world.a, actor=None, service_area="adults",
        effective_from=date(2027, 4, 5), name="Adults 2027 (April)", on=TODAY,
    )  # fmt: skip
    assert new.nominal_target == 110
    assert new.weights.count() == planned.weights.count() == 0


@pytest.mark.parametrize(
    ("effective_from", "allowed"),
    [
        (date(2027, 1, 3), False),  # before the latest version
        (date(2027, 1, 4), False),  # the same day as the latest version
        (date(2027, 1, 5), True),
    ],
)
def test_a_new_versions_date_must_be_after_the_latest_versions(world, effective_from, allowed):
    scheme(world.a, date(2027, 1, 4))
    create = lambda: scheme_version_create(  # noqa: E731
        organisation=world.a, actor=None, service_area="adults",
        effective_from=effective_from, name="Next", on=TODAY,
    )  # fmt: skip
    if allowed:
        assert create().effective_from == effective_from
    else:
        with pytest.raises(SchemeError, match="after today and after the latest version"):
            create()


@pytest.mark.parametrize(("days", "allowed"), [(-7, False), (0, False), (1, True)])
def test_the_first_version_must_take_effect_after_today_so_it_can_be_set_up(world, days, allowed):
    effective_from = TODAY + timedelta(days=days)
    if not allowed:
        with pytest.raises(SchemeError):
            scheme_version_create(
                organisation=world.a, actor=None, service_area="adults",
                effective_from=effective_from, name="First", on=TODAY,
            )  # fmt: skip
        return
    first = scheme_version_create(
        organisation=world.a, actor=None, service_area="adults",
        effective_from=effective_from, name="First", on=TODAY,
    )  # fmt: skip
    assert first.nominal_target == 100 and first.profile == "local-agreed"
    assert first.weights.count() == 0


def test_the_version_form_explains_the_date_in_the_users_terms():
    form = SchemeVersionForm(
        {"name": "Next", "effective_from_day": "4", "effective_from_month": "1",
         "effective_from_year": "2027"},
        latest=date(2027, 1, 4), today=TODAY,
    )  # fmt: skip
    assert not form.is_valid()
    assert form.errors["effective_from"] == [
        "The date it takes effect must be after 4 January 2027, "
        "when the latest version takes effect"
    ]
    past = SchemeVersionForm(
        {"name": "Next", "effective_from_day": "23", "effective_from_month": "11",
         "effective_from_year": "2026"},
        latest=None, today=TODAY,
    )  # fmt: skip
    assert past.errors["effective_from"] == ["The date it takes effect must be in the future"]


def settings(**overrides) -> dict[str, object]:
    return {
        "name": "Adults workload scheme",
        "mode": "points",
        "profile": "local-agreed",
        "nominal_target": 100,
        "default_hours": Decimal("37"),
        "fixed_points": Decimal("15"),
        "newly_qualified_ceiling_percent": 90,
        "responsive_uplift_percent": Decimal("0"),
        "green_from_percent": Decimal("95"),
        "amber_from_percent": Decimal("100"),
        "red_from_percent": Decimal("110"),
        **overrides,
    }


@pytest.mark.parametrize("days_ago", [0, 30])
def test_a_version_in_force_cannot_be_changed(world, days_ago):
    types = case_types(world.a)
    version = scheme(world.a, TODAY - timedelta(days=days_ago))
    weigh(version, types)
    with pytest.raises(SchemeError, match="cannot be changed"):
        scheme_update(scheme=version, actor=None, on=TODAY, **settings(nominal_target=80))
    with pytest.raises(SchemeError, match="cannot be changed"):
        scheme_weights_update(
            scheme=version, actor=None, on=TODAY, points={(types[0].pk, 1): Decimal("99")}
        )
    version.refresh_from_db()
    assert version.nominal_target == 100
    assert version.weights.get(case_type=types[0], tier=1).points == Decimal("5")
    assert not AuditEntry.objects.filter(action__startswith="scheme.").exists()


def test_a_future_versions_settings_change_and_the_audit_names_only_the_fields_changed(world):
    version = scheme(world.a, TODAY + timedelta(days=7))
    changed = scheme_update(
        scheme=version, actor=None, on=TODAY,
        **settings(fixed_points=Decimal("15"), nominal_target=120, green_from_percent=Decimal("90"),
                   amber_from_percent=Decimal("100"), red_from_percent=Decimal("115"),
                   responsive_uplift_percent=Decimal("10")),
    )  # fmt: skip
    assert changed == ["nominal_target"]
    [entry] = entries(world.a, "scheme.updated")
    assert entry.data == {"changed": ["nominal_target"]}
    assert scheme_update(scheme=version, actor=None, on=TODAY, **settings(
        nominal_target=120, green_from_percent=Decimal("90"), red_from_percent=Decimal("115"),
        responsive_uplift_percent=Decimal("10"))) == []  # fmt: skip
    assert len(entries(world.a, "scheme.updated")) == 1


def test_the_uplift_cannot_be_over_30_percent_even_past_the_form(world):
    version = scheme(world.a, TODAY + timedelta(days=7))
    with pytest.raises(Exception, match="30"):
        scheme_update(
            scheme=version, actor=None, on=TODAY,
            **settings(responsive_uplift_percent=Decimal("30.5")),
        )  # fmt: skip


def form_data(**overrides: str) -> dict[str, str]:
    data = {k: str(v) for k, v in settings().items()}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("green", "amber", "red", "errors"),
    [
        ("95", "100", "110", {}),
        ("90", "100", "115.5", {}),
        ("100", "100", "110", {"amber_from_percent": "Amber must begin above green (100%)"}),
        ("95", "110", "110", {"red_from_percent": "Red must begin above amber (110%)"}),
        ("105", "100", "110", {"amber_from_percent": "Amber must begin above green (105%)"}),
        ("95", "120", "110", {"red_from_percent": "Red must begin above amber (120%)"}),
        ("", "100", "110", {"green_from_percent": "Enter the percentage where green begins"}),
        ("95", "100", "", {"red_from_percent": "Enter the percentage where red begins"}),
        ("95", "lots", "110",
         {"amber_from_percent": "The percentage where amber begins must be a number"}),
        ("95", "100", "110.25",
         {"red_from_percent": "The percentage where red begins can have 1 decimal place at most"}),
        ("0", "100", "110",
         {"green_from_percent": "The percentage where green begins must be 1 or more"}),
    ],
)  # fmt: skip
def test_local_agreed_thresholds_must_be_given_and_rise_from_green_to_amber_to_red(
    green, amber, red, errors
):
    form = SchemeSettingsForm(
        form_data(green_from_percent=green, amber_from_percent=amber, red_from_percent=red)
    )
    assert form.is_valid() == (not errors)
    assert {name: messages[0] for name, messages in form.errors.items()} == errors


def test_a_published_profile_takes_no_thresholds_whatever_was_typed():
    form = SchemeSettingsForm(
        form_data(profile="probation-2010", green_from_percent="lots", red_from_percent="")
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["green_from_percent"] is None
    assert form.cleaned_data["red_from_percent"] is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("responsive_uplift_percent", "31", "The responsive work uplift must be 30 or less"),
        ("fixed_points", "100", "Fixed points must be less than the nominal target"),
        ("newly_qualified_ceiling_percent", "90.5",
         "The newly qualified ceiling must be a whole number, like 90"),
        ("profile", "made-up",
         "Select a valid choice. made-up is not one of the available choices."),
    ],
)  # fmt: skip
def test_the_settings_form_explains_each_setting_out_of_range(field, value, message):
    form = SchemeSettingsForm(form_data(**{field: value}))
    assert form.errors[field] == [message]


# ---------------------------------------------------------------------------
# Weights


def weights_data(types: list[CaseType], **cells: str) -> dict[str, str]:
    data = {weight_field_name(t.pk, tier): "5" for t in types for tier in (1, 2, 3)}
    data.update(cells)
    return data


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the points for Care Act assessment, tier 2"),
        ("six", "The points for Care Act assessment, tier 2 must be a number, like 6 or 7.5"),
        ("-1", "The points for Care Act assessment, tier 2 must be 0 or more"),
        ("6.125", "The points for Care Act assessment, tier 2 can have 2 decimal places at most"),
        ("100000", "The points for Care Act assessment, tier 2 must be 99,999.99 or less"),
    ],
)
def test_each_weight_error_names_its_cell(world, value, message):
    types = case_types(world.a)
    cell = weight_field_name(types[0].pk, 2)
    form = SchemeWeightsForm(weights_data(types, **{cell: value}), case_types=types)
    assert not form.is_valid()
    assert form.errors == {cell: [message]}


def test_saving_weights_sets_missing_cells_and_records_only_the_cells_that_changed(world):
    types = case_types(world.a)
    version = scheme(world.a, TODAY + timedelta(days=7))
    CaseWeight.objects.create(scheme=version, case_type=types[0], tier=1, points=Decimal("5"))
    form = SchemeWeightsForm(
        weights_data(types, **{weight_field_name(types[0].pk, 3): "7.5"}), case_types=types
    )
    assert form.is_valid(), form.errors
    changed = scheme_weights_update(scheme=version, actor=None, points=form.points(), on=TODAY)
    assert "care-act-assessment tier 1" not in changed
    assert "care-act-assessment tier 3" in changed and len(changed) == 5
    assert version.weights.count() == 6
    assert version.weights.get(case_type=types[0], tier=3).points == Decimal("7.5")
    [entry] = entries(world.a, "scheme.weights_updated")
    assert entry.data == {"changed": changed}


def test_weights_cannot_name_a_case_type_of_another_area_or_organisation(world):
    version = scheme(world.a, TODAY + timedelta(days=7))
    [theirs, _] = case_types(world.b)
    with pytest.raises(SchemeError):
        scheme_weights_update(
            scheme=version, actor=None, points={(theirs.pk, 1): Decimal("5")}, on=TODAY
        )


# ---------------------------------------------------------------------------
# The escalation ladder


def ranks(organisation: Organisation) -> list[tuple[int, str]]:
    return list(
        EscalationLevel.objects.filter(organisation=organisation)
        .order_by("rank")
        .values_list("rank", "title")
    )


@pytest.fixture
def gapped_ladder(world):
    """Ranks 1, 3 and 7: the move renumbers them 1, 2, 3."""
    for rank, title in ((1, "Team manager"), (3, "Service lead"), (7, "Director")):
        EscalationLevel.objects.create(organisation=world.a, rank=rank, title=title)
    # B's ladder shares the ranks; a move in A must not touch it.
    EscalationLevel.objects.create(organisation=world.b, rank=1, title="B manager")
    return world


@pytest.mark.parametrize(
    ("title", "direction", "after"),
    [
        ("Service lead", "up", ["Service lead", "Team manager", "Director"]),
        ("Service lead", "down", ["Team manager", "Director", "Service lead"]),
        ("Team manager", "down", ["Service lead", "Team manager", "Director"]),
        ("Director", "up", ["Team manager", "Director", "Service lead"]),
    ],
)
def test_moving_a_rung_keeps_the_ranks_unique_and_contiguous(
    gapped_ladder, title, direction, after
):
    world = gapped_ladder
    level = EscalationLevel.objects.get(organisation=world.a, title=title)
    assert escalation_rung_move(level=level, actor=None, direction=direction)
    assert ranks(world.a) == list(enumerate(after, start=1))
    assert level.rank == after.index(title) + 1
    assert ranks(world.b) == [(1, "B manager")]
    [entry] = entries(world.a, "escalation.rung_moved")
    assert entry.data["changed"] == ["rank"]


@pytest.mark.parametrize(("title", "direction"), [("Team manager", "up"), ("Director", "down")])
def test_a_rung_at_the_end_of_the_ladder_does_not_move_further(gapped_ladder, title, direction):
    world = gapped_ladder
    level = EscalationLevel.objects.get(organisation=world.a, title=title)
    assert not escalation_rung_move(level=level, actor=None, direction=direction)
    assert ranks(world.a) == [(1, "Team manager"), (3, "Service lead"), (7, "Director")]
    assert not entries(world.a, "escalation.rung_moved")


def test_a_new_rung_goes_to_the_top_of_the_ladder(gapped_ladder):
    world = gapped_ladder
    level = escalation_rung_add(
        organisation=world.a, actor=None, title="Elected member", days_to_act=20
    )
    assert level.rank == 8
    [entry] = entries(world.a, "escalation.rung_added")
    assert "title" in entry.data["changed"]
    assert escalation_rung_update(level=level, actor=None, title="Lead member", days_to_act=20) == [
        "title"
    ]


# ---------------------------------------------------------------------------
# Reductions


@pytest.mark.parametrize(
    ("starts", "expires", "allowed"),
    [
        (date(2026, 12, 1), date(2027, 3, 31), True),
        (date(2026, 12, 1), date(2026, 12, 2), True),
        (date(2026, 12, 1), date(2026, 12, 1), False),
        (date(2026, 12, 1), date(2026, 11, 30), False),
    ],
)
def test_a_reduction_must_expire_after_it_starts(world, starts, expires, allowed):
    person = world.practitioner_person
    data = {
        "kind": "training", "hours_per_week": "3.7", "reason": "Practice educator course",
        "starts_on_day": str(starts.day), "starts_on_month": str(starts.month),
        "starts_on_year": str(starts.year), "expires_on_day": str(expires.day),
        "expires_on_month": str(expires.month), "expires_on_year": str(expires.year),
    }  # fmt: skip
    form = ReductionForm(data, person=person)
    assert form.is_valid() == allowed
    fields = {
        "kind": "training", "hours_per_week": Decimal("3.7"), "reason": "Course",
        "starts_on": starts, "expires_on": expires,
    }  # fmt: skip
    if allowed:
        reduction = reduction_add(person=person, actor=None, **fields)
        [entry] = entries(world.a, "reduction.added")
        assert entry.object_id == str(reduction.pk)
        assert "hours_per_week" in entry.data["changed"]
    else:
        assert form.errors["expires_on"] == ["The date it expires must be after the date it starts"]
        with pytest.raises(SchemeError):
            reduction_add(person=person, actor=None, **fields)


def test_a_reduction_cannot_take_more_hours_than_the_worker_is_contracted_for(world):
    person = world.practitioner_person  # 37 hours
    form = ReductionForm({"hours_per_week": "40"}, person=person)
    assert form.errors["hours_per_week"] == [
        "Hours a week must be no more than their contracted hours (37)"
    ]


@pytest.fixture
def reduction(world):
    return reduction_add(
        person=world.practitioner_person, actor=None, kind="union_duties",
        hours_per_week=Decimal("7.4"), reason="Union branch duties",
        starts_on=date(2026, 9, 1), expires_on=date(2027, 8, 31),
    )  # fmt: skip


TOO_LATE = "The last day it applies must be before 31 August 2027, when it expires now"


@pytest.mark.parametrize(
    ("last_day", "message"),
    [
        (date(2026, 11, 22), "The last day it applies must be today or later"),
        (date(2027, 8, 31), TOO_LATE),
        (date(2027, 9, 30), TOO_LATE),
    ],
)  # fmt: skip
def test_ending_a_reduction_early_cannot_rewrite_the_past_or_lengthen_it(
    world, reduction, last_day, message
):
    form = ReductionEndForm(
        {"last_day_day": str(last_day.day), "last_day_month": str(last_day.month),
         "last_day_year": str(last_day.year)},
        reduction=reduction, today=TODAY,
    )  # fmt: skip
    assert form.errors["last_day"] == [message]
    with pytest.raises(SchemeError):
        reduction_end(reduction=reduction, actor=None, last_day=last_day, on=TODAY)


def test_ending_a_reduction_early_sets_its_last_day_and_records_it(world, reduction):
    assert reduction_end(reduction=reduction, actor=None, last_day=TODAY, on=TODAY) == [
        "expires_on"
    ]
    reduction.refresh_from_db()
    assert reduction.expires_on == TODAY
    [entry] = entries(world.a, "reduction.ended")
    assert entry.data == {"changed": ["expires_on"]}


# ---------------------------------------------------------------------------
# Case types


def test_a_case_types_code_is_unique_within_its_service_area(world):
    case_types(world.a)
    data = {"service_area": "adults", "name": "Another", "code": "review", "reserved": "no"}
    form = CaseTypeForm(data, organisation=world.a)
    assert form.errors["code"] == ["Another case type in this service area has this code"]
    assert CaseTypeForm({**data, "service_area": "children"}, organisation=world.a).is_valid()
    assert CaseTypeForm(data, organisation=world.b).is_valid()


def test_adding_a_case_type_records_it(world):
    case_type = case_type_create(
        organisation=world.a, actor=world.users["org_admin"], service_area="children",
        name="Section 47 enquiry", code="s47-enquiry", reserved=True,
    )  # fmt: skip
    [entry] = entries(world.a, "case_type.created")
    assert entry.object_id == str(case_type.pk)
    assert entry.data == {"changed": ["code", "name", "organisation", "reserved", "service_area"]}
    assert entry.actor == world.users["org_admin"]
