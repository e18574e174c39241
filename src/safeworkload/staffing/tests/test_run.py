"""run_model: every model on one spec, the same answer for the same seed, and a
JSON shape that is documented field by field."""

import json
from pathlib import Path

import pytest

from safeworkload.staffing import modelfile
from safeworkload.staffing.modelfile import load_model
from safeworkload.staffing.run import CHUNK, activity_shares, run_model

EXAMPLES = Path(modelfile.__file__).parent / "examples"
ADULTS = (EXAMPLES / "adults.toml").read_text()
CHILDRENS = (EXAMPLES / "childrens.toml").read_text()
REPLICATIONS = 1_500  # two chunks, one of them short; the files ask for 10,000
DOCS = Path(modelfile.__file__).resolve().parents[3] / "docs" / "staffing-model-file.md"


def run(text=ADULTS, *, replications=REPLICATIONS, seed=7, progress=None):
    return run_model(load_model(text), replications=replications, seed=seed, progress=progress)


@pytest.fixture(scope="module", params=["adults", "childrens"])
def example(request):
    spec = load_model((EXAMPLES / f"{request.param}.toml").read_text())
    return run_model(spec, replications=REPLICATIONS, seed=spec.seed)


def test_each_example_gives_required_fte_at_p50_p80_and_p90_around_the_wisn_answer(example):
    mc = example.to_json()["monte_carlo"]
    assert mc["p50"] < mc["p80"] < mc["p90"]
    assert mc["p50"] == pytest.approx(example.wisn.required, rel=0.05)
    assert mc["at_confidence"] == pytest.approx(
        example.simulation.quantile(example.spec.confidence)
    )
    assert 0 <= mc["probability_enough"] <= mc["probability_funded_enough"] <= 1
    assert len(example.simulation.required) == REPLICATIONS


def test_each_example_finds_a_skill_mix_and_prices_the_gap_against_it(example):
    data = example.to_json()
    assert example.skill_mix.feasible, example.skill_mix.message
    for role in data["roles"]:
        assert role["shortfall"] == pytest.approx(role["required"] - role["in_post"])
        assert role["shortfall_cost"] == pytest.approx(role["shortfall"] * role["cost_per_fte"])
        assert role["unfunded"] == pytest.approx(role["required"] - role["funded"])
    assert data["gap"]["shortfall_cost"] == pytest.approx(
        sum(role["shortfall_cost"] for role in data["roles"])
    )
    assert data["gap"]["required_cost"] == pytest.approx(example.skill_mix.cost)


def test_the_same_seed_gives_the_same_answer_and_another_seed_another():
    first, again, other = run(seed=11), run(seed=11), run(seed=12)
    assert first.to_json() == again.to_json()
    assert other.to_json()["monte_carlo"]["p80"] != first.to_json()["monte_carlo"]["p80"]


def test_progress_is_reported_after_each_chunk_of_replications():
    calls: list[tuple[int, int]] = []
    run(replications=2 * CHUNK + 500, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(CHUNK, 2_500), (2 * CHUNK, 2_500), (2_500, 2_500)]


def test_watching_the_progress_does_not_change_the_answer():
    watched = run(progress=lambda done, total: None)
    assert watched.to_json() == run().to_json()


@pytest.mark.parametrize(
    ("activity", "shares"),
    [
        # Eligible: social worker 6, senior 1, newly qualified 2, OT 1 in post.
        (
            "needs_assessment",
            {
                "social_worker": 0.6,
                "senior_practitioner": 0.1,
                "newly_qualified": 0.2,
                "occupational_therapist": 0.1,
            },
        ),
        ("ot_assessment", {"occupational_therapist": 1.0}),
        # Administrator 1, social worker 6, newly qualified 2.
        ("case_admin", {"administrator": 1 / 9, "social_worker": 6 / 9, "newly_qualified": 2 / 9}),
    ],
)
def test_wisn_per_role_shares_each_activity_among_the_staff_in_post(activity, shares):
    assert activity_shares(load_model(ADULTS))[activity] == pytest.approx(shares)


def test_an_activity_nobody_eligible_is_in_post_for_is_shared_evenly():
    text = ADULTS.replace("salary = 40000\nin_post = 6", "salary = 40000\nin_post = 0").replace(
        "salary = 45000\nin_post = 1", "salary = 45000\nin_post = 0"
    )
    shares = activity_shares(load_model(text))["s42_enquiry"]
    assert shares == {"social_worker": 0.5, "senior_practitioner": 0.5}


def test_the_roles_workloads_add_up_to_the_whole_service():
    result = run()
    direct = sum(role.s_direct for role in result.role_wisn.values())
    assert direct == pytest.approx(result.wisn.s_direct)
    individual = sum(role.iaf for role in result.role_wisn.values())
    assert individual == pytest.approx(result.wisn.iaf)


def test_an_additional_activity_counts_only_for_its_role():
    result = run()
    # The practice educator: 126 hours a year, one social worker.
    assert result.role_wisn["social_worker"].iaf == pytest.approx(126 / 1554)
    assert result.role_wisn["assistant"].iaf == 0


def test_a_role_with_staff_and_no_work_has_no_ratio_and_no_pressure():
    spare = '\n[roles.spare]\ntitle = "Spare"\nkind = "practitioner"\nsalary = 30000\nin_post = 1\n'
    text = ADULTS.replace("[duty]", spare + "\n[duty]")
    role = next(role for role in run(text).to_json()["roles"] if role["key"] == "spare")
    assert (role["wisn_required"], role["wisn_ratio"], role["wisn_pressure"]) == (0, None, "None")


def test_a_skill_mix_over_budget_leaves_the_gap_unpriced_and_says_why():
    data = run(ADULTS.replace("budget = 1500000", "budget = 300000")).to_json()
    assert data["skill_mix"]["feasible"] is False
    assert data["skill_mix"]["binding"] == ["budget"]
    assert data["skill_mix"]["minimum_cost"] > 300_000
    assert data["gap"] is None
    assert {role["required"] for role in data["roles"]} == {None}
    json.dumps(data, allow_nan=False)


def test_a_model_with_no_duty_table_has_no_rota():
    data = run(ADULTS.split("[duty]")[0]).to_json()
    assert data["duty"] is None


def test_the_adults_duty_rota_is_in_the_answer():
    duty = run().to_json()["duty"]
    assert (duty["agents"], duty["rostered"]) == (6, 9)
    assert duty["service_level"] == pytest.approx(0.863, abs=1e-3)


def paths(value, prefix=""):
    """Every key path in a JSON value, with [] for the items of a list."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths(item, path)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield from paths(value[0], f"{prefix}[]")


def test_the_json_has_exactly_the_documented_fields():
    data = run().to_json()
    documented = {
        line.split("`")[1]
        for line in DOCS.read_text()
        .split("## Running a model")[1]
        .split("### The JSON")[1]
        .split("\n## ")[0]  # up to the next section
        .splitlines()
        if line.startswith("| `")
    }
    # administrator_value is keyed by role, so its keys are the file's own.
    shown = {path for path in paths(data) if not path.startswith("skill_mix.administrator_value.")}
    assert shown == documented
    assert data["version"] == 1
    json.dumps(data, allow_nan=False)
