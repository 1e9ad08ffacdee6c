"""The `openocmw` command."""

import json
from pathlib import Path

from openocmw.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def test_leefloon_command_prints_the_result_as_json(capsys):
    assert main(["leefloon", str(EXAMPLES / "01_single_no_income.json"), "--explain"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["right"]["code"] == "leefloon" and out["rules_version"]
    assert out["explanation_text"]


def test_leefloon_command_bad_input_exits_2_naming_the_field(capsys):
    assert main(["leefloon", str(EXAMPLES / "27_bad_input_negative_amount.json")]) == 2
    assert "amount" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys):
    assert main(["frobnicate"]) == 2
    assert "unknown command" in capsys.readouterr().err


def test_help(capsys):
    assert main([]) == 0
    assert "openocmw run" in capsys.readouterr().out


def test_audit_verify_through_the_command(db, capsys, actor_a):
    from openocmw.accounts import audit

    audit.record(actor_a, "view", object_type="person", object_id=1)
    assert main(["audit", "verify"]) == 0
    assert "audit log intact" in capsys.readouterr().out
