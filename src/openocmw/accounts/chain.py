"""The audit chains: entries appended per OCMW and linked by a keyed hash (HMAC-SHA256).

Each entry's hash is ``HMAC-SHA256(audit key, canonical JSON of its content and the previous
entry's hash)``. The audit key is never in the database (see :mod:`openocmw.accounts.keys`),
so someone who can write to the database cannot forge, re-number or re-hash entries.

Chains written before the key existed (demo databases of earlier versions) were linked by a
plain SHA-256. On the first append after the upgrade such a chain receives a ``chain_start``
entry, keyed, whose hash covers the last legacy hash. :func:`verify_chains` checks the
entries before the first ``chain_start`` with the legacy rule and every entry from it on
with the key; a chain without ``chain_start`` must be keyed from entry 1. So a legacy entry
rewritten afterwards no longer leads to the hash the keyed entry covers, and a chain
re-hashed entirely with the legacy rule lacks its keyed start: both are found.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from .keys import audit_key
from .models import AuditChain, AuditEntry, Ocmw

if TYPE_CHECKING:
    from .tenancy import Actor

GENESIS = "0" * 64
CHAIN_START = "chain_start"


def chain_key(ocmw_id: int | None) -> str:
    return f"ocmw:{ocmw_id}" if ocmw_id else "global"


def _payload(entry: AuditEntry) -> bytes:
    payload = {
        "chain": entry.chain,
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user": entry.user_id,
        "username": entry.username,
        "role": entry.role,
        "ocmw": entry.ocmw_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "subject_person_id": entry.subject_person_id,
        "purpose": entry.purpose,
        "detail": entry.detail,
        "ip": entry.ip,
        "prev_hash": entry.prev_hash,
    }
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return data.encode()


def legacy_digest(entry: AuditEntry) -> str:
    """The unkeyed SHA-256 of entries written before the audit key (kept only to verify)."""
    return hashlib.sha256(_payload(entry)).hexdigest()


def keyed_digest(entry: AuditEntry, key: bytes | None = None) -> str:
    return hmac.new(key or audit_key(), _payload(entry), hashlib.sha256).hexdigest()


def _clean(text: object, limit: int) -> str:
    """Text fit for every database: no NUL character, at most ``limit`` characters."""
    return str(text).replace("\x00", "\ufffd")[:limit]


def _append(head: AuditChain, key: bytes, **fields) -> AuditEntry:
    entry = AuditEntry(
        chain=head.key, seq=head.last_seq + 1, prev_hash=head.last_hash, **fields
    )  # fmt: skip
    entry.hash = keyed_digest(entry, key)
    _insert(entry)
    head.last_seq, head.last_hash = entry.seq, entry.hash
    return entry


# Every page writes an entry, so the three statements of an append are written here once in
# SQL instead of being compiled by the ORM on each request (docs/benchmarks.md: most of the
# CPU an append took). The values still go through the model fields' own conversions
# (``get_db_prep_save``), as the ORM does; the table and column names come from the models.
_ENTRY_FIELDS = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
_SQL: dict[tuple[str, str], str] = {}


def _sql(name: str) -> str:
    vendor = connection.vendor
    if (vendor, name) not in _SQL:
        q = connection.ops.quote_name
        entry, head = AuditEntry._meta, AuditChain._meta
        cols = ", ".join(q(f.column) for f in _ENTRY_FIELDS)
        marks = ", ".join(["%s"] * len(_ENTRY_FIELDS))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        _SQL[vendor, "insert"] = (
            f"INSERT INTO {q(entry.db_table)} ({cols}) VALUES ({marks}) "  # noqa: S608 - model names
            f"RETURNING {q(entry.pk.column)}"
        )
        _SQL[vendor, "head"] = (
            f"SELECT {q('id')}, {q('last_seq')}, {q('last_hash')}, {q('keyed_from')} "  # noqa: S608
            f"FROM {q(head.db_table)} WHERE {q('key')} = %s{lock}"
        )
        _SQL[vendor, "update"] = (
            f"UPDATE {q(head.db_table)} SET {q('last_seq')} = %s, {q('last_hash')} = %s, "  # noqa: S608
            f"{q('keyed_from')} = %s WHERE {q('id')} = %s"
        )
    return _SQL[vendor, name]


def _insert(entry: AuditEntry) -> None:
    params = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _ENTRY_FIELDS]
    with connection.cursor() as cur:
        cur.execute(_sql("insert"), params)
        entry.pk = cur.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias


def _locked_head(name: str) -> AuditChain:
    """The head of chain ``name``, locked until the end of the transaction (made if new)."""
    with connection.cursor() as cur:
        cur.execute(_sql("head"), [name])
        row = cur.fetchone()
        if row is None:
            AuditChain.objects.get_or_create(key=name, defaults={"keyed_from": 1})
            cur.execute(_sql("head"), [name])
            row = cur.fetchone()
    pk, last_seq, last_hash, keyed_from = row
    head = AuditChain(id=pk, key=name, last_seq=last_seq, last_hash=last_hash)
    head.keyed_from = keyed_from
    head._state.adding = False
    return head


def record(
    actor: Actor | None,
    action: str,
    *,
    object_type: str = "",
    object_id: object = "",
    subject_person_id: int | None = None,
    purpose: str = "",
    detail: dict | None = None,
    ocmw: Ocmw | None = None,
    ocmw_id: int | None = None,
    username: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain of the actor's OCMW (or of ``ocmw`` / ``ocmw_id``)."""
    if ocmw is not None:
        ocmw_id = ocmw.pk
    elif ocmw_id is None:
        ocmw_id = actor.ocmw_id if actor else None
    name = chain_key(ocmw_id)
    key = audit_key()
    with transaction.atomic():
        # One locking read of the chain head (it exists after the chain's first entry), the
        # INSERT of the entry and the UPDATE of the head: three statements per entry.
        head = _locked_head(name)
        now = datetime.now(UTC)
        if head.keyed_from is None:
            if head.last_seq:
                start = _append(
                    head, key, at=now, ocmw_id=ocmw_id, action=CHAIN_START,
                    detail={"legacy_entries": head.last_seq},
                )  # fmt: skip
                head.keyed_from = start.seq
            else:
                head.keyed_from = 1
        entry = _append(
            head,
            key,
            at=now,
            user=actor.user if actor else None,
            username=_clean(actor.user.get_username() if actor else username, 150),
            role=actor.role if actor else "",
            ocmw_id=ocmw_id,
            action=action,
            object_type=object_type,
            object_id=_clean(object_id, 60) if object_id not in (None, "") else "",
            subject_person_id=subject_person_id,
            purpose=purpose,
            detail=detail or {},
            ip=actor.ip if actor else ip,
        )
        with connection.cursor() as cur:
            cur.execute(_sql("update"), [head.last_seq, head.last_hash, head.keyed_from, head.pk])
    return entry


