"""An OCMW's local rights: stored as versions from a date, refused with a field error, part of
its catalogue and its exports, screened by the same engine."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.rights import catalogue_services, selectors
from openocmw.rights.models import RightVersion
from tests.conftest import actor_of

ON = date(2025, 3, 1)


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


@pytest.fixture
def admin_b(users):
    return actor_of(users[("b", Role.OCMW_ADMIN)])


def local_entry(**changes) -> dict:
    entry = {
        "code": "leuven_senior_pass",
        "names": {
            "nl": "Seniorenpas Leuven",
            "fr": "Pass senior Louvain",
            "de": "Seniorenpass Löwen",
        },
        "domain": "participation",
        "target_groups": ["elderly"],
        "legal_basis": [
            {
                "reference": "Gemeenteraadsbesluit van 1 januari 2025, reglement seniorenpas",
                "url": "https://www.leuven.be/seniorenpas",
            }
        ],
        "granted_by": {"nl": "het OCMW Leuven", "fr": "le CPAS de Louvain"},
        "how_to_apply": {"nl": "Aan het onthaal", "fr": "À l'accueil"},
        "documents": ["identity_card"],
        "automation": {
            "status": "proactive_information",
            "reason": {"nl": "Leeftijd en inkomen gekend", "fr": "Âge et revenus connus"},
            "review_date": "2026-06-30",
        },
        "not_checkable": [],
        "owner": "leuven_social_service",
        "last_review": "2025-01-15",
        "local_conditions": {
            "unit": "person",
            "all": [
                {"variable": "age", "operator": ">=", "value": 65},
                {
                    "variable": "residence_status",
                    "operator": "not_in",
                    "value": ["no_legal_residence"],
                },
            ],
        },
    }
    entry.update(changes)
    return entry


def test_a_local_right_is_versioned_audited_and_in_the_ocmws_catalogue(admin_a, ocmw_a, ocmw_b):
    first = catalogue_services.save_local_right(admin_a, local_entry(), date(2025, 1, 1))
    changed = local_entry()
    changed["local_conditions"]["all"][0]["value"] = 67
    second = catalogue_services.save_local_right(admin_a, changed, date(2025, 6, 1))
    assert (first.version, second.version, first.ocmw_id) == (1, 2, ocmw_a.pk)
    assert AuditEntry.objects.filter(object_type="right_version").count() == 2
    march = selectors.catalogue_for(ocmw_a, ON)["leuven_senior_pass"]
    july = selectors.catalogue_for(ocmw_a, date(2025, 7, 1))["leuven_senior_pass"]
    assert march.local_conditions["all"][0]["value"] == 65
    assert july.local_conditions["all"][0]["value"] == 67
    assert "leuven_senior_pass" not in selectors.catalogue_for(ocmw_b, ON)
    rules = catalogue_services.local_rules(ocmw_a, ON)
    assert rules["leuven_senior_pass"][0].conditions[0].nl == "leeftijd ≥ 65"


def test_contradictory_conditions_name_the_field_and_save_nothing(admin_a):
    entry = local_entry()
    entry["local_conditions"]["all"].append({"variable": "age", "operator": "<", "value": 18})
    with pytest.raises(ValidationError) as error:
        catalogue_services.save_local_right(admin_a, entry, date(2025, 1, 1))
    assert "local_conditions.all[2]" in error.value.message_dict
    assert (
        "spreekt een andere voorwaarde tegen"
        in error.value.message_dict["local_conditions.all[2]"][0]
    )
    assert not RightVersion.objects.exists()


def test_an_unknown_variable_is_refused_in_french_for_a_french_speaker(admin_b):
    entry = local_entry()
    entry["local_conditions"]["all"][0] = {"variable": "salary", "operator": ">=", "value": 1}
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        catalogue_services.save_local_right(admin_b, entry, date(2025, 1, 1))
    message = error.value.message_dict["local_conditions.all[0].variable"][0]
    assert "variable inconnue" in message
    assert not RightVersion.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_basis": []}, "legal_basis"),
        ({"legal_basis": [{"reference": "Reglement", "url": ""}]}, "legal_basis[0].url"),
        ({"automation": None}, "automation.status"),
        (
            {"automation": {"status": "automatic", "reason": {"nl": "x", "fr": "y"}}},
            "automation.review_date",
        ),
        ({"code": "leefloon"}, "code"),
        ({"names": {"nl": "Pas", "fr": "Pass"}}, "names.de"),
    ],
)
def test_a_local_right_without_legal_basis_or_automation_assessment_is_refused(
    admin_a, change, field
):
    with pytest.raises(ValidationError) as error:
        catalogue_services.save_local_right(admin_a, local_entry(**change), date(2025, 1, 1))
    assert field in error.value.message_dict
    assert not RightVersion.objects.exists()


def test_only_the_administrator_changes_local_rights(actor_a):
    with pytest.raises(PermissionDenied):
        catalogue_services.save_local_right(actor_a, local_entry(), date(2025, 1, 1))


def test_the_export_is_per_ocmw_with_its_region_and_local_rights(admin_a, ocmw_a, ocmw_b):
    catalogue_services.save_local_right(admin_a, local_entry(), date(2025, 1, 1))
    leuven = json.loads(selectors.export_json(ocmw_a, ON))
    namur = json.loads(selectors.export_json(ocmw_b, ON))
    codes_leuven = [r["code"] for r in leuven["rights"]]
    codes_namur = [r["code"] for r in namur["rights"]]
    assert leuven["schema_version"] == 1 and leuven["publisher"]["nis_code"] == "24062"
    assert "leefloon" in codes_leuven and "leefloon" in codes_namur
    assert (
        "school_allowance_flanders" in codes_leuven
        and "school_allowance_flanders" not in codes_namur
    )
    assert "study_allowance_fwb" in codes_namur and "study_allowance_fwb" not in codes_leuven
    assert "leuven_senior_pass" in codes_leuven and "leuven_senior_pass" not in codes_namur
    # The shipped local examples belong to other OCMWs.
    assert "uitpas_opportunity_rate" not in codes_leuven
    rows = list(csv.DictReader(io.StringIO(selectors.export_csv(ocmw_a, ON))))
    senior = next(r for r in rows if r["code"] == "leuven_senior_pass")
    assert senior["legal_basis_url"] == "https://www.leuven.be/seniorenpas"
    assert senior["automation_status"] == "proactive_information"
