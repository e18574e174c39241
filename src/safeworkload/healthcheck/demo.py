"""Two rounds of the workload health check for each demo employer.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the people exist. For each employer: a closed wave last year and a
closed wave this year on the standard practitioner survey, everyone in post
invited by link, about 55% answering (reference/01 section 2.2: the national
survey's organisations see roughly half their staff answer), and this year's
self-assessment against the eight standards.

The answers are drawn to give the reports something true-to-life to show:

- many work beyond their contracted hours (a few hours a week, more in
  pressed teams);
- about a third say they needed supervision last month and could not get it;
- the management-culture items move with a "climate" per team, so teams
  differ, and improve a little from last year to this;
- small teams give fewer responses than the minimum group, so the report
  has groups to hide;
- some people prefer not to say their team, role, grade or experience.

Comments describe conditions and never name anyone. As in real use, nothing
links a response to the invitation of the person it was drawn for: responses
are shuffled and written apart from the invitations.
"""

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import (
    Answer,
    Comment,
    Finding,
    Instrument,
    Invitation,
    PlanAction,
    Question,
    Rating,
    Response,
    SelfAssessment,
    Survey,
)
from safeworkload.healthcheck.selectors.report import survey_report
from safeworkload.healthcheck.selectors.report_findings import generate_findings
from safeworkload.organisations.models import Membership, Person, Team
from safeworkload.organisations.roles import Role

RESPONSE_RATE = 0.55
COULD_NOT_GET_SUPERVISION = 1 / 3
WORKS_OVER_SHARE = 0.7
COMMENT_SHARE = 0.25
PREFER_NOT_SHARE = 0.1
# Weeks the survey stays open; it opens this many weeks before it closes.
OPEN_WEEKS = 4
NOT_CASE_HOLDERS = {
    Person.JobRole.ADMINISTRATOR,
    Person.JobRole.TEAM_MANAGER,
    Person.JobRole.SERVICE_LEAD,
}

COMMENTS: tuple[str, ...] = (
    "Duty weeks mean I cannot get to my own cases, and visits slip.",
    "Supervision is often cancelled at short notice because of crises in the team.",
    "The recording system takes longer than the visit. Admin support would help.",
    "My manager is supportive but has too many people to supervise properly.",
    "I work most evenings to keep up with case notes.",
    "The team is kind and we cover for each other, but we are tired.",
    "New cases are allocated without asking what I already hold.",
    "Agency colleagues leave with little notice and their cases come to us.",
    "Training is good when I can get to it, but there is no cover.",
    "Changes to the front door were announced, not discussed.",
    "I feel listened to by my manager, less so by senior leaders.",
    "Hospital discharge pressure means assessments are rushed.",
)
EVIDENCE: tuple[str, ...] = (
    "Practice framework published and reviewed with practitioners this year.",
    "Workforce plan agreed; vacancies in two teams still above target.",
    "Caseload standard agreed with the union; breaches reported monthly.",
    "Wellbeing offer in place; take-up is low in duty teams.",
    "Supervision audit shows most, not all, sessions happen as planned.",
    "Protected learning days in place; cover is not always found.",
    "Registration renewals tracked; every renewal completed on time.",
    "Teaching partnership with the local university; student placements up.",
)


@dataclass(frozen=True)
class HealthCheckFigures:
    surveys: int
    invitations: int
    responses: int
    answers: int
    comments: int
    could_not_get_supervision_percent: float
    worked_over_percent: float
    groups_too_small: int
    self_assessments: int
    actions: int = 0

    @property
    def response_rate_percent(self) -> float:
        return 100 * self.responses / self.invitations if self.invitations else 0.0

    def line(self) -> str:
        return (
            f"{self.surveys} health check surveys, {self.invitations} invitations, "
            f"{self.responses} responses ({self.response_rate_percent:.0f}%) with "
            f"{self.answers} answers and {self.comments} comments; "
            f"{self.worked_over_percent:.0f}% worked beyond their contracted hours and "
            f"{self.could_not_get_supervision_percent:.0f}% could not get supervision; "
            f"{self.groups_too_small} team groups too small to show; "
            f"{self.self_assessments} self-assessments; {self.actions} actions agreed with the "
            "union on last year's findings."
        )


