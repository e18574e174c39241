"""The establishment, cover, plans to fill vacancies and the measures. Leads and
union representatives read them; leads (service leads and administrators)
change them. The vacancy list itself has its row with the core rows."""

from datetime import date
from decimal import Decimal
from typing import cast

from safeworkload.organisations.models import Team
from safeworkload.testing import PostFactory, World
from safeworkload.workforce import services
from safeworkload.workforce.models import ActionPlan, ActionStep, Post
from tests.matrix import LEADS, Row, obj, only

READERS = ("union_rep", *LEADS)


def _vacant(team: Team) -> Post:
    return cast(Post, PostFactory(team=team, holder=None, vacant_since=date(2026, 1, 5)))


def _cover(team: Team) -> str:
    post = _vacant(team)
    cover = services.cover_add(
        post=post,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=Decimal("37"),
        pence_per_hour=5200,
    )
    return f"/vacancies/posts/{post.pk}/cover/{cover.pk}/end/"


def _plan(team: Team) -> ActionPlan:
    return services.plan_create(
        organisation=team.organisation,
        actor=None,
        title="Recruit to the team",
        posts=[_vacant(team)],
        owner=None,
    )


def _step(team: Team) -> tuple[int, int]:
    plan = _plan(team)
    step = services.step_add(
        plan=plan,
        actor=None,
        kind=ActionStep.Kind.ADVERTISED,
        owner=None,
        due_on=date(2026, 2, 1),
    )
    return plan.pk, step.pk


def _post(w: World, suffix: str, team_of=lambda w: w.team_a) -> str:
    return f"/vacancies/posts/{_vacant(team_of(w)).pk}/{suffix}"


def _held(w: World) -> int:
    return Post.objects.get(holder=w.practitioner_person).pk


def _held_b(w: World) -> int:
    return cast(Post, PostFactory(team=w.team_b, holder=w.person_b)).pk


def _step_url(team: Team, suffix: str = "") -> str:
    plan, step = _step(team)
    return f"/vacancies/plans/{plan}/steps/{step}/{suffix}"


ROWS: dict[str, Row] = {
    "workforce:post-list": Row(lambda w: "/vacancies/posts/", only(*READERS, "outsider")),
    "workforce:post-csv": Row(lambda w: "/vacancies/posts/export.csv", only(*READERS, "outsider")),
    "workforce:post-create": Row(lambda w: "/vacancies/posts/new/", only(*LEADS, "outsider")),
    "workforce:post-detail": Row(
        lambda w: f"/vacancies/posts/{_held(w)}/",
        obj(*READERS),
        url_in_b=lambda w: f"/vacancies/posts/{_held_b(w)}/",
    ),
    "workforce:post-change": Row(
        lambda w: f"/vacancies/posts/{_held(w)}/change/",
        obj(*LEADS),
        url_in_b=lambda w: f"/vacancies/posts/{_held_b(w)}/change/",
    ),
    "workforce:post-vacate": Row(
        lambda w: f"/vacancies/posts/{_held(w)}/vacate/",
        obj(*LEADS),
        url_in_b=lambda w: f"/vacancies/posts/{_held_b(w)}/vacate/",
    ),
    "workforce:post-fill": Row(
        lambda w: _post(w, "fill/"),
        obj(*LEADS),
        url_in_b=lambda w: _post(w, "fill/", lambda w: w.team_b),
    ),
    "workforce:cover-add": Row(
        lambda w: _post(w, "cover/"),
        obj(*LEADS),
        url_in_b=lambda w: _post(w, "cover/", lambda w: w.team_b),
    ),
    "workforce:cover-end": Row(
        lambda w: _cover(w.team_a), obj(*LEADS), url_in_b=lambda w: _cover(w.team_b)
    ),
    "workforce:plan-list": Row(lambda w: "/vacancies/plans/", only(*READERS, "outsider")),
    "workforce:plan-create": Row(lambda w: "/vacancies/plans/new/", only(*LEADS, "outsider")),
    "workforce:plan-detail": Row(
        lambda w: f"/vacancies/plans/{_plan(w.team_a).pk}/",
        obj(*READERS),
        url_in_b=lambda w: f"/vacancies/plans/{_plan(w.team_b).pk}/",
    ),
    "workforce:plan-change": Row(
        lambda w: f"/vacancies/plans/{_plan(w.team_a).pk}/change/",
        obj(*LEADS),
        url_in_b=lambda w: f"/vacancies/plans/{_plan(w.team_b).pk}/change/",
    ),
    "workforce:step-add": Row(
        lambda w: f"/vacancies/plans/{_plan(w.team_a).pk}/steps/new/",
        obj(*LEADS),
        url_in_b=lambda w: f"/vacancies/plans/{_plan(w.team_b).pk}/steps/new/",
    ),
    "workforce:step-change": Row(
        lambda w: _step_url(w.team_a), obj(*LEADS), url_in_b=lambda w: _step_url(w.team_b)
    ),
    "workforce:step-done": Row(
        lambda w: _step_url(w.team_a, "done/"),
        obj(*LEADS, ok=302),
        method="post",
        url_in_b=lambda w: _step_url(w.team_b, "done/"),
    ),
    "workforce:measures": Row(lambda w: "/vacancies/measures/", only(*READERS, "outsider")),
    "workforce:measures-csv": Row(
        lambda w: "/vacancies/measures/export.csv", only(*READERS, "outsider")
    ),
    "workforce:costs": Row(lambda w: "/vacancies/costs/", only(*READERS, "outsider")),
    "workforce:costs-csv": Row(lambda w: "/vacancies/costs/export.csv", only(*READERS, "outsider")),
}
