"""The intake panel (issue 11, §5): the rights one person's household appears to miss.

When a worker opens a person's file or registers a request, the panel screens that household
alone with the same engine as the population screening (`rules.rights.screening.screen`), for
the OCMW's catalogue: the encoded national rights and its own local rights. One household is a
handful of queries and a screening of a few persons (bench/bench_intake.py: well under 100 ms).
Every match shown is in the audit log with the person and the purpose.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from django.db.models import Q
from django.utils import timezone, translation

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.casework.models import Decision, DecisionKind
from openocmw.registry.models import Membership, Person, Relation, ResidenceStatus
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER, S
from openocmw.rules.rights.explain import worklist as explain_worklist
from openocmw.rules.rights.screening import SUPPORTED_FROM, Population, screen

from .catalogue_services import local_rules
from .facts import fact_columns

# The decisions that mean a person receives a right today (casework's aid kinds).
DECIDED_RIGHTS = ("leefloon", "equivalent_leefloon", "urgent_medical_aid")
ROLE_OF_RELATION = {
    Relation.REFERENCE: HEAD,
    Relation.PARTNER: PARTNER,
    Relation.CHILD: CHILD,
    Relation.GRANDCHILD: CHILD,
}
PURPOSE = "rights intake panel"


def _active(queryset, on: date):
    return queryset.filter(valid_from__lte=on, cancelled_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def household_members(ocmw_id: int, person_id: int, on: date) -> tuple[int | None, list]:
    """The household of a person on a date and its members' (person id, relation)."""
    membership = (
        _active(Membership.objects.filter(person_id=person_id, household__ocmw_id=ocmw_id), on)
        .order_by("-valid_from")
        .first()
    )
    if membership is None:
        return None, [(person_id, Relation.REFERENCE)]
    members = _active(
        Membership.objects.filter(household_id=membership.household_id), on
    ).values_list("person_id", "relation")
    return membership.household_id, sorted(set(members))


def load_household(ocmw_id: int, members: list, on: date) -> Population:
    """The columns of one household (same facts and conventions as the population loader of
    `rights.services.load_population`, incomes and status facts from `rights.facts`)."""
    ids = [pk for pk, _ in members]
    births = dict(
        Person.objects.filter(ocmw_id=ocmw_id, pk__in=ids).values_list("pk", "birth_date")
    )
    ids = [pk for pk in ids if pk in births]
    relation = dict(members)
    n = len(ids)
    status = np.zeros(n, np.int8)
    position = {pk: i for i, pk in enumerate(ids)}
    rows = _active(ResidenceStatus.objects.filter(person_id__in=ids), on).order_by("valid_from")
    for person_id, code in rows.values_list("person_id", "status"):
        if code in S:
            status[position[person_id]] = S[code]
    receives = {code: np.zeros(n, bool) for code in DECIDED_RIGHTS}
    decisions = (
        Decision.objects.filter(
            ocmw_id=ocmw_id,
            person_id__in=ids,
            kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            aid_kind__in=DECIDED_RIGHTS,
            effective_from__lte=on,
            replaced_by__isnull=True,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .values_list("person_id", "aid_kind")
    )
    for person_id, aid_kind in decisions:
        receives[aid_kind][position[person_id]] = True

    def age(birth: date) -> int:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

    role = np.array([ROLE_OF_RELATION.get(relation[pk], OTHER) for pk in ids], np.int8)
    if n and not (role == HEAD).any():
        role[0] = HEAD
    columns = {
        "household": np.zeros(n, np.int64),
        "age": np.array([age(births[pk]) for pk in ids], np.int16),
        "role": role,
        "status": status,
        **fact_columns(ocmw_id, on, ids, persons=ids),
    }
    return Population.from_columns(columns, receives, person_id=np.array(ids, np.int64))


def screen_household(ocmw, person_id: int, on: date, languages=("nl", "fr", "de")) -> dict:
    """Screen the household of `person_id` on `on` for the OCMW's rights: per right, the
    entries (one per member who appears to miss it), a tuple with one per language of
    `languages` (the panel asks only the worker's: the reasons are most of its time)."""
    on = max(on, SUPPORTED_FROM)
    household_id, members = household_members(ocmw.pk, person_id, on)
    pop = load_household(ocmw.pk, members, on)
    extra = local_rules(ocmw, on)
    rules = {code: rule for code, (rule, _) in extra.items()}
    result = screen(pop, on, extra_rules=rules)
    catalogue = load_catalogue()
    out = {}
    for code, right in result.rights.items():
        shown = right.enr_reasons != 0
        if not shown.any():
            continue
        rule, entry = extra.get(code, (None, catalogue.get(code)))
        texts = {
            language: explain_worklist(
                right, pop, on, language=language, select=shown, rule=rule, right=entry
            )
            for language in languages
        }
        out[code] = {
            "entry": entry,
            "matches": list(zip(*(texts[language] for language in languages), strict=True)),
        }
    return {"household": household_id, "on": on, "persons": len(pop), "rights": out}


def missing_rights(actor: Actor, person: Person, on: date | None = None) -> list[dict]:
    """The panel's rows for a worker: per right its name, how to apply and the members who
    appear to miss it, with the reason in the worker's language. Every match shown is audited:
    one entry per member shown, naming the rights shown for them."""
    require(actor, "person.view")
    if person.ocmw_id != actor.ocmw_id:
        raise Person.DoesNotExist
    on = on or timezone.localdate()
    language = (translation.get_language() or "nl")[:2]
    language = language if language in ("nl", "fr", "de") else "nl"
    screened = screen_household(actor.ocmw, person.pk, on, languages=(language,))
    names = dict(Person.objects.filter(pk__in=_ids(screened)).values_list("pk", "first_name"))
    rows = []
    shown: dict[int, dict] = {}
    for code, item in screened["rights"].items():
        entry = item["entry"]
        matches = []
        for (said,) in item["matches"]:
            person_id = said["person_id"]
            shown.setdefault(person_id, {})[code] = said["complete"]
            matches.append(
                {
                    "person_id": person_id,
                    "first_name": names.get(person_id, ""),
                    "reason": said["reason"],
                    "complete": said["complete"],
                    "missing": said["missing"],
                }
            )
        rows.append(
            {
                "code": code,
                "name": entry.name(language),
                "level": entry.level,
                "automation": entry.automation["status"],
                "how_to_apply": entry.how_to_apply.get(language) or entry.how_to_apply.get("nl"),
                "matches": matches,
            }
        )
    for person_id, rights in shown.items():
        audit.record(
            actor,
            "view",
            object_type="rights_match",
            object_id=",".join(rights)[:60],
            subject_person_id=person_id,
            purpose=PURPOSE,
            detail={"rights": rights, "on": screened["on"].isoformat()},
        )
    return rows


def _ids(screened: dict) -> set[int]:
    return {m[0]["person_id"] for item in screened["rights"].values() for m in item["matches"]}
