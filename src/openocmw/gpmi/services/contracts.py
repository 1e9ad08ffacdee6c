"""The contract: drafting, revising, validating (both parties sign: law of 26 May 2002, art. 11
and 13 §2) and closing a GPMI.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.registry.models import Person

from ..dates import add_months
from ..models import (
    ContractVersion,
    Evaluation,
    Gpmi,
    Kind,
    LeefloonCategory,
    Moment,
    Outcome,
    Status,
)
from . import common
from .common import (
    EVALUATION_INTERVAL_MONTHS,
    Errors,
    _dmy,
    _error,
    _lock_gpmi,
    _lock_person,
    _number,
    latest_version,
    open_evaluations,
)
from .requirement import current_leefloon_start

# --- the contract ---------------------------------------------------------------------------


ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _clean_goals(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        return []
    return [str(g).strip() for g in value if str(g).strip()]


def _clean_facts(
    kind: str, facts: dict, start: date | None, end: date | None, errors: Errors
) -> dict:
    """What the law asks of the specific kinds (law art. 11 as amended; RD 11 July 2002)."""
    facts = facts or {}
    out: dict = {}

    def text(field, message):
        value = str(facts.get(field) or "").strip()
        if not value:
            errors.add(field, message, "required")
        out[field] = value

    if kind == Kind.STUDIES:
        text("institution", _("Name the school or institution of the studies."))
        text("programme", _("Name the course of study."))
        year = str(facts.get("academic_year") or "").strip()
        m = ACADEMIC_YEAR.match(year)
        if not year:
            errors.add(
                "academic_year", _("Give the first academic year, e.g. 2025-2026."), "required"
            )
        elif not m or int(m.group(2)) != int(m.group(1)) + 1:
            errors.add("academic_year", _("Write the academic year as 2025-2026."))
        out["academic_year"] = year
        out["study_years"] = _number(
            facts.get("study_years"), "study_years", 1, 8, errors, required=True, integer=True
        )
    elif kind == Kind.TRAINING:
        text("provider", _("Name the training provider."))
        text("programme", _("Name the training."))
        out["hours_per_week"] = _number(
            facts.get("hours_per_week"), "hours_per_week", 1, 40, errors, required=False
        )
        training_end = facts.get("training_end")
        if isinstance(training_end, str) and training_end:
            try:
                training_end = date.fromisoformat(training_end)
            except ValueError:
                errors.add("training_end", _("Give a date as YYYY-MM-DD."))
                training_end = None
        if training_end and start and end and not start <= training_end <= end:
            errors.add("training_end", _("The training ends outside the period of the contract."))
        out["training_end"] = training_end.isoformat() if training_end else None
    elif kind == Kind.COMMUNITY_SERVICE:
        text("organisation", _("Name the organisation where the community service is done."))
        text("tasks", _("Describe the tasks."))
        out["hours_per_week"] = _number(
            facts.get("hours_per_week"), "hours_per_week", 1, 38, errors, required=True
        )
        voluntary = facts.get("voluntary")
        if voluntary not in (True, "true", "on", "1", 1):
            errors.add(
                "voluntary",
                _(
                    "Community service is only possible when the person asks "
                    "for it freely: confirm that the person chose it."
                ),
                "required",
            )
        out["voluntary"] = True
    return out


def _clean_contract(data: dict) -> dict:
    errors = Errors()
    kind = data.get("kind")
    if kind not in Kind.values:
        errors.add("kind", _("Choose the kind of GPMI."), "required" if not kind else "invalid")
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors.add("start", _("This field is required."), "required")
    if end is None:
        errors.add("end", _("This field is required."), "required")
    if start and end and end < start:
        errors.add("end", _("The end date lies before the start date."))
    if start and end and end > add_months(start, 12 * 8):
        errors.add("end", _("A contract runs for at most eight years."))
    goals = _clean_goals(data.get("goals"))
    if not goals:
        errors.add("goals", _("Write at least one goal of the person."), "required")
    for field, message in (
        ("person_commitments", _("Write what the person commits to.")),
        ("ocmw_commitments", _("Write what the OCMW commits to.")),
    ):
        if not str(data.get(field) or "").strip():
            errors.add(field, message, "required")
    facts = (
        _clean_facts(kind, data.get("facts") or {}, start, end, errors)
        if kind in Kind.values
        else {}
    )
    category = data.get("leefloon_category")
    if category not in (None, ""):
        try:
            category = int(category)
        except (TypeError, ValueError):
            category = -1
        if category not in LeefloonCategory.values:
            errors.add("leefloon_category", _("The category is 1, 2 or 3."))
    else:
        category = None
    errors.raise_if_any()
    return {
        "kind": kind,
        "start": start,
        "end": end,
        "goals": goals,
        "person_commitments": str(data["person_commitments"]).strip(),
        "ocmw_commitments": str(data["ocmw_commitments"]).strip(),
        "support": str(data.get("support") or "").strip(),
        "facts": facts,
        "leefloon_category": category,
        "leefloon_start": data.get("leefloon_start"),
    }


def _check_overlap(person: Person, start: date, end: date, exclude: Gpmi | None = None) -> None:
    """Two GPMIs of one person may not overlap (a closed one ends on its closing date)."""
    qs = Gpmi.objects.filter(person=person, start__lte=end, ends_on__gte=start)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    clash = qs.order_by("start").first()
    if clash is not None:
        raise _error(
            "start",
            _("This period overlaps the GPMI from %(start)s to %(end)s of the same person.")
            % {"start": _dmy(clash.start), "end": _dmy(clash.effective_end)},
            "overlap",
        )


def _version_fields(cleaned: dict) -> dict:
    return {
        k: cleaned[k]
        for k in (
            "kind",
            "start",
            "end",
            "goals",
            "person_commitments",
            "ocmw_commitments",
            "support",
            "facts",
        )
    }


@transaction.atomic
def draft_gpmi(actor: Actor, person: Person, data: dict) -> Gpmi:
    """Draft a GPMI for ``person``: the project and its first contract version (unsigned).

    The leefloon category and start, when not given, come from the recorded leefloon start.
    """
    require(actor, "gpmi.change")
    person = _lock_person(actor, person)
    cleaned = _clean_contract(data)
    if cleaned["start"] < person.birth_date:
        raise _error("start", _("The date lies before the birth date."))
    _check_overlap(person, cleaned["start"], cleaned["end"])
    if cleaned["leefloon_category"] is None or cleaned["leefloon_start"] is None:
        known, _new = current_leefloon_start(person, cleaned["start"])
        if known is not None:
            cleaned["leefloon_category"] = cleaned["leefloon_category"] or known.category
            cleaned["leefloon_start"] = cleaned["leefloon_start"] or known.start
    gpmi = Gpmi.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        worker=actor.user,
        status=Status.DRAFT,
        kind=cleaned["kind"],
        start=cleaned["start"],
        end=cleaned["end"],
        leefloon_category=cleaned["leefloon_category"],
        leefloon_start=cleaned["leefloon_start"],
        age_at_start=person.age_on(cleaned["start"]),
        created_by=actor.user,
    )
    version = ContractVersion.objects.create(
        gpmi=gpmi, number=1, recorded_by=actor.user, **_version_fields(cleaned)
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi",
        object_id=gpmi.pk,
        subject_person_id=person.pk,
        detail={"kind": gpmi.kind, "version": version.number},
    )
    return gpmi


@transaction.atomic
def revise_contract(
    actor: Actor, gpmi: Gpmi, data: dict, change_reason: str = ""
) -> ContractVersion:
    """A new version of the contract. The versions before it stay as they were; a validated
    version stays in force until the new one is signed by both parties."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    if gpmi.status == Status.CLOSED:
        raise _error("gpmi", _("This GPMI is closed: it can no longer be changed."), "closed")
    cleaned = _clean_contract(data)
    if gpmi.validated_on is not None and not (change_reason or "").strip():
        raise _error("change_reason", _("Say why the signed contract changes."), "required")
    _check_overlap(gpmi.person, cleaned["start"], cleaned["end"], exclude=gpmi)
    held = gpmi.evaluations.filter(held_on__isnull=False, cancelled_at__isnull=True)
    outside = held.filter(Q(held_on__lt=cleaned["start"]) | Q(held_on__gt=cleaned["end"])).first()
    if outside is not None:
        raise _error(
            "start",
            _("An evaluation was held on %(date)s, outside this period.")
            % {"date": _dmy(outside.held_on)},
        )
    last = latest_version(gpmi)
    version = ContractVersion.objects.create(
        gpmi=gpmi,
        number=last.number + 1,
        change_reason=(change_reason or "").strip(),
        recorded_by=actor.user,
        **_version_fields(cleaned),
    )
    update = {}
    if cleaned["leefloon_category"] is not None:
        update["leefloon_category"] = cleaned["leefloon_category"]
    if cleaned["leefloon_start"] is not None:
        update["leefloon_start"] = cleaned["leefloon_start"]
    if gpmi.status == Status.DRAFT:
        update.update(
            kind=version.kind,
            start=version.start,
            end=version.end,
            ends_on=version.end,
            age_at_start=gpmi.person.age_on(version.start),
        )
    if update:
        Gpmi.objects.filter(pk=gpmi.pk).update(**update)
    audit.record(
        actor,
        "create",
        object_type="gpmi_contract",
        object_id=version.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "version": version.number},
    )
    return version