# What verify finds: English for the command line and the logs, nl/fr on the adviser's page.
PROBLEMS = {
    "missing": ("entry {seq} is missing (next found: {next})",
                _("Entry %(seq)s is missing (the next one found is %(next)s).")),
    "unlinked": ("entry {seq} does not follow the previous entry",
                 _("Entry %(seq)s does not follow the previous entry.")),
    "altered": ("entry {seq} was altered", _("Entry %(seq)s was altered.")),
    "headless": ("the chain has entries but no head", _("The chain has entries but no head.")),
    "head": ("the chain ends at entry {last}, its head says {head}",
             _("The chain ends at entry %(last)s, its head says %(head)s.")),
    "gone": ("the chain is missing; checkpoint {number} recorded {seq} entries",
             _("The chain is gone: checkpoint %(number)s recorded %(seq)s entries.")),
    "shorter": ("the chain is shorter than checkpoint {number}: it ends at entry {last} with "
                "{count} entries, the checkpoint recorded {seq}",
                _("The chain is shorter than checkpoint %(number)s: it ends at entry %(last)s "
                  "(%(count)s entries), the checkpoint recorded %(seq)s.")),
    "rewritten": ("entry {seq} differs from checkpoint {number} (the chain was rewritten)",
                  _("Entry %(seq)s differs from checkpoint %(number)s: the chain was rewritten.")),
    "cp_unreadable": ("checkpoint {file} cannot be read ({error})",
                      _("The checkpoint %(file)s cannot be read.")),
    "cp_signature": ("checkpoint {file} has a bad signature",
                     _("The checkpoint %(file)s has a bad signature: it was altered.")),
    "cp_other_key": ("checkpoint {file} was signed with another audit key (key id {found}, "
                     "configured {configured})",
                     _("The checkpoint %(file)s was signed with another audit key (key id "
                       "%(found)s, configured %(configured)s).")),
    "cp_number": ("checkpoint {file} carries another number",
                  _("The checkpoint %(file)s carries another number than its file name.")),
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    code: str
    chain: str = ""
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        text = PROBLEMS[self.code][0].format(**self.params)
        return f"{self.chain}: {text}" if self.chain else text

    def message(self) -> str:
        """The problem in the active language (for the security adviser's page)."""
        return str(PROBLEMS[self.code][1]) % self.params


@dataclass
class VerifyReport:
    chains: int = 0
    entries: int = 0
    legacy_entries: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checkpoint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _first_keyed_seq(name: str) -> int:
    """The number of the first keyed entry: the first ``chain_start``, else 1."""
    start = (
        AuditEntry.objects.filter(chain=name, action=CHAIN_START)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    return start or 1


def verify_chains(
    report: VerifyReport,
    names: Iterable[str] | None = None,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> VerifyReport:
    """Recompute chains (all, or ``names``); report altered, missing or inserted entries.

    ``progress(done, total)`` is called after every ``batch_size`` entries (a job's progress).
    """
    key = audit_key()
    heads = {h.key: h for h in AuditChain.objects.all()}
    if names is None:
        names = sorted(set(heads) | set(AuditEntry.objects.values_list("chain", flat=True)))
    names = list(names)
    total = AuditEntry.objects.filter(chain__in=names).count() if progress else 0
    for name in names:
        head = heads.get(name)
        if head is None:
            if AuditEntry.objects.filter(chain=name).exists():
                report.problems.append(Problem("headless", name))
            continue
        report.chains += 1
        keyed_from = _first_keyed_seq(name)
        expected_prev, expected_seq, last_seen = GENESIS, 1, 0
        qs = AuditEntry.objects.filter(chain=name).order_by("seq")
        for entry in qs.iterator(chunk_size=batch_size):
            report.entries += 1
            if progress and report.entries % batch_size == 0:
                progress(report.entries, total)
            if entry.seq != expected_seq:
                report.problems.append(
                    Problem("missing", name, {"seq": expected_seq, "next": entry.seq})
                )
            if entry.prev_hash != expected_prev:
                report.problems.append(Problem("unlinked", name, {"seq": entry.seq}))
            if entry.seq < keyed_from:
                report.legacy_entries += 1
                good = hmac.compare_digest(legacy_digest(entry), entry.hash)
            else:
                good = hmac.compare_digest(keyed_digest(entry, key), entry.hash)
            if not good:
                report.problems.append(Problem("altered", name, {"seq": entry.seq}))
            expected_prev, expected_seq, last_seen = entry.hash, entry.seq + 1, entry.seq
        if last_seen != head.last_seq or expected_prev != head.last_hash:
            report.problems.append(
                Problem("head", name, {"last": last_seen, "head": head.last_seq})
            )
    return report
