"""`openocmw rules check` and `openocmw rules index`: parameter maintenance for the administrator.

    openocmw rules check [--lang nl|fr] [--parameters DIR]
    openocmw rules index --date YYYY-MM-DD --factor 1.02 --source URL --published YYYY-MM-DD
                         [--title TEXT] [--note TEXT] [--unverified] [--dry-run] [--lang nl|fr] [--parameters DIR]

Exit codes: 0 success; 1 `check` found an error (a gap, a missing `follows_index`, a value
without a source), or the indexed tree did not load (nothing is left written); 2 bad options
(the message names the option, in Dutch and French; nothing is written).
See docs/leefloon.md, "Een nieuwe indexering invoeren".
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from openocmw.rules import maintenance
from openocmw.rules.maintenance import MaintenanceError

MESSAGES = {
    "required": ("{option} ontbreekt.", "{option} manque."),
    "not_a_number": (
        "{option}: '{value}' is geen getal.",
        "{option} : « {value} » n'est pas un nombre.",
    ),
    "out_of_range": (
        "{option}: de factor moet tussen {low} en {high} liggen (gekregen: {value}).",
        "{option} : le facteur doit être compris entre {low} et {high} (reçu : {value}).",
    ),
    "date_format": (
        "{option}: '{value}' is geen geldige datum JJJJ-MM-DD.",
        "{option} : « {value} » n'est pas une date valide AAAA-MM-JJ.",
    ),
    "not_first_of_month": (
        "{option}: een indexering gaat in op de eerste dag van een maand (gekregen: {value}).",
        "{option} : une indexation prend effet le premier jour d'un mois (reçu : {value}).",
    ),
    "not_after_last_value": (
        "{option}: de datum moet na de laatste waarde liggen ({last} in {file}).",
        "{option} : la date doit être postérieure à la dernière valeur ({last} dans {file}).",
    ),
    "not_a_url": (
        "{option}: de bron moet een webadres zijn dat begint met http:// of https:// "
        "(gekregen: {value}).",
        "{option} : la source doit être une adresse web commençant par http:// ou https:// "
        "(reçu : {value}).",
    ),
    "not_a_directory": (
        "{option}: '{value}' is geen map met parameterbestanden.",
        "{option} : « {value} » n'est pas un dossier de fichiers de paramètres.",
    ),
    "unreadable": (
        "{option}: een parameterbestand is onleesbaar ({detail}).",
        "{option} : un fichier de paramètres est illisible ({detail}).",
    ),
    "nothing_follows_index": (
        "{option}: geen enkel parameterbestand volgt de index (follows_index: true).",
        "{option} : aucun fichier de paramètres ne suit l'index (follows_index: true).",
    ),
    "values_not_last": (
        "{option}: in {file} staat 'values' niet als laatste sleutel; voeg de waarde met de hand toe.",
        "{option} : dans {file}, « values » n'est pas la dernière clé ; ajoutez la valeur à la main.",
    ),
    "usage": (
        "Ongeldige opdracht: {detail}. Gebruik: openocmw rules check | openocmw rules index "
        "--date JJJJ-MM-DD --factor 1.02 --source URL --published JJJJ-MM-DD",
        "Commande invalide : {detail}. Usage : openocmw rules check | openocmw rules index "
        "--date AAAA-MM-JJ --factor 1.02 --source URL --published AAAA-MM-JJ",
    ),
}

CHECK_TEXTS = {
    "gap": ("geen waarde van {from} tot {to}", "aucune valeur du {from} au {to}"),
    "not_first_of_month": (
        "waarde op {date} begint niet op de eerste van een maand",
        "la valeur du {date} ne commence pas le premier du mois",
    ),
    "bad_date": ("'{date}' is geen datum", "« {date} » n'est pas une date"),
    "no_values": ("geen waarden", "aucune valeur"),
    "follows_index_missing": (
        "metadata.follows_index ontbreekt (true of false: volgt deze parameter de index?)",
        "metadata.follows_index manque (true ou false : ce paramètre suit-il l'index ?)",
    ),
    "follows_index_not_boolean": (
        "metadata.follows_index moet true of false zijn",
        "metadata.follows_index doit valoir true ou false",
    ),
    "no_source": (
        "waarde op {date} zonder bron (reference met title en href)",
        "valeur du {date} sans source (reference avec title et href)",
    ),
    "unreadable": ("onleesbaar: {detail}", "illisible : {detail}"),
    "derived": (
        "berekende waarden (niet letterlijk in een bron): {dates}",
        "valeurs calculées (pas lues telles quelles dans une source) : {dates}",
    ),
    "placeholder": (
        "voorlopige waarden (placeholder): {dates}",
        "valeurs provisoires (placeholder) : {dates}",
    ),
}


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are the bilingual usage message and exit code 2."""

    def error(self, message: str):  # noqa: D102 - argparse API
        # argparse's own message is English: only the options and values it names are kept.
        tokens = re.findall(r"--?[A-Za-z][\w-]*|'[^']*'", message)
        raise MaintenanceError("usage", "usage", detail=" ".join(tokens) or "?")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="openocmw rules",
        description="Onderhoud van de parameterbestanden / maintenance des fichiers de paramètres.",
    )
    sub = parser.add_subparsers(dest="action")
    check = sub.add_parser("check", help="controleer de parameterbestanden")
    check.add_argument("--lang", choices=("nl", "fr"), default="nl")
    check.add_argument("--parameters", action="append", help="map met parameterbestanden")
    index = sub.add_parser("index", help="voer een indexering in")
    index.add_argument("--date", help="ingangsdatum JJJJ-MM-DD, eerste dag van een maand")
    index.add_argument("--factor", help="indexfactor, bv. 1.02")
    index.add_argument("--source", help="webadres van de bron (POD MI, Belgisch Staatsblad)")
    index.add_argument("--published", help="publicatiedatum van de bron JJJJ-MM-DD")
    index.add_argument("--title", help="titel van de bron (anders een standaardtitel)")
    index.add_argument(
        "--note", help="toelichting bij de nieuwe waarden (bv. over de ingangsdatum)"
    )
    index.add_argument(
        "--unverified",
        action="store_true",
        help="de bedragen zelf zijn niet in de bron gezien (gemarkeerd als 'derived')",
    )
    index.add_argument("--dry-run", action="store_true", help="toon de wijzigingen, schrijf niets")
    index.add_argument("--lang", choices=("nl", "fr"), default="nl")
    index.add_argument("--parameters", help="map met parameterbestanden (standaard: de ingebouwde)")
    for sub_parser in (check, index):
        sub_parser.error = parser.error  # type: ignore[method-assign]
    return parser


