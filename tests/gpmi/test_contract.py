"""The contract: kinds and their required facts, versions, validation by both signatures, the
PDF in the person's language, consent and the electronic social report, the social balance,
staff time, and who may see what."""

import shutil
import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.gpmi import services
from openocmw.gpmi.models import ContractVersion, Evaluation, Gpmi, SocialBalance, StaffTime
from tests.conftest import actor_of
from tests.gpmi.conftest import contract, sign, start_balance


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "contract.pdf"
    path.write_bytes(data)
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- kinds and their facts ------------------------------------------------------------------


def test_studies_need_the_course_of_study_and_its_years_and_nothing_is_saved(actor_a, lotte):
    with pytest.raises(ValidationError) as exc:
        services.draft_gpmi(
            actor_a, lotte, contract(kind="studies", facts={"programme": "Nursing"})
        )
    assert set(exc.value.message_dict) == {"institution", "academic_year", "study_years"}
    assert Gpmi.objects.count() == 0 and ContractVersion.objects.count() == 0


def test_a_gpmi_for_studies_keeps_its_facts(actor_a, lotte):
    facts = {
        "institution": "UC Leuven-Limburg",
        "programme": "Bachelor in nursing",
        "academic_year": "2025-2026",
        "study_years": "3",
    }
    gpmi = services.draft_gpmi(
        actor_a,
        lotte,
        contract(kind="studies", facts=facts, start=date(2025, 9, 22), end=date(2028, 6, 30)),
    )
    assert services.latest_version(gpmi).facts == facts | {"study_years": 3}


def test_community_service_only_when_the_person_asks_for_it(actor_a, lotte):
    facts = {
        "organisation": "Kringloopwinkel Leuven",
        "tasks": "Sorting clothes",
        "hours_per_week": "6",
    }
    with pytest.raises(ValidationError) as exc:
        services.draft_gpmi(actor_a, lotte, contract(kind="community_service", facts=facts))
    assert list(exc.value.message_dict) == ["voluntary"]
    services.draft_gpmi(
        actor_a, lotte, contract(kind="community_service", facts=facts | {"voluntary": True})
    )


def test_the_contract_needs_goals_commitments_and_an_ordered_period(actor_a, lotte):
    with pytest.raises(ValidationError) as exc:
        services.draft_gpmi(
            actor_a,
            lotte,
            contract(kind="", goals=["  "], person_commitments="", end=date(2024, 12, 1)),
        )
    assert set(exc.value.message_dict) == {"kind", "goals", "person_commitments", "end"}


def test_overlapping_contracts_for_the_same_person_are_refused(actor_a, lotte, draft):
    with pytest.raises(ValidationError) as exc:
        services.draft_gpmi(
            actor_a, lotte, contract(start=date(2025, 12, 1), end=date(2026, 5, 31))
        )
    assert "01/01/2025" in exc.value.message_dict["start"][0]
    assert Gpmi.objects.count() == 1
    services.draft_gpmi(actor_a, lotte, contract(start=date(2026, 1, 1), end=date(2026, 6, 30)))


def test_after_closing_early_the_next_contract_may_start(actor_a, lotte, signed):
    services.close_gpmi(actor_a, signed, closed_on=date(2025, 5, 31), outcome="training")
    nxt = services.draft_gpmi(
        actor_a,
        lotte,
        contract(
            kind="training",
            start=date(2025, 6, 1),
            facts={"provider": "VDAB", "programme": "Warehouse worker"},
        ),
    )
    assert nxt.status == "draft"


# --- validation and versions ------------------------------------------------------------------


def test_validation_without_the_persons_signature_names_the_field_and_saves_nothing(actor_a, draft):
    start_balance(actor_a, draft)
    version = services.latest_version(draft)
    with pytest.raises(ValidationError) as exc:
        services.validate_contract(
            actor_a,
            version,
            person_signed_on=None,
            person_signatory="",
            ocmw_signed_on=date(2025, 1, 2),
            ocmw_signatory="An Maes",
        )
    assert set(exc.value.message_dict) == {"person_signed_on", "person_signatory"}
    with translation.override("nl"):
        expected = translation.gettext(
            "The person has not signed: give the date of the person's signature."
        )
    assert exc.value.message_dict["person_signed_on"] == [expected]
    version.refresh_from_db()
    draft.refresh_from_db()
    assert (version.validated_at, version.ocmw_signed_on, version.pdf) == (None, None, None)
    assert draft.status == "draft" and Evaluation.objects.count() == 0


