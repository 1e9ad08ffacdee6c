"""Accepting a reported change applies it whole (issue 13 §3): a changed benefit becomes the
person's new dated income where the calculator and the investigation read it, and flags the
decision in force for revision in the e-box; a household change about a newcomer registers
the newcomer from the national register's data in the message. Nothing is half-applied."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openocmw.accounts.models import AuditEntry
from openocmw.exchange.models import FlowRecord, FlowWarning, Mutation, Prefill
from openocmw.exchange.services import consult, crosschecks, mutations
from openocmw.jobs.services import enqueue
from openocmw.registry.models import Person

from .test_mutations import drop, feed

pytestmark = pytest.mark.django_db
APRIL = date(2026, 4, 1)


def benefit(ssin, amount="900.00", on="2026-04-01", mid="MUT-BEN-0001"):
    return (f'<Mutation id="{mid}"><Ssin>{ssin}</Ssin><Source>unemployment</Source>'
            f'<EffectiveOn>{on}</EffectiveOn><Benefit kind="unemployment_benefit" '
            f'amount="{amount}"/></Mutation>')  # fmt: skip


def arrives(settings, *items) -> Mutation:
    drop(settings["DROP_DIR"], "f.xml", feed(*items))
    enqueue("exchange.drop")
    return Mutation.objects.get()


def test_an_accepted_benefit_is_the_new_income_and_flags_the_decision(
    exchange_settings, actor_a, granted, jan
):
    m = arrives(exchange_settings, benefit(jan.insz))
    mutations.accept(actor_a, m)
    # The new dated income, with its source and date, confirmed by the acceptance.
    value = Prefill.objects.get()
    assert (value.request_id, value.kind, value.amount, value.month, value.status) == (
        granted.request_id, "unemployment_benefit", Decimal("900.00"), APRIL, "confirmed",
    )  # fmt: skip
    assert (value.source_display, value.data_date) == ("werkloosheidsuitkeringen", APRIL)
    resources = consult.situation_with_flows(granted.request, APRIL)["applicant"]["resources"]
    assert {"kind": "unemployment_benefit", "amount": 900.0, "period": "month"} in resources
    # The decision in force counts no income: it is flagged for revision in the e-box.
    w = FlowWarning.objects.get()
    assert (w.decision_id, w.mismatch, w.field, w.month, w.held, w.reported, w.status) == (
        granted.pk, "income", "unemployment_benefit", APRIL, "0.00", "900.00", "open",
    )  # fmt: skip
    assert AuditEntry.objects.filter(object_type="prefill", action="create").count() == 1
    # The night's cross-checks of the same month and source add no second warning.
    FlowRecord.objects.create(source="unemployment", insz=jan.insz, month=APRIL,
                              field="unemployment_benefit", amount=Decimal("900.00"),
                              message_id="FLOW-2026-04")  # fmt: skip
    assert crosschecks.run(APRIL)["warnings"] == 0


def test_a_benefit_without_a_request_is_refused_whole(exchange_settings, actor_a, jan):
    m = arrives(exchange_settings, benefit(jan.insz))
    with pytest.raises(ValidationError, match="registreer eerst de aanvraag"):
        mutations.accept(actor_a, m)
    m.refresh_from_db()
    assert m.status == "proposed"
    assert Prefill.objects.count() == 0 and FlowWarning.objects.count() == 0


def newcomer(ssin, member="90010203457", identity=True):
    who = ("<LastName>Janssens</LastName><FirstName>Ann</FirstName>"
           "<BirthDate>1990-01-02</BirthDate><Gender>F</Gender><Nationality>BE</Nationality>"
           if identity else "")  # fmt: skip
    return (f'<Mutation id="MUT-HH-0002"><Ssin>{ssin}</Ssin><Source>national_register</Source>'
            "<EffectiveOn>2026-04-05</EffectiveOn><Household><Change>moved_in</Change>"
            f"<MemberSsin>{member}</MemberSsin>{who}<Relation>partner</Relation></Household>"
            "</Mutation>")  # fmt: skip


def test_a_newcomer_is_registered_from_the_message_and_joins(
    exchange_settings, actor_a, jan, household
):
    m = arrives(exchange_settings, newcomer(jan.insz))
    mutations.accept(actor_a, m)
    ann = Person.objects.get(insz="90010203457", ocmw_id=jan.ocmw_id)
    assert (ann.last_name, ann.first_name, ann.birth_date, ann.sex, ann.nationality) == (
        "Janssens", "Ann", date(1990, 1, 2), "F", "BE",
    )  # fmt: skip
    assert (ann.street, ann.municipality) == (jan.street, jan.municipality)
    joined = household.memberships.get(person=ann)
    assert (joined.valid_from, joined.relation) == (date(2026, 4, 5), "partner")
    entry = AuditEntry.objects.get(object_type="person", object_id=ann.pk, purpose="mutations")
    assert entry.detail["message"] == "MUT-HH-0002" and entry.user_id == actor_a.user.pk


def test_a_newcomer_whose_identity_does_not_hold_is_refused_whole(
    exchange_settings, actor_a, jan, household
):
    # The birth date in the message does not match the national number: nothing is applied.
    m = arrives(exchange_settings, newcomer(jan.insz).replace("1990-01-02", "1991-01-02"))
    before = household.memberships.count()
    with pytest.raises(ValidationError, match="national number|rijksregisternummer"):
        mutations.accept(actor_a, m)
    assert not Person.objects.filter(insz="90010203457").exists()
    m.refresh_from_db()
    assert m.status == "proposed" and household.memberships.count() == before
