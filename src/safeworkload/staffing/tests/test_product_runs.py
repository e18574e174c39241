"""Staffing models in the product: the builder, runs in the background with their
progress, the results with their charts and scenarios, and who may see them."""

import csv
import html
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.staffing import charts, services
from safeworkload.staffing.modelfile import load_model
from safeworkload.staffing.models import StaffingModel, StaffingRun
from safeworkload.staffing.selectors.prefill import EXAMPLES
from safeworkload.staffing.services import (
    models_total,
    run_execute,
    run_start,
    scenario_less_sickness,
    scenario_more_administrators,
    staffing_model_save,
)
from safeworkload.staffing.views import _plain

REPLICATIONS = 2_000


def _model(world, toml: str | None = None) -> StaffingModel:
    text = toml or (Path(EXAMPLES) / "adults.toml").read_text()
    return staffing_model_save(
        organisation=world.a,
        actor=None,
        spec=load_model(text),
        toml=text,
        sources={"duration_cv": {"assessment": 0.5}},
        team=world.team_a,
    )


def _lead(client, world):
    client.force_login(world.users["service_lead"])
    return client


class _Fields(HTMLParser):
    """The values of a page's inputs and text areas, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name")
        if tag == "input" and name and found.get("type") in (None, "text"):
            self.values[name] = found.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def _form_data(client, url: str) -> dict[str, str]:
    """The builder's fields as the page fills them."""
    page = client.get(url)
    assert page.status_code == 200
    parser = _Fields()
    parser.feed(page.content.decode())
    values = parser.values
    # A textarea's content starts after one newline, which browsers drop.
    values["toml"] = values["toml"].removeprefix("\n")
    return values


def _error(response, field: str) -> str:
    """The error message shown on a field."""
    body = response.content.decode()
    start = body.index(f'id="{field}-error"')
    text = body[body.index("</span>", start) + len("</span>") : body.index("</p>", start)]
    return html.unescape(text).strip()


# --- the builder ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_builder_first_asks_what_the_model_covers(client, world):
    response = _lead(client, world).get("/staffing/models/new/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "What should the model cover?" in body
    assert f'value="team-{world.team_a.pk}"' in body
    assert "Council B" not in body and "B team" not in body


@pytest.mark.django_db
def test_a_lead_builds_a_model_from_the_teams_figures_and_it_is_saved_with_its_sources(
    client, world
):
    url = f"/staffing/models/new/?scope=team-{world.team_a.pk}"
    data = _form_data(_lead(client, world), url)
    assert data["roles__social_worker__in_post"] == "1"
    data["roles__administrator__in_post"] = "1.5"
    response = client.post(url, data)
    model = StaffingModel.objects.get(organisation=world.a)
    assert response.status_code == 302
    assert response["Location"] == f"/staffing/models/{model.pk}/"
    assert model.team == world.team_a and model.service == "adults"
    assert load_model(model.toml).roles["administrator"].in_post == 1.5
    sources = {tuple(f["path"]): f["source"] for f in model.sources["figures"]}
    assert sources[("roles", "social_worker", "in_post")].startswith("from 2 people in post")
    assert AuditEntry.objects.filter(action="staffing.model_created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("roles__social_worker__in_post", "", "Enter a number for Social worker: FTE in post"),
        ("roles__social_worker__in_post", "six", "Social worker: FTE in post must be a number"),
        ("roles__social_worker__in_post", "-1", "Social worker: FTE in post must be 0 or more"),
        (
            "roles__social_worker__in_post",
            "20000",
            "Social worker: FTE in post: expected a number between 0 and 10000, got 20000.0",
        ),
        ("name", "", "Enter a name for the model"),
    ],
)
def test_a_wrong_figure_is_shown_on_its_field(client, world, field, value, message):
    url = f"/staffing/models/new/?scope=team-{world.team_a.pk}"
    data = _form_data(_lead(client, world), url)
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 400
    assert _error(response, field) == message
    assert not StaffingModel.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[roles.social_worker]", "[roles.social_worker"), "The model file is not valid TOML"),
        (
            ('kind = "administrator"', 'kind = "clerk"'),
            'In the model file, roles.administrator.kind: expected one of "practitioner"',
        ),
        (
            ('eligible = ["team_manager"]', 'eligible = ["nobody"]'),
            "In the model file, activities.oversight.eligible: expected a role",
        ),
    ],
)
def test_a_problem_in_the_model_file_names_the_field_in_the_file(client, world, change, message):
    url = f"/staffing/models/new/?scope=team-{world.team_a.pk}"
    data = _form_data(_lead(client, world), url)
    old, new = change
    assert old in data["toml"]
    data["toml"] = data["toml"].replace(old, new, 1)
    response = client.post(url, data)
    assert response.status_code == 400
    assert _error(response, "toml").startswith(message)


