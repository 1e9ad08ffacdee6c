"""Signed checkpoints of the audit chains, written outside the database.

A checkpoint is one JSON file holding, for every chain, the number and hash of its last
entry, signed with Ed25519 (a key derived from the audit key, see :mod:`.keys`). Files are
created with O_EXCL and never rewritten: ``checkpoint-00000042-20261201T210000Z.json`` in
``OPENOCMW_AUDIT_CHECKPOINT_DIR`` (default ``var/audit-checkpoints``) and in each folder of
``OPENOCMW_AUDIT_CHECKPOINT_MIRRORS`` (a second store, e.g. a share on another machine).

:func:`write_checkpoints` is called by a periodic job (``openocmw audit checkpoint``);
:func:`verify_checkpoint` checks the database against the latest checkpoint found: a chain
that is gone (a truncated table), shorter than the checkpoint (a removed tail), or whose
entry at the checkpointed number has another hash (a rewritten chain) is reported.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .chain import Problem, VerifyReport
from .keys import key_id, signing_key
from .models import AuditChain, AuditEntry

FORMAT = "openocmw-audit-checkpoint/1"
NAME = re.compile(r"^checkpoint-(\d{8})-\d{8}T\d{6}Z\.json$")


def stores() -> list[Path]:
    main = Path(getattr(settings, "OPENOCMW_AUDIT_CHECKPOINT_DIR", ""))
    mirrors = [Path(p) for p in getattr(settings, "OPENOCMW_AUDIT_CHECKPOINT_MIRRORS", [])]
    return [main, *mirrors]


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def _files(store: Path) -> list[tuple[int, Path]]:
    if not store.is_dir():
        return []
    found = []
    for path in store.iterdir():
        m = NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    return sorted(found)


def latest() -> tuple[int, Path] | None:
    """The checkpoint with the highest number over all stores."""
    found = [f for store in stores() for f in _files(store)]
    return max(found) if found else None


def _heads() -> dict[str, dict]:
    with transaction.atomic():
        return {
            h.key: {"seq": h.last_seq, "hash": h.last_hash}
            for h in AuditChain.objects.order_by("key")
        }


def write_checkpoints() -> list[Path]:
    """Write one signed checkpoint of every chain to each store; return the files written."""
    current = latest()
    number = (current[0] if current else 0) + 1
    previous = hashlib.sha256(current[1].read_bytes()).hexdigest() if current else None
    now = datetime.now(UTC)
    payload = {
        "format": FORMAT,
        "number": number,
        "created_at": now.isoformat(timespec="seconds"),
        "key_id": key_id(),
        "previous": previous,
        "chains": _heads(),
    }
    body = _canonical(payload)
    document = {
        "payload": payload,
        "signature": base64.b64encode(signing_key().sign(body)).decode(),
    }
    data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()
    name = f"checkpoint-{number:08d}-{now:%Y%m%dT%H%M%SZ}.json"
    written = []
    for store in stores():
        store.mkdir(parents=True, exist_ok=True)
        path = store / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o440)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        written.append(path)
    return written


class CheckpointError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_checkpoint(path: Path) -> dict:
    """The payload of a checkpoint file; CheckpointError if unreadable or badly signed."""
    from cryptography.exceptions import InvalidSignature

    name = {"file": path.name}
    try:
        document = json.loads(path.read_bytes())
        payload = document["payload"]
        signature = base64.b64decode(document["signature"], validate=True)
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError("not an audit checkpoint")
        body = _canonical(payload)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(Problem("cp_unreadable", params={**name, "error": exc})) from None
    try:
        signing_key().public_key().verify(signature, body)
    except InvalidSignature:
        if payload.get("key_id") != key_id():
            params = {**name, "found": payload.get("key_id"), "configured": key_id()}
            raise CheckpointError(Problem("cp_other_key", params=params)) from None
        raise CheckpointError(Problem("cp_signature", params=name)) from None
    return payload


def verify_checkpoint(report: VerifyReport, names: set[str] | None = None) -> VerifyReport:
    """Compare the database with the latest checkpoint (for all chains, or ``names``)."""
    current = latest()
    if current is None:
        report.notes.append(
            "no checkpoint found in "
            + ", ".join(str(s) for s in stores())
            + ": only the chains themselves were checked"
        )
        return report
    number, path = current
    report.checkpoint = path.name
    try:
        payload = read_checkpoint(path)
    except CheckpointError as exc:
        report.problems.append(exc.problem)
        return report
    if payload.get("number") != number:
        report.problems.append(Problem("cp_number", params={"file": path.name}))
    heads = {h.key: h for h in AuditChain.objects.all()}
    for name, mark in sorted(payload.get("chains", {}).items()):
        if names is not None and name not in names:
            continue
        seq, digest = int(mark["seq"]), mark["hash"]
        if seq == 0:
            continue
        head = heads.get(name)
        count = AuditEntry.objects.filter(chain=name).count()
        if head is None and count == 0:
            report.problems.append(Problem("gone", name, {"number": number, "seq": seq}))
            continue
        last = head.last_seq if head else 0
        stored = (
            AuditEntry.objects.filter(chain=name, seq=seq).values_list("hash", flat=True).first()
        )
        if last < seq or stored is None:
            report.problems.append(
                Problem(
                    "shorter", name, {"number": number, "last": last, "count": count, "seq": seq}
                )
            )
        elif stored != digest:
            report.problems.append(Problem("rewritten", name, {"number": number, "seq": seq}))
    return report
