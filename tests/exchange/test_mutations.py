"""Mutations from the file drop (issue 13 §3): a job processes the drop folder; a bad file
goes to quarantine with its reason; each change is a proposal on the file, accepted (a new
dated version through the registry services) or rejected with a reason; an unknown person
or a duplicate change is refused and logged; a hinge moment starts the rights check."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openocmw.exchange.models import ExchangeLog, FlowRecord, Mutation
from openocmw.exchange.services import mutations
from openocmw.jobs.services import enqueue

pytestmark = pytest.mark.django_db
NS = 'xmlns="http://openocmw.be/xsd/exchange/1"'


def feed(*items: str, mid="FEED-0000001") -> bytes:
    return (f'<?xml version="1.0"?><MutationFeed {NS} messageId="{mid}" '
            f'created="2026-04-02T03:00:00Z">{"".join(items)}</MutationFeed>').encode()  # fmt: skip


def address(ssin, mid="MUT-ADDR-0001", on="2026-04-01"):
    return (
        f'<Mutation id="{mid}"><Ssin>{ssin}</Ssin><Source>national_register</Source>'
        f"<EffectiveOn>{on}</EffectiveOn><Address><Street>Naamsestraat</Street>"
        "<HouseNumber>80</HouseNumber><PostalCode>3000</PostalCode><Municipality>Leuven"
        f"</Municipality><NisCode>24062</NisCode><Since>{on}</Since></Address></Mutation>"
    )


def death(ssin, mid="MUT-DEATH-0001", on="2026-04-03"):
    return (
        f'<Mutation id="{mid}"><Ssin>{ssin}</Ssin><Source>national_register</Source>'
        f"<EffectiveOn>{on}</EffectiveOn><Death><DeathDate>{on}</DeathDate></Death></Mutation>"
    )


def drop(folder, name, data: bytes):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def test_a_feed_becomes_proposals_and_a_bad_file_goes_to_quarantine(exchange_settings, jan):
    dirs = exchange_settings
    drop(
        dirs["DROP_DIR"], "a-feed.xml", feed(address(jan.insz), death("85073003429", "MUT-X-0001"))
    )
    drop(dirs["DROP_DIR"], "b-broken.xml", b"<MutationFeed")
    drop(dirs["DROP_DIR"], "c-invalid.xml", feed(address("123")))
    job = enqueue("exchange.drop")
    assert job.status == "succeeded", job.message
    m = Mutation.objects.get()
    assert (m.person_id, m.kind, m.status, m.effective_on) == (
        jan.pk,
        "address",
        "proposed",
        date(2026, 4, 1),
    )
    refused = ExchangeLog.objects.get(channel="mutations", outcome="refused")
    assert (refused.reason, refused.reference) == ("unknown person", "MUT-X-0001")
    quarantine = sorted(p.name for p in dirs["QUARANTINE_DIR"].iterdir())
    assert quarantine == ["b-broken.xml", "b-broken.xml.reason.txt", "c-invalid.xml",
                          "c-invalid.xml.reason.txt"]  # fmt: skip
    assert "not well-formed" in (dirs["QUARANTINE_DIR"] / "b-broken.xml.reason.txt").read_text()
    assert "Ssin" in (dirs["QUARANTINE_DIR"] / "c-invalid.xml.reason.txt").read_text()
    assert [p.name for p in dirs["DONE_DIR"].iterdir()] == ["a-feed.xml"]
    assert list(dirs["DROP_DIR"].iterdir()) == []
    # Nothing of the person changed before the worker accepts.
    jan.refresh_from_db()
    assert jan.street == "Kerkstraat"


def test_a_duplicate_change_is_refused_and_logged(exchange_settings, jan):
    drop(exchange_settings["DROP_DIR"], "one.xml", feed(address(jan.insz)))
    enqueue("exchange.drop")
    drop(exchange_settings["DROP_DIR"], "one.xml", feed(address(jan.insz), mid="FEED-0000002"))
    enqueue("exchange.drop")
    assert Mutation.objects.count() == 1
    assert (
        ExchangeLog.objects.filter(reason="duplicate mutation", reference="MUT-ADDR-0001").count()
        == 1
    )
    assert sorted(p.name for p in exchange_settings["DONE_DIR"].iterdir()) == [
        "one.1.xml",
        "one.xml",
    ]


def test_accepting_an_address_writes_a_new_dated_version(exchange_settings, actor_a, jan):
    drop(exchange_settings["DROP_DIR"], "f.xml", feed(address(jan.insz)))
    enqueue("exchange.drop")
    m = Mutation.objects.get()
    mutations.accept(actor_a, m)
    jan.refresh_from_db()
    assert (jan.street, jan.house_number, jan.version) == ("Naamsestraat", "80", 2)
    assert jan.versions.get(version=2).data["street"] == "Naamsestraat"
    m.refresh_from_db()
    assert m.status == "accepted" and m.decided_by == actor_a.user
    with pytest.raises(ValidationError, match="al beslist"):
        mutations.accept(actor_a, m)


def test_hinge_moment_is_signalled_after_commit(exchange_settings, actor_a, jan, household,
                                                django_capture_on_commit_callbacks):  # fmt: skip
    drop(exchange_settings["DROP_DIR"], "f.xml", feed(death(jan.insz)))
    enqueue("exchange.drop")
    seen = []

    def receiver(sender, household, kind, date, source, **kw):
        seen.append((household.pk, kind, date, source))

    mutations.hinge_moment.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            mutations.accept(actor_a, Mutation.objects.get())
    finally:
        mutations.hinge_moment.disconnect(receiver)
    assert seen == [(household.pk, "death", date(2026, 4, 3), "national_register")]
    membership = household.memberships.get(person=jan)
    assert (membership.valid_until, membership.end_reason) == (date(2026, 4, 3), "death")


def test_rejecting_needs_a_reason(exchange_settings, actor_a, actor_b, jan):
    drop(exchange_settings["DROP_DIR"], "f.xml", feed(address(jan.insz)))
    enqueue("exchange.drop")
    m = Mutation.objects.get()
    with pytest.raises(ValidationError) as exc:
        mutations.reject(actor_a, m, "   ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(Mutation.DoesNotExist):
        mutations.reject(actor_b, m, "not ours")
    mutations.reject(actor_a, m, "Verhuis nog niet bevestigd door de wijkagent.")
    m.refresh_from_db()
    assert m.status == "rejected" and m.reason.startswith("Verhuis")
    jan.refresh_from_db()
    assert jan.version == 1


def test_a_change_that_fails_in_the_registry_is_not_half_applied(exchange_settings, actor_a,
                                                               jan, household):  # fmt: skip
    # A household change about a member without a file here: refused, nothing changes.
    change = (f'<Mutation id="MUT-HH-0001"><Ssin>{jan.insz}</Ssin><Source>national_register'
              "</Source><EffectiveOn>2026-04-05</EffectiveOn><Household><Change>moved_in</Change>"
              "<MemberSsin>90010200146</MemberSsin><Relation>partner</Relation></Household>"
              "</Mutation>")  # fmt: skip
    drop(exchange_settings["DROP_DIR"], "f.xml", feed(change))
    enqueue("exchange.drop")
    m = Mutation.objects.get()
    before = household.memberships.count()
    with pytest.raises(ValidationError, match="registreer eerst de persoon"):
        mutations.accept(actor_a, m)
    m.refresh_from_db()
    assert m.status == "proposed" and household.memberships.count() == before


def test_a_monthly_flow_is_loaded_once(exchange_settings, jan):
    data = (f'<?xml version="1.0"?><MonthlyFlow {NS} messageId="FLOW-2026-03-ONEM" '
            'source="unemployment" month="2026-03">'
            f'<Fact ssin="{jan.insz}" field="unemployment_benefit" amount="900.00"/>'
            '</MonthlyFlow>').encode()  # fmt: skip
    drop(exchange_settings["DROP_DIR"], "flow.xml", data)
    first = enqueue("exchange.drop").result["files"][0]
    drop(exchange_settings["DROP_DIR"], "flow.xml", data)
    second = enqueue("exchange.drop").result["files"][0]
    assert (first["facts"], first["added"], second["added"]) == (1, 1, 0)
    assert FlowRecord.objects.get().amount == 900
