"""The rights catalogue: every entry complete, bad entries refused with the field named."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from openocmw.rules.rights.catalogue import (
    AUTOMATION_STATUSES,
    EXPORT_COLUMNS,
    CatalogueError,
    load_catalogue,
    to_csv,
    to_json,
    validate_catalogue,
    validate_right,
)

ISSUE_RIGHTS = {
    "leefloon",
    "equivalent_leefloon",
    "urgent_medical_aid",
    "gpmi_obligation",
    "increased_reimbursement",
    "social_energy_tariff",
    "heating_allowance",
    "income_guarantee_elderly",
    "school_allowance_flanders",
    "study_allowance_fwb",
    "study_allowance_dg",
}


@pytest.fixture
def entry():
    return load_catalogue()["heating_allowance"].to_dict()


def test_catalogue_has_the_rights_the_issue_names_at_every_level():
    rights = load_catalogue()
    assert len(rights) >= 15
    assert set(rights) >= ISSUE_RIGHTS
    assert {"federal", "regional", "community", "local"} <= {r.level for r in rights.values()}
    assert sum(r.level == "local" for r in rights.values()) >= 2


def test_every_right_is_complete():
    for right in load_catalogue().values():
        assert set(right.names) == {"nl", "fr", "de"}, right.code
        assert right.legal_basis and all(b["url"].startswith("http") for b in right.legal_basis)
        assert right.automation["status"] in AUTOMATION_STATUSES
        assert right.automation["reason"]["nl"] and right.automation["reason"]["fr"]
        assert right.owner and right.last_review and right.target_groups


def test_rights_without_encoded_conditions_say_what_cannot_be_checked():
    for right in load_catalogue().values():
        if right.conditions == "not_encoded":
            assert right.not_checkable, right.code
            for item in right.not_checkable:
                assert item["reason"]["nl"] and item["reason"]["fr"]


def test_at_least_eight_rights_have_encoded_conditions():
    from openocmw.rules.rights.conditions import RIGHTS

    encoded = {code for code, r in load_catalogue().items() if r.conditions == "encoded"}
    assert len(encoded) >= 8
    assert encoded == set(RIGHTS), "catalogue and conditions must agree on what is encoded"


def test_a_right_without_legal_basis_is_refused(entry):
    entry["legal_basis"] = []
    with pytest.raises(CatalogueError) as error:
        validate_right(entry)
    assert error.value.field == "legal_basis"
    assert "legal_basis" in error.value.message_nl and "obligatoire" in error.value.message_fr


def test_a_legal_basis_without_url_is_refused(entry):
    del entry["legal_basis"][0]["url"]
    with pytest.raises(CatalogueError) as error:
        validate_right(entry)
    assert error.value.field == "legal_basis[0].url"


def test_a_right_without_automation_assessment_is_refused(entry):
    del entry["automation"]
    with pytest.raises(CatalogueError) as error:
        validate_right(entry)
    assert error.value.field == "automation.status"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["automation"].update(status="maybe"), "automation.status"),
        (lambda e: e["automation"]["reason"].pop("fr"), "automation.reason.fr"),
        (lambda e: e["automation"].update(review_date="30/06/2027"), "automation.review_date"),
        (lambda e: e["names"].pop("de"), "names.de"),
        (lambda e: e.update(level="european"), "level"),
        (lambda e: e.update(owner=""), "owner"),
        (
            lambda e: e.update(legal_basis=[{"reference": "x", "url": "not a url"}]),
            "legal_basis[0].url",
        ),
        (lambda e: e.update(conditions="not_encoded", not_checkable=[]), "not_checkable"),
        (lambda e: e.update(colour="red"), "colour"),
    ],
)
def test_bad_entries_name_the_field(entry, change, field):
    change(entry)
    with pytest.raises(CatalogueError) as error:
        validate_right(entry)
    assert error.value.field == field
    assert field in error.value.message("nl") and field in error.value.message("fr")


def test_duplicate_codes_are_refused(entry):
    with pytest.raises(CatalogueError) as error:
        validate_catalogue([entry, copy.deepcopy(entry)])
    assert error.value.field == "rights[1].code"


def test_json_export_round_trips_through_validation():
    data = json.loads(to_json())
    assert data["schema_version"] == 1
    again = validate_catalogue(data["rights"])
    assert again == load_catalogue()


def test_csv_export_has_one_row_per_right_with_the_documented_columns():
    rows = list(csv.DictReader(io.StringIO(to_csv())))
    assert tuple(rows[0].keys()) == EXPORT_COLUMNS
    assert len(rows) == len(load_catalogue())
    igo = next(r for r in rows if r["code"] == "income_guarantee_elderly")
    assert igo["name_fr"].startswith("Garantie de revenus")
    assert igo["automation_status"] == "automatic"


def test_every_national_text_is_in_german_too():
    """German pages and letters (the German-speaking Community's ÖSHZ) need every text the
    catalogue shows a person: who grants it, how to apply, why it is (not) automatic, what the
    social investigation must check."""
    for code, right in load_catalogue().items():
        texts = [right.granted_by, right.how_to_apply, right.automation["reason"]]
        texts += [item["reason"] for item in right.not_checkable]
        for text in texts:
            assert set(text) == {"nl", "fr", "de"}, code
            assert all(value.strip() for value in text.values()), code


def test_a_text_split_by_a_comma_is_read_whole():
    """A comma in an unquoted YAML flow mapping used to cut a text in two."""
    energy = load_catalogue()["social_energy_tariff"]
    assert energy.not_checkable[0]["reason"]["nl"].endswith("staat niet in de gegevens.")
    uitpas = load_catalogue()["uitpas_opportunity_rate"]
    assert uitpas.granted_by["nl"].endswith("loket vrijetijdskansen)")


def test_a_local_right_may_leave_german_out(entry):
    entry = copy.deepcopy(entry)
    entry["how_to_apply"] = {"nl": "Aan het onthaal", "fr": "À l'accueil"}
    assert set(validate_right(entry).how_to_apply) == {"nl", "fr"}
    entry["how_to_apply"]["de"] = "Am Empfang"
    assert validate_right(entry).how_to_apply["de"] == "Am Empfang"
