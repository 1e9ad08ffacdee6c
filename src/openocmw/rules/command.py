"""`openocmw leefloon situation.json`: print the result of a leefloon calculation as JSON.

Exit codes: 0 success, 2 bad input (the error names the field, in Dutch and French).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from openocmw.rules.errors import SituationError, make_error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openocmw leefloon",
        description="Berekent het leefloon voor een situatie (JSON) / calcule le revenu "
        "d'intégration pour une situation (JSON).",
    )
    parser.add_argument("situation", help="pad naar het JSON-bestand, of - voor stdin")
    parser.add_argument("--on", help="referentiedatum JJJJ-MM-DD (overschrijft reference_date)")
    parser.add_argument("--explain", action="store_true", help="leesbare uitleg toevoegen")
    parser.add_argument(
        "--lang", choices=("nl", "fr", "de"), default="nl", help="taal van de uitleg"
    )
    parser.add_argument("--reform", help="naam van een hervorming (bv. spi_percentage_monthly)")
    return parser


def _read(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SituationError([make_error(path, "file_not_found")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SituationError([make_error("", "invalid_json", detail=str(error))]) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from openocmw.rules import calculate

    try:
        situation = _read(args.situation)
        result = calculate(situation, on=args.on, reform=args.reform)
    except SituationError as error:
        json.dump(error.to_dict(), sys.stderr, ensure_ascii=False, indent=2)
        sys.stderr.write("\n")
        for item in error.errors:
            sys.stderr.write(f"{item[args.lang]}\n")
        return 2
    output = result.to_dict()
    if args.explain:
        output["explanation_text"] = result.explain(args.lang)
    json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
