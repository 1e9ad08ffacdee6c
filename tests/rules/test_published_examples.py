"""Worked examples published by public sources, recomputed by the rules.

Each case gives the source's URL and the figures as published. Where a source simplifies (it
works per month, leaves out the general exemption, or uses an invented leefloon amount), the test
says so and asserts the legal result, which the project computes yearly (law art. 14 and 16):
yearly category amount minus yearly countable resources, divided by 12.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openocmw.rules import calculate
from openocmw.rules.params import parameter_value
from openocmw.rules.system import get_system

CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
BOTTLENECK = {"contract_months": 6, "regional_attestation": True}
STUDENT = {"study_grant": False, "full_time": True, "gpmi": True}


def situation(reference, members=(), **applicant):
    base = {"birth_date": "2001-04-12", "residence_status": "belgian", "conditions": CONDITIONS}
    base.update(applicant)
    return {"reference_date": reference, "applicant": base, "household": {"members": list(members)}}


def wages(amount):
    return [{"kind": "wages", "amount": amount, "period": "month"}]


def param(name, on):
    return Decimal(
        str(parameter_value(get_system(), f"leefloon.{name}", date.fromisoformat(on))["value"])
    )


def exemption(result, key):
    return next(e["yearly_amount"] for e in result.exemptions if e["id"] == f"exemption.{key}")


def test_droitsquotidiens_small_job_december_2022():
    """https://www.droitsquotidiens.be/fr/question/je-trouve-un-petit-job-vais-je-garder-mon-ris?o=1149
    Published: exemption 291,63 EUR a month (index of 1 December 2022); a single person earning
    400 EUR: 'votre RIS est diminué : 400 EUR - 291,63 EUR - 20,83 EUR, soit 87,54 EUR'."""
    result = calculate(
        situation("2022-12-15", spi={"periods": [{"start": "2022-12-01"}]}, resources=wages(400))
    )
    assert param("exemptions.spi.monthly_amount", "2022-12-15") == Decimal("291.63")
    assert exemption(result, "general") == Decimal("250.00")  # 20,83 a month
    # Legal result, yearly: 4.800 - 3.499,56 - 250 = 1.050,44 (87,54 a month, as published).
    assert result.countable_resources_total == Decimal("1050.44")
    assert (result.countable_resources_total / 12).quantize(Decimal("0.01")) == Decimal("87.54")
    assert result.monthly_amount == Decimal("1096.40")  # (14.207,24 - 1.050,44) / 12


def test_droitsquotidiens_espace_jeunes_june_2017_amounts():
    """http://espace-jeunes.droitsquotidiens.be/question/je-trouve-un-petit-job-vais-je-garder-mon-droit-au-revenu-dintegration
    Published (index of 1 June 2017): exemption 244,03 EUR a month; students 68,06 EUR with a
    study grant, 244,03 EUR without; general exemption 155 / 250 / 310 EUR a year."""
    on = "2017-06-15"
    assert param("exemptions.spi.monthly_amount", on) == Decimal("244.03")
    assert param("exemptions.spi.student_monthly_amount", on) == Decimal("68.06")
    for category, amount in ((1, 155), (2, 250), (3, 310)):
        assert param(f"exemptions.general.category_{category}", on) == amount
    result = calculate(
        situation(
            on,
            birth_date="1996-04-12",
            spi={"periods": [{"start": "2017-06-01"}]},
            resources=wages(400),
        )
    )
    assert exemption(result, "spi") == Decimal("2928.36")  # 244,03 x 12
    assert exemption(result, "general") == Decimal("250.00")


def test_droitsquotidiens_students_january_2022():
    """http://www.droitsquotidiens.be/fr/actualites/ris-plus-de-distinction-entre-les-etudiants-boursiers-et-non-boursiers
    Published: from 1 January 2022, 264,13 EUR a month for every student (with or without study
    grant), under 25, full-time studies, a GPMI; 'L'étudiant est isolé et il reçoit un revenu de
    400 EUR. 400 EUR - 264,13 EUR - 20,83 EUR, soit 115,04 EUR.'"""
    result = calculate(
        situation("2022-01-15", student={**STUDENT, "study_grant": True}, resources=wages(400))
    )
    assert exemption(result, "student") == Decimal("3169.56")  # 264,13 x 12
    assert exemption(result, "general") == Decimal("250.00")
    assert result.countable_resources_total == Decimal("1380.44")  # 115,04 x 12, rounded
    assert (result.countable_resources_total / 12).quantize(Decimal("0.01")) == Decimal("115.04")


