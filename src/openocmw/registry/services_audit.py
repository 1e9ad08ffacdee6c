"""The registry's answer to the audit log's INSZ filter (accounts.subjects)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .insz import clean_insz
from .models import Person


def persons_with_insz(ocmw_id: int, text: str) -> list[int]:
    """The ids of the persons of this OCMW with the INSZ ``text``; ValueError if malformed."""
    try:
        number = clean_insz(text)
    except ValidationError as exc:
        raise ValueError(" ".join(str(m) for m in exc.messages)) from None
    if not number:
        return []
    return list(Person.objects.filter(ocmw_id=ocmw_id, insz=number).values_list("pk", flat=True))