def _say_error(error: MaintenanceError) -> None:
    nl, fr = MESSAGES.get(error.code, MESSAGES["usage"])
    values = {"option": error.option, "value": "", "detail": "", **error.detail}
    sys.stderr.write(nl.format(**values) + "\n" + fr.format(**values) + "\n")


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.action == "check":
            return _check(args)
        if args.action == "index":
            return _index(args)
        raise MaintenanceError("usage", "usage", detail="check | index")
    except MaintenanceError as error:
        _say_error(error)
        return 2


def _directory(option: str, text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise MaintenanceError(option, "not_a_directory", value=text)
    return path


def _check(args) -> int:
    lang = 0 if args.lang == "nl" else 1
    roots = (
        [_directory("--parameters", item) for item in args.parameters]
        if args.parameters
        else list(maintenance.DEFAULT_ROOTS)
    )
    report = maintenance.check(roots)
    first, last = report["range"]
    out = sys.stdout
    out.write(
        (
            f"Parameterbestanden: {report['files']}, waarden: {report['values']}, "
            f"gecontroleerde periode {first.isoformat()} – {last.isoformat()}.\n",
            f"Fichiers de paramètres : {report['files']}, valeurs : {report['values']}, "
            f"période contrôlée {first.isoformat()} – {last.isoformat()}.\n",
        )[lang]
    )
    until = report["verified_until"]
    if until is not None:
        names = ", ".join(report["verified_until_files"])
        out.write(
            (
                f"Bedragen gecontroleerd tot {until.isoformat()} (laatste controle: {names}).\n",
                f"Montants vérifiés jusqu'au {until.isoformat()} (dernier contrôle : {names}).\n",
            )[lang]
        )
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for issue in report["issues"]:
        if issue.severity == "error":
            text = CHECK_TEXTS[issue.code][lang].format(**issue.detail)
            out.write(("FOUT", "ERREUR")[lang] + f" {issue.file}: {text}\n")
        else:
            grouped[(issue.file, issue.code)].append(issue.detail.get("date", ""))
    for (name, code), dates in sorted(grouped.items()):
        text = CHECK_TEXTS[code][lang].format(dates=", ".join(dates))
        out.write(("Niet gecontroleerd", "Non vérifié")[lang] + f" {name}: {text}\n")
    errors = len(report["errors"])
    out.write(
        (
            (f"Resultaat: {errors} fout(en).\n", f"Résultat : {errors} erreur(s).\n")
            if errors
            else ("Resultaat: geen fouten.\n", "Résultat : aucune erreur.\n")
        )[lang]
    )
    return 1 if errors else 0


def _index(args) -> int:
    lang = 0 if args.lang == "nl" else 1
    on = maintenance.parse_day("--date", args.date, first_of_month=True)
    factor = maintenance.parse_factor(args.factor)
    source = maintenance.parse_source(args.source)
    published = maintenance.parse_day("--published", args.published)
    root = (
        _directory("--parameters", args.parameters)
        if args.parameters
        else maintenance.PARAMETERS_DIR
    )
    changes = maintenance.plan_index(
        root,
        on=on,
        factor=factor,
        source=source,
        published=published,
        title=args.title,
        verified=not args.unverified,
        note=args.note.strip() if args.note else None,
    )
    out = sys.stdout
    for change in changes:
        out.write(change.diff())
    for change in changes:
        out.write(
            f"{change.file.name}: {change.previous_value} ({change.previous_date}) -> "
            f"{change.new_value} ({on.isoformat()})\n"
        )
    if args.dry_run:
        out.write(
            (
                f"Proefdraai: {len(changes)} parameters zouden geïndexeerd worden; niets geschreven.\n",
                f"Essai : {len(changes)} paramètres seraient indexés ; rien n'a été écrit.\n",
            )[lang]
        )
        return 0
    maintenance.write_changes(changes)
    problem = _load_problem(root)
    if problem is not None:
        for change in changes:
            maintenance._atomic_write(change.file.path, change.file.text)
        sys.stderr.write(
            f"De geïndexeerde parameters laden niet ({problem}); niets gewijzigd.\n"
            f"Les paramètres indexés ne se chargent pas ({problem}) ; rien n'a été modifié.\n"
        )
        return 1
    out.write(
        (
            f"{len(changes)} parameters geïndexeerd vanaf {on.isoformat()}. Controleer met "
            "'openocmw rules check' en herstart de toepassing.\n",
            f"{len(changes)} paramètres indexés à partir du {on.isoformat()}. Contrôlez avec "
            "« openocmw rules check » et redémarrez l'application.\n",
        )[lang]
    )
    return 0


def _load_problem(root: Path) -> str | None:
    """Whether OpenFisca loads the tree under `root` (None) or what it says (the problem)."""
    from openfisca_core.parameters import ParameterNode

    try:
        ParameterNode("", directory_path=str(root))
    except Exception as error:  # noqa: BLE001 - any load failure means: roll back
        return str(error).splitlines()[0][:300]
    return None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
