"""The 'amounts not verified' warning fires only after the verified range (issue 8, point 7)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from openocmw.rules import SUPPORTED_RANGE, VERIFIED_UNTIL, calculate

SITUATION = {
    "applicant": {
        "birth_date": "1985-04-12",
        "residence_status": "belgian",
        "conditions": {
            "actual_residence_in_belgium": True,
            "willing_to_work": True,
            "other_benefits_claimed": True,
        },
    },
    "household": {"members": []},
}


def _warnings(on: date) -> list[dict]:
    return calculate({**SITUATION, "reference_date": on.isoformat()}).to_dict()["warnings"]


def test_no_warning_in_the_month_of_a_verified_value():
    """The amounts of 1 February 2025 are verified (CPAS Sivry-Rance, CPAS Seraing): the
    warning fired on 15 February 2025 because the check compared days, not months."""
    assert _warnings(date(2025, 2, 15)) == []
    assert _warnings(date(2025, 2, 28)) == []


def test_the_verified_range_ends_at_the_end_of_a_month():
    last_day = calendar.monthrange(VERIFIED_UNTIL.year, VERIFIED_UNTIL.month)[1]
    assert VERIFIED_UNTIL.day == last_day
    assert _warnings(VERIFIED_UNTIL) == []


def test_warning_from_the_first_day_after_the_verified_range():
    later = VERIFIED_UNTIL + timedelta(days=1)
    assert later <= SUPPORTED_RANGE[1]
    warnings = _warnings(later)
    assert [item["code"] for item in warnings] == ["unverified_amounts"]
    assert VERIFIED_UNTIL.strftime("%d/%m/%Y") in warnings[0]["nl"]
    assert VERIFIED_UNTIL.strftime("%d/%m/%Y") in warnings[0]["fr"]


def test_values_after_the_verified_range_are_marked_derived():
    """A value that starts after VERIFIED_UNTIL cannot be a verified one: it must say so."""
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2] / "src" / "openocmw" / "rules" / "parameters"
    later = []
    for path in sorted(root.rglob("*.yaml")):
        for key, entry in yaml.safe_load(path.read_text(encoding="utf-8"))["values"].items():
            if date.fromisoformat(str(key)) > VERIFIED_UNTIL:
                later.append(path.name)
                assert (entry.get("metadata") or {}).get("derived"), f"{path.name} {key}"
    assert later  # the derived indexation of 1 March 2026 is there


def test_march_2026_amounts_are_applied_with_the_warning():
    """1 March 2026: +2% after the pivot index was passed in December 2025 (BX1, 10 March 2026;
    programme law of 18 July 2025 via Securex); derived, so the warning stays."""
    result = calculate({**SITUATION, "reference_date": "2026-03-15"}).to_dict()
    assert result["monthly_amount"] == "1340.47"  # 9058.25 x 1.7758 = 16085.64; / 12
    assert [item["code"] for item in result["warnings"]] == ["unverified_amounts"]