def test_droitsquotidiens_bottleneck_profession_february_2025():
    """https://www.droitsquotidiens.be/fr/question/le-montant-de-lexoneration-socioprofessionnelle-pour-le-ris-est-il-plus-eleve-si-je
    Published: 443,52 EUR a month (index of 1 February 2025) instead of 309,48 EUR; 'si vous
    recevez 1 500 EUR par mois, le CPAS déduit uniquement 1 056,48 EUR de votre RIS'. The same page
    says the general exemption is applied on top; its example leaves it out. Legal result:
    18.000 - 5.322,24 - 250 = 12.427,76 a year."""
    result = calculate(
        situation(
            "2025-02-15",
            spi={"periods": [{"start": "2025-02-01", "bottleneck_occupation": BOTTLENECK}]},
            resources=wages(1500),
        )
    )
    assert exemption(result, "spi") == Decimal("5322.24")  # 443,52 x 12
    assert Decimal("1500") - Decimal("443.52") == Decimal("1056.48")
    assert result.countable_resources_total == Decimal("12427.76")
    assert result.monthly_amount == Decimal("278.55")  # (15.770,41 - 12.427,76) / 12


def test_droitsquotidiens_bottleneck_profession_january_2024():
    """https://www.droitsquotidiens.be/fr/actualites/ris-le-montant-de-lexoneration-socioprofessionnelle-augmente-pour-les-metiers-en-penurie
    Published: since 1 January 2024, 426,30 EUR a month instead of 297,46 EUR; 'si la personne
    reçoit 1 500 EUR par mois, le CPAS déduit uniquement 1 073,70 EUR de son RIS'. The example
    leaves out the general exemption (250 a year), which applies: 12.884,40 - 250."""
    bottleneck = calculate(
        situation(
            "2024-01-15",
            spi={"periods": [{"start": "2024-01-01", "bottleneck_occupation": BOTTLENECK}]},
            resources=wages(1500),
        )
    )
    ordinary = calculate(
        situation("2024-01-15", spi={"periods": [{"start": "2024-01-01"}]}, resources=wages(1500))
    )
    assert exemption(bottleneck, "spi") == Decimal("5115.60")  # 426,30 x 12
    assert exemption(ordinary, "spi") == Decimal("3569.52")  # 297,46 x 12
    assert bottleneck.countable_resources_total == Decimal("12634.40")


def test_cpasconnect_bottleneck_from_297_46_to_426_30():
    """https://cpasconnect.be/actualites/actualite/720858527752525437
    Published: for 3 months, the exemption goes from 297,46 EUR to 426,30 EUR a month, in force
    from 1 January 2024. Here: a job in a bottleneck profession started on 1 January 2024; the
    higher amount applies in January-March and the ordinary one from April."""
    spi = {"periods": [{"start": "2024-01-01", "bottleneck_occupation": BOTTLENECK}]}
    march = calculate(situation("2024-03-15", spi=spi, resources=wages(500)))
    april = calculate(situation("2024-04-15", spi=spi, resources=wages(500)))
    assert exemption(march, "spi") == Decimal("5115.60")
    assert exemption(april, "spi") == Decimal("3569.52")
    assert any(s["id"] == "exemption.spi_bottleneck" for s in april.explanation["steps"])


def test_bdas_general_exemption_example_1_february_2025():
    """https://bdas-wwsb.brussels/?p=3321 (Brussels social-rights guide, 2.2.4.6, 01/04/2025)
    Published: a cohabiting student whose parents give 300 EUR a month: 3.600 - 155 = 3.445;
    'Vous avez droit à un RI de 7.068,60 € par an (10.513,60 € – 3.445 €), c'est-à-dire 589,05 €
    par mois.'"""
    friend = {"relation": "other", "birth_date": "2000-01-01", "shares_household": True}
    result = calculate(
        situation(
            "2025-02-15", [friend], resources=[{"kind": "other", "amount": 300, "period": "month"}]
        )
    )
    assert result.category_amount_yearly == Decimal("10513.60")
    assert result.countable_resources_total == Decimal("3445.00")
    assert result.yearly_amount == Decimal("7068.60")
    assert result.monthly_amount == Decimal("589.05")


def test_bdas_cohabitant_partner_february_2025():
    """https://www.bdas-wwsb.brussels/?p=3380 (2.2.4.8, 01/04/2025)
    Published: Monsieur earns 200 EUR a month and starts working as a beneficiary: '200 € –
    309,48 € (...) = 0 € à prendre en compte'; Madame, his partner, earns 1.100 EUR a month and
    does not receive the leefloon, so her resources above the cohabitant amount count. The page's
    final figures were not available; legal result: 13.200 - 10.513,60 = 2.686,40 counted, minus
    the general exemption 155 = 2.531,40."""
    madame = {
        "relation": "partner",
        "birth_date": "1990-01-01",
        "shares_household": True,
        "resources": wages(1100),
    }
    spi = {"periods": [{"start": "2025-02-01"}]}
    result = calculate(situation("2025-02-15", [madame], spi=spi, resources=wages(200)))
    assert exemption(result, "spi") == Decimal("2400.00")  # all of the 200 a month
    assert result.countable_resources_total == Decimal("2531.40")
    assert result.monthly_amount == Decimal("665.18")


