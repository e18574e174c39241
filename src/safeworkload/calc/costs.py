"""What staff cost an employer, and the gap between required, funded and in post.

Pay is a full-time salary for the grade a role is paid on. An employer pays
more than the salary (the on-costs), and every rate is an explicit parameter,
because rates change every April and differ by pension fund:

- employer's National Insurance: ``employer_ni_rate`` on the salary above the
  secondary threshold ``ni_threshold`` (a year); nothing below it;
- pension: ``pension_rate`` on the whole salary (the Local Government Pension
  Scheme sets a rate per fund, commonly between 15% and 25%);
- anything else charged on pay, such as the apprenticeship levy: ``other_rate``
  on the whole salary.

The cost of an FTE is the cost of one full-time post. National Insurance is
per person, so a part-time post has more of its pay under the threshold and
costs a little less per FTE than this; costing by FTE errs on the safe side.

The gap, for each role (reference/02 §5 point 5, reference/03 §3):

- unfunded = required - funded: the posts a budget does not yet pay for;
- vacant = funded - in post: posts paid for and not filled;
- shortfall = required - in post: the people missing to meet the need.

Each is priced at the role's cost per FTE; a negative figure is a surplus.
Figures are kept unrounded; round only to show.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OnCosts:
    employer_ni_rate: float
    ni_threshold: float
    pension_rate: float
    other_rate: float = 0.0

    def __post_init__(self) -> None:
        rates = (self.employer_ni_rate, self.pension_rate, self.other_rate)
        if any(not 0 <= rate < 1 for rate in rates):
            raise ValueError("On-cost rates must be at least 0 and below 1.")
        if self.ni_threshold < 0:
            raise ValueError("The National Insurance threshold cannot be negative.")


@dataclass(frozen=True)
class EmployerCost:
    salary: float
    employer_ni: float
    pension: float
    other: float

    @property
    def on_costs(self) -> float:
        return self.employer_ni + self.pension + self.other

    @property
    def total(self) -> float:
        return self.salary + self.on_costs

    @property
    def on_cost_percent(self) -> float:
        """On-costs as a percentage of salary (0 for an unpaid post)."""
        return self.on_costs / self.salary * 100 if self.salary else 0.0


def employer_cost(salary: float, on_costs: OnCosts) -> EmployerCost:
    """A full-time post's cost a year: salary, employer's NI, pension and other on-costs."""
    if salary < 0:
        raise ValueError("A salary cannot be negative.")
    return EmployerCost(
        salary=salary,
        employer_ni=max(0.0, salary - on_costs.ni_threshold) * on_costs.employer_ni_rate,
        pension=salary * on_costs.pension_rate,
        other=salary * on_costs.other_rate,
    )


def cost_per_fte(salary: float, on_costs: OnCosts) -> float:
    return employer_cost(salary, on_costs).total


def costs_by_grade(salaries: Mapping[str, float], on_costs: OnCosts) -> dict[str, EmployerCost]:
    """The cost of a full-time post on each grade."""
    return {grade: employer_cost(salary, on_costs) for grade, salary in salaries.items()}


@dataclass(frozen=True)
class RoleGap:
    role: str
    required: float
    funded: float
    in_post: float
    cost_per_fte: float

    @property
    def unfunded(self) -> float:
        return self.required - self.funded

    @property
    def vacant(self) -> float:
        return self.funded - self.in_post

    @property
    def shortfall(self) -> float:
        return self.required - self.in_post

    @property
    def unfunded_cost(self) -> float:
        return self.unfunded * self.cost_per_fte

    @property
    def vacant_cost(self) -> float:
        return self.vacant * self.cost_per_fte

    @property
    def shortfall_cost(self) -> float:
        return self.shortfall * self.cost_per_fte


@dataclass(frozen=True)
class StaffingGap:
    roles: tuple[RoleGap, ...]

    @property
    def unfunded_cost(self) -> float:
        return sum(row.unfunded_cost for row in self.roles)

    @property
    def vacant_cost(self) -> float:
        return sum(row.vacant_cost for row in self.roles)

    @property
    def shortfall_cost(self) -> float:
        return sum(row.shortfall_cost for row in self.roles)

    @property
    def required_cost(self) -> float:
        return sum(row.required * row.cost_per_fte for row in self.roles)

    @property
    def funded_cost(self) -> float:
        return sum(row.funded * row.cost_per_fte for row in self.roles)


def staffing_gap(
    *,
    required: Mapping[str, float],
    funded: Mapping[str, float],
    in_post: Mapping[str, float],
    cost_per_fte: Mapping[str, float],
) -> StaffingGap:
    """The gap for every role named in any of the three counts; a role missing
    from a count has 0 there. Every role needs a cost."""
    roles = list(dict.fromkeys([*required, *funded, *in_post]))
    missing = [role for role in roles if role not in cost_per_fte]
    if missing:
        raise ValueError(f"No cost per FTE for roles: {', '.join(missing)}")
    counts = (required, funded, in_post)
    if any(value < 0 for count in counts for value in count.values()):
        raise ValueError("FTE cannot be negative.")
    return StaffingGap(
        roles=tuple(
            RoleGap(
                role=role,
                required=required.get(role, 0.0),
                funded=funded.get(role, 0.0),
                in_post=in_post.get(role, 0.0),
                cost_per_fte=cost_per_fte[role],
            )
            for role in roles
        )
    )
