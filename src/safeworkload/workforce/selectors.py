from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from safeworkload.organisations.models import Organisation
from safeworkload.workforce.models import Post

ZERO = Decimal("0")


@dataclass(frozen=True)
class VacancyFigures:
    funded_fte: Decimal
    vacant_fte: Decimal
    vacant_posts: int
    covered_by_agency_fte: Decimal

    @property
    def vacancy_rate(self) -> Decimal:
        """Vacant funded FTE as a share of all funded FTE, across every job role.

        DfE's published rate counts child and family social workers only and
        uses the FTE of the people in post; docs/standards.md sets out the gap.
        """
        if not self.funded_fte:
            return ZERO
        return (self.vacant_fte * 100 / self.funded_fte).quantize(Decimal("0.1"))


def _sum(expression: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), ZERO, output_field=DecimalField())


def vacancy_figures(*, organisations: list[Organisation]) -> dict[int, VacancyFigures]:
    vacant = Q(holder__isnull=True)
    rows = (
        Post.objects.filter(organisation__in=organisations)
        .values("organisation")
        .annotate(
            funded=_sum("funded_fte"),
            vacant_fte=_sum("funded_fte", vacant),
            vacant_posts=Count("pk", filter=vacant),
            agency=_sum("funded_fte", vacant & Q(cover=Post.Cover.AGENCY)),
        )
    )
    by_id = {row["organisation"]: row for row in rows}
    empty = {"funded": ZERO, "vacant_fte": ZERO, "vacant_posts": 0, "agency": ZERO}
    return {
        o.pk: VacancyFigures(
            funded_fte=by_id.get(o.pk, empty)["funded"],
            vacant_fte=by_id.get(o.pk, empty)["vacant_fte"],
            vacant_posts=by_id.get(o.pk, empty)["vacant_posts"],
            covered_by_agency_fte=by_id.get(o.pk, empty)["agency"],
        )
        for o in organisations
    }


def vacancy_list(*, organisation: Organisation) -> QuerySet[Post]:
    return (
        Post.objects.filter(organisation=organisation, holder__isnull=True)
        .select_related("team")
        .order_by("vacant_since")
    )