@dataclass
class _Totals:
    surveys: int = 0
    invitations: int = 0
    responses: int = 0
    answers: int = 0
    comments: int = 0
    no_supervision: int = 0
    worked_over: int = 0
    groups_too_small: int = 0
    self_assessments: int = 0
    actions: int = 0


def healthcheck_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> HealthCheckFigures:
    """Build every employer's health check waves and self-assessment; return the figures."""
    standard = ensure_standard_instruments()
    questions = list(standard.practitioner.questions.select_related("scale"))
    totals = _Totals()
    for employer in organisations:
        climate = {team.pk: rng.gauss(0, 0.6) for team in employer.teams}
        for year, closes_on, lift in (
            (today.year - 1, today - timedelta(days=365), 0.0),
            (today.year, today - timedelta(days=7), 0.15),
        ):
            _wave(
                rng,
                employer,
                standard.practitioner,
                questions,
                climate,
                lift,
                year,
                closes_on,
                totals,
            )
        _self_assessment(rng, employer, standard.self_assessment, today.year, today)
        totals.self_assessments += 1
        totals.actions += _last_years_plan(rng, employer, today)
    return HealthCheckFigures(
        surveys=totals.surveys,
        invitations=totals.invitations,
        responses=totals.responses,
        answers=totals.answers,
        comments=totals.comments,
        could_not_get_supervision_percent=_percent(totals.no_supervision, totals.responses),
        worked_over_percent=_percent(totals.worked_over, totals.responses),
        groups_too_small=totals.groups_too_small,
        self_assessments=totals.self_assessments,
        actions=totals.actions,
    )


PLAN_ACTIONS = (
    ("Protect an hour of reflective supervision a month in every team", "Principal social worker"),
    ("Recruit two team administrators to take recording support", "Head of service"),
    ("Publish the caseload standard and each team's figures monthly", "Service lead"),
    ("Run a manager-support workshop for every team manager", "Workforce development lead"),
)


def _last_years_plan(rng: random.Random, employer: DemoEmployer, today: date) -> int:
    """Last year's findings, adopted from the figures, and the actions agreed on
    them with the union, most done: so this year's report shows what was done."""
    survey = Survey.objects.get(organisation=employer.organisation, year=today.year - 1)
    signers = {
        m.role: m.user
        for m in Membership.objects.filter(
            organisation=employer.organisation, role__in=[Role.SERVICE_LEAD, Role.UNION_REP]
        )
    }
    made = 0
    for generated in generate_findings(survey_report(survey=survey, today=today))[:2]:
        finding = Finding.objects.create(
            organisation=employer.organisation,
            survey=survey,
            area=generated.area,
            text=generated.text,
        )
        for description, owner in rng.sample(PLAN_ACTIONS, 2):
            due_on = (survey.closes_on or today) + timedelta(days=rng.randint(90, 240))
            done = due_on < today and rng.random() < 0.7
            PlanAction.objects.create(
                organisation=employer.organisation,
                finding=finding,
                description=description,
                owner=owner,
                due_on=due_on,
                status=PlanAction.Status.DONE if done else PlanAction.Status.AGREED,
                evidence="Minutes of the joint workforce meeting" if done else "",
                proposed_by=signers.get(Role.SERVICE_LEAD),
                cosigned_by=signers.get(Role.UNION_REP),
                cosigned_on=survey.closes_on,
                done_on=due_on if done else None,
            )
            made += 1
    return made


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _in_post(employer: DemoEmployer, on: date) -> list[Person]:
    return [
        p
        for p in (*employer.current, *employer.leavers)
        if p.start_date <= on and (p.end_date is None or p.end_date >= on)
    ]


