"""The model file: both examples load and run end to end through WISN, the
Monte Carlo and the skill mix, and a wrong field is named with what it
should be."""

from pathlib import Path

import pytest

from safeworkload.calc.montecarlo import simulate_staffing
from safeworkload.calc.wisn import wisn
from safeworkload.staffing import modelfile
from safeworkload.staffing.modelfile import ModelFileError, load_model

EXAMPLES = Path(modelfile.__file__).parent / "examples"
ADULTS = (EXAMPLES / "adults.toml").read_text()
CHILDRENS = (EXAMPLES / "childrens.toml").read_text()
REPLICATIONS = 4_000  # enough for stable quantiles; the files ask for 10,000


@pytest.fixture(scope="module", params=["adults", "childrens"])
def spec(request):
    return load_model((EXAMPLES / f"{request.param}.toml").read_text())


def test_the_adults_example_loads_with_every_part_the_models_need():
    spec = load_model(ADULTS)
    assert spec.service == "adults"
    assert spec.confidence == 0.8
    assert set(spec.roles) == {
        "social_worker",
        "senior_practitioner",
        "newly_qualified",
        "occupational_therapist",
        "assistant",
        "administrator",
        "team_manager",
    }
    assert spec.population == {"18-64": 60000, "65-84": 15000, "85+": 2500}
    assert spec.activities["s42_enquiry"].reserved
    assert spec.working_time.sick_days == modelfile.Spread(10, 3)
    assert spec.costs.budget == 1_500_000
    assert spec.duty is not None


def test_the_childrens_example_loads_with_no_budget():
    spec = load_model(CHILDRENS)
    assert spec.service == "childrens"
    assert spec.costs.budget is None
    assert spec.roles["newly_qualified"].protected_share == 0.10


def test_demand_comes_from_population_and_need_rates_and_littles_law():
    spec = load_model(ADULTS)
    # 60,000 x 40 + 15,000 x 300 + 2,500 x 1,200, per 10,000.
    assert modelfile.openings(spec)["assessment"] == pytest.approx(990)
    # 350 opened a year, open 104 weeks (2 years): 700 open.
    assert modelfile.mean_open_cases(spec)["long_term"] == pytest.approx(700)
    counts = modelfile.activity_counts(spec)
    assert counts["review"] == pytest.approx(700)  # one a year for each open case
    assert counts["case_admin"] == pytest.approx(40 * 52)  # 40 a week


def test_wisn_uses_the_pert_mean_of_each_time_standard():
    spec = load_model(ADULTS)
    inputs = modelfile.wisn_inputs(spec)
    assessment = next(item for item in inputs.activities if item.name == "needs_assessment")
    assert assessment.hours_per_unit == pytest.approx((4 + 4 * 6 + 10) / 6)
    # 260 - 8 - 27 - 10 - 5 = 210 days of 7.4 hours.
    assert wisn(inputs).awt_hours == pytest.approx(1554)


def test_each_example_runs_through_wisn_the_monte_carlo_and_the_skill_mix(spec):
    deterministic = wisn(modelfile.wisn_inputs(spec))
    simulation = simulate_staffing(
        modelfile.staffing_model(spec), replications=REPLICATIONS, seed=spec.seed
    )
    assert simulation.p50 < simulation.p80 < simulation.p90
    # The single WISN answer sits near the middle of the distribution.
    assert simulation.p50 == pytest.approx(deterministic.required, rel=0.05)
    assert 0 <= simulation.probability_enough <= 1

    result = modelfile.run_skill_mix(spec, replications=REPLICATIONS)
    assert result.feasible, result.message
    problem = modelfile.skill_mix_problem(
        spec,
        demand_hours=dict.fromkeys(spec.activities, 0.0),
        open_cases=dict.fromkeys(spec.case_types, 0.0),
    )
    reserved = {item.key for item in problem.activities if item.reserved}
    registered = {key for key, role in spec.roles.items() if role.registered}
    for activity_key, by_role in result.hours.items():
        if activity_key in reserved:
            assert {role for role, hours in by_role.items() if hours > 0} <= registered
    # The establishment at the confidence level holds more FTE than WISN's mean answer.
    practitioners = sum(fte for key, fte in result.fte.items() if spec.roles[key].kind != "manager")
    assert practitioners > deterministic.required
    assert result.cost <= (spec.costs.budget or float("inf"))


def test_the_adults_skill_mix_values_one_more_administrator_in_social_work_hours():
    spec = load_model(ADULTS)
    result = modelfile.run_skill_mix(spec, replications=REPLICATIONS)
    assert result.administrator_value["administrator"] > 0


