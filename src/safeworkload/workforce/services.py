"""Keeping the establishment: posts, vacancies, their cover and the plans to fill them.

- A new post starts vacant. Filling it names the person who holds it from a
  date; the vacancy it had is kept as a ``FilledVacancy`` and any cover still
  running ends the day before.
- Vacating a post starts a vacancy on the day given. When the holder is
  leaving the organisation, their staff record ends the day before, so they
  count as a leaver in the turnover figures.
- A cover arrangement runs from a date; adding one ends the arrangement it
  follows the day before. ``Post.cover`` always says which kind is running
  today.

Every change writes an audit entry in the same transaction. The entries hold
identifiers, dates, hours and rates, never a person's name.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.workforce.models import (
    ActionPlan,
    ActionStep,
    FilledVacancy,
    Post,
    VacancyCover,
)

PAID = (Post.Cover.AGENCY, Post.Cover.BANK, Post.Cover.OVERTIME)


class WorkforceError(Exception):
    """A change the records do not allow; the message is for the user."""


def _audit(
    organisation: Organisation, action: str, target: Any, *, actor: Actor, **data: Any
) -> None:
    audit_record(
        organisation=organisation,
        actor=actor,
        action=action,
        target=target,
        data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()},
    )


def _post_data(post: Post) -> dict[str, Any]:
    return {
        "team": post.team_id,
        "job_role": post.job_role,
        "grade": post.grade,
        "funded_fte": str(post.funded_fte),
    }


def _same_organisation(post: Post, *others: Team | Person | None) -> None:
    for other in others:
        if other is not None and other.organisation_id != post.organisation_id:
            raise WorkforceError("Choose from this organisation's records")


# ---------------------------------------------------------------------------
# Posts


@transaction.atomic
def post_create(
    *,
    organisation: Organisation,
    actor: Actor,
    team: Team,
    job_role: str,
    grade: str,
    funded_fte: Decimal,
    vacant_since: date,
) -> Post:
    post = Post(
        organisation=organisation,
        team=team,
        job_role=job_role,
        grade=grade.strip(),
        funded_fte=funded_fte,
        vacant_since=vacant_since,
    )
    _same_organisation(post, team)
    post.save()
    _audit(
        organisation,
        "post.created",
        post,
        actor=actor,
        vacant_since=vacant_since,
        **_post_data(post),
    )
    return post


@transaction.atomic
def post_change(
    *, post: Post, actor: Actor, team: Team, job_role: str, grade: str, funded_fte: Decimal
) -> Post:
    _same_organisation(post, team)
    was = _post_data(post)
    post.team, post.job_role, post.grade, post.funded_fte = (
        team,
        job_role,
        grade.strip(),
        funded_fte,
    )
    post.save(update_fields=["team", "job_role", "grade", "funded_fte"])
    now = _post_data(post)
    changed = {key: [was[key], now[key]] for key in now if was[key] != now[key]}
    _audit(post.organisation, "post.changed", post, actor=actor, changed=changed)
    return post


@transaction.atomic
def post_vacate(*, post: Post, actor: Actor, on: date, leaving: bool = False) -> Post:
    """The holder moves on: the post is vacant from ``on``. With ``leaving``, their
    staff record ends the day before (unless it already ends earlier)."""
    holder = post.holder
    if holder is None:
        raise WorkforceError("This post is already vacant")
    if on <= holder.start_date:
        raise WorkforceError("The post can only fall vacant after its holder started")
    post.holder = None
    post.vacant_since = on
    post.cover = Post.Cover.NONE
    post.save(update_fields=["holder", "vacant_since", "cover"])
    last_day = on - timedelta(days=1)
    if leaving and (holder.end_date is None or holder.end_date > last_day):
        holder.end_date = last_day
        holder.save(update_fields=["end_date"])
    _audit(
        post.organisation,
        "post.vacated",
        post,
        actor=actor,
        holder=holder.pk,
        vacant_since=on,
        holder_left_on=last_day if leaving else None,
    )
    return post


@transaction.atomic
def post_fill(*, post: Post, actor: Actor, person: Person, on: date) -> Post:
    """``person`` holds the post from ``on``, their first day in it."""
    _same_organisation(post, person)
    if post.holder_id is not None or post.vacant_since is None:
        raise WorkforceError("This post is already filled: vacate it first")
    if on < post.vacant_since:
        raise WorkforceError(
            f"The start date must be on or after {post.vacant_since:%-d %B %Y}, "
            "when the post fell vacant"
        )
    if person.end_date is not None and person.end_date < on:
        raise WorkforceError(f"{person.full_name} left on {person.end_date:%-d %B %Y}")
    if person.employment_type not in (
        Person.EmploymentType.PERMANENT,
        Person.EmploymentType.FIXED_TERM,
    ):
        raise WorkforceError("Choose someone employed on a permanent or fixed-term contract")
    if Post.objects.filter(organisation=post.organisation, holder=person).exists():
        raise WorkforceError(f"{person.full_name} already holds a post: vacate it first")
    if post.covers.filter(starts_on__gte=on).exists():
        raise WorkforceError("A cover arrangement starts on or after this date: end it first")
    vacancy = FilledVacancy.objects.create(
        organisation=post.organisation,
        post=post,
        opened_on=post.vacant_since,
        filled_on=on,
        funded_fte=post.funded_fte,
    )
    post.covers.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on)).update(
        ends_on=on - timedelta(days=1)
    )
    post.holder, post.vacant_since, post.cover = person, None, Post.Cover.NONE
    post.save(update_fields=["holder", "vacant_since", "cover"])
    _audit(
        post.organisation,
        "post.filled",
        post,
        actor=actor,
        holder=person.pk,
        filled_on=on,
        vacant_since=vacancy.opened_on,
    )
    return post


# ---------------------------------------------------------------------------
# Cover


def _cover_sync(post: Post, today: date) -> None:
    """``Post.cover`` names the arrangement running today, or none."""
    running = (
        post.covers.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-starts_on", "-pk")
        .first()
    )
    kind = running.kind if running else Post.Cover.NONE
    if post.cover != kind:
        post.cover = kind
        post.save(update_fields=["cover"])


@transaction.atomic
def cover_add(
    *,
    post: Post,
    actor: Actor,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    hours_per_week: Decimal,
    pence_per_hour: int,
    worker: Person | None = None,
    note: str = "",
    today: date | None = None,
) -> VacancyCover:
    today = today or timezone.localdate()
    _same_organisation(post, worker)
    if post.holder_id is not None or post.vacant_since is None:
        raise WorkforceError("Only a vacant post needs cover")
    if kind not in Post.Cover.values:
        raise WorkforceError("Select how the post is covered")
    if starts_on < post.vacant_since:
        raise WorkforceError(
            f"Cover can start on {post.vacant_since:%-d %B %Y}, when the post fell vacant, or later"
        )
    if ends_on is not None and ends_on < starts_on:
        raise WorkforceError("The last day of cover must be on or after its first day")
    if kind == Post.Cover.NONE:
        hours_per_week, pence_per_hour, worker = Decimal(0), 0, None
    elif hours_per_week <= 0:
        raise WorkforceError("Enter the hours of cover a week")
    elif pence_per_hour <= 0:
        raise WorkforceError("Enter what an hour of cover costs")
    if post.covers.filter(starts_on__gte=starts_on).exists():
        raise WorkforceError("Another arrangement starts on or after this date: end it first")
    post.covers.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)).update(
        ends_on=starts_on - timedelta(days=1)
    )
    cover = VacancyCover.objects.create(
        organisation=post.organisation,
        post=post,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        pence_per_hour=pence_per_hour,
        worker=worker,
        note=note.strip(),
    )
    _cover_sync(post, today)
    _audit(
        post.organisation,
        "post.cover_added",
        post,
        actor=actor,
        cover=cover.pk,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=str(hours_per_week),
        pence_per_hour=pence_per_hour,
        worker=worker.pk if worker else None,
    )
    return cover


@transaction.atomic
def cover_end(
    *, cover: VacancyCover, actor: Actor, on: date, today: date | None = None
) -> VacancyCover:
    """The arrangement's last day is ``on``."""
    if on < cover.starts_on:
        raise WorkforceError(
            f"The last day must be on or after {cover.starts_on:%-d %B %Y}, when the cover began"
        )
    if cover.ends_on is not None and cover.ends_on < on:
        raise WorkforceError(f"This cover ended on {cover.ends_on:%-d %B %Y} already")
    cover.ends_on = on
    cover.save(update_fields=["ends_on"])
    _cover_sync(cover.post, today or timezone.localdate())
    _audit(
        cover.organisation,
        "post.cover_ended",
        cover.post,
        actor=actor,
        cover=cover.pk,
        ends_on=on,
    )
    return cover


