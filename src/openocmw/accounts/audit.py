"""The append-only audit log: one chain per OCMW, keyed, anchored by signed checkpoints.

Every read and change of personal data calls :func:`record`; every access through an id
goes through :func:`fetch`, which also records denials. The chain itself is in
:mod:`.chain` (keyed HMAC-SHA256), the checkpoints outside the database in
:mod:`.checkpoints`; :func:`verify` checks both.
"""

from __future__ import annotations

from .addresses import client_ip
from .chain import GENESIS, VerifyReport, chain_key, record, verify_chains
from .checkpoints import verify_checkpoint, write_checkpoints
from .tenancy import Actor, scope

__all__ = [
    "GENESIS",
    "VerifyReport",
    "chain_key",
    "fetch",
    "record",
    "record_denial",
    "verify",
    "write_checkpoints",
]


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
    A record of another OCMW is also written into that OCMW's chain, so that its security
    adviser sees who asked for it; nothing of the record is written into the prober's chain.
    """
    try:
        key = int(pk)
    except (TypeError, ValueError, OverflowError):
        key = None
    obj = scope(queryset, actor, scope_field).filter(pk=key).first() if key is not None else None
    if obj is None:
        record(
            actor, "denied", object_type=object_type, object_id=pk, purpose=purpose,
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        if key is not None:
            _record_in_owner_chain(actor, queryset, key, object_type, purpose, subject, scope_field)
        raise queryset.model.DoesNotExist
    if record_view:
        record(
            actor, "view", object_type=object_type, object_id=obj.pk, purpose=purpose,
            subject_person_id=subject(obj) if subject else None,
        )  # fmt: skip
    return obj


def _record_in_owner_chain(actor, queryset, key, object_type, purpose, subject, scope_field):
    try:
        other = queryset.model._base_manager.filter(pk=key).first()
    except (OverflowError, ValueError):
        return
    if other is None:
        return
    owner = queryset.model._base_manager.filter(pk=key).values_list(f"{scope_field}_id", flat=True)
    owner_id = owner.first()
    if owner_id is None or owner_id == actor.ocmw_id:
        return
    record(
        actor, "denied", ocmw_id=owner_id, object_type=object_type, object_id=key,
        purpose=purpose, subject_person_id=subject(other) if subject else None,
        detail={
            "reason": "asked from another OCMW",
            "from_ocmw": actor.ocmw.nis_code if actor.ocmw else None,
        },
    )  # fmt: skip


def record_denial(request, reason: str, actor: Actor | None = None, **detail) -> None:
    """Audit a refused request: a role denial (403) or an attempt without being logged in.

    The entry goes to the chain of the user's OCMW when they have a role, else to the global
    chain, with the address and the path asked for.
    """
    actor = actor or getattr(request, "actor", None)
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else ""
    record(
        actor,
        "denied",
        object_type="url",
        object_id=request.path[:60],
        username=username,
        ip=client_ip(request),
        detail={
            "reason": reason,
            "method": request.method,
            "path": request.path[:500].replace("\x00", "\ufffd"),  # PostgreSQL refuses NUL
            **detail,
        },
    )


def verify(ocmw_id: int | None = None, progress=None) -> VerifyReport:
    """Check the chains (all, or the one of ``ocmw_id``) and the latest checkpoint.

    ``progress(done, total)``: called as entries are checked (the page's job).
    """
    report = VerifyReport()
    names = None if ocmw_id is None else [chain_key(ocmw_id)]
    verify_chains(report, names, progress=progress)
    verify_checkpoint(report, None if names is None else set(names))
    return report