def _schedule(start: date, end: date) -> list[date]:
    out = []
    k = 1
    while (due := add_months(start, EVALUATION_INTERVAL_MONTHS * k)) <= end:
        out.append(due)
        k += 1
    if not out or out[-1] < end - timedelta(days=31):
        out.append(end)  # a final evaluation at the end of a contract that ends between two
    return out


@transaction.atomic
def validate_contract(
    actor: Actor,
    version: ContractVersion,
    *,
    person_signed_on: date | None,
    person_signatory: str = "",
    ocmw_signed_on: date | None,
    ocmw_signatory: str = "",
) -> ContractVersion:
    """Record both signatures and validate the version (law of 26 May 2002, art. 11 and
    13 §2: a written contract, concluded by the person and the OCMW).

    A validation without both signatures is refused, naming the missing one. On validation
    the contract is made as a PDF in the person's language and kept with the version, the
    GPMI is running, and its evaluations are planned every four months.
    """
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, version.gpmi)
    version = ContractVersion.objects.select_for_update().get(pk=version.pk, gpmi=gpmi)
    errors = Errors()
    if version.validated:
        errors.add("version", _("This version is already validated."), "validated")
    elif version.number != latest_version(gpmi).number:
        errors.add("version", _("Only the newest version can be signed."), "superseded")
    if gpmi.status == Status.CLOSED:
        errors.add("gpmi", _("This GPMI is closed: it can no longer be changed."), "closed")
    # The contract rests on the needs analysis made before it (RD 11 July 2002, art. 11 §1;
    # seed 001 §5: a social balance at the start, midway and at the end).
    if not gpmi.balances.filter(moment=Moment.START).exists():
        errors.add(
            "balance",
            _("Record the social balance at the start first: the contract rests on it."),
            "no_start_balance",
        )
    today = common._today()
    for on_field, who_field, on, who, label in (
        (
            "person_signed_on",
            "person_signatory",
            person_signed_on,
            person_signatory,
            _("The person has not signed: give the date of the person's signature."),
        ),
        (
            "ocmw_signed_on",
            "ocmw_signatory",
            ocmw_signed_on,
            ocmw_signatory,
            _("The OCMW has not signed: give the date of the OCMW's signature."),
        ),
    ):
        if on is None:
            errors.add(on_field, label, "required")
        elif on > today:
            errors.add(on_field, _("The date lies in the future."))
        if not (who or "").strip():
            errors.add(who_field, _("Give the name of who signed."), "required")
    errors.raise_if_any()
    person_signatory = person_signatory.strip()
    ocmw_signatory = ocmw_signatory.strip()
    signed = max(person_signed_on, ocmw_signed_on)
    if signed > version.end:
        raise _error("ocmw_signed_on", _("The contract was signed after its end date."))
    from ..pdf import contract_pdf  # WeasyPrint is imported only when a contract is made

    version.person_signed_on, version.person_signatory = person_signed_on, person_signatory
    version.ocmw_signed_on, version.ocmw_signatory = ocmw_signed_on, ocmw_signatory
    pdf, language = contract_pdf(gpmi, version)
    ContractVersion.objects.filter(pk=version.pk).update(
        person_signed_on=person_signed_on,
        person_signatory=person_signatory,
        ocmw_signed_on=ocmw_signed_on,
        ocmw_signatory=ocmw_signatory,
        validated_at=timezone.now(),
        validated_by=actor.user,
        pdf=pdf,
        pdf_language=language,
    )
    Gpmi.objects.filter(pk=gpmi.pk).update(
        status=Status.ACTIVE,
        kind=version.kind,
        start=version.start,
        end=version.end,
        ends_on=version.end,
        validated_on=gpmi.validated_on or signed,
        age_at_start=gpmi.person.age_on(version.start),
    )
    # Evaluations: keep the past ones, plan the rest of the new period.
    open_evaluations(gpmi).filter(due_on__gt=signed).update(
        cancelled_at=timezone.now(), cancelled_reason="replanned for a new contract version"
    )
    planned = set(open_evaluations(gpmi).values_list("due_on", flat=True))
    Evaluation.objects.bulk_create(
        Evaluation(gpmi=gpmi, due_on=due, recorded_by=actor.user)
        for due in _schedule(version.start, version.end)
        if due > signed and due not in planned
    )
    audit.record(
        actor,
        "update",
        object_type="gpmi_contract",
        object_id=version.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "version": version.number, "validated": True},
    )
    version.refresh_from_db()
    return version