def _wave(
    rng: random.Random,
    employer: DemoEmployer,
    instrument: Instrument,
    questions: list[Question],
    climate: dict[int, float],
    lift: float,
    year: int,
    closes_on: date,
    totals: _Totals,
) -> None:
    organisation = employer.organisation
    opens_on = closes_on - timedelta(weeks=OPEN_WEEKS)
    survey = Survey.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=f"Workload health check {year}",
        year=year,
        status=Survey.Status.CLOSED,
        opens_on=opens_on,
        closes_on=closes_on,
        min_group=settings.SAFEWORKLOAD_SURVEY_MIN_GROUP,
    )
    people = _in_post(employer, opens_on)
    answering = [rng.random() < RESPONSE_RATE for _ in people]
    Invitation.objects.bulk_create(
        Invitation(
            organisation=organisation,
            survey=survey,
            person=person,
            # Demo links are never sent, so any unguessable-looking hash will do.
            token_hash=hashlib.sha256(rng.randbytes(32)).hexdigest(),
            sent_on=opens_on,
            completed=answered,
        )
        for person, answered in zip(people, answering, strict=True)
    )
    respondents = [p for p, answered in zip(people, answering, strict=True) if answered]
    rng.shuffle(respondents)
    teams = {team.pk: team for team in employer.teams}
    responses, answers, comments = [], [], []
    per_team: dict[int, int] = {}
    for person in respondents:
        team = teams.get(person.team_id) if person.team_id else None
        response = _response(rng, survey, person, team, opens_on, closes_on)
        responses.append(response)
        if response.team_id:
            per_team[response.team_id] = per_team.get(response.team_id, 0) + 1
        mood = climate.get(person.team_id or 0, 0.0) + lift + rng.gauss(0, 0.5)
        values = _values(rng, person, mood)
        totals.no_supervision += values["supervision_could_not_get"] == 2
        totals.worked_over += values["hours_worked"] > values["hours_contracted"]
        for question in questions:
            if question.code == "comments":
                if rng.random() < COMMENT_SHARE:
                    comments.append(
                        Comment(
                            organisation=organisation,
                            survey=survey,
                            question=question,
                            text=rng.choice(COMMENTS),
                        )
                    )
            elif question.code in values:
                answers.append(
                    Answer(
                        organisation=organisation,
                        response=response,
                        question=question,
                        value=Decimal(str(values[question.code])),
                    )
                )
    rng.shuffle(comments)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=2000)
    Comment.objects.bulk_create(comments)
    totals.surveys += 1
    totals.invitations += len(people)
    totals.responses += len(responses)
    totals.answers += len(answers)
    totals.comments += len(comments)
    min_group = survey.min_group
    totals.groups_too_small += sum(1 for n in per_team.values() if n < min_group)


def _told(rng: random.Random, value: str) -> str:
    """What the respondent chose to say: sometimes "Prefer not to say" (stored as nothing)."""
    return "" if rng.random() < PREFER_NOT_SHARE else value


def _response(
    rng: random.Random,
    survey: Survey,
    person: Person,
    team: Team | None,
    opens_on: date,
    closes_on: date,
) -> Response:
    try:
        experience = person.experience_band(closes_on)
    except ValueError:  # qualified after this wave: not yet counted as qualified then
        experience = ""
    gives_team = team is not None and rng.random() >= PREFER_NOT_SHARE
    return Response(
        organisation=survey.organisation,
        survey=survey,
        submitted_on=opens_on + timedelta(days=rng.randrange((closes_on - opens_on).days + 1)),
        team=team if gives_team else None,
        service_area=team.service_area if team else "",
        role=_told(rng, person.job_role),
        grade=_told(rng, person.grade),
        experience=_told(rng, experience),
    )


