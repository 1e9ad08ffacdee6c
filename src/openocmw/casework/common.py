"""Small helpers shared by the casework services (requests, proposals, council)."""

from __future__ import annotations

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, scope

from .models import AidRequest


def _audit(actor, action, obj, person_id, **detail):
    audit.record(
        actor,
        action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        subject_person_id=person_id,
        detail=detail,
    )


def _lock_request(actor: Actor, request_id: int) -> AidRequest:
    return scope(AidRequest.objects.select_for_update(), actor).get(pk=request_id)
