"""State refunds (law of 26 May 2002, art. 32 and following; art. 40 is the lump sum towards
staff costs, not modelled), medical aid (MediPrima), and the 2013 art. 60 §7 budget allocation
(seed 000, l. 2472-2501)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import Role
from openocmw.finance.fixtures import make_decision
from openocmw.finance.services import employment, law65, medical, refunds, runs
from openocmw.rules import refunds as refund_rules
from tests.conftest import actor_of

# --- refund parameters --------------------------------------------------------------------------


PRIMABOOK = "https://primabook.mi-is.be/nl/recht-op-maatschappelijke-integratie/staatstoelagen"


def test_base_rate_is_fifty_five_percent_primabook():
    # PrimaBook, Staatstoelagen 1.1: 55 % of the leefloon granted
    rate = refund_rules.rate_on(date(2026, 3, 1), 10)
    assert rate.base_percent == Decimal("55") and rate.verified
    assert rate.sources[0]["href"] == PRIMABOOK


@pytest.mark.parametrize(("average", "percent"), [(499, 55), ("499.9", 55), (500, 65), (999, 65),
                                                  (1000, 70), (5000, 70)])  # fmt: skip
def test_higher_rate_by_the_monthly_average_primabook(average, percent):
    # PrimaBook 1.1: 65 % from an average of 500, 70 % from 1,000 beneficiaries a month
    assert refund_rules.rate_on(date(2026, 6, 1), Decimal(str(average))).base_percent == percent


def test_a_higher_tier_the_first_time_only_after_five_percent_growth():
    # PrimaBook 1.1: first grant of 65 % only if the threshold is passed and the number grew 5 %
    day = date(2026, 1, 1)
    grew_4 = refund_rules.tier_percent(day, Decimal("520"), Decimal("500"), Decimal("55"))
    grew_6 = refund_rules.tier_percent(day, Decimal("530"), Decimal("500"), Decimal("55"))
    assert (grew_4, grew_6) == (Decimal("55"), Decimal("65"))


def test_below_the_threshold_one_point_a_year_not_under_three_percent_decrease():
    # PrimaBook 1.1: 65 % is reduced by 1 % a year down to 55 %; not when the decrease < 3 %
    day = date(2026, 1, 1)
    fell_10 = refund_rules.tier_percent(day, Decimal("450"), Decimal("500"), Decimal("65"))
    fell_2 = refund_rules.tier_percent(day, Decimal("490"), Decimal("500"), Decimal("65"))
    floor = refund_rules.tier_percent(day, Decimal("100"), Decimal("400"), Decimal("55.5"))
    assert (fell_10, fell_2, floor) == (Decimal("64"), Decimal("65"), Decimal("55"))


def test_gpmi_supplement_ten_points_from_the_law_of_21_july_2016():
    # law of 21 July 2016 (in force 1 November 2016): special subsidy of 10 % of the leefloon
    assert refund_rules.rate_on(date(2026, 6, 1), 10).gpmi_percent == Decimal("65")
    assert refund_rules.rate_on(date(2016, 10, 1), 10).gpmi_points == Decimal("0")


def test_values_that_could_not_be_verified_say_what():
    rate = refund_rules.rate_on(date(2010, 1, 1), 10)
    assert rate.verified is False and rate.base_percent == Decimal("50")
    assert any("not read" in w for w in rate.warnings)


def test_a_refund_parameter_without_a_source_is_an_error():
    basis = refund_rules.parameters()["basis"]
    data = {"basis": {**basis, "reference": basis["source"]},
            "base": {"values": {"2002-10-01": {"percent": 50, "verified": True}}},
            "higher": {"values": {}}, "gpmi_supplement": {"values": {}}}  # fmt: skip
    with pytest.raises(refund_rules.RefundParameterError) as exc:
        refund_rules.validate(data)
    assert exc.value.field == "base.2002-10-01.reference"


def test_the_shipped_parameters_all_have_sources():
    data = refund_rules.parameters()
    assert all(src["href"].startswith("https://") for name in ("base", "higher",
               "gpmi_supplement") for _, _, src in data[name])  # fmt: skip


# --- monthly claim and yearly settlement ---------------------------------------------------------


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


def test_monthly_claim_and_settlement_sum(actor_a, admin_a, jan, make_person, account_jan):
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    make_decision(make_person(), start=date(2026, 3, 10), amount="1300.00")  # 22/31 in March
    runs.start_run(actor_a, date(2026, 3, 1))
    runs.start_run(actor_a, date(2026, 4, 1))
    march = refunds.compute_claim(admin_a, date(2026, 3, 1))
    april = refunds.compute_claim(admin_a, date(2026, 4, 1))
    assert march.paid == Decimal("1000.00") + Decimal("922.58")
    # 55 % of 1922.58, half up (the year before last had no beneficiaries: the base tier)
    assert march.base_amount == Decimal("1057.42")
    assert april.total == Decimal("1265.00")
    year = refunds.settlement(admin_a, 2026)
    assert year["totals"]["total"] == march.total + april.total


def test_the_tier_uses_the_average_of_the_year_before_last_not_the_month(
    actor_a, admin_a, jan, account_jan
):
    """One person paid in March 2026, but 600 on average in 2024 (the year before last):
    65 % (PrimaBook, Staatstoelagen 1.1), where the month's count would give 55 %."""
    from unittest import mock

    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    runs.start_run(actor_a, date(2026, 3, 1))
    averages = {2024: Decimal("600"), 2023: Decimal("550")}
    with mock.patch.object(refunds, "average_beneficiaries",
                           side_effect=lambda _o, year: averages.get(year, Decimal(0))):  # fmt: skip
        claim = refunds.compute_claim(admin_a, date(2026, 3, 1))
    assert (claim.beneficiaries, claim.reference_average, claim.base_rate) == (
        1,
        Decimal("600"),
        Decimal("65"),
    )