def _agree(rng: random.Random, mood: float, *, reverse: bool = False) -> int:
    score = max(1, min(5, round(3.2 + mood + rng.gauss(0, 0.8))))
    return 6 - score if reverse else score


def _values(rng: random.Random, person: Person, mood: float) -> dict[str, float | int]:
    contracted = float(person.contracted_hours)
    over = max(0.0, rng.gauss(5 - 2 * mood, 3)) if rng.random() < WORKS_OVER_SHARE else 0.0
    holds_cases = person.job_role not in NOT_CASE_HOLDERS
    could_not_get = rng.random() < COULD_NOT_GET_SUPERVISION
    values: dict[str, float | int] = {
        "hours_contracted": contracted,
        "hours_worked": round((contracted + over) * 2) / 2,
        "caseload_now": max(0, round(rng.gauss(16, 5))) if holds_cases else 0,
        "caseload_next_month": rng.randint(1, 8) if holds_cases else 0,
        "workload_manageable": _agree(rng, mood - 0.6),
        "supervision_last_month": rng.choice((1, 2)) if could_not_get else rng.choice((2, 3, 3)),
        "supervision_could_not_get": 2 if could_not_get else 1,
        "time_with_people_percent": max(2, min(80, round(rng.gauss(24, 9)))),
        "bullying_seen": rng.choices((1, 2, 3), weights=(80, 15, 5))[0],
        "bullying_experienced": rng.choices((1, 2, 3), weights=(87, 8, 5))[0],
        "intention_to_stay": max(1, min(4, round(2.8 + mood + rng.gauss(0, 0.8)))),
    }
    return values | _culture(rng, mood)


def _culture(rng: random.Random, mood: float) -> dict[str, float | int]:
    return {
        "wellbeing_support": _agree(rng, mood),
        "wellbeing_exhausted": _agree(rng, mood - 0.3, reverse=True),
        "wellbeing_recommend": _agree(rng, mood),
        "demands_enough_time": _agree(rng, mood - 0.7),
        "demands_deadlines": _agree(rng, mood - 0.5, reverse=True),
        "demands_neglect": _agree(rng, mood - 0.5, reverse=True),
        "control_organise": _agree(rng, mood + 0.2),
        "control_judgement": _agree(rng, mood + 0.3),
        "manager_support_discuss": _agree(rng, mood * 1.5 + 0.3),
        "manager_support_feedback": _agree(rng, mood * 1.5 + 0.1),
        "manager_support_hard_times": _agree(rng, mood * 1.5 + 0.3),
        "peer_support_help": _agree(rng, mood * 0.5 + 0.9),
        "peer_support_listen": _agree(rng, mood * 0.5 + 1.0),
        "relationships_blame": _agree(rng, mood, reverse=True),
        "relationships_respect": _agree(rng, mood + 0.6),
        "relationships_tension": _agree(rng, mood + 0.2, reverse=True),
        "role_clear": _agree(rng, mood + 0.8),
        "role_conflicting": _agree(rng, mood, reverse=True),
        "change_asked": _agree(rng, mood - 0.6),
        "change_explained": _agree(rng, mood - 0.3),
    }


def _self_assessment(
    rng: random.Random, employer: DemoEmployer, instrument: Instrument, year: int, today: date
) -> None:
    organisation = employer.organisation
    lead = (
        Membership.objects.filter(organisation=organisation, role=Role.SERVICE_LEAD)
        .select_related("user")
        .first()
    )
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        instrument=instrument,
        year=year,
        completed_by=lead.user if lead else None,
        completed_on=today - timedelta(days=rng.randint(3, 20)),
    )
    Rating.objects.bulk_create(
        Rating(
            organisation=organisation,
            assessment=assessment,
            question=question,
            value=rng.choices((1, 2, 3, 4), weights=(1, 4, 4, 2))[0],
            evidence=EVIDENCE[(question.position - 1) % len(EVIDENCE)],
        )
        for question in instrument.questions.all()
    )
