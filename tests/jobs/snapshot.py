"""Print digests of the demo data in the database of ``DATABASE_URL`` (for test_kill.py)."""

import hashlib
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")

import django  # noqa: E402

django.setup()

from openocmw.casework.models import AidRequest, Decision  # noqa: E402
from openocmw.registry.models import Household, Membership, Person, ResidenceStatus  # noqa: E402


def digest(rows) -> str:
    return hashlib.sha256(json.dumps(list(rows), default=str).encode()).hexdigest()


print(json.dumps({
    "persons": digest(Person.objects.order_by("ocmw__nis_code", "id").values_list(
        "ocmw__nis_code", "insz", "first_name", "last_name", "birth_date", "street")),
    "statuses": digest(ResidenceStatus.objects.order_by(
        "person__ocmw__nis_code", "person_id", "valid_from").values_list(
        "person__insz", "person__first_name", "status", "valid_from", "valid_until")),
    "households": digest(Household.objects.order_by("ocmw__nis_code", "id").values_list(
        "reference_person__insz", "reference_person__first_name", "street")),
    "memberships": digest(Membership.objects.order_by("person__ocmw__nis_code", "id").values_list(
        "person__insz", "person__first_name", "relation", "valid_from", "valid_until")),
    "requests": digest(AidRequest.objects.order_by("ocmw__nis_code", "number").values_list(
        "ocmw__nis_code", "number", "person__insz", "person__first_name", "kind", "state",
        "received_on")),
    "decisions": digest(Decision.objects.order_by(
        "ocmw__nis_code", "request__number", "version").values_list(
        "request__number", "kind", "monthly_amount", "decided_on")),
}))  # fmt: skip
