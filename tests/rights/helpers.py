"""Build small populations from readable household descriptions."""

from __future__ import annotations

import numpy as np

from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER, S
from openocmw.rules.rights.screening import Population

ROLES = {"head": HEAD, "partner": PARTNER, "child": CHILD, "other": OTHER}


def person(
    age, role="head", status="belgian", net=0.0, gross=0.0, disability=0, debt=0, receives=()
):
    return {
        "age": age,
        "role": ROLES[role],
        "status": S[status],
        "income_net_monthly": np.nan if net is None else net,
        "income_gross_yearly": np.nan if gross is None else gross,
        "disability_allowance": -1 if disability is None else disability,
        "debt_mediation": -1 if debt is None else debt,
        "receives": set(receives),
    }


def population(households: list[list[dict]], ocmw=None) -> Population:
    rows = [(h, p) for h, members in enumerate(households) for p in members]
    columns = {"household": np.array([h for h, _ in rows], np.int64)}
    for name in (
        "age",
        "role",
        "status",
        "income_net_monthly",
        "income_gross_yearly",
        "disability_allowance",
        "debt_mediation",
    ):
        columns[name] = np.array([p[name] for _, p in rows])
    codes = {code for _, p in rows for code in p["receives"]}
    receives = {code: np.array([code in p["receives"] for _, p in rows]) for code in codes}
    return Population.from_columns(columns, receives, ocmw=ocmw)