def test_validation_makes_the_pdf_in_the_persons_language(actor_a, marc, tmp_path):
    gpmi = services.draft_gpmi(actor_a, marc, contract())
    version = sign(actor_a, services.latest_version(gpmi))
    assert version.pdf_language == "fr" and bytes(version.pdf).startswith(b"%PDF")
    text = pdf_text(bytes(version.pdf), tmp_path)
    assert "Marc Dubois" in text and "Find a flat" in text and "Lotte Janssens" in text
    assert "01/01/2025" in text


def test_a_change_after_signing_is_a_new_version_and_the_signed_one_stays_in_force(actor_a, signed):
    v1 = services.validated_version(signed)
    with pytest.raises(ValidationError) as exc:
        services.revise_contract(actor_a, signed, contract(goals=["Find a flat", "Get a job"]))
    assert list(exc.value.message_dict) == ["change_reason"]
    v2 = services.revise_contract(
        actor_a,
        signed,
        contract(
            kind="training",
            goals=["Find a flat", "Get a job"],
            facts={"provider": "VDAB", "programme": "Forklift driver"},
        ),
        change_reason="Training found",
    )
    signed.refresh_from_db()
    assert (v2.number, v2.validated, signed.kind) == (2, False, "general")
    assert services.validated_version(signed) == v1
    sign(actor_a, v2, on=date(2025, 3, 1))
    signed.refresh_from_db()
    v1.refresh_from_db()
    assert signed.kind == "training" and services.validated_version(signed).number == 2
    assert v1.goals == ["Find a flat", "Follow a Dutch course"] and v1.validated
    with pytest.raises(ValidationError) as exc:
        sign(actor_a, v1)
    assert list(exc.value.message_dict) == ["version"]


def test_evaluations_follow_the_goals_of_the_version_in_force(actor_a, signed):
    v2 = services.revise_contract(
        actor_a, signed, contract(goals=["Get a job"]), change_reason="Flat found"
    )
    sign(actor_a, v2, on=date(2025, 3, 1))
    ev = services.record_evaluation(
        actor_a,
        signed,
        held_on=date(2025, 4, 1),
        form="interview",
        progress=[{"goal": "Get a job", "progress": "in_progress"}],
    )
    assert ev.contract_version == v2


# --- consent and the electronic social report ---------------------------------------------------


def test_consent_is_given_then_withdrawn_and_both_are_kept(actor_a, lotte):
    with pytest.raises(ValidationError) as exc:
        services.record_consent(
            actor_a, lotte, status="withdrawn", on=date(2025, 1, 5), legal_basis="gdpr_6_1_a"
        )
    assert list(exc.value.message_dict) == ["status"]
    services.record_consent(
        actor_a, lotte, status="given", on=date(2025, 1, 5), legal_basis="gdpr_6_1_a"
    )
    with pytest.raises(ValidationError) as exc:
        services.record_consent(
            actor_a, lotte, status="withdrawn", on=date(2025, 1, 4), legal_basis="gdpr_6_1_a"
        )
    assert list(exc.value.message_dict) == ["on"]
    services.record_consent(
        actor_a,
        lotte,
        status="withdrawn",
        on=date(2025, 6, 1),
        legal_basis="gdpr_6_1_a",
        note="Asked by phone",
    )
    assert services.current_consent(lotte).status == "withdrawn"
    assert services.current_consent(lotte, date(2025, 5, 31)).status == "given"
    assert lotte.gpmi_consents.count() == 2