# --- closing ----------------------------------------------------------------------------------


@transaction.atomic
def close_gpmi(
    actor: Actor, gpmi: Gpmi, *, closed_on: date | None, outcome: str, note: str = ""
) -> Gpmi:
    """End a running GPMI ("clôturé": ended, not merely signed), with its outcome. Planned
    evaluations after the closing date are cancelled (they stay, struck through)."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if gpmi.status == Status.DRAFT:
        errors.add("gpmi", _("Only a signed GPMI can be closed."), "status")
    elif gpmi.status == Status.CLOSED:
        errors.add("gpmi", _("This GPMI is already closed."), "closed")
    if closed_on is None:
        errors.add("closed_on", _("This field is required."), "required")
    elif closed_on > common._today():
        errors.add("closed_on", _("The date lies in the future."))
    elif not gpmi.start <= closed_on <= gpmi.end:
        errors.add(
            "closed_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.end)},
        )
    if outcome not in Outcome.values:
        errors.add("outcome", _("Choose the outcome."), "required")
    errors.raise_if_any()
    later = gpmi.evaluations.filter(held_on__gt=closed_on, cancelled_at__isnull=True).first()
    if later is not None:
        raise _error(
            "closed_on",
            _("An evaluation was held on %(date)s, after this date.")
            % {"date": _dmy(later.held_on)},
        )
    open_evaluations(gpmi).filter(due_on__gt=closed_on).update(
        cancelled_at=timezone.now(), cancelled_reason="gpmi closed"
    )
    Gpmi.objects.filter(pk=gpmi.pk).update(
        status=Status.CLOSED,
        closed_on=closed_on,
        ends_on=closed_on,
        outcome=outcome,
        closing_note=(note or "").strip(),
    )
    audit.record(
        actor,
        "update",
        object_type="gpmi",
        object_id=gpmi.pk,
        subject_person_id=gpmi.person_id,
        detail={"closed_on": closed_on.isoformat(), "outcome": outcome},
    )
    gpmi.refresh_from_db()
    return gpmi
