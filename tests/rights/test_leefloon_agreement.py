"""The screening's leefloon check agrees with the leefloon calculation itself (rules.calculate)
on the situations it can see: a person alone or with a partner, living on benefits.

Law of 26 May 2002, art. 14 and 16; KB 11 July 2002, art. 22 §2 (the general exemption only
applies below the category amount, so the right exists exactly when the resources before
exemption are below it) and art. 34 (the partner's resources count).
"""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.rules import calculate
from openocmw.rules.rights.screening import screen

from .helpers import person, population

ON = date(2025, 3, 1)
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}


def _benefit(amount):
    return [{"kind": "unemployment_benefit", "amount": amount, "period": "month"}]


def _leefloon_right(own: float, partner: float | None) -> bool:
    members = []
    if partner is not None:
        members.append(
            {
                "relation": "partner",
                "birth_date": "1983-02-01",
                "shares_household": True,
                "resources": _benefit(partner),
            }
        )
    situation = {
        "reference_date": ON.isoformat(),
        "applicant": {
            "birth_date": "1985-04-12",
            "residence_status": "belgian",
            "conditions": CONDITIONS,
            "resources": _benefit(own),
        },
        "household": {"members": members},
    }
    return calculate(situation).to_dict()["right"]["code"] == "leefloon"


@pytest.mark.parametrize("own", [0, 500, 1000, 1300, 1314.19, 1314.20, 1320, 2000])
def test_alone(own):
    pop = population([[person(39, net=own)]])
    screened = 0 in screen(pop, ON, ["leefloon"]).rights["leefloon"].enr_ids.tolist()
    assert screened == _leefloon_right(own, None)


@pytest.mark.parametrize(("own", "partner"), [(0, 0), (0, 800), (300, 575), (300, 600), (0, 900)])
def test_with_a_partner(own, partner):
    pop = population([[person(39, net=own), person(41, "partner", net=partner)]])
    screened = 0 in screen(pop, ON, ["leefloon"]).rights["leefloon"].enr_ids.tolist()
    assert screened == _leefloon_right(own, partner)
