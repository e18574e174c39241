"""The vocabulary of the permission matrix: personas, expectations and rows.

Rows live beside the test: the core rows in ``test_permission_matrix.py`` and
one module per area in ``tests/matrix_rows/``, each defining ``ROWS``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from safeworkload.testing import World

ORG_ROLES = ["practitioner", "team_manager", "service_lead", "union_rep", "org_admin"]
REGIONAL = ["inspector", "bank_coordinator", "bank_worker"]
# The regional roles with can_view_region: a bank worker sees only their own offers.
REGION_READERS = ("inspector", "bank_coordinator")
PERSONAS = ["anonymous", *ORG_ROLES, *REGIONAL, "no_role", "outsider"]
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def only(*roles: str, ok: int = 200) -> dict[str, int]:
    """``ok`` for the roles named, 403 for every other signed-in persona."""
    expected = {persona: 403 for persona in SIGNED_IN}
    expected.update({role: ok for role in roles})
    return expected


def obj(*roles: str, ok: int = 200) -> dict[str, int]:
    """For a URL naming one of A's objects: anyone outside A gets 404, as if it did not exist."""
    return {
        **only(*roles, ok=ok),
        "inspector": 404,
        "bank_coordinator": 404,
        "bank_worker": 404,
        "no_role": 404,
        "outsider": 404,
    }


EVERYONE = only(*SIGNED_IN)
LEADS = ("service_lead", "org_admin")
ADMIN = ("org_admin",)


@dataclass
class Row:
    url: Callable[[World], str]
    expect: dict[str, int]
    method: str = "get"
    # For a URL that names one of A's objects: the same URL for B's object.
    url_in_b: Callable[[World], str] | None = None
    public: bool = False
    data: dict[str, str] = field(default_factory=dict)
