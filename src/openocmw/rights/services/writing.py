"""Writing a run's worklist entries in bulk, idempotently, on SQLite and PostgreSQL.

A run of 200,000 persons writes about 150,000 entries. On PostgreSQL they are copied (`COPY`,
psycopg's copy support) into a temporary table without indexes, then moved into the entries in
one statement, `INSERT ... SELECT ... ON CONFLICT DO NOTHING`; on SQLite, where a prepared
statement per row costs little, `executemany` of the same `INSERT ... ON CONFLICT DO NOTHING`.
Either way an entry already there (the unique constraint on run, right, kind and person: a step
repeated after a crash, a partition retried) is skipped, and the caller's transaction holds the
whole right. No audit row per entry: the run is audited once with its counts, and every entry a
worker is shown is audited when it is shown.
"""

from __future__ import annotations

import json

from django.db import connection, transaction

from openocmw.rules.rights.explain import LANGUAGES, review_texts, worklist_texts

from ..models import EntryKind, WorklistEntry

__all__ = ["ENTRY_COLUMNS", "entry_rows", "insert_entries"]

# The columns a row gives, in this order.
ENTRY_COLUMNS = (
    "run_id", "ocmw_id", "right", "person_id", "kind", "reason_nl", "reason_fr", "reason_de",
    "complete", "missing", "parameters_verified", "assigned_to_id",
)  # fmt: skip
BATCH = 5000


def entry_rows(right, population, on, workers=None, *, rule=None, entry=None) -> list[tuple]:
    """One right's rows for `insert_entries`: the listed matches (at least one condition known
    to hold: an entry whose facts are all missing is counted, not listed) and the reviews, with
    their reasons in nl, fr and de (each distinct pattern put in words once,
    `explain.worklist_texts`). `workers`: person -> the worker whose list the entry goes on."""
    workers = workers or {}
    shown = right.enr_reasons != 0
    found = worklist_texts(
        right, population, on, languages=LANGUAGES, select=shown, rule=rule, right=entry
    )
    nl, fr, de = (found["reasons"][lang] for lang in LANGUAGES)
    verified = found["parameters_verified"]
    missing = EntryKind.MISSING
    rows = [
        (person, missing, a, b, c, not lacks, lacks, verified, workers.get(person))
        for person, a, b, c, lacks in zip(found["person_id"], nl, fr, de, found["missing"],
                                          strict=True)
    ]  # fmt: skip
    reviews = review_texts(right, population, on, languages=LANGUAGES, rule=rule)
    nl, fr, de = (reviews["reasons"][lang] for lang in LANGUAGES)
    review = EntryKind.REVIEW
    rows += [
        (person, review, a, b, c, True, [], right.parameters_verified, workers.get(person))
        for person, a, b, c in zip(reviews["person_id"], nl, fr, de, strict=True)
    ]
    return rows


def insert_entries(run, right: str, rows: list[tuple]) -> int:
    """Insert one right's entries of `run`. `rows`: (person, kind, reason nl, fr, de,
    complete, missing facts (a list), parameters verified, worker or None). Returns the number
    of rows given."""
    dumped: dict[tuple, str] = {}  # the missing facts repeat: each list encoded once

    def as_json(missing) -> str:
        key = tuple(missing)
        if key not in dumped:
            dumped[key] = json.dumps(list(missing))
        return dumped[key]

    run_id, ocmw_id = run.pk, run.ocmw_id
    values = [
        (run_id, ocmw_id, right, person, kind, nl, fr, de, bool(complete),
         as_json(missing), bool(verified), worker)
        for person, kind, nl, fr, de, complete, missing, verified, worker in rows
    ]  # fmt: skip
    if not values:
        return 0
    quote = connection.ops.quote_name
    table = quote(WorklistEntry._meta.db_table)
    names = ", ".join(quote(c) for c in ENTRY_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Identifiers from the model, quoted; the rows go through COPY, never into the SQL.
            cursor.execute(
                f"CREATE TEMPORARY TABLE rights_entry_stage ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY rights_entry_stage ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM rights_entry_stage "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute("DROP TABLE rights_entry_stage")
        else:
            marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, values[start : start + BATCH])
    return len(values)
