"""Staffing models: service leads and organisation admins build and run them;
every other role is refused, and another organisation's model or run is 404."""

from functools import cache
from pathlib import Path
from typing import Any

from safeworkload.organisations.models import Organisation
from safeworkload.staffing.modelfile import load_model
from safeworkload.staffing.models import StaffingModel, StaffingRun
from safeworkload.staffing.selectors.prefill import EXAMPLES
from safeworkload.staffing.services import compute, staffing_model_save
from safeworkload.testing import World
from tests.matrix import LEADS, Row, obj, only

TOML = (Path(EXAMPLES) / "adults.toml").read_text(encoding="utf-8")


@cache
def _result() -> dict[str, Any]:
    """One run's result, computed once: a done run for every row that needs one."""
    return compute(StaffingRun(toml=TOML, replications=1_000, seed=1, scenarios=[]))


def _model(organisation: Organisation) -> StaffingModel:
    return staffing_model_save(
        organisation=organisation, actor=None, spec=load_model(TOML), toml=TOML, sources={}
    )


def _run(organisation: Organisation) -> int:
    run = StaffingRun.objects.create(
        organisation=organisation,
        model=_model(organisation),
        toml=TOML,
        replications=1_000,
        seed=1,
        status=StaffingRun.Status.DONE,
        result=_result(),
    )
    return run.pk


def _model_a(w: World) -> int:
    return _model(w.a).pk


def _model_b(w: World) -> int:
    return _model(w.b).pk


RUNNERS = (*LEADS, "outsider")

ROWS: dict[str, Row] = {
    "staffing:model-list": Row(lambda w: "/staffing/models/", only(*RUNNERS)),
    "staffing:model-new": Row(lambda w: "/staffing/models/new/", only(*RUNNERS)),
    "staffing:model-detail": Row(
        lambda w: f"/staffing/models/{_model_a(w)}/",
        obj(*LEADS),
        url_in_b=lambda w: f"/staffing/models/{_model_b(w)}/",
    ),
    "staffing:model-edit": Row(
        lambda w: f"/staffing/models/{_model_a(w)}/edit/",
        obj(*LEADS),
        url_in_b=lambda w: f"/staffing/models/{_model_b(w)}/edit/",
    ),
    # A run of 100 replications, so that the immediate backend's run is quick.
    "staffing:run-start": Row(
        lambda w: f"/staffing/models/{_model_a(w)}/run/",
        obj(*LEADS, ok=302),
        method="post",
        data={"replications": "100", "seed": "1"},
        url_in_b=lambda w: f"/staffing/models/{_model_b(w)}/run/",
    ),
    "staffing:run-detail": Row(
        lambda w: f"/staffing/runs/{_run(w.a)}/",
        obj(*LEADS),
        url_in_b=lambda w: f"/staffing/runs/{_run(w.b)}/",
    ),
    "staffing:run-progress": Row(
        lambda w: f"/staffing/runs/{_run(w.a)}/progress.json",
        obj(*LEADS),
        url_in_b=lambda w: f"/staffing/runs/{_run(w.b)}/progress.json",
    ),
    "staffing:run-export": Row(
        lambda w: f"/staffing/runs/{_run(w.a)}/results.csv",
        obj(*LEADS),
        url_in_b=lambda w: f"/staffing/runs/{_run(w.b)}/results.csv",
    ),
    "staffing:run-again": Row(
        lambda w: f"/staffing/runs/{_run(w.a)}/again/",
        obj(*LEADS, ok=302),
        method="post",
        url_in_b=lambda w: f"/staffing/runs/{_run(w.b)}/again/",
    ),
}