def test_bdas_partner_who_receives_the_leefloon_is_not_counted():
    """https://www.bdas-wwsb.brussels/?p=3380: 'Les ressources du conjoint ou partenaire de vie
    cohabitant avec le demandeur ne peuvent ainsi jamais être prises en compte si le conjoint ou
    partenaire de vie bénéficie du droit à l'intégration sociale', except earnings from an art. 60,
    §7 employment or an activation measure above the cohabitant amount. Cross-checked with the
    cohabitant amount published by the CPAS of Sivry-Rance (876,13 EUR on 1 February 2025)."""
    madame = {
        "relation": "partner",
        "birth_date": "1990-01-01",
        "shares_household": True,
        "leefloon_beneficiary": True,
        "resources": [{"kind": "unemployment_benefit", "amount": 1100, "period": "month"}],
    }
    result = calculate(situation("2025-02-15", [madame]))
    assert result.countable_resources_total == Decimal("0.00")
    assert result.monthly_amount == Decimal("876.13")
    madame["resources"] = [{"kind": "activation_employment", "amount": 1100, "period": "month"}]
    result = calculate(situation("2025-02-15", [madame]))
    # 13.200 - 10.513,60 = 2.686,40 counted, minus the general exemption 155.
    assert result.countable_resources_total == Decimal("2531.40")


def test_cpas_sivry_rance_amounts_february_2025():
    """https://cpassivryrance.be/revenu-d-int%C3%A9gration/le-montant-du-ri-au-01-08-2022
    Published (amounts on 01/02/2025): 876,13 / 1.314,20 / 1.776,07 EUR a month."""
    alone = calculate(situation("2025-02-15"))
    friend = {"relation": "other", "birth_date": "2000-01-01", "shares_household": True}
    together = calculate(situation("2025-02-15", [friend]))
    child = {
        "relation": "child",
        "birth_date": "2020-01-01",
        "shares_household": True,
        "in_charge": True,
        "married": False,
    }
    family = calculate(situation("2025-02-15", [child], birth_date="1990-01-01"))
    assert together.monthly_amount == Decimal("876.13")
    assert alone.monthly_amount == Decimal("1314.20")
    assert family.monthly_amount == Decimal("1776.07")


def test_inforjeunes_student_job_2023():
    """https://inforjeunes.be/faq/mon-job-etudiant-a-t-il-une-influence-sur-mon-revenu-dintegration-sociale-ris/
    Published: exemption 291,63 EUR a month for every student; 'sa rémunération pour le mois de
    juillet atteint 800 € : 800 € – 291,63 € = 508,37 €'. The source simplifies: an invented
    leefloon of 640 EUR, a calculation per month, no general exemption. Legal result for a single
    student in July 2023: 9.600 - 3.499,56 - 250 = 5.850,44 a year."""
    result = calculate(situation("2023-07-15", student=STUDENT, resources=wages(800)))
    assert exemption(result, "student") == Decimal("3499.56")
    assert Decimal("800") - Decimal("291.63") == Decimal("508.37")
    assert result.countable_resources_total == Decimal("5850.44")
    assert result.monthly_amount == Decimal("750.88")


def test_streetlawclinic_students_august_2022():
    """https://streetlawclinic.ulb.be/actualite/ri-memes-regles-pour-les-boursiers-et-les-non-boursiers-qui-travaillent/
    Published: since 1 January 2022 the same rule for students with and without a grant;
    maximum exemption 280,31 EUR since 1 August 2022 (73,67 EUR before, for students with a grant)."""
    for grant in (True, False):
        result = calculate(
            situation("2022-08-15", student={**STUDENT, "study_grant": grant}, resources=wages(300))
        )
        assert exemption(result, "student") == Decimal("3363.72")  # 280,31 x 12


def test_belga_rtl_student_grant_ceiling_january_2022():
    """https://www.rtl.be/info/belgique/politique/nouveau-le-1er-janvier-plafond-d-exoneration-rehausse-pour-les-etudiants-boursiers-qui-travaillent-1346733.aspx
    Published (Belga, December 2021): students with a grant go from 72,23 to 264,13 EUR a month
    on 1 January 2022."""
    assert param("exemptions.spi.student_monthly_amount", "2021-12-15") == Decimal("72.23")
    assert param("exemptions.spi.student_monthly_amount", "2022-01-15") == Decimal("264.13")
    december = calculate(
        situation("2021-12-15", student={**STUDENT, "study_grant": True}, resources=wages(300))
    )
    assert exemption(december, "student") == Decimal("866.76")  # 72,23 x 12


def test_tienen_amounts_june_2017():
    """https://www.tienen.be/leefloon-spv
    Published (amounts from 1 June 2017): 244,03 EUR a month in general; 2.928,35 EUR a year for
    artistic income; students 68,06 EUR with a grant, 244,03 EUR without."""
    artist = calculate(
        situation(
            "2017-06-15",
            birth_date="1996-04-12",
            resources=[{"kind": "artistic", "amount": 300, "period": "month"}],
        )
    )
    assert exemption(artist, "artist") == Decimal("2928.35")
    student = calculate(
        situation(
            "2017-06-15",
            birth_date="1996-04-12",
            student={**STUDENT, "study_grant": True},
            resources=wages(300),
        )
    )
    assert exemption(student, "student") == Decimal("816.72")  # 68,06 x 12