# ---------------------------------------------------------------------------
# Action plans


def _plan_posts(organisation: Organisation, posts: list[Post]) -> list[Post]:
    if not posts:
        raise WorkforceError("Select at least one post the plan is to fill")
    if any(post.organisation_id != organisation.pk for post in posts):
        raise WorkforceError("Choose from this organisation's records")
    return posts


@transaction.atomic
def plan_create(
    *,
    organisation: Organisation,
    actor: Actor,
    title: str,
    posts: list[Post],
    owner: Person | None,
    today: date | None = None,
) -> ActionPlan:
    title = title.strip()
    if not title:
        raise WorkforceError("Enter a title for the plan")
    if owner is not None and owner.organisation_id != organisation.pk:
        raise WorkforceError("Choose from this organisation's records")
    plan = ActionPlan.objects.create(
        organisation=organisation,
        title=title,
        owner=owner,
        created_on=today or timezone.localdate(),
    )
    plan.posts.set(_plan_posts(organisation, posts))
    _audit(
        organisation,
        "action_plan.created",
        plan,
        actor=actor,
        posts=sorted(p.pk for p in posts),
        owner=owner.pk if owner else None,
    )
    return plan


@transaction.atomic
def plan_change(
    *,
    plan: ActionPlan,
    actor: Actor,
    title: str,
    posts: list[Post],
    owner: Person | None,
    status: str,
) -> ActionPlan:
    title = title.strip()
    if not title:
        raise WorkforceError("Enter a title for the plan")
    if status not in ActionPlan.Status.values:
        raise WorkforceError("Select the plan's status")
    if owner is not None and owner.organisation_id != plan.organisation_id:
        raise WorkforceError("Choose from this organisation's records")
    plan.title, plan.owner, plan.status = title, owner, status
    plan.save(update_fields=["title", "owner", "status"])
    plan.posts.set(_plan_posts(plan.organisation, posts))
    _audit(
        plan.organisation,
        "action_plan.changed",
        plan,
        actor=actor,
        status=status,
        posts=sorted(p.pk for p in posts),
        owner=owner.pk if owner else None,
    )
    return plan


