"""Outreach with a human in the loop (issue 11 §3): worklists per worker, contacts with a
letter in the person's language, outcomes, "apply" opening an aid request, notices."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework.models import AidRequest
from openocmw.rights import services
from openocmw.rights.models import (
    Contact,
    EntryKind,
    Notice,
    Outcome,
    WorklistEntry,
)
from openocmw.rules.rights.screening import Population, screen
from tests.conftest import actor_of

from .conftest import make_person

ON = date(2025, 3, 1)


@pytest.fixture
def uma_entry(actor_a, lead_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar", language="fr")
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    return WorklistEntry.objects.get(run=run)


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Dringende medische hulp"),
        ("fr", "Aide médicale urgente"),
        ("de", "Dringende medizinische Hilfe"),
    ],
)
def test_a_letter_in_the_person_s_language(actor_a, uma_entry, language, words):
    """With how to apply in the same language (catalogue.yaml, urgent_medical_aid)."""
    uma_entry.person.language = language
    uma_entry.person.save(update_fields=["language"])
    contact = services.record_contact(actor_a, uma_entry, "letter", date(2025, 3, 5))
    pdf = bytes(contact.letter_pdf)
    assert pdf.startswith(b"%PDF") and contact.letter_language == language
    text = _pdf_text(pdf)
    assert words in text and uma_entry.person.last_name in text
    how = {
        "nl": "attest dringende medische hulp",
        "fr": "attestation d'aide médicale urgente",
        "de": "Bescheinigung über dringende medizinische Hilfe",
    }[language]
    assert how in " ".join(text.split())
    audit = AuditEntry.objects.get(object_type="rights_contact")
    assert audit.purpose == "rights outreach" and audit.subject_person_id == uma_entry.person_id


def test_a_call_a_visit_and_a_partner_are_recorded(actor_a, uma_entry):
    services.record_contact(actor_a, uma_entry, "phone", date(2025, 3, 5), note="geen antwoord")
    services.record_contact(actor_a, uma_entry, "visit", date(2025, 3, 6))
    services.record_contact(actor_a, uma_entry, "partner", date(2025, 3, 7), partner="CAW Leuven")
    assert list(Contact.objects.values_list("channel", flat=True)) == ["phone", "visit", "partner"]
    assert not Contact.objects.exclude(letter_pdf=None).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"channel": "pigeon", "on": date(2025, 3, 5)}, "channel"),
        ({"channel": "phone", "on": date(2025, 2, 1)}, "on"),
        ({"channel": "phone", "on": None}, "on"),
        ({"channel": "partner", "on": date(2025, 3, 5)}, "partner"),
        ({"channel": "phone", "on": date(2025, 3, 5), "note": "a\u202eb"}, "note"),
    ],
)
def test_a_bad_contact_names_the_field_and_saves_nothing(actor_a, uma_entry, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.record_contact(actor_a, uma_entry, kwargs.pop("channel"), kwargs.pop("on"),
                                **kwargs)  # fmt: skip
    assert field in error.value.message_dict
    assert not Contact.objects.exists()


def test_apply_opens_an_aid_request_with_the_facts_and_the_30_day_clock(actor_a, uma_entry):
    received = date(2025, 3, 12)
    req = services.open_request(actor_a, uma_entry, received)
    req = AidRequest.objects.get(pk=req.pk)
    assert req.person_id == uma_entry.person_id and req.kind == "urgent_medical_aid"
    assert req.channel == "own_initiative" and req.received_on == received
    assert req.decision_due == received + timedelta(days=30)
    assert "wettig verblijf" in req.description and "2025" in req.description
    assert req.items.exists()  # casework's own checklist: its service made it
    outcome = Outcome.objects.get(entry=uma_entry)
    assert outcome.outcome == "applied" and outcome.aid_request == req
    # Nothing is granted by it: no decision exists until the council decides.
    assert not req.decisions.exists()


def test_apply_is_refused_for_a_right_the_ocmw_does_not_grant(actor_a, lead_a):
    make_person(actor_a, "belgian", date(1950, 2, 2), first="Maria")
    run = services.run_screening(lead_a, ON, purpose="t", rights=["income_guarantee_elderly"])
    entry = WorklistEntry.objects.get(run=run)
    with pytest.raises(ValidationError) as error:
        services.open_request(actor_a, entry, date(2025, 3, 12))
    assert "right" in error.value.message_dict
    assert not AidRequest.objects.exists() and not Outcome.objects.exists()


def test_applied_is_not_recorded_by_hand(actor_a, uma_entry):
    with pytest.raises(ValidationError) as error:
        services.record_outcome(actor_a, uma_entry, "applied", date(2025, 3, 12))
    assert "outcome" in error.value.message_dict


def test_entries_go_on_the_list_of_the_person_s_worker_and_the_lead_reassigns(
    actor_a, lead_a, users
):
    from openocmw.casework import services as casework

    person = make_person(actor_a, "no_legal_residence", date(1990, 5, 5))
    make_person(actor_a, "no_legal_residence", date(1991, 5, 5), first="Other")
    casework.register_request(actor_a, person, received_on=date(2025, 1, 10),
                              kind="other_social_aid", other_aid="energy", channel="counter")  # fmt: skip
    run = services.run_screening(lead_a, ON, purpose="t", rights=["urgent_medical_aid"])
    mine = list(services.entries(actor_a, run, worker=actor_a.user))
    assert [e.person_id for e in mine] == [person.pk]
    assert len(services.entries(actor_a, run, unassigned=True)) == 1
    other = services.entries(actor_a, run, unassigned=True).get()
    services.assign(lead_a, other, actor_a.user)
    assert len(services.entries(actor_a, run, worker=actor_a.user)) == 2
    with pytest.raises(PermissionDenied):
        services.assign(actor_a, other, None)  # a social worker does not assign
    with pytest.raises(ValidationError) as error:
        services.assign(lead_a, other, users[("b", Role.SOCIAL_WORKER)])
    assert "worker" in error.value.message_dict


def test_only_roles_that_may_see_the_person_see_the_results(users, uma_entry):
    for role in (Role.OCMW_ADMIN, Role.SECURITY_ADVISER, Role.FEDERAL_INSPECTOR):
        actor = actor_of(users[("a", role)])
        with pytest.raises(PermissionDenied):
            services.worklist(actor, uma_entry.run, "urgent_medical_aid")
    other = actor_of(users[("b", Role.SOCIAL_WORKER)])
    with pytest.raises(WorklistEntry.DoesNotExist):
        services.get_entry(other, uma_entry.pk)
    assert AuditEntry.objects.filter(object_type="worklist_entry", action="denied").exists()


def test_an_automatic_right_that_no_longer_appears_met_gives_a_notice(actor_a, lead_a):
    """The IGO is granted ex officio (automation "automatic" in the catalogue): a person who
    receives it and is 40 is for review, with a notice; nothing is withdrawn."""
    person = make_person(actor_a, "belgian", date(1985, 2, 2))
    run = services.run_screening(lead_a, ON, purpose="t", rights=["income_guarantee_elderly"])
    base = services.load_population(lead_a, ON)
    receives = {code: np.array(values) for code, values in base.receives.items()}
    receives["income_guarantee_elderly"][:] = True
    population = Population.from_columns(dict(base.columns), receives, person_id=base.person_id)
    services.write_entries(run, population, screen(population, ON, run.rights))
    review = WorklistEntry.objects.get(run=run, kind=EntryKind.REVIEW)
    assert review.person_id == person.pk
    notice = Notice.objects.get(entry=review)
    assert notice.automation == "automatic" and notice.right == "income_guarantee_elderly"
    assert services.suggested_action(review) == "review"
    # The letter for it does not offer the right: it asks to check the situation together.
    contact = services.record_contact(actor_a, review, "letter", ON)
    text = _pdf_text(bytes(contact.letter_pdf))
    assert "Over uw recht" in text and "U hebt mogelijk recht op" not in text