def test_a_budget_too_small_for_the_adults_team_names_the_budget():
    small = ADULTS.replace("budget = 1500000", "budget = 300000")
    result = modelfile.run_skill_mix(load_model(small), replications=REPLICATIONS)
    assert not result.feasible
    assert result.binding == ("budget",)
    assert result.minimum_cost is not None and result.minimum_cost > 300_000


def test_the_adults_duty_rota_is_erl_sw_1():
    rota = modelfile.duty_rota(load_model(ADULTS))
    assert rota is not None
    assert rota.agents == 6
    assert rota.service_level == pytest.approx(0.863, abs=1e-3)
    assert rota.rostered == 9  # ceil(6 / 0.7)


def test_role_costs_add_ni_pension_and_levy_to_the_salary():
    costs = modelfile.role_costs(load_model(ADULTS))
    # 40,000 + 15% of 35,000 + 19% of 40,000 + 0.5% of 40,000.
    assert costs["social_worker"] == pytest.approx(40_000 + 5_250 + 7_600 + 200)


def problems_of(text):
    with pytest.raises(ModelFileError) as raised:
        load_model(text)
    return [str(problem) for problem in raised.value.problems]


SOCIAL_WORKER_ROLE = 'title = "Social worker"\nkind = "practitioner"'
S42_ELIGIBLE = 'eligible = ["social_worker", "senior_practitioner"]\n# Reserved'


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        pytest.param(
            "hours_per_week = 37",
            'hours_per_week = "thirty"',
            'working_time.hours_per_week: expected a number between 1 and 48, got "thirty"',
            id="text for a number",
        ),
        pytest.param(
            "hours_per_week = 37",
            "hours_per_week = 49",
            "working_time.hours_per_week: expected a number between 1 and 48, got 49",
            id="a week over 48 hours",
        ),
        pytest.param(
            "confidence = 0.8",
            "confidence = 1",
            "model.confidence: expected a number between 0.5 and 0.99, got 1",
            id="a confidence of 1",
        ),
        pytest.param(
            "confidence = 0.8",
            "confidence = 0.49",
            "model.confidence: expected a number between 0.5 and 0.99, got 0.49",
            id="a confidence below one half",
        ),
        pytest.param(
            'service = "adults"',
            'service = "elderly"',
            'model.service: expected one of "adults", "childrens", got "elderly"',
            id="an unknown service",
        ),
        pytest.param(
            "replications = 10000",
            "replications = 99.5",
            "model.replications: expected a whole number between 100 and 1,000,000, got 99.5",
            id="a fractional replication count",
        ),
        pytest.param(
            "salary = 40000\nin_post = 6",
            "salary = -1\nin_post = 6",
            "roles.social_worker.salary: expected a number between 0 and 500000, got -1",
            id="a negative salary",
        ),
        pytest.param(
            "salary = 40000\nin_post = 6",
            "salry = 40000\nin_post = 6",
            "roles.social_worker.salary: expected a number between 0 and 500000, got nothing",
            id="a missing salary",
        ),
        pytest.param(
            SOCIAL_WORKER_ROLE,
            SOCIAL_WORKER_ROLE.replace("practitioner", "therapist"),
            'roles.social_worker.kind: expected one of "practitioner", "assistant", '
            '"administrator", "manager", got "therapist"',
            id="an unknown kind of role",
        ),
        pytest.param(
            'registered = true\ngrade = "Grade 10"\nsalary = 40000\nin_post = 6',
            'registered = "yes"\ngrade = "Grade 10"\nsalary = 40000\nin_post = 6',
            'roles.social_worker.registered: expected true or false, got "yes"',
            id="registered as text",
        ),
        pytest.param(
            'eligible = ["occupational_therapist"]',
            'eligible = ["physiotherapist"]',
            "activities.ot_assessment.eligible: expected a role (social_worker, "
            "senior_practitioner, newly_qualified, occupational_therapist, assistant, "
            'administrator, team_manager), got "physiotherapist"',
            id="an unknown role",
        ),
        pytest.param(
            'eligible = ["occupational_therapist"]',
            "eligible = []",
            "activities.ot_assessment.eligible: expected at least one name, got a list",
            id="no role may do it",
        ),
        pytest.param(
            S42_ELIGIBLE,
            S42_ELIGIBLE.replace('"senior_practitioner"', '"assistant"'),
            "activities.s42_enquiry.eligible: reserved work may only be done by registered "
            "roles; assistant is not registered",
            id="reserved work for an assistant",
        ),
        pytest.param(
            "hours = { min = 3, most_likely = 4, max = 7 }",
            "hours = { min = 5, most_likely = 4, max = 7 }",
            "activities.ot_assessment.hours: expected min <= most_likely <= max, got 5, 4, 7",
            id="a minimum above the most likely",
        ),
        pytest.param(
            "hours = { min = 3, most_likely = 4, max = 7 }",
            "hours = 4",
            "activities.ot_assessment.hours: expected a table { min, most_likely, max } "
            "of hours, got 4",
            id="hours as one number",
        ),
        pytest.param(
            "count = 300\n# ... where",
            'count = 300\ncase_type = "assessment"\n# ... where',
            "activities.ot_assessment: expected either count or case_type, not both or neither",
            id="both a count and a case type",
        ),
        pytest.param(
            'case_type = "long_term"',
            'case_type = "long-term"',
            "activities.review.case_type: expected a case type (assessment, long_term, "
            'safeguarding), got "long-term"',
            id="an unknown case type",
        ),
        pytest.param(
            'rates_per_10k = { "18-64" = 15, "65-84" = 60, "85+" = 200 }',
            'rates_per_10k = { "18-64" = 15, "65-84" = 60 }',
            "case_types.safeguarding.rates_per_10k: expected a rate for every age band in "
            '[population]; missing "85+"',
            id="a rate missing for an age band",
        ),
        pytest.param(
            'holders = ["social_worker", "senior_practitioner"]',
            'holders = ["social_worker", "administrator"]',
            "case_types.safeguarding.holders: administrator holds cases, so "
            "roles.administrator.max_weighted_caseload is needed",
            id="a case holder with no caseload ceiling",
        ),
        pytest.param(
            "annual_leave = 27",
            "annual_leave = 240",
            "working_time: holidays, leave and sickness (263 days) leave no working days of 260",
            id="more leave than days",
        ),
        pytest.param(
            'supervises = ["newly_qualified"]\nspan = 2',
            'supervises = ["newly_qualified"]',
            "roles.senior_practitioner: expected supervises and span together, or neither",
            id="a span with no size",
        ),
        pytest.param(
            "rate = { mean = 0.12, sd = 0.04 }",
            "rate = { mean = 0.12, sd = 0.4 }",
            "vacancy.rate.sd: expected an SD below 0.325 for a mean of 0.12, got 0.4",
            id="a vacancy spread too wide for its mean",
        ),
        pytest.param(
            "[duty]",
            '[duty]\nlanguage = "English"',
            "duty.language: not a field here; expected one of contacts_per_day, hours_per_day, "
            "mean_handling_hours, target_wait_hours, service_level, max_occupancy, shrinkage",
            id="an unknown field",
        ),
        pytest.param(
            "[population]",
            "[population\n",
            None,
            id="not TOML",
        ),
    ],
)
def test_a_wrong_field_is_named_with_what_is_expected(old, new, problem):
    assert old in ADULTS
    found = problems_of(ADULTS.replace(old, new, 1))
    if problem is None:
        assert len(found) == 1 and found[0].startswith("file: not valid TOML:")
    else:
        assert problem in found, found


