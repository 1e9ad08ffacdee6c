"""`openocmw rules check` and `openocmw rules index` (issue 8, point 8).

The index runs are made on a copy of the parameter tree (`--parameters`), never on the real one.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from openocmw.cli import main as openocmw_main
from openocmw.rules import facade
from openocmw.rules.maintenance import DEFAULT_ROOTS, PARAMETERS_DIR
from openocmw.rules.maintenance_command import main
from openocmw.rules.situation import SUPPORTED_RANGE
from openocmw.rules.system import LeefloonSystem

FILES = [path for root in DEFAULT_ROOTS for path in sorted(root.rglob("*.yaml"))]
FOLLOWING = {
    "leefloon/amount/category_1.yaml",
    "leefloon/amount/category_2.yaml",
    "leefloon/amount/category_3.yaml",
    "leefloon/exemptions/spi/monthly_amount.yaml",
    "leefloon/exemptions/spi/artist_yearly_amount.yaml",
    "leefloon/exemptions/spi/student_monthly_amount.yaml",
}
SOURCE = "https://www.mi-is.be/nl/actueel/voorbeeld-indexering"


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        _relative(path, root): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _last_day(path: Path) -> date:
    return max(date.fromisoformat(str(key)) for key in _load(path)["values"])


def _next_date() -> date:
    """The first of the month after the latest value of any parameter following the index."""
    latest = max(_last_day(PARAMETERS_DIR / name) for name in FOLLOWING)
    year, month = (latest.year + 1, 1) if latest.month == 12 else (latest.year, latest.month + 1)
    return date(year, month, 1)


@pytest.fixture
def tree(tmp_path) -> Path:
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_DIR, copy)
    return copy


def _index(tree: Path, *extra: str, on: date | None = None) -> list[str]:
    on = on or _next_date()
    return [
        "index",
        "--date",
        on.isoformat(),
        "--factor",
        "1.02",
        "--source",
        SOURCE,
        "--published",
        "2026-02-20",
        "--parameters",
        str(tree),
        *extra,
    ]


# --- follows_index on every file -----------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_parameter_file_says_whether_it_follows_the_index(path):
    metadata = _load(path)["metadata"]
    assert isinstance(metadata.get("follows_index"), bool)
    assert metadata.get("follows_index_note"), "say why (or why not)"


def test_only_the_indexed_amounts_follow_the_index():
    following = {
        _relative(path, PARAMETERS_DIR)
        for path in PARAMETERS_DIR.rglob("*.yaml")
        if _load(path)["metadata"]["follows_index"]
    }
    assert following == FOLLOWING
    # The general exemption (art. 22, §2) is a fixed amount: 155 / 250 / 310 since 2013.
    assert not _load(PARAMETERS_DIR / "leefloon/exemptions/general/category_1.yaml")["metadata"][
        "follows_index"
    ]


# --- rules check ---------------------------------------------------------------------------


def test_check_passes_on_the_built_in_tree(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Resultaat: geen fouten." in out
    assert "leefloon/amount/category_1.yaml: berekende waarden" in out  # derived values listed
    assert openocmw_main(["rules", "check", "--lang", "fr"]) == 0
    assert "Résultat : aucune erreur." in capsys.readouterr().out


def test_check_reports_the_verified_date(capsys):
    main(["check"])
    out = capsys.readouterr().out
    from openocmw.rules import VERIFIED_UNTIL

    assert f"Bedragen gecontroleerd tot {VERIFIED_UNTIL.isoformat()}" in out


def test_check_fails_on_a_missing_follows_index(tree, capsys):
    path = tree / "leefloon/resources/capital/lower_rate.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^\s+follows_index: .*\n", "", text), encoding="utf-8")
    assert main(["check", "--parameters", str(tree)]) == 1
    out = capsys.readouterr().out
    assert (
        "FOUT parameters/leefloon/resources/capital/lower_rate.yaml: metadata.follows_index" in out
    )
    assert "Resultaat: 1 fout(en)." in out


def test_check_fails_on_a_coverage_gap(tree, capsys):
    path = tree / "leefloon/exemptions/general/category_2.yaml"
    data = _load(path)
    first = next(iter(data["values"]))
    text = path.read_text(encoding="utf-8").replace(f"'{first}':", "'2014-03-01':", 1)
    path.write_text(text, encoding="utf-8")
    assert _load(path)["values"].get("2014-03-01") is not None
    assert main(["check", "--parameters", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "general/category_2.yaml: geen waarde van 2013-01-01 tot 2014-02-28" in out


def test_check_fails_on_a_value_starting_inside_a_month(tree, capsys):
    path = tree / "leefloon/amount/category_1.yaml"
    text = path.read_text(encoding="utf-8").replace("'2022-03-01':", "'2022-03-15':", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--parameters", str(tree), "--lang", "fr"]) == 1
    assert "la valeur du 2022-03-15 ne commence pas le premier du mois" in capsys.readouterr().out


def test_check_fails_on_a_value_without_source(tree, capsys):
    path = tree / "leefloon/eligibility/minimum_age.yaml"
    data = _load(path)
    for entry in data["values"].values():
        entry["metadata"].pop("reference")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["check", "--parameters", str(tree)]) == 1
    assert "minimum_age.yaml: waarde op" in capsys.readouterr().out


# --- rules index ---------------------------------------------------------------------------


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _expected(path: Path, factor: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(base, new coefficient, new value) from the last value's stated computation."""
    last = list(_load(path)["values"].values())[-1]
    numbers = re.findall(r"\d+\.\d+", last["metadata"]["computation"])
    base, coefficient = Decimal(numbers[0]), Decimal(numbers[1])
    new_coefficient = (coefficient * factor).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return base, new_coefficient, _cents(base * new_coefficient)