@pytest.mark.django_db
def test_editing_a_model_does_not_change_a_run_already_made(client, world):
    model = _model(world)
    run = run_start(model=model, actor=None, replications=REPLICATIONS, seed=7, scenarios=[])
    url = f"/staffing/models/{model.pk}/edit/"
    data = _form_data(_lead(client, world), url)
    data["toml"] = data["toml"].replace("in_post = 6", "in_post = 9", 1)
    assert client.post(url, data).status_code == 302
    model.refresh_from_db()
    run.refresh_from_db()
    assert load_model(model.toml).roles["social_worker"].in_post == 9
    assert load_model(run.toml).roles["social_worker"].in_post == 6


# --- runs -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_started_run_is_done_by_the_task_with_its_progress_and_result(client, world):
    model = _model(world)
    response = _lead(client, world).post(
        f"/staffing/models/{model.pk}/run/", {"replications": "3000", "seed": "11"}
    )
    run = StaffingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staffing/runs/{run.pk}/"
    assert run.status == StaffingRun.Status.DONE
    assert run.progress_done == run.progress_total == models_total(run)
    # 3 chunks of the Monte Carlo, 3 skill mixes, the fan, 2 per tornado input and its base.
    assert run.progress_total > 3 + 3 + 1
    assert run.result["baseline"]["run"] == {"replications": 3000, "seed": 11}
    assert set(run.result["levels"]) == {"p50", "p80", "p90"}
    assert len(run.result["fan"]["p50"]) == 52
    assert run.result["tornado"]["rows"]
    assert AuditEntry.objects.filter(action="staffing.run_started").count() == 1


@pytest.mark.django_db
def test_progress_is_written_as_the_task_goes(world, monkeypatch):
    model = _model(world)
    run = StaffingRun.objects.create(
        organisation=world.a, model=model, toml=model.toml, replications=5_000, seed=3
    )
    seen: list[tuple[int, int]] = []

    class Recording(services._Progress):
        def step(self, count: int = 1) -> None:
            super().step(count)
            row = StaffingRun.objects.filter(pk=run.pk)
            seen.append(row.values_list("progress_done", "progress_total").get())

    monkeypatch.setattr(services, "_Progress", Recording)
    run_execute(run.pk)
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and len(set(dones)) > 5
    assert all(total == models_total(run) for _, total in seen)


@pytest.mark.django_db
def test_running_again_gives_exactly_the_same_result(client, world):
    model = _model(world)
    first = run_start(
        model=model,
        actor=None,
        replications=REPLICATIONS,
        seed=5,
        scenarios=[scenario_less_sickness(load_model(model.toml))],
    )
    response = _lead(client, world).post(f"/staffing/runs/{first.pk}/again/")
    again = StaffingRun.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert response["Location"] == f"/staffing/runs/{again.pk}/"
    assert again.rerun_of == first
    assert (again.toml, again.seed, again.scenarios) == (first.toml, first.seed, first.scenarios)
    assert again.result == first.result


@pytest.mark.django_db
def test_a_different_seed_gives_a_different_monte_carlo(world):
    model = _model(world)
    one = run_start(model=model, actor=None, replications=REPLICATIONS, seed=1, scenarios=[])
    two = run_start(model=model, actor=None, replications=REPLICATIONS, seed=2, scenarios=[])
    one.refresh_from_db()
    two.refresh_from_db()
    assert (
        one.result["baseline"]["monte_carlo"]["p80"] != two.result["baseline"]["monte_carlo"]["p80"]
    )


@pytest.mark.django_db
def test_two_more_administrators_add_two_in_post_and_take_case_admin_off_social_workers(world):
    model = _model(world)
    spec = load_model(model.toml)
    scenario = scenario_more_administrators(spec)
    assert scenario is not None
    run = run_start(
        model=model, actor=None, replications=REPLICATIONS, seed=9, scenarios=[scenario]
    )
    run.refresh_from_db()
    base = run.result["baseline"]
    more = run.result["scenarios"][0]["result"]
    role = {r["key"]: r for r in base["roles"]}
    more_role = {r["key"]: r for r in more["roles"]}
    assert more_role["administrator"]["in_post"] == role["administrator"]["in_post"] + 2
    assert more_role["administrator"]["funded"] == role["administrator"]["funded"] + 2
    assert more["monte_carlo"]["in_post"] == base["monte_carlo"]["in_post"] + 2
    assert more["monte_carlo"]["probability_enough"] > base["monte_carlo"]["probability_enough"]
    # Case admin is shared by FTE in post: more administrators, less of it on social workers.
    assert more_role["social_worker"]["wisn_required"] < role["social_worker"]["wisn_required"]
    # The work itself does not change, so neither does the establishment it needs.
    assert more["monte_carlo"]["p80"] == base["monte_carlo"]["p80"]


