"""Rows inserted in bulk without the ORM's per-field work, for the demo and benchmark loaders."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.db import connection


class BulkTable:
    """Rows of one model as plain tuples, inserted in batches without the ORM's per-field work:
    ``executemany`` on SQLite, ``COPY`` on PostgreSQL (a million decisions in minutes)."""

    def __init__(self, model, now: datetime, *, with_pk: bool = False):
        sqlite = connection.vendor == "sqlite"
        self.model, self.rows = model, []
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.name == "id")]
        if with_pk:  # primary keys handed out by the caller
            fields.insert(0, model._meta.pk)
        self.names = ["pk" if f.primary_key else f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.defaults = {}
        self.convert = []
        for name, f in zip(self.names, fields, strict=True):
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            self.defaults[name] = now if auto else f.get_default()
            kind = f.get_internal_type()
            if kind == "JSONField":
                self.convert.append(lambda v: None if v is None else json.dumps(v))
            elif sqlite and kind == "DateTimeField":
                self.convert.append(
                    lambda v: (
                        None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
                    )
                )
            elif sqlite and kind == "DateField":
                self.convert.append(lambda v: None if v is None else v.isoformat())
            elif sqlite and kind == "DecimalField":
                self.convert.append(lambda v: None if v is None else str(v))
            elif sqlite and kind == "BooleanField":
                self.convert.append(lambda v: None if v is None else int(v))
            else:
                self.convert.append(None)

    def add(self, values: dict) -> None:
        defaults = self.defaults
        row = [values[n] if n in values else defaults[n] for n in self.names]
        for i, convert in enumerate(self.convert):
            if convert is not None:
                row[i] = convert(row[i])
        self.rows.append(row)

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
                cursor.executemany(sql, rows)
        return len(rows)