def test_index_writes_every_following_parameter_and_none_other(tree, capsys):
    before = {path: path.read_text(encoding="utf-8") for path in tree.rglob("*.yaml")}
    expected = {name: _expected(tree / name, Decimal("1.02")) for name in FOLLOWING}
    on = _next_date()
    assert main(_index(tree)) == 0
    out = capsys.readouterr().out
    for path, old in before.items():
        name = _relative(path, tree)
        new = path.read_text(encoding="utf-8")
        if name not in FOLLOWING:
            assert new == old, f"{name} does not follow the index and must not change"
            continue
        assert f"+++ b/parameters/{name}" in out  # the diff is printed
        values = _load(path)["values"]
        entry = values[on.isoformat()]
        base, coefficient, value = expected[name]
        assert Decimal(str(entry["value"])) == value, name
        metadata = entry["metadata"]
        assert metadata["reference"] == [
            {"title": metadata["reference"][0]["title"], "href": SOURCE}
        ]
        assert metadata["publication_date"] == "2026-02-20"
        assert f"{base}" in metadata["computation"] and f"{coefficient}" in metadata["computation"]
        assert "derived" not in metadata
        # Everything before the new block is the old file (comments, order, quoting kept),
        # apart from the date up to which the amounts are verified.
        assert _without_valid_on(new).startswith(_without_valid_on(old))
        assert _load(path)["metadata"].get("last_value_still_valid_on", on.isoformat()) >= (
            on.isoformat()
        )


def _without_valid_on(text: str) -> str:
    return re.sub(r"(?m)^\s+last_value_still_valid_on: .*\n", "", text)


def test_index_gives_the_expected_file(tree):
    """The exact block appended to category 1, in the file's own layout."""
    on = _next_date()
    path = tree / "leefloon/amount/category_1.yaml"
    old = path.read_text(encoding="utf-8")
    base, coefficient, value = _expected(path, Decimal("1.02"))
    stand = re.search(
        r"stand (\d{4}-\d{2}-\d{2})",
        list(_load(path)["values"].values())[-1]["metadata"]["computation"],
    ).group(1)
    assert main([*_index(tree), "--title", "Omzendbrief POD MI (voorbeeld)", "--unverified"]) == 0
    block = (
        f"  '{on.isoformat()}':\n"
        f"    value: {float(value)!r}\n"
        "    metadata:\n"
        "      reference:\n"
        "      - title: Omzendbrief POD MI (voorbeeld)\n"
        f"        href: {SOURCE}\n"
        "      publication_date: '2026-02-20'\n"
        f"      computation: basisbedrag {base} (art. 2 KB 3 september 2004, stand {stand}) x "
        f"indexcoëfficiënt {coefficient} (sinds {on.isoformat()}) = {value}, afgerond op de cent\n"
        "      derived: Berekend met 'openocmw rules index' uit de vorige waarde en de factor 1.02"
        " van de bron; het bedrag zelf is niet in een bron gezien.\n"
    )
    assert path.read_text(encoding="utf-8") == old + block  # --unverified: valid_on unchanged


def test_index_keeps_comments(tree):
    path = tree / "leefloon/exemptions/spi/monthly_amount.yaml"
    text = "# Onderhouden door de functioneel beheerder.\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert main(_index(tree)) == 0
    assert path.read_text(encoding="utf-8").startswith(
        "# Onderhouden door de functioneel beheerder.\n"
    )


