"""The append-only audit log, chained by hash per OCMW.

Every read and change of personal data calls :func:`record`. Each entry's hash covers its
content and the previous entry's hash; the chain head stores the last number and hash, so
that an altered, inserted or removed entry is found by :func:`verify`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction

from .models import AuditChain, AuditEntry, Ocmw
from .tenancy import Actor, scope

GENESIS = "0" * 64


def chain_key(ocmw_id: int | None) -> str:
    return f"ocmw:{ocmw_id}" if ocmw_id else "global"


def _digest(entry: AuditEntry) -> str:
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
    return hashlib.sha256(data.encode()).hexdigest()


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
    username: str = "",
) -> AuditEntry:
    """Append one entry to the chain of the actor's OCMW (or of ``ocmw``)."""
    ocmw_id = ocmw.pk if ocmw is not None else (actor.ocmw_id if actor else None)
    key = chain_key(ocmw_id)
    with transaction.atomic():
        head, _ = AuditChain.objects.get_or_create(key=key)
        head = AuditChain.objects.select_for_update().get(pk=head.pk)
        entry = AuditEntry(
            chain=key,
            seq=head.last_seq + 1,
            at=datetime.now(UTC),
            user=actor.user if actor else None,
            username=actor.user.get_username() if actor else username,
            role=actor.role if actor else "",
            ocmw_id=ocmw_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id not in (None, "") else "",
            subject_person_id=subject_person_id,
            purpose=purpose,
            detail=detail or {},
            ip=actor.ip if actor else None,
            prev_hash=head.last_hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        AuditChain.objects.filter(pk=head.pk).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def fetch(
    actor: Actor,
    queryset,
    pk,
    *,
    object_type: str,
    purpose: str = "",
    subject=None,
    scope_field: str = "ocmw",
    record_view: bool = True,
):
    """The record ``pk`` of ``queryset`` if it belongs to the actor's OCMW, else DoesNotExist.

    Every attempt is audited: a denial (another OCMW's record, an unknown or malformed id)
    always, a view unless ``record_view`` is False (the caller records an export instead).
    ``subject(obj)`` gives the person the record is about, for the person's audit trail.
    """
    try:
        key = int(pk)
    except (TypeError, ValueError):
        key = None
    obj = scope(queryset, actor, scope_field).filter(pk=key).first() if key is not None else None
    if obj is None:
        record(
            actor, "denied", object_type=object_type, object_id=pk, purpose=purpose,
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        raise queryset.model.DoesNotExist
    if record_view:
        record(
            actor, "view", object_type=object_type, object_id=obj.pk, purpose=purpose,
            subject_person_id=subject(obj) if subject else None,
        )  # fmt: skip
    return obj


@dataclass
class VerifyReport:
    chains: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(batch_size: int = 5000) -> VerifyReport:
    """Recompute every chain; report altered, missing or inserted entries."""
    report = VerifyReport()
    for head in AuditChain.objects.order_by("key"):
        report.chains += 1
        expected_prev = GENESIS
        expected_seq = 1
        last_seen = 0
        qs = AuditEntry.objects.filter(chain=head.key).order_by("seq")
        for entry in qs.iterator(chunk_size=batch_size):
            report.entries += 1
            if entry.seq != expected_seq:
                report.problems.append(
                    f"{head.key}: entry {expected_seq} is missing (next found: {entry.seq})"
                )
            if entry.prev_hash != expected_prev:
                report.problems.append(
                    f"{head.key}: entry {entry.seq} does not follow the previous entry"
                )
            if _digest(entry) != entry.hash:
                report.problems.append(f"{head.key}: entry {entry.seq} was altered")
            expected_prev = entry.hash
            expected_seq = entry.seq + 1
            last_seen = entry.seq
        if last_seen != head.last_seq or expected_prev != head.last_hash:
            report.problems.append(
                f"{head.key}: the chain ends at entry {last_seen}, its head says {head.last_seq}"
            )
    return report
