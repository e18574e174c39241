"""Staffing models in the product: build, run in the background, read the results.

Every page needs ``can_run_staffing_models`` (service leads and organisation
admins). A model or run of another organisation is 404, as if it did not exist.
"""

import csv
import tomllib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.organisations.access import organisation_of, require_permission
from safeworkload.organisations.decorators import permission_required
from safeworkload.staffing import charts
from safeworkload.staffing.forms import ModelForm, RunForm, ScopeForm
from safeworkload.staffing.modelfile import ModelFileError, StaffingModelSpec, load_model
from safeworkload.staffing.models import StaffingModel, StaffingRun
from safeworkload.staffing.selectors import results
from safeworkload.staffing.selectors.prefill import (
    Figure,
    Note,
    Scope,
    prefill,
    scope_choices,
    scope_from_key,
)
from safeworkload.staffing.selectors.toml_text import get_path
from safeworkload.staffing.services import RunError, run_again, run_start, staffing_model_save

PERMISSION = "can_run_staffing_models"
DEFAULT_REPLICATIONS = 10_000
POLL_SECONDS = 1


def model_for_request(request: HttpRequest, pk: int) -> StaffingModel:
    model = get_object_or_404(
        StaffingModel.objects.filter(organisation=organisation_of(request)), pk=pk
    )
    require_permission(request, PERMISSION)
    return model


def run_for_request(request: HttpRequest, pk: int) -> StaffingRun:
    run = get_object_or_404(
        StaffingRun.objects.filter(organisation=organisation_of(request)).select_related("model"),
        pk=pk,
    )
    require_permission(request, PERMISSION)
    return run


def _saved_figures(model: StaffingModel) -> list[Figure]:
    """The builder's figures for a saved model: its sources, its file's values now."""
    data = tomllib.loads(model.toml)
    figures = []
    for item in model.sources.get("figures", []):
        path = tuple(item["path"])
        value = get_path(data, path)
        if value is None and path[-1] != "openings_per_year":
            continue  # the figure's place has gone from the file
        figures.append(
            Figure(
                path,
                item["label"],
                value if isinstance(value, int | float) else None,
                item["source"],
                item["from_records"],
                item.get("hint", ""),
            )
        )
    return figures


def _notes(model: StaffingModel) -> list[Note]:
    return [Note(**note) for note in model.sources.get("notes", [])]


@permission_required(PERMISSION)
def model_list(request: HttpRequest) -> HttpResponse:
    models = results.models_for(organisation_of(request).pk)
    return render(
        request, "staffing/model_list.html", {"title": "Staffing models", "models": models}
    )