def _step_check(
    plan: ActionPlan, owner: Person | None, done_on: date | None, today: date | None
) -> None:
    if owner is not None and owner.organisation_id != plan.organisation_id:
        raise WorkforceError("Choose from this organisation's records")
    if done_on is not None and done_on > (today or timezone.localdate()):
        raise WorkforceError("The date it was done must be today or in the past")


@transaction.atomic
def step_add(
    *,
    plan: ActionPlan,
    actor: Actor,
    kind: str,
    owner: Person | None,
    due_on: date,
    done_on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> ActionStep:
    if kind not in ActionStep.Kind.values:
        raise WorkforceError("Select the step")
    _step_check(plan, owner, done_on, today)
    step = ActionStep.objects.create(
        plan=plan, kind=kind, owner=owner, due_on=due_on, done_on=done_on, note=note.strip()
    )
    _audit(
        plan.organisation,
        "action_plan.step_added",
        plan,
        actor=actor,
        step=step.pk,
        kind=kind,
        due_on=due_on,
        done_on=done_on,
        owner=owner.pk if owner else None,
    )
    return step


@transaction.atomic
def step_change(
    *,
    step: ActionStep,
    actor: Actor,
    kind: str,
    owner: Person | None,
    due_on: date,
    done_on: date | None,
    note: str = "",
    today: date | None = None,
) -> ActionStep:
    if kind not in ActionStep.Kind.values:
        raise WorkforceError("Select the step")
    _step_check(step.plan, owner, done_on, today)
    step.kind, step.owner, step.due_on, step.done_on, step.note = (
        kind,
        owner,
        due_on,
        done_on,
        note.strip(),
    )
    step.save(update_fields=["kind", "owner", "due_on", "done_on", "note"])
    _audit(
        step.plan.organisation,
        "action_plan.step_changed",
        step.plan,
        actor=actor,
        step=step.pk,
        kind=kind,
        due_on=due_on,
        done_on=done_on,
        owner=owner.pk if owner else None,
    )
    return step