def test_every_problem_in_a_file_is_listed_at_once():
    broken = ADULTS.replace("hours_per_week = 37", "hours_per_week = 0").replace(
        "confidence = 0.8", 'confidence = "high"'
    )
    found = problems_of(broken)
    assert found == [
        'model.confidence: expected a number between 0.5 and 0.99, got "high"',
        "working_time.hours_per_week: expected a number between 1 and 48, got 0",
    ]
    with pytest.raises(ModelFileError, match=r"(?s)confidence.*\n.*hours_per_week"):
        load_model(broken)


def test_a_file_with_nothing_in_it_asks_for_every_section():
    found = problems_of("")
    assert "model: expected a table, got nothing" in found
    assert "roles: expected at least one entry" in found
    assert "activities: expected at least one entry" in found


DOCS = Path(modelfile.__file__).resolve().parents[3] / "docs" / "staffing-model-file.md"


def test_the_documentation_shows_both_examples_exactly_as_shipped():
    text = DOCS.read_text()
    assert f"```toml\n{ADULTS}```" in text
    assert f"```toml\n{CHILDRENS}```" in text


@pytest.mark.parametrize(
    "field",
    sorted(
        set(modelfile.MODEL_FIELDS)
        | set(modelfile.WORKING_TIME_FIELDS)
        | set(modelfile.COST_FIELDS)
        | set(modelfile.ROLE_FIELDS)
        | set(modelfile.CASE_TYPE_FIELDS)
        | set(modelfile.ACTIVITY_FIELDS)
        | set(modelfile.DUTY_FIELDS)
    ),
)
def test_every_field_the_loader_reads_is_documented(field):
    assert f"| `{field}` |" in DOCS.read_text()
