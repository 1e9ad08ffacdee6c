"""Each encoded right's conditions, with cases that cite their source."""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.rules.rights.explain import review_list, worklist
from openocmw.rules.rights.screening import screen

from .helpers import person, population

MARCH_2025 = date(2025, 3, 1)
DEC_2023 = date(2023, 12, 1)
JUNE_2024 = date(2024, 6, 1)


def _ids(result, code):
    return set(result.rights[code].enr_ids.tolist())


def test_heating_allowance_category_2_ceiling_per_dependant_from_february_2025():
    # Circular POD MI, demands from 1 February 2025: 24,814.75 EUR + 4,591.85 EUR per dependant
    # (https://cpasconnect.be/actualites/actualite/720858527752530596).
    pop = population(
        [
            [person(40, gross=28000), person(38, "partner", gross=0), person(8, "child")],
            [person(40, gross=30000), person(38, "partner", gross=0), person(8, "child")],
        ]
    )
    result = screen(pop, MARCH_2025, ["heating_allowance"])
    assert _ids(result, "heating_allowance") == {0}  # 28,000 <= 29,406.60 < 30,000


def test_heating_allowance_ceiling_was_lower_in_2023():
    # From 1 July 2023: 23,383.50 EUR (https://financesconnect.be/actualites/actualite/720858527752523665).
    pop = population([[person(50, gross=24000)]])
    assert _ids(screen(pop, DEC_2023, ["heating_allowance"]), "heating_allowance") == set()
    assert _ids(screen(pop, MARCH_2025, ["heating_allowance"]), "heating_allowance") == {0}


def test_heating_allowance_categories_1_and_3_need_no_income_test():
    # POD MI: category 1 = right to the increased reimbursement; category 3 = debt mediation.
    pop = population(
        [
            [person(70, gross=40000, receives={"increased_reimbursement"})],
            [person(45, gross=40000, debt=1)],
        ]
    )
    assert _ids(screen(pop, MARCH_2025, ["heating_allowance"]), "heating_allowance") == {0, 1}


def test_increased_reimbursement_income_ceiling_per_extra_member_august_2022():
    # FSMB: 24,155.16 EUR + 4,471.78 EUR per additional member (amounts of 1 August 2022).
    pop = population(
        [
            [person(30, gross=24000)],
            [person(40, gross=20000), person(39, "partner", gross=12000), person(5, "child")],
            [person(40, gross=22000), person(39, "partner", gross=12000), person(5, "child")],
        ]
    )
    result = screen(pop, JUNE_2024, ["increased_reimbursement"]).rights["increased_reimbursement"]
    # household 1: 32,000 <= 33,098.72 (3 members); household 2: 34,000 is above.
    assert set(result.enr_ids.tolist()) == {0, 1, 2, 3}
    assert result.parameters_verified is False  # no ceiling found after 1 August 2022


def test_increased_reimbursement_is_automatic_with_leefloon_whatever_the_income():
    # Mutualities (MC, Droits Quotidiens): leefloon or equivalent, IGO, disability allowance.
    pop = population(
        [[person(30, gross=None, receives={"leefloon"})], [person(30, gross=None, disability=1)]]
    )
    result = screen(pop, JUNE_2024, ["increased_reimbursement"]).rights["increased_reimbursement"]
    assert set(result.enr_ids.tolist()) == {0, 1}
    assert result.enr_complete.all()  # the income is unknown but not needed


def test_social_energy_tariff_follows_the_benefit_not_the_income():
    # Habito / CM: leefloon, equivalent, IGO, disability allowances; the extension to the
    # increased reimbursement ended on 31 March 2023.
    pop = population(
        [
            [person(30, receives={"equivalent_leefloon"})],
            [person(70, receives={"income_guarantee_elderly"})],
            [person(40, receives={"increased_reimbursement"})],
        ]
    )
    assert _ids(screen(pop, DEC_2023, ["social_energy_tariff"]), "social_energy_tariff") == {0, 1}


def test_igo_single_and_cohabitant_amounts_may_2024():
    # OKRA, indexation of 1 May 2024: single 1,549.42, cohabitant 1,032.92 EUR per month.
    pop = population(
        [
            [person(67, net=1500)],
            [person(67, net=1600)],
            [person(70, net=500), person(68, "partner", net=500)],
            [person(70, net=1100), person(68, "partner", net=1000)],
        ]
    )
    # Couple: each partner's share of their resources (1,050 > 1,032.92 in the last household).
    assert _ids(
        screen(pop, JUNE_2024, ["income_guarantee_elderly"]), "income_guarantee_elderly"
    ) == {0, 2, 3}


def test_igo_needs_the_pension_age():
    # FSMA Wikifin: 'Je moet de leeftijd van 65 hebben bereikt'.
    pop = population([[person(64, net=0)], [person(65, net=0)]])
    assert _ids(
        screen(pop, JUNE_2024, ["income_guarantee_elderly"]), "income_guarantee_elderly"
    ) == {1}


def test_leefloon_category_2_amount_february_2025():
    # CPAS de Sivry-Rance: isolated person 1,314.20 EUR per month from 1 February 2025.
    pop = population(
        [
            [person(30, net=1000)],
            [person(30, net=1400)],
            [person(30, "head", "foreigners_register", net=0)],
        ]
    )
    result = screen(pop, MARCH_2025, ["leefloon", "equivalent_leefloon"])
    assert _ids(result, "leefloon") == {0}
    # Seed 002: a foreigner in the foreigners' register gets the equivalent, not the leefloon.
    assert _ids(result, "equivalent_leefloon") == {2}