def _plain(value: float) -> str:
    """A figure as a person would type it: 6, 2.5, 1200 (never 1.2e+03)."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def _figure_initial(figures: list[Figure]) -> dict[str, Any]:
    return {f.name: "" if f.value is None else _plain(f.value) for f in figures}


@permission_required(PERMISSION)
def model_new(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    choices = scope_choices(organisation)
    key = request.GET.get("scope", "")
    scope = scope_from_key(organisation, key) if key else None
    if scope is None:
        form = ScopeForm(request.GET if key else None, choices=choices)
        if key:
            form.is_valid()
        return render(
            request,
            "staffing/model_scope.html",
            {"title": "Build a staffing model", "form": form},
        )
    built = prefill(scope, today=timezone.localdate())
    if request.method == "POST":
        model_form = ModelForm(request.POST, figures=built.figures)
        if model_form.is_valid():
            assert model_form.spec is not None
            model = staffing_model_save(
                organisation=organisation,
                actor=request.user,
                spec=model_form.spec,
                toml=model_form.text,
                sources=built.sources(),
                team=scope.team,
            )
            messages.success(request, "Model saved")
            return redirect("staffing:model-detail", pk=model.pk)
    else:
        model_form = ModelForm(
            initial={
                "name": built.data["model"]["name"],
                "toml": built.toml,
                **_figure_initial(built.figures),
            },
            figures=built.figures,
        )
    return _form_page(request, model_form, scope=scope, notes=built.notes, model=None)


def _form_page(
    request: HttpRequest,
    form: ModelForm,
    *,
    scope: Scope | None,
    notes: list[Note],
    model: StaffingModel | None,
) -> HttpResponse:
    from_records = sum(1 for f in form.figures if f.from_records)
    return render(
        request,
        "staffing/model_form.html",
        {
            "title": "Edit the staffing model" if model else "Check the figures",
            "form": form,
            "scope": scope,
            "scope_label": scope.label
            if scope
            else model.sources.get("scope", "")
            if model
            else "",
            "notes": notes,
            "model": model,
            "from_records": from_records,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = model_for_request(request, pk)
    figures = _saved_figures(model)
    if request.method == "POST":
        form = ModelForm(request.POST, figures=figures)
        if form.is_valid():
            assert form.spec is not None
            staffing_model_save(
                organisation=model.organisation,
                actor=request.user,
                spec=form.spec,
                toml=form.text,
                sources=model.sources,
                model=model,
            )
            messages.success(request, "Model saved")
            return redirect("staffing:model-detail", pk=model.pk)
    else:
        form = ModelForm(
            initial={"name": model.name, "toml": model.toml, **_figure_initial(figures)},
            figures=figures,
        )
    return _form_page(request, form, scope=None, notes=_notes(model), model=model)


def _spec(model: StaffingModel) -> StaffingModelSpec | None:
    try:
        return load_model(model.toml)
    except ModelFileError:
        return None


def _detail(
    request: HttpRequest, model: StaffingModel, run_form: RunForm | None, status: int = 200
) -> HttpResponse:
    spec = _spec(model)
    if run_form is None and spec is not None:
        run_form = RunForm(
            initial={"replications": spec.replications, "seed": spec.seed},
            spec=spec,
            toml=model.toml,
        )
    context: dict[str, Any] = {
        "title": model.name,
        "model": model,
        "spec": spec,
        "figures": _saved_figures(model),
        "notes": _notes(model),
        "runs": results.model_runs(model),
        "run_form": run_form,
    }
    if run_form is not None and run_form.is_bound and run_form.errors:
        context["form"] = run_form
    return render(request, "staffing/model_detail.html", context, status=status)


def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, model_for_request(request, pk), None)


@require_POST
def run_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    model = model_for_request(request, pk)
    spec = _spec(model)
    if spec is None:
        messages.error(request, "The model file has a problem: edit the model before running it")
        return redirect("staffing:model-detail", pk=model.pk)
    form = RunForm(request.POST, spec=spec, toml=model.toml)
    if not form.is_valid():
        return _detail(request, model, form, status=400)
    try:
        run = run_start(
            model=model,
            actor=request.user,
            replications=form.cleaned_data["replications"],
            seed=form.cleaned_data["seed"],
            scenarios=form.chosen,
        )
    except RunError as error:
        form.add_error(None, str(error))
        return _detail(request, model, form, status=400)
    return redirect("staffing:run-detail", pk=run.pk)


@require_POST
def run_again_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for_request(request, pk)
    again = run_again(run=run, actor=request.user)
    return redirect("staffing:run-detail", pk=again.pk)


def _progress_text(run: StaffingRun) -> str:
    if run.status == StaffingRun.Status.QUEUED:
        return "Waiting for a worker to start the run"
    if run.status == StaffingRun.Status.RUNNING:
        return (
            f"Running: {run.percent}% done ({run.progress_done:,} of {run.progress_total:,} steps)"
        )
    if run.status == StaffingRun.Status.FAILED:
        return "The run failed"
    return "Done"


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for_request(request, pk)
    context: dict[str, Any] = {
        "title": f"Run of {run.model.name}",
        "run": run,
        "model": run.model,
        "progress_text": _progress_text(run),
        "poll_seconds": POLL_SECONDS,
    }
    result = run.result if run.status == StaffingRun.Status.DONE else None
    if result is not None:
        context.update(
            result=result,
            baseline=result["baseline"],
            roles=results.role_rows(result),
            scenarios=results.scenario_table(result),
            fan=charts.fan_chart(result["fan"]) if result["fan"] else None,
            tornado=charts.tornado_chart(result["tornado"]) if result["tornado"]["rows"] else None,
            fmt={
                "fte": results.fte,
                "percent": results.percent,
                "money": results.money,
                "ratio": results.ratio,
            },
        )
    return render(request, "staffing/model_run.html", context)


def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = run_for_request(request, pk)
    return JsonResponse(
        {
            "status": run.status,
            "done": run.progress_done,
            "total": run.progress_total,
            "percent": run.percent,
            "text": _progress_text(run),
            "finished": run.finished,
            "url": reverse("staffing:run-detail", args=[run.pk]),
        }
    )


def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for_request(request, pk)
    if run.status != StaffingRun.Status.DONE or run.result is None:
        return render(
            request,
            "core/error.html",
            {
                "title": "The results are not ready",
                "message": "Download the results when the run has finished.",
            },
            status=404,
        )
    table = results.scenario_table(run.result)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="staffing-run-{run.pk}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["measure", *table.columns])
    for label, values in table.raw:
        writer.writerow([label, *("" if v is None else round(v, 4) for v in values)])
    writer.writerow([])
    writer.writerow(
        [
            "role",
            "in_post",
            "funded",
            "wisn_required",
            "required_p50",
            "required_p80",
            "required_p90",
            "required_at_confidence",
            "shortfall",
            "shortfall_cost",
        ]
    )
    for role in results.role_rows(run.result):
        writer.writerow(
            [
                role.title,
                *(
                    "" if v is None else round(v, 4)
                    for v in (
                        role.in_post,
                        role.funded,
                        role.wisn_required,
                        role.p50,
                        role.p80,
                        role.p90,
                        role.at_confidence,
                        role.shortfall,
                        role.shortfall_cost,
                    )
                ),
            ]
        )
    return response


urlpatterns: list[URLPattern] = [
    path("models/", model_list, name="model-list"),
    path("models/new/", model_new, name="model-new"),
    path("models/<int:pk>/", model_detail, name="model-detail"),
    path("models/<int:pk>/edit/", model_edit, name="model-edit"),
    path("models/<int:pk>/run/", run_start_view, name="run-start"),
    path("runs/<int:pk>/", run_detail, name="run-detail"),
    path("runs/<int:pk>/progress.json", run_progress, name="run-progress"),
    path("runs/<int:pk>/results.csv", run_export, name="run-export"),
    path("runs/<int:pk>/again/", run_again_view, name="run-again"),
]