def test_the_social_report_holds_the_signed_contract_only_with_consent(actor_a, lotte, signed):
    part = services.social_report_part(actor_a, signed)
    assert part["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert part["consent"] is None and part["contract"] is None
    services.record_consent(
        actor_a, lotte, status="given", on=date(2025, 1, 5), legal_basis="gdpr_6_1_a"
    )
    part = services.social_report_part(actor_a, signed)
    assert part["consent"]["status"] == "given"
    assert part["contract"]["version"] == 1 and part["contract"]["pdf"].startswith(b"%PDF")
    services.record_consent(
        actor_a, lotte, status="withdrawn", on=date(2025, 2, 1), legal_basis="gdpr_6_1_a"
    )
    assert services.social_report_part(actor_a, signed)["contract"] is None
    assert AuditEntry.objects.filter(object_type="social_report", action="export").count() == 3


# --- the social balance ------------------------------------------------------------------------


def test_the_social_balance_compares_three_moments_and_keeps_earlier_entries(actor_a, signed):
    services.record_social_balance(
        actor_a,
        signed,
        moment="start",
        recorded_on=date(2024, 12, 20),
        domains={
            "housing": {"person": "I sleep at my aunt's", "worker": "No own housing", "score": 1}
        },
    )
    services.record_social_balance(
        actor_a,
        signed,
        moment="start",
        recorded_on=date(2024, 12, 21),
        domains={"housing": {"person": "At my aunt's", "worker": "Homeless", "score": "1"}},
    )
    services.record_social_balance(
        actor_a,
        signed,
        moment="midway",
        recorded_on=date(2025, 6, 1),
        domains={"housing": {"person": "My own studio", "score": 4}},
    )
    balances, rows = services.balance_comparison(signed)
    housing = next(r for r in rows if r["code"] == "housing")
    assert [c.get("score") for c in housing["cells"]] == [1, 4, None]
    assert housing["cells"][0]["worker"] == "Homeless"
    assert SocialBalance.objects.count() == 4  # with the start balance recorded before signing


def test_a_social_balance_score_outside_1_to_5_names_the_domain(actor_a, signed):
    with pytest.raises(ValidationError) as exc:
        services.record_social_balance(
            actor_a,
            signed,
            moment="start",
            recorded_on=date(2025, 1, 1),
            domains={"health": {"person": "ok", "score": 7}},
        )
    assert list(exc.value.message_dict) == ["health_score"]


# --- staff time ----------------------------------------------------------------------------------


def test_staff_time_same_period_replaces_and_an_overlap_is_refused(actor_a, users):
    services.record_staff_time(
        actor_a, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31), share="40"
    )
    services.record_staff_time(
        actor_a,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        share="45,5".replace(",", "."),
    )
    with pytest.raises(ValidationError) as exc:
        services.record_staff_time(
            actor_a, period_start=date(2025, 3, 1), period_end=date(2025, 5, 31), share="50"
        )
    assert list(exc.value.message_dict) == ["period_start"]
    assert StaffTime.objects.count() == 2
    services.record_staff_time(
        actor_a, period_start=date(2025, 4, 1), period_end=date(2025, 6, 30), share="20"
    )
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    (row,) = services.staff_time_report(lead, date(2025, 1, 1), date(2025, 6, 30))
    assert row.days == 181 and row.weighted_share == pytest.approx(
        round((90 * 45.5 + 91 * 20) / 181, 1)
    )
    with pytest.raises(PermissionDenied):
        services.staff_time_report(actor_a, date(2025, 1, 1), date(2025, 6, 30))


# --- who may see what -------------------------------------------------------------------------------


def test_another_ocmw_cannot_see_the_gpmi_and_the_attempt_is_audited(actor_b, signed):
    with pytest.raises(Gpmi.DoesNotExist):
        services.get_gpmi(actor_b, signed.pk)
    assert AuditEntry.objects.filter(
        action="denied", object_type="gpmi", object_id=str(signed.pk)
    ).exists()


@pytest.mark.parametrize(
    "role", [Role.FEDERAL_INSPECTOR, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER, Role.SECURITY_ADVISER]
)
def test_roles_without_gpmi_view_see_no_gpmi(users, signed, role):
    with pytest.raises(PermissionDenied):
        services.get_gpmi(actor_of(users[("a", role)]), signed.pk)


def test_reading_a_gpmi_is_audited_with_the_person(actor_a, signed):
    services.get_gpmi(actor_a, signed.pk)
    entry = AuditEntry.objects.filter(action="view", object_type="gpmi").latest("seq")
    assert entry.subject_person_id == signed.person_id and entry.purpose == "gpmi file"


def test_a_contract_is_not_validated_without_a_social_balance_at_its_start(actor_a, draft):
    """Issue 10 §8; RD 11 July 2002, art. 11 §1: the needs analysis precedes the contract."""
    version = services.latest_version(draft)
    with pytest.raises(ValidationError) as exc:
        services.validate_contract(
            actor_a, version, person_signed_on=date(2025, 1, 2), person_signatory="Lotte Janssens",
            ocmw_signed_on=date(2025, 1, 2), ocmw_signatory="An Maes",
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"balance"}
    version.refresh_from_db()
    assert version.validated_at is None
    services.record_social_balance(
        actor_a, draft, moment="midway", recorded_on=date(2025, 1, 1),
        domains={"housing": {"person": "x", "score": 2}},
    )  # fmt: skip
    with pytest.raises(ValidationError):  # a midway balance is not the start
        services.validate_contract(
            actor_a, version, person_signed_on=date(2025, 1, 2), person_signatory="Lotte Janssens",
            ocmw_signed_on=date(2025, 1, 2), ocmw_signatory="An Maes",
        )  # fmt: skip
    start_balance(actor_a, draft)
    assert services.validate_contract(
        actor_a, version, person_signed_on=date(2025, 1, 2), person_signatory="Lotte Janssens",
        ocmw_signed_on=date(2025, 1, 2), ocmw_signatory="An Maes",
    ).validated_at is not None  # fmt: skip
