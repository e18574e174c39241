"""Supervision: the two people in a session read it; managers of the
supervisee's team and leads see its dates but not its notes; only the
supervisor records it and only the supervisee confirms it. Union
representatives see the organisation's answers, never a session."""

from datetime import date, timedelta

from safeworkload.organisations.models import Organisation, Person
from safeworkload.supervision import services
from safeworkload.supervision.models import Action, Agreement, Session
from safeworkload.testing import World
from tests.matrix import LEADS, ORG_ROLES, Row, obj, only

MANAGERS = ("team_manager", *LEADS)
TODAY = date.today()


def _agreement(organisation: Organisation, supervisee: Person, supervisor: Person) -> Agreement:
    return services.agreement_create(
        organisation=organisation,
        supervisee=supervisee,
        supervisor=supervisor,
        kind=Agreement.Kind.LINE,
        frequency=Agreement.Frequency.MONTHLY,
        starts_on=TODAY - timedelta(days=60),
        actor=None,
    )


def _agreement_a(w: World) -> Agreement:
    return _agreement(w.a, w.practitioner_person, w.manager_person)


def _agreement_b(w: World) -> Agreement:
    from safeworkload.testing import PersonFactory

    return _agreement(w.b, w.person_b, PersonFactory(organisation=w.b))


def _scheduled(agreement: Agreement) -> int:
    return services.session_schedule(
        agreement=agreement, scheduled_for=TODAY + timedelta(days=3), actor=None
    ).pk


def _held(agreement: Agreement) -> Session:
    session = services.session_schedule(
        agreement=agreement, scheduled_for=TODAY - timedelta(days=3), actor=None
    )
    record = services.SessionRecord(
        held_on=TODAY - timedelta(days=3), minutes=90, interrupted=False, reflective_minutes=30
    )
    owner = agreement.supervisee
    actions = [services.ActionInput("Read the practice guidance", owner, TODAY)]
    return services.session_record(
        session=session, record=record, actions=actions, actor=None, today=TODAY
    )


def _action(agreement: Agreement) -> int:
    return Action.objects.get(session=_held(agreement)).pk


def _date(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


# Someone outside the room and not managing the supervisee gets 404: the
# session does not exist for them.
IN_ROOM_OR_MANAGING = {**obj("practitioner", *MANAGERS), "union_rep": 404}

ROWS: dict[str, Row] = {
    "supervision:mine": Row(lambda w: "/supervision/mine/", only(*ORG_ROLES, "outsider")),
    "supervision:schedule": Row(lambda w: "/supervision/schedule/", only(*MANAGERS, "outsider")),
    "supervision:agreement-create": Row(
        lambda w: "/supervision/agreements/new/", only(*MANAGERS, "outsider")
    ),
    "supervision:agreement-detail": Row(
        lambda w: f"/supervision/agreements/{_agreement_a(w).pk}/",
        obj(*MANAGERS),
        url_in_b=lambda w: f"/supervision/agreements/{_agreement_b(w).pk}/",
    ),
    "supervision:session-schedule": Row(
        lambda w: f"/supervision/agreements/{_agreement_a(w).pk}/sessions/",
        obj(*MANAGERS, ok=302),
        method="post",
        data=_date("scheduled_for", TODAY + timedelta(days=7)),
        url_in_b=lambda w: f"/supervision/agreements/{_agreement_b(w).pk}/sessions/",
    ),
    "supervision:pause-add": Row(
        lambda w: f"/supervision/agreements/{_agreement_a(w).pk}/pauses/",
        obj(*MANAGERS, ok=302),
        method="post",
        data={**_date("starts_on", TODAY), **_date("ends_on", TODAY + timedelta(days=14))},
        url_in_b=lambda w: f"/supervision/agreements/{_agreement_b(w).pk}/pauses/",
    ),
    "supervision:agreement-end": Row(
        lambda w: f"/supervision/agreements/{_agreement_a(w).pk}/end/",
        obj(*MANAGERS, ok=302),
        method="post",
        data=_date("ends_on", TODAY),
        url_in_b=lambda w: f"/supervision/agreements/{_agreement_b(w).pk}/end/",
    ),
    "supervision:session-detail": Row(
        lambda w: f"/supervision/sessions/{_scheduled(_agreement_a(w))}/",
        IN_ROOM_OR_MANAGING,
        url_in_b=lambda w: f"/supervision/sessions/{_scheduled(_agreement_b(w))}/",
    ),
    # Only the supervisor (the team manager here) records a session.
    "supervision:session-record": Row(
        lambda w: f"/supervision/sessions/{_scheduled(_agreement_a(w))}/record/",
        {**IN_ROOM_OR_MANAGING, "practitioner": 403, "service_lead": 403, "org_admin": 403},
        url_in_b=lambda w: f"/supervision/sessions/{_scheduled(_agreement_b(w))}/record/",
    ),
    "supervision:session-cancel": Row(
        lambda w: f"/supervision/sessions/{_scheduled(_agreement_a(w))}/cancel/",
        {**IN_ROOM_OR_MANAGING, "practitioner": 403},
        url_in_b=lambda w: f"/supervision/sessions/{_scheduled(_agreement_b(w))}/cancel/",
    ),
    # Only the supervisee confirms the record.
    "supervision:session-confirm": Row(
        lambda w: f"/supervision/sessions/{_held(_agreement_a(w)).pk}/confirm/",
        {**obj("practitioner", ok=302), "team_manager": 403, "union_rep": 404},
        method="post",
        url_in_b=lambda w: f"/supervision/sessions/{_held(_agreement_b(w)).pk}/confirm/",
    ),
    # An empty form comes back with its errors for the supervisor.
    "supervision:case-discussion-add": Row(
        lambda w: f"/supervision/sessions/{_held(_agreement_a(w)).pk}/cases/",
        {**IN_ROOM_OR_MANAGING, "practitioner": 403, "service_lead": 403, "org_admin": 403},
        method="post",
        url_in_b=lambda w: f"/supervision/sessions/{_held(_agreement_b(w)).pk}/cases/",
    ),
    # Actions belong to the room: a lead outside it gets 404 too.
    "supervision:action-done": Row(
        lambda w: f"/supervision/actions/{_action(_agreement_a(w))}/done/",
        {
            **obj("practitioner", "team_manager", ok=302),
            "union_rep": 404,
            **dict.fromkeys(LEADS, 404),
        },
        method="post",
        url_in_b=lambda w: f"/supervision/actions/{_action(_agreement_b(w))}/done/",
    ),
    "supervision:compliance": Row(
        lambda w: "/supervision/compliance/", only("union_rep", *LEADS, "outsider")
    ),
    "supervision:compliance-csv": Row(
        lambda w: "/supervision/compliance/export.csv", only("union_rep", *LEADS, "outsider")
    ),
}