@pytest.mark.django_db
def test_less_sickness_needs_fewer_staff(world):
    model = _model(world)
    scenario = scenario_less_sickness(load_model(model.toml))
    assert scenario.overrides == {"working_time": {"sick_days": {"mean": 9.0, "sd": 3.0}}}
    run = run_start(
        model=model, actor=None, replications=REPLICATIONS, seed=9, scenarios=[scenario]
    )
    run.refresh_from_db()
    base, less = run.result["baseline"], run.result["scenarios"][0]["result"]
    assert less["monte_carlo"]["p80"] < base["monte_carlo"]["p80"]


@pytest.mark.django_db
def test_a_run_that_cannot_be_done_fails_and_says_why(client, world):
    model = _model(world)
    text = model.toml.replace("annual_leave = 27", "annual_leave = 250")
    run = StaffingRun.objects.create(
        organisation=world.a, model=model, toml=text, replications=1_000, seed=3
    )
    run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == StaffingRun.Status.FAILED
    assert "working_time: holidays, leave and sickness" in run.error
    body = _lead(client, world).get(f"/staffing/runs/{run.pk}/").content.decode()
    assert "The run failed" in body and "Edit the model" in body


@pytest.mark.django_db
def test_a_queued_run_shows_a_progress_bar_that_polls_and_refreshes_without_javascript(
    client, world
):
    model = _model(world)
    run = StaffingRun.objects.create(
        organisation=world.a,
        model=model,
        toml=model.toml,
        replications=1_000,
        seed=3,
        status=StaffingRun.Status.RUNNING,
        progress_done=5,
        progress_total=20,
    )
    body = _lead(client, world).get(f"/staffing/runs/{run.pk}/").content.decode()
    assert 'role="progressbar"' in body and 'aria-valuenow="25"' in body
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    assert f'data-progress-url="/staffing/runs/{run.pk}/progress.json"' in body
    progress = client.get(f"/staffing/runs/{run.pk}/progress.json").json()
    assert progress == {
        "status": "running",
        "done": 5,
        "total": 20,
        "percent": 25,
        "text": "Running: 25% done (5 of 20 steps)",
        "finished": False,
        "url": f"/staffing/runs/{run.pk}/",
    }


# --- results ----------------------------------------------------------------


@pytest.fixture
def done_run(world) -> StaffingRun:
    model = _model(world)
    spec = load_model(model.toml)
    scenarios = [scenario_more_administrators(spec), scenario_less_sickness(spec)]
    run = run_start(
        model=model,
        actor=None,
        replications=REPLICATIONS,
        seed=4,
        scenarios=[s for s in scenarios if s is not None],
    )
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_the_results_page_shows_each_chart_followed_by_its_table_and_a_column_per_scenario(
    client, world, done_run
):
    body = _lead(client, world).get(f"/staffing/runs/{done_run.pk}/").content.decode()
    for chart_id in ("chart-fan", "chart-tornado"):
        start = body.index(f'id="{chart_id}"')
        assert 'role="img"' in body[start - 200 : start + 400]
        assert f'id="{chart_id}-title"' in body and f'id="{chart_id}-desc"' in body
    assert body.index('id="chart-fan"') < body.index(
        "Weighted caseload per case-holding FTE, by week"
    )
    assert body.index('id="chart-tornado"') < body.index(
        "Change in FTE needed when each input is lower or higher"
    )
    for heading in ("The model as it is", "2 more administrators", "10% less sickness absence"):
        assert f">{heading}</th>" in body
    assert "Needed, P90" in body and "The priced gap" in body
    assert "Run again" in body


@pytest.mark.django_db
def test_the_results_download_as_csv_with_a_column_per_scenario(client, world, done_run):
    response = _lead(client, world).get(f"/staffing/runs/{done_run.pk}/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "measure",
        "The model as it is",
        "2 more administrators",
        "10% less sickness absence",
    ]
    in_post = next(row for row in rows if row and row[0] == "Business support officer: in post")
    assert float(in_post[2]) == float(in_post[1]) + 2
    p80 = next(row for row in rows if row and row[0] == "Required FTE, P80")
    assert float(p80[1]) == pytest.approx(
        done_run.result["baseline"]["monte_carlo"]["p80"], abs=1e-4
    )