def test_the_monthly_average_counts_paid_persons_over_twelve_months(
    actor_a, jan, make_person, account_jan
):
    make_decision(jan, start=date(2024, 1, 1), amount="1000.00")  # 12 months of 2024
    make_decision(make_person(), start=date(2024, 7, 1), amount="1000.00")  # 6 months
    runs.start_run(actor_a, date(2025, 1, 1))  # the first run pays the arrears of 2024
    assert refunds.average_beneficiaries(jan.ocmw_id, 2024) == Decimal("1.5")


def test_refunds_are_not_for_a_social_worker(actor_a):
    with pytest.raises(PermissionDenied):
        refunds.compute_claim(actor_a, date(2026, 3, 1))


def test_law65_form_deadline_and_export(actor_a, jan):
    form = law65.record_form(actor_a, jan, form="A", event_date=date(2026, 3, 1),
                             period_start=date(2026, 3, 1), period_end=date(2026, 5, 31))  # fmt: skip
    # law of 2 April 1965, art. 9 §1: notify within 45 days (PrimaBook, "Wet 65")
    assert form.deadline == date(2026, 4, 15)
    text = law65.export_csv(actor_a)
    assert jan.insz in text and ";yes;" in text
    claim = law65.record_form(actor_a, jan, form="D", event_date=date(2026, 3, 1),
                              period_start=date(2026, 3, 1), period_end=date(2026, 3, 31))  # fmt: skip
    assert claim.deadline == date(2027, 3, 1)  # no time limit found: marked unverified
    assert "no time limit for form D was found" in law65.export_csv(actor_a)
    with pytest.raises(ValidationError) as exc:
        law65.record_form(actor_a, jan, form="E", event_date=date(2026, 3, 1),
                          period_start=date(2026, 3, 1), period_end=date(2026, 2, 1))  # fmt: skip
    assert {"form", "period_end"} <= set(exc.value.message_dict)


# --- medical aid ---------------------------------------------------------------------------------


@pytest.fixture
def hospital_a(users):
    return actor_of(users[("a", Role.CARE_PROVIDER)])


@pytest.fixture
def med(actor_a, jan):
    return medical.decide(actor_a, jan, basis="urgent", coverage="all", start=date(2026, 1, 1),
                          end=date(2026, 6, 30), decided_on=date(2026, 1, 5),
                          patient_contribution_covered=True)  # fmt: skip


def test_lookup_gives_the_version_in_force(actor_a, hospital_a, jan, med):
    v2 = medical.decide(actor_a, jan, basis="urgent", coverage="hospital", start=date(2026, 3, 1),
                        end=date(2026, 12, 31), decided_on=date(2026, 2, 20),
                        patient_contribution_covered=False, replaces=med)  # fmt: skip
    assert medical.lookup(hospital_a, jan.insz, date(2026, 4, 1)).decision == v2
    # v2 replaced v1 entirely: February is no longer covered
    assert medical.lookup(hospital_a, jan.insz, date(2026, 2, 1)).covered is False
    assert medical.lookup(hospital_a, "00000000000", date(2026, 4, 1)).covered is False
    with pytest.raises(ValidationError):
        medical.decide(actor_a, jan, basis="urgent", coverage="all", start=date(2026, 1, 1),
                       end=date(2026, 2, 1), decided_on=date(2026, 1, 1),
                       patient_contribution_covered=True, replaces=med)  # fmt: skip


def test_lookup_is_only_for_the_care_provider(actor_a, jan, med):
    with pytest.raises(PermissionDenied):
        medical.lookup(actor_a, jan.insz, date(2026, 4, 1))


