from __future__ import annotations

from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import require
from openocmw.registry import services
from openocmw.registry.forms import PersonForm, ResidenceStatusForm
from openocmw.registry.models import Household, Person, ResidenceStatusCode

from .base import check_fields, endpoint, error, form_errors, read_json

PERSON_FIELDS = set(services.IDENTITY_FIELDS)
STATUS_FIELDS = {"status", "valid_from", "valid_until", "document"}


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def person_summary(p: Person) -> dict:
    return {
        "id": p.pk,
        "insz": p.insz,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "birth_date": _d(p.birth_date),
        "sex": p.sex,
    }


def person_full(p: Person) -> dict:
    data = person_summary(p) | {k: getattr(p, k) for k in services.IDENTITY_FIELDS}
    data["birth_date"] = _d(p.birth_date)
    data["version"] = p.version
    data["residence_statuses"] = [
        {
            "id": s.pk,
            "status": s.status,
            "valid_from": _d(s.valid_from),
            "valid_until": _d(s.valid_until),
            "document": s.document,
            "cancelled": s.cancelled_at is not None,
        }
        for s in p.statuses.order_by("valid_from", "pk")
    ]
    data["households"] = [household_data(h) for h in services.households_of(p)]
    return data


def household_data(h: Household) -> dict:
    return {
        "id": h.pk,
        "reference_person_id": h.reference_person_id,
        "address": {
            "street": h.street,
            "house_number": h.house_number,
            "box": h.box,
            "postal_code": h.postal_code,
            "municipality": h.municipality,
        },
        "timeline": [
            {
                "from": _d(seg.start),
                "until": _d(seg.end),
                "members": [
                    {
                        "person_id": m.person_id,
                        "name": m.person.full_name,
                        "relation": m.relation,
                    }
                    for m in seg.members
                ],
            }
            for seg in services.timeline(h)
        ],
    }


def _int(value, field: str, default: int, lo: int, hi: int) -> int:
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError:
        raise error(400, _("Give a whole number."), field=field) from None
    if not lo <= n <= hi:
        raise error(400, _("Give a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi}, field)
    return n


@endpoint(("GET", "POST"))
def persons(request, actor):
    if request.method == "POST":
        return create_person(request, actor)
    check_fields(dict(request.GET), {"q", "limit", "offset"})
    limit = _int(request.GET.get("limit"), "limit", 50, 1, 200)
    q = request.GET.get("q", "").strip()
    if q:
        results = services.search_persons(actor, q, limit=limit)
        return {"count": len(results), "results": [person_summary(p) for p in results]}
    offset = _int(request.GET.get("offset"), "offset", 0, 0, 10**9)
    qs = services.persons_for(actor).order_by("search_name", "pk")
    rows = list(qs[offset : offset + limit])
    from openocmw.accounts import audit

    audit.record(
        actor,
        "search",
        object_type="person",
        purpose="person list",
        detail={"offset": offset, "results": len(rows)},
    )
    return {"offset": offset, "results": [person_summary(p) for p in rows]}


def create_person(request, actor):
    require(actor, "person.create")
    data = read_json(
        request,
        PERSON_FIELDS | {"residence_status"},
        {"first_name", "last_name", "birth_date", "sex", "nationality"},
    )
    status = data.pop("residence_status", None)
    form = PersonForm({"language": "nl"} | data)
    if not form.is_valid():
        raise form_errors(form)
    kwargs = {}
    if status is not None:
        if not isinstance(status, dict):
            raise error(400, _("Give an object with status and valid_from."), "residence_status")
        check_fields(status, STATUS_FIELDS, {"status", "valid_from"}, prefix="residence_status.")
        sform = ResidenceStatusForm(status)
        if not sform.is_valid():
            raise form_errors(sform, prefix="residence_status.")
        kwargs = {
            "status": sform.cleaned_data["status"],
            "status_from": sform.cleaned_data["valid_from"],
            "status_document": sform.cleaned_data["document"],
        }
    person = services.create_person(actor, form.cleaned_data, **kwargs)
    return 201, person_full(person)


def _person(actor, person_id: int) -> Person:
    try:
        return services.get_person(actor, person_id, purpose="api")
    except Person.DoesNotExist:
        raise error(404, _("No such person in your OCMW."), code="not_found") from None


@endpoint(("GET",))
def person_detail(request, actor, person_id: int):
    return person_full(_person(actor, person_id))


@endpoint(("POST",))
def person_statuses(request, actor, person_id: int):
    require(actor, "person.update")
    person = _person(actor, person_id)
    data = read_json(request, STATUS_FIELDS, {"status", "valid_from"})
    form = ResidenceStatusForm(data)
    if not form.is_valid():
        raise form_errors(form)
    services.add_residence_status(
        actor,
        person,
        form.cleaned_data["status"],
        form.cleaned_data["valid_from"],
        valid_until=form.cleaned_data["valid_until"],
        document=form.cleaned_data["document"],
    )
    return 201, person_full(person)


def _date(data: dict, field: str) -> date:
    value = data.get(field)
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise error(400, _("Give a date as YYYY-MM-DD."), field)
    return parsed


def _household(actor, household_id: int) -> Household:
    require(actor, "person.view")
    try:
        return audit.fetch(
            actor, Household.objects.all(), household_id, object_type="household",
            purpose="api", subject=lambda h: h.reference_person_id,
        )  # fmt: skip
    except Household.DoesNotExist:
        raise error(404, _("No such household in your OCMW."), code="not_found") from None


@endpoint(("POST",))
def households(request, actor):
    require(actor, "household.change")
    data = read_json(
        request, {"reference_person_id", "valid_from"}, {"reference_person_id", "valid_from"}
    )
    ref = _person(actor, _int(data["reference_person_id"], "reference_person_id", 0, 1, 2**62))
    hh = services.found_household(actor, ref, _date(data, "valid_from"))
    return 201, household_data(hh)


@endpoint(("GET",))
def household_detail(request, actor, household_id: int):
    return household_data(_household(actor, household_id))


@endpoint(("POST",))
def household_changes(request, actor, household_id: int):
    require(actor, "household.change")
    hh = _household(actor, household_id)
    data = read_json(
        request, {"person_id", "reason", "date", "relation"}, {"person_id", "reason", "date"}
    )
    person_id = _int(data["person_id"], "person_id", 0, 1, 2**62)
    person = services.persons_for(actor).filter(pk=person_id).first()
    if person is None:
        raise error(400, _("No such person in your OCMW."), "person_id")
    services.record_household_change(
        actor,
        hh,
        person=person,
        reason=data["reason"],
        on=_date(data, "date"),
        relation=data.get("relation"),
    )
    return 201, household_data(hh)


@endpoint(("GET",))
def residence_statuses(request, actor):
    return {
        "statuses": [{"code": c, "label": str(label)} for c, label in ResidenceStatusCode.choices]
    }
