"""The `openocmw leefloon` command (module openocmw.rules.command)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openocmw.rules.command import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_prints_json(capsys):
    assert main([str(EXAMPLES / "01_single_no_income.json")]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["monthly_amount"] == "817.36"
    assert "explanation_text" not in output


def test_explain_in_french(capsys):
    assert main([str(EXAMPLES / "06_wages_with_spi.json"), "--explain", "--lang", "fr"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert "Immunisation socio-professionnelle" in output["explanation_text"]


def test_explain_and_errors_in_german(capsys):
    assert main([str(EXAMPLES / "06_wages_with_spi.json"), "--explain", "--lang", "de"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert "Sozialberufliche Freistellung" in output["explanation_text"]
    assert "Königlicher Erlass vom 11. Juli 2002" in output["explanation_text"]
    bad = EXAMPLES / "27_bad_input_negative_amount.json"
    assert main([str(bad), "--lang", "de"]) == 2
    assert "darf nicht negativ sein" in capsys.readouterr().err


def test_reads_stdin(monkeypatch, capsys):
    text = (EXAMPLES / "02_cohabitant_sibling.json").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["category"]["number"] == 1


def test_bad_input_exit_code_2(capsys):
    assert main([str(EXAMPLES / "26_bad_input_child_older_than_parent.json")]) == 2
    err = capsys.readouterr().err
    assert "household.members[0].birth_date" in err
    assert "ouder dan zijn ouder" in err and "plus âgé que son parent" in err


def test_invalid_json_and_missing_file(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main([str(broken)]) == 2
    assert main([str(tmp_path / "absent.json")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