def test_a_split_sums_to_the_line(hospital_a, med):
    split = medical.propose_split(med, Decimal("250.00"), Decimal("180.00"), Decimal("30.00"))
    assert split == {"state_part": Decimal("180.00"), "ocmw_part": Decimal("30.00"),
                     "patient_part": Decimal("40.00")}  # fmt: skip
    line = medical.record_line(hospital_a, med, care_date=date(2026, 2, 3), description="consult",
                               amount="250.00", **split)  # fmt: skip
    assert line.state_part + line.ocmw_part + line.patient_part == line.amount


def test_a_split_that_does_not_add_up_names_the_amount(hospital_a, med):
    from openocmw.finance.models import InvoiceLine

    with pytest.raises(ValidationError) as exc:
        medical.record_line(hospital_a, med, care_date=date(2026, 2, 3), description="x",
                            amount="100.00", state_part="60.00", ocmw_part="30.00",
                            patient_part="10.01")  # fmt: skip
    assert list(exc.value.message_dict) == ["amount"]
    with pytest.raises(ValidationError) as exc:
        medical.record_line(
            hospital_a,
            med,
            care_date=date(2026, 2, 3),
            description="x",
            amount="abc",
            state_part="-1",
            ocmw_part="0",
            patient_part="0",
        )
    assert {"amount", "state_part"} <= set(exc.value.message_dict)
    assert not InvoiceLine.objects.exists()


# --- art. 60 §7 ----------------------------------------------------------------------------------


def test_allocation_sums_exactly_to_the_budget():
    history = {"A": [Decimal("100000"), Decimal("110000"), Decimal("90000")],
               "B": [Decimal("1"), Decimal("2"), Decimal("0")],
               "C": [Decimal("33333.33")] * 3}  # fmt: skip
    shares = employment.allocate_budget(Decimal("1000000.00"), history)
    assert sum(shares.values()) == Decimal("1000000.00")
    assert shares["A"] > shares["C"] > shares["B"] > 0


def test_allocation_of_thirds_gives_the_odd_cent_to_one():
    shares = employment.allocate_budget(Decimal("100.00"), {"X": [1, 1, 1], "Y": [1, 1, 1],
                                                            "Z": [1, 1, 1]})  # fmt: skip
    assert sorted(shares.values()) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_an_art60_contract_ends_the_leefloon_while_it_runs(actor_a, jan, account_jan):
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    employment.add_contract(actor_a, jan, employer="OCMW Leuven", start=date(2026, 3, 16),
                            end=date(2027, 3, 15), hours_per_week=38,
                            gross_monthly_wage="2100.00", job_coach=actor_a.user)  # fmt: skip
    run = runs.start_run(actor_a, date(2026, 3, 1))
    run.refresh_from_db()
    assert run.total == Decimal("483.87")  # 15 of 31 days
    assert employment.caseload(actor_a, date(2026, 4, 1)) == {actor_a.user.username: 1}
    with pytest.raises(ValidationError) as exc:
        employment.add_contract(
            actor_a,
            jan,
            employer="",
            start=date(2026, 3, 16),
            end=date(2026, 3, 1),
            hours_per_week=50,
            gross_monthly_wage=0,
        )
    assert {"employer", "end", "hours_per_week", "gross_monthly_wage"} <= set(
        exc.value.message_dict
    )


def test_the_exemption_clock_follows_the_person_to_another_ocmw(actor_a, actor_b, jan):
    """RD of 11 July 2002, art. 35: the socio-professional exemption's time limit runs per
    person; the new OCMW reads the first month and the days used at the former one."""
    from openocmw.accounts.models import AuditEntry
    from openocmw.registry import services as registry
    from tests.conftest import person_data

    jan_in_namur = registry.create_person(actor_b, person_data(language="fr"), status="belgian",
                                          status_from=date(1985, 7, 30))  # fmt: skip
    employment.record_spi_use(actor_b, jan_in_namur, date(2025, 3, 1), 20)
    employment.record_spi_use(actor_b, jan_in_namur, date(2025, 4, 1), 22)
    employment.record_spi_use(actor_a, jan, date(2026, 1, 1), 10)
    clock = employment.spi_clock(actor_a, jan)
    assert clock == {"first_month": date(2025, 3, 1), "days_used": 52, "ocmws": 2}
    assert AuditEntry.objects.filter(ocmw_id=actor_b.ocmw_id, object_type="spi_use",
                                     action="view").exists()  # fmt: skip
    with pytest.raises(ValidationError):
        employment.spi_clock(actor_a, jan_in_namur)  # not a person of A
    with pytest.raises(ValidationError) as exc:
        employment.record_spi_use(actor_a, jan, date(2026, 2, 1), 40)
    assert "days_used" in exc.value.message_dict