def test_the_fan_chart_draws_both_bands_the_median_and_the_maximum():
    fan = {
        "weeks": [1, 2, 3],
        "p10": [10.0, 11.0, 10.5],
        "p25": [12.0, 12.5, 12.0],
        "p50": [14.0, 14.5, 14.2],
        "p75": [16.0, 16.5, 16.0],
        "p90": [18.0, 19.0, 18.5],
        "fte": 12.0,
        "reference": 26.5,
    }
    svg = str(charts.fan_chart(fan))
    assert svg.count("<polygon") == 2 and svg.count("<polyline") == 1
    assert 'stroke-dasharray="6 4"' in svg
    assert "The median runs from 14.0 to 14.2" in svg
    assert "between 10.0 and 19.0" in svg


def test_the_tornado_chart_draws_a_bar_each_side_for_each_input_and_escapes_labels():
    tornado = {
        "base": 12.5,
        "confidence": 0.8,
        "swing": 0.2,
        "rows": [
            {"label": "Needs <assessment>: hours each", "low": -1.2, "high": 1.3},
            {"label": "Sickness absence", "low": -0.1, "high": 0.1},
        ],
    }
    svg = str(charts.tornado_chart(tornado))
    assert svg.count("<rect") == 4 + 2  # two bars a row, two legend keys
    assert "Needs &lt;assessment&gt;: hours each" in svg
    assert "<assessment>" not in svg
    assert "Needs &lt;assessment&gt;: hours each: -1.20 lower, +1.30 higher" in svg


# --- who may see what --------------------------------------------------------


@pytest.mark.django_db
def test_another_organisations_model_and_run_are_not_found(client, world):
    text = (Path(EXAMPLES) / "adults.toml").read_text()
    model_b = staffing_model_save(
        organisation=world.b, actor=None, spec=load_model(text), toml=text, sources={}
    )
    run_b = run_start(model=model_b, actor=None, replications=1_000, seed=1, scenarios=[])
    _lead(client, world)
    for url in (
        f"/staffing/models/{model_b.pk}/",
        f"/staffing/models/{model_b.pk}/edit/",
        f"/staffing/runs/{run_b.pk}/",
        f"/staffing/runs/{run_b.pk}/progress.json",
        f"/staffing/runs/{run_b.pk}/results.csv",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/staffing/runs/{run_b.pk}/again/").status_code == 404
    assert StaffingRun.objects.filter(organisation=world.a).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["practitioner", "team_manager", "union_rep"])
def test_a_role_without_staffing_models_is_refused(client, world, role):
    model = _model(world)
    client.force_login(world.users[role])
    assert client.get("/staffing/models/").status_code == 403
    assert client.get(f"/staffing/models/{model.pk}/").status_code == 403


@pytest.mark.django_db
def test_the_navigation_links_staffing_models_for_a_lead_only(client, world):
    assert "Staffing models" in _lead(client, world).get("/").content.decode()
    client.force_login(world.users["practitioner"])
    assert "Staffing models" not in client.get("/").content.decode()


def test_the_fan_is_centred_on_littles_law_and_widens_through_the_year():
    spec = load_model((Path(EXAMPLES) / "adults.toml").read_text())
    fan = services.fan_chart_data(spec, {}, seed=3)
    assert fan is not None
    # Open cases = openings a year x years open, weighted, over 12 case-holding FTE.
    expected = (990 * 6 / 52 * 1.0 + 350 * 104 / 52 * 0.1 + 230 * 8 / 52 * 1.5) / 12
    assert fan["fte"] == 12
    assert sum(fan["p50"]) / 52 == pytest.approx(expected, abs=0.5)
    assert fan["p90"][-1] - fan["p10"][-1] > fan["p90"][0] - fan["p10"][0]
    assert fan == services.fan_chart_data(spec, {}, seed=3)


@pytest.mark.parametrize(
    ("label", "short"),
    [
        ("Sickness absence", "Sickness absence"),
        (
            "Long-term support, reviewed each year: cases opened",
            "Long-term support, reviewed e…: cases opened",
        ),
        ("A" * 50, "A" * 43 + "…"),
    ],
)
def test_a_long_tornado_label_keeps_what_changed(label, short):
    assert charts.short_label(label) == short
    assert len(charts.short_label(label)) <= charts.LABEL_LIMIT


@pytest.mark.parametrize(
    ("value", "shown"), [(6.0, "6"), (2.5, "2.5"), (1_234_567.0, "1234567"), (0.333, "0.33")]
)
def test_a_figure_is_put_in_its_field_as_a_person_would_type_it(value, shown):
    assert _plain(value) == shown