def test_leefloon_counts_the_partners_income_above_category_1():
    # KB 11 July 2002, art. 34, §1: the partner's resources above the category 1 amount count
    # (876.13 EUR a month from 1 February 2025, CPAS de Sivry-Rance).
    pop = population(
        [
            [person(30, net=0), person(30, "partner", net=1500)],  # 623.87 counted: right
            [person(30, net=0), person(30, "partner", net=1800)],  # 923.87 counted: none
        ]
    )
    assert _ids(screen(pop, MARCH_2025, ["leefloon"]), "leefloon") == {0}


def test_urgent_medical_aid_and_material_aid_follow_the_residence_status():
    # Organic law of 8 July 1976, art. 57 §2 and 57ter (seed 002: which aid for which status).
    pop = population(
        [[person(30, "head", "no_legal_residence")], [person(30, "head", "asylum_seeker")]]
    )
    result = screen(pop, MARCH_2025)
    assert _ids(result, "urgent_medical_aid") == {0}
    assert _ids(result, "material_aid_reception") == {1}
    assert _ids(result, "leefloon") == set()


def test_gpmi_obligation_for_leefloon_beneficiaries_without_a_gpmi():
    # Law of 21 July 2016 (in force 1 November 2016): a GPMI for every new beneficiary.
    pop = population(
        [
            [person(30, receives={"leefloon"})],
            [person(30, receives={"leefloon", "gpmi_obligation"})],
        ]
    )
    assert _ids(screen(pop, MARCH_2025, ["gpmi_obligation"]), "gpmi_obligation") == {0}


def test_uitpas_local_ceiling_per_dependant():
    # Oostende, table 2023: 0 dependants 25,630.67; 2 dependants 35,120.55.
    pop = population(
        [
            [person(40, gross=35000), person(10, "child"), person(8, "child")],
            [person(40, gross=26000)],
        ]
    )
    assert _ids(
        screen(pop, MARCH_2025, ["uitpas_opportunity_rate"]), "uitpas_opportunity_rate"
    ) == {0, 1, 2}


def test_missing_income_gives_a_partial_match_that_names_the_missing_fact():
    pop = population([[person(70, net=None)]])
    result = screen(pop, JUNE_2024, ["income_guarantee_elderly"]).rights["income_guarantee_elderly"]
    assert result.eligible == 1 and result.eligible_complete == 0
    [entry] = worklist(result, pop, JUNE_2024)
    assert not entry["complete"] and entry["confidence"] == "onvolledig"
    assert "IGO-bedrag" in entry["missing"][0]
    [entry_fr] = worklist(result, pop, JUNE_2024, language="fr")
    assert entry_fr["confidence"] == "incomplet" and "GRAPA" in entry_fr["missing"][0]
    [entry_de] = worklist(result, pop, JUNE_2024, language="de")
    assert entry_de["confidence"] == "unvollständig"
    assert entry_de["missing"] == [
        "Nettoeinkommen (mit dem Partner) unter dem Betrag der Einkommensgarantie für Betagte "
        "(alleinstehend oder zusammenwohnend)"
    ]
    assert "income_net_monthly=unbekannt" not in entry_de["reason"]  # missing, not held
    assert entry_de["reason"].startswith("Erfüllt: Hat das gesetzliche Pensionsalter erreicht")
    assert "Fehlende Angaben: Nettoeinkommen" in entry_de["reason"]
    # What the social investigation must still check, in German (catalogue.yaml).
    assert "Pensionsdienst" in entry_de["to_check"]


def test_reason_names_inputs_parameters_and_date():
    pop = population([[person(67, net=1500)]])
    result = screen(pop, JUNE_2024, ["income_guarantee_elderly"]).rights["income_guarantee_elderly"]
    [entry] = worklist(result, pop, JUNE_2024)
    assert entry["complete"]
    assert "age=67" in entry["reason"] and "income_net_monthly=1500.00" in entry["reason"]
    assert "rights.igo.amount_single=1549.42 (2024-05-01" in entry["reason"]
    assert "2024-06-01" in entry["reason"]
    assert entry["to_check"]  # the catalogue's not-checkable conditions


def test_receiving_but_no_longer_eligible_goes_to_review_not_withdrawal():
    pop = population([[person(70, net=2500, receives={"income_guarantee_elderly"})]])
    result = screen(pop, JUNE_2024, ["income_guarantee_elderly"]).rights["income_guarantee_elderly"]
    assert result.review_ids.tolist() == [0]
    assert result.eligible_not_receiving == 0
    [entry] = review_list(result, pop, JUNE_2024)
    assert "IGO-bedrag" in entry["reason"] and "income_net_monthly=2500.00" in entry["reason"]
    [entry_de] = review_list(result, pop, JUNE_2024, language="de")
    assert entry_de["reason"].startswith("Nicht mehr erfüllt: Nettoeinkommen (mit dem Partner)")
    # The population is unchanged: the right is still recorded as received.
    assert pop.receives["income_guarantee_elderly"].tolist() == [True]


def test_screening_before_the_supported_range_is_refused():
    with pytest.raises(ValueError):
        screen(population([[person(30)]]), date(2020, 1, 1))
