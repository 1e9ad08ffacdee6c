"""The registry services: validation, versions, residence status periods, household changes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry import services
from openocmw.registry.demo import insz_for
from openocmw.registry.models import Membership, Person, ResidenceStatus
from tests.conftest import actor_of, person_data


def test_create_person_records_version_status_and_audit(actor_a, jan):
    assert jan.ocmw_id == actor_a.ocmw_id
    assert jan.versions.count() == 1
    assert [s.status for s in services.statuses_of(jan)] == ["belgian"]
    assert AuditEntry.objects.filter(
        action="create", object_type="person", object_id=str(jan.pk)
    ).exists()


def test_duplicate_insz_in_the_same_ocmw_is_refused_and_nothing_saved(actor_a, jan):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_person(actor_a, person_data(first_name="Jean"))
    assert "insz" in exc.value.message_dict
    assert Person.objects.count() == before


def test_the_same_insz_may_exist_in_another_ocmw(actor_b, jan):
    other = services.create_person(actor_b, person_data())
    assert other.insz == jan.insz and other.ocmw_id != jan.ocmw_id


def test_birth_date_contradicting_insz_names_the_field(actor_a):
    data = person_data(birth_date=date(1985, 7, 30))
    data["birth_date"] = date(1986, 7, 30)
    with pytest.raises(ValidationError) as exc:
        services.create_person(actor_a, data)
    assert list(exc.value.message_dict) == ["insz"]


def test_unknown_nationality_is_refused(actor_a):
    with pytest.raises(ValidationError) as exc:
        services.create_person(actor_a, person_data(nationality="QQ"))
    assert "nationality" in exc.value.message_dict


def test_birth_in_the_future_is_refused(actor_a):
    future = date.today() + timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        services.create_person(actor_a, person_data(insz="", birth_date=future))
    assert "birth_date" in exc.value.message_dict


def test_update_keeps_previous_version_and_detects_concurrent_edit(actor_a, jan):
    services.update_person(actor_a, jan, {"street": "Stationsstraat"}, expected_version=1)
    jan.refresh_from_db()
    assert jan.version == 2 and jan.street == "Stationsstraat"
    versions = {v.version: v.data["street"] for v in jan.versions.all()}
    assert versions == {1: "Kerkstraat", 2: "Stationsstraat"}
    with pytest.raises(ValidationError) as exc:
        services.update_person(actor_a, jan, {"street": "Molenstraat"}, expected_version=1)
    assert "version" in exc.value.message_dict
    jan.refresh_from_db()
    assert jan.street == "Stationsstraat"


def test_new_status_closes_the_open_one_the_day_before(actor_a, jan):
    refugee = services.create_person(
        actor_a, person_data(insz=insz_for(date(1990, 3, 4), 101), birth_date=date(1990, 3, 4), nationality="SY"),
        status="asylum_seeker", status_from=date(2022, 5, 1),
    )  # fmt: skip
    services.add_residence_status(actor_a, refugee, "recognised_refugee", date(2023, 9, 15))
    rows = services.statuses_of(refugee)
    assert [(s.status, s.valid_from, s.valid_until) for s in rows] == [
        ("asylum_seeker", date(2022, 5, 1), date(2023, 9, 14)),
        ("recognised_refugee", date(2023, 9, 15), None),
    ]
    assert services.status_on(refugee, date(2023, 1, 1)).status == "asylum_seeker"


def test_overlapping_status_is_refused_and_nothing_changes(actor_a, jan):
    services.add_residence_status(actor_a, jan, "eu_citizen", date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.add_residence_status(
            actor_a, jan, "stateless", date(2019, 1, 1), valid_until=date(2020, 6, 1)
        )
    assert "valid_from" in exc.value.message_dict
    assert ResidenceStatus.objects.filter(person=jan).count() == 2


def test_unknown_status_is_refused(actor_a, jan):
    with pytest.raises(ValidationError) as exc:
        services.add_residence_status(actor_a, jan, "tourist", date(2020, 1, 1))
    assert "status" in exc.value.message_dict


def test_cancelled_status_stays_visible_but_not_current(actor_a, jan):
    row = services.add_residence_status(actor_a, jan, "eu_citizen", date(2020, 1, 1))
    services.cancel_residence_status(actor_a, row, "wrong person")
    assert ResidenceStatus.objects.filter(pk=row.pk, cancelled_reason="wrong person").exists()
    assert services.status_on(jan, date(2021, 1, 1)).status == "belgian"


def _new(actor, first, birth, sex="F", serial=None):
    return services.create_person(
        actor,
        person_data(first_name=first, birth_date=birth, sex=sex, insz=insz_for(birth, serial or (2 if sex == "F" else 3))),
    )  # fmt: skip


def test_household_timeline_after_partner_in_birth_and_move_out(actor_a, jan, household):
    partner = _new(actor_a, "Els", date(1987, 2, 2))
    services.record_household_change(
        actor_a,
        household,
        person=partner,
        reason="moved_in",
        on=date(2018, 4, 1),
        relation="partner",
    )
    baby = _new(actor_a, "Mila", date(2020, 6, 15))
    services.record_household_change(
        actor_a, household, person=baby, reason="birth", on=date(2020, 6, 15), relation="child"
    )
    services.record_household_change(
        actor_a, household, person=partner, reason="moved_out", on=date(2024, 3, 1)
    )
    segments = services.timeline(household)
    shape = [(s.start, s.end, sorted(m.person.first_name for m in s.members)) for s in segments]
    assert shape == [
        (date(2015, 1, 1), date(2018, 3, 31), ["Jan"]),
        (date(2018, 4, 1), date(2020, 6, 14), ["Els", "Jan"]),
        (date(2020, 6, 15), date(2024, 2, 29), ["Els", "Jan", "Mila"]),
        (date(2024, 3, 1), None, ["Jan", "Mila"]),
    ]
    # nothing was overwritten: Els's stay is still there, with its end
    stay = Membership.objects.get(person=partner)
    assert (stay.valid_from, stay.valid_until, stay.end_reason) == (
        date(2018, 4, 1),
        date(2024, 2, 29),
        "moved_out",
    )


def test_death_ends_the_stay_on_the_day_itself(actor_a, jan, household):
    grandma = _new(actor_a, "Maria", date(1940, 1, 1))
    services.record_household_change(
        actor_a,
        household,
        person=grandma,
        reason="moved_in",
        on=date(2019, 1, 1),
        relation="parent",
    )
    services.record_household_change(
        actor_a, household, person=grandma, reason="death", on=date(2025, 5, 5)
    )
    assert Membership.objects.get(person=grandma).valid_until == date(2025, 5, 5)


def test_person_cannot_live_in_two_households_at_once(actor_a, jan, household):
    other = _new(actor_a, "Lotte", date(1992, 1, 1))
    services.found_household(actor_a, other, date(2016, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.record_household_change(
            actor_a,
            household,
            person=other,
            reason="moved_in",
            on=date(2020, 1, 1),
            relation="other",
        )
    assert "person" in exc.value.message_dict
    assert Membership.objects.filter(person=other).count() == 1


@pytest.mark.parametrize(
    "relation, birth, field",
    [("child", date(1980, 1, 1), "relation"), ("parent", date(1999, 1, 1), "relation")],
)
def test_child_older_or_parent_younger_than_reference_is_refused(
    actor_a, household, relation, birth, field
):
    person = _new(actor_a, "X", birth)
    with pytest.raises(ValidationError) as exc:
        services.record_household_change(
            actor_a,
            household,
            person=person,
            reason="moved_in",
            on=date(2020, 1, 1),
            relation=relation,
        )
    assert field in exc.value.message_dict


def test_birth_must_be_dated_on_the_birth_date(actor_a, household):
    baby = _new(actor_a, "Noah", date(2024, 2, 10), sex="M")
    with pytest.raises(ValidationError) as exc:
        services.record_household_change(
            actor_a, household, person=baby, reason="birth", on=date(2024, 3, 1), relation="child"
        )
    assert "date" in exc.value.message_dict


def test_move_out_before_the_stay_started_is_refused(actor_a, household):
    p = _new(actor_a, "Ward", date(1990, 5, 5), sex="M")
    services.record_household_change(
        actor_a, household, person=p, reason="moved_in", on=date(2022, 1, 1), relation="other"
    )
    with pytest.raises(ValidationError) as exc:
        services.record_household_change(
            actor_a, household, person=p, reason="moved_out", on=date(2021, 12, 1)
        )
    assert "date" in exc.value.message_dict
    assert Membership.objects.get(person=p).valid_until is None


def test_search_by_name_either_order_and_by_insz_prefix(actor_a, jan):
    assert services.search_persons(actor_a, "peeters") == [jan]
    assert services.search_persons(actor_a, "Jan Peeters") == [jan]
    assert services.search_persons(actor_a, "PEETERS jan") == [jan]
    assert services.search_persons(actor_a, jan.insz[:8]) == [jan]
    assert services.search_persons(actor_a, "janssens") == []


def test_search_ignores_accents(actor_a):
    p = services.create_person(
        actor_a, person_data(insz="", last_name="Çelik", first_name="Ayşe", sex="F")
    )
    assert services.search_persons(actor_a, "celik") == [p]


def test_search_is_scoped_to_the_ocmw(actor_b, jan):
    assert services.search_persons(actor_b, "peeters") == []
    assert services.search_persons(actor_b, jan.insz) == []


def test_get_person_of_another_ocmw_is_not_found_and_audited(actor_b, jan):
    with pytest.raises(Person.DoesNotExist):
        services.get_person(actor_b, jan.pk)
    denied = AuditEntry.objects.get(action="denied", object_id=str(jan.pk), ocmw=actor_b.ocmw)
    assert denied.username == actor_b.user.username and denied.subject_person_id is None
    # Issue 9: the OCMW whose person was asked for sees the attempt in its own chain.
    seen = AuditEntry.objects.get(action="denied", object_id=str(jan.pk), ocmw=jan.ocmw)
    assert seen.chain == f"ocmw:{jan.ocmw_id}" and seen.username == actor_b.user.username
    assert seen.subject_person_id == jan.pk
    assert seen.detail == {"reason": "asked from another OCMW", "from_ocmw": "92094"}


@pytest.mark.parametrize("role", [Role.SECURITY_ADVISER, Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR])
def test_roles_without_personal_data_cannot_read_persons(users, jan, role):
    actor = actor_of(users[("a", role)])
    with pytest.raises(PermissionDenied):
        services.get_person(actor, jan.pk)
    with pytest.raises(PermissionDenied):
        services.search_persons(actor, "peeters")


def test_council_member_reads_but_cannot_change(users, jan):
    actor = actor_of(users[("a", Role.COUNCIL_MEMBER)])
    assert services.get_person(actor, jan.pk) == jan
    with pytest.raises(PermissionDenied):
        services.update_person(actor, jan, {"street": "X"})
