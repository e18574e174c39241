"""The caseload standard's pages: case types, scheme versions and weights, the
escalation ladder and reductions. Only service leads and organisation admins
(``can_manage_schemes``) may use them; another organisation's record is 404."""

from datetime import date, timedelta
from decimal import Decimal

from safeworkload.caseloads.models import CaseType, EscalationLevel, Reduction, WeightingScheme
from safeworkload.organisations.models import Organisation, Person
from tests.matrix import LEADS, Row, obj, only


def _case_type(organisation: Organisation) -> int:
    case_type, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area="adults",
        code="care-act-assessment",
        defaults={"name": "Care Act assessment", "reserved": True},
    )
    return case_type.pk


def _future_scheme(organisation: Organisation) -> int:
    scheme, _ = WeightingScheme.objects.get_or_create(
        organisation=organisation,
        service_area="adults",
        effective_from=date.today() + timedelta(days=30),
        defaults={"name": "Adults workload scheme"},
    )
    return scheme.pk


def _rung(organisation: Organisation) -> int:
    for rank, title in ((1, "Team manager"), (2, "Service lead")):
        EscalationLevel.objects.get_or_create(
            organisation=organisation, rank=rank, defaults={"title": title}
        )
    return EscalationLevel.objects.get(organisation=organisation, rank=1).pk


def _reduction(person: Person) -> int:
    reduction, _ = Reduction.objects.get_or_create(
        organisation=person.organisation,
        person=person,
        kind=Reduction.Kind.TRAINING,
        defaults={
            "hours_per_week": Decimal("3.7"),
            "reason": "Practice educator course",
            "starts_on": date.today() - timedelta(days=10),
            "expires_on": date.today() + timedelta(days=60),
        },
    )
    return reduction.pk


def _obj_row(path: str, make_a, make_b, **kwargs) -> Row:
    return Row(
        lambda w: path.format(make_a(w)),
        obj(*LEADS, ok=kwargs.pop("ok", 200)),
        url_in_b=lambda w: path.format(make_b(w)),
        **kwargs,
    )


ROOT = "/caseloads/standards"
EVERY_LEAD = only(*LEADS, "outsider")

ROWS: dict[str, Row] = {
    "caseloads:scheme-list": Row(lambda w: f"{ROOT}/", EVERY_LEAD),
    "caseloads:scheme-create": Row(lambda w: f"{ROOT}/schemes/new/adults/", EVERY_LEAD),
    "caseloads:scheme-detail": _obj_row(
        ROOT + "/schemes/{}/", lambda w: _future_scheme(w.a), lambda w: _future_scheme(w.b)
    ),
    "caseloads:scheme-edit": _obj_row(
        ROOT + "/schemes/{}/edit/", lambda w: _future_scheme(w.a), lambda w: _future_scheme(w.b)
    ),
    "caseloads:scheme-weights": _obj_row(
        ROOT + "/schemes/{}/weights/",
        lambda w: _future_scheme(w.a),
        lambda w: _future_scheme(w.b),
    ),
    "caseloads:case-type-list": Row(lambda w: f"{ROOT}/case-types/", EVERY_LEAD),
    "caseloads:case-type-create": Row(lambda w: f"{ROOT}/case-types/new/", EVERY_LEAD),
    "caseloads:case-type-edit": _obj_row(
        ROOT + "/case-types/{}/edit/", lambda w: _case_type(w.a), lambda w: _case_type(w.b)
    ),
    "caseloads:escalation-list": Row(lambda w: f"{ROOT}/escalation/", EVERY_LEAD),
    "caseloads:escalation-create": Row(lambda w: f"{ROOT}/escalation/new/", EVERY_LEAD),
    "caseloads:escalation-edit": _obj_row(
        ROOT + "/escalation/{}/edit/", lambda w: _rung(w.a), lambda w: _rung(w.b)
    ),
    "caseloads:escalation-move": _obj_row(
        ROOT + "/escalation/{}/move/",
        lambda w: _rung(w.a),
        lambda w: _rung(w.b),
        ok=302,
        method="post",
        data={"direction": "down"},
    ),
    # With a person named, a page about one of A's records; the search
    # without one is checked in test_scheme_views.
    "caseloads:reduction-list": _obj_row(
        ROOT + "/reductions/?person={}",
        lambda w: w.practitioner_person.pk,
        lambda w: w.person_b.pk,
    ),
    "caseloads:reduction-create": _obj_row(
        ROOT + "/reductions/people/{}/new/",
        lambda w: w.practitioner_person.pk,
        lambda w: w.person_b.pk,
    ),
    "caseloads:reduction-end": _obj_row(
        ROOT + "/reductions/{}/end/",
        lambda w: _reduction(w.practitioner_person),
        lambda w: _reduction(w.person_b),
    ),
}