def test_indexed_tree_loads_and_computes_the_new_amounts(tree, monkeypatch):
    on = _next_date()
    if on > SUPPORTED_RANGE[1]:
        pytest.skip("the next index date lies after the supported range")
    _base, _coefficient, value = _expected(
        tree / "leefloon/amount/category_2.yaml", Decimal("1.02")
    )
    assert main(_index(tree)) == 0
    system = LeefloonSystem(parameters_dir=tree)
    assert system.parameters.leefloon.amount.category_2(on.isoformat()) == float(value)
    monkeypatch.setattr(facade, "get_system", lambda reform=None: system)
    situation = {
        "reference_date": on.replace(day=calendar.monthrange(on.year, on.month)[1]).isoformat(),
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
    result = facade.calculate(situation).to_dict()
    assert Decimal(str(result["monthly_amount"])) == _cents(value / 12)


def test_dry_run_prints_and_writes_nothing(tree, capsys):
    before = _tree_digest(tree)
    assert main([*_index(tree), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/parameters/leefloon/amount/category_3.yaml" in out
    assert "Proefdraai: 6 parameters zouden geïndexeerd worden; niets geschreven." in out
    assert _tree_digest(tree) == before


def test_the_same_indexation_twice_is_refused(tree, capsys):
    assert main(_index(tree)) == 0
    capsys.readouterr()
    before = _tree_digest(tree)
    assert main(_index(tree)) == 2
    err = capsys.readouterr().err
    assert "--date: de datum moet na de laatste waarde liggen" in err
    assert "--date : la date doit être postérieure à la dernière valeur" in err
    assert _tree_digest(tree) == before


def _replace(argv: list[str], option: str, value: str | None) -> list[str]:
    argv = list(argv)
    position = argv.index(option)
    if value is None:
        del argv[position : position + 2]
    else:
        argv[position + 1] = value
    return argv


BAD_INPUT = [
    ("--factor", "abc", "is geen getal", "n'est pas un nombre"),
    ("--factor", "nan", "is geen getal", "n'est pas un nombre"),
    ("--factor", "1,02", "is geen getal", "n'est pas un nombre"),
    ("--factor", "2", "tussen 0.5 en 1.5", "entre 0.5 et 1.5"),
    ("--factor", "0.4", "tussen 0.5 en 1.5", "entre 0.5 et 1.5"),
    ("--factor", None, "--factor ontbreekt", "--factor manque"),
    ("--date", "2026-09-15", "eerste dag van een maand", "premier jour d'un mois"),
    ("--date", "2026-13-01", "geen geldige datum", "n'est pas une date valide"),
    ("--date", "2020-01-01", "na de laatste waarde", "postérieure à la dernière valeur"),
    ("--date", None, "--date ontbreekt", "--date manque"),
    ("--source", None, "--source ontbreekt", "--source manque"),
    ("--source", "  ", "--source ontbreekt", "--source manque"),
    ("--source", "POD MI omzendbrief", "webadres", "adresse web"),
    ("--published", None, "--published ontbreekt", "--published manque"),
    ("--published", "20/02/2026", "geen geldige datum", "n'est pas une date valide"),
    ("--parameters", "/nonexistent/dir", "geen map", "n'est pas un dossier"),
]


@pytest.mark.parametrize(
    ("option", "value", "nl", "fr"), BAD_INPUT, ids=[f"{o}={v}" for o, v, _n, _f in BAD_INPUT]
)
def test_bad_input_names_the_option_exits_2_and_writes_nothing(tree, capsys, option, value, nl, fr):
    before = _tree_digest(tree)
    assert main(_replace(_index(tree), option, value)) == 2
    err = capsys.readouterr().err
    assert option in err and nl in err and fr in err
    assert _tree_digest(tree) == before


def test_unknown_option_is_refused_in_dutch_and_french(tree, capsys):
    assert main([*_index(tree), "--frobnicate"]) == 2
    err = capsys.readouterr().err
    assert "Ongeldige opdracht: --frobnicate" in err and "Commande invalide : --frobnicate" in err
    assert "unrecognized" not in err
    assert main([]) == 2


def test_note_is_kept_with_the_new_values(tree):
    on = _next_date()
    note = "Bronnen verschillen over de ingangsdatum:\nzie de omzendbrief."
    assert main([*_index(tree), "--note", note, "--title", "Omzendbrief\n POD MI"]) == 0
    entry = _load(tree / "leefloon/amount/category_3.yaml")["values"][on.isoformat()]
    assert (
        entry["metadata"]["note"] == "Bronnen verschillen over de ingangsdatum: zie de omzendbrief."
    )
    assert entry["metadata"]["reference"][0]["title"] == "Omzendbrief POD MI"


def test_a_tree_that_no_longer_loads_is_restored(tree, capsys, monkeypatch):
    from openocmw.rules import maintenance_command

    before = _tree_digest(tree)
    monkeypatch.setattr(maintenance_command, "_load_problem", lambda root: "kapot / cassé")
    assert main(_index(tree)) == 1
    err = capsys.readouterr().err
    assert "niets gewijzigd" in err and "rien n'a été modifié" in err
    assert _tree_digest(tree) == before
