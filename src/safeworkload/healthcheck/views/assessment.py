"""The organisation's self-assessment against the Standards for employers, a page a year.

Needs ``can_run_health_check``: the principal social worker completes it,
with evidence, and it is saved with who and when.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from safeworkload.core.forms import posted
from safeworkload.healthcheck.forms import AssessmentForm
from safeworkload.healthcheck.models import SelfAssessment
from safeworkload.healthcheck.selectors.survey import latest_self_assessment_instrument
from safeworkload.healthcheck.services.assessment import RatingInput, self_assessment_save
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required

PERMISSION = "can_run_health_check"
EARLIEST_YEAR = 2000


@permission_required(PERMISSION)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = (
        SelfAssessment.objects.filter(organisation=organisation_of(request))
        .select_related("completed_by")
        .order_by("-year")
    )
    return render(
        request,
        "healthcheck/assessment_list.html",
        {
            "title": "Self-assessment against the Standards for employers",
            "assessments": list(assessments),
            "this_year": timezone.localdate().year,
        },
    )


@permission_required(PERMISSION)
def assessment_edit(request: HttpRequest, year: int) -> HttpResponse:
    today = timezone.localdate()
    if not EARLIEST_YEAR <= year <= today.year + 1:
        raise Http404
    organisation = organisation_of(request)
    existing = (
        SelfAssessment.objects.filter(organisation=organisation, year=year)
        .select_related("instrument", "completed_by")
        .first()
    )
    # A year already assessed keeps its version of the standards.
    instrument = existing.instrument if existing else latest_self_assessment_instrument()
    questions = list(instrument.questions.select_related("scale"))
    initial: dict[str, object] = {}
    if existing:
        for rating in existing.ratings.select_related("question"):
            initial[f"rating_{rating.question.code}"] = rating.value
            initial[f"evidence_{rating.question.code}"] = rating.evidence
    form = AssessmentForm(posted(request), questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        self_assessment_save(
            organisation=organisation,
            actor=request.user,
            year=year,
            instrument=instrument,
            ratings={
                q: RatingInput(data[f"rating_{q.code}"], data[f"evidence_{q.code}"])
                for q in questions
            },
            today=today,
        )
        messages.success(request, f"Self-assessment for {year} saved")
        return redirect("healthcheck:assessment-list")
    return render(
        request,
        "healthcheck/assessment_form.html",
        {
            "title": f"Self-assessment {year}",
            "year": year,
            "form": form,
            "existing": existing,
        },
    )


urlpatterns: list[URLPattern] = [
    path("self-assessment/", assessment_list, name="assessment-list"),
    path("self-assessment/<int:year>/", assessment_edit, name="assessment-edit"),
]
