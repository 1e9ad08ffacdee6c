"""The socio-professional exemption's clock feeds the leefloon calculator (RD of 11 July 2002,
art. 35: the exemption's time limit runs per person, whatever the OCMW): the days of use
recorded at a former OCMW pre-fill the calculator's history of periods at the new one."""

from datetime import date

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import calculator
from openocmw.casework.calculation import situation_from_file, with_exemption_clock
from openocmw.finance.services import employment
from openocmw.registry import services as registry
from openocmw.rules.facade import spi_days_used_before
from tests.conftest import person_data


def test_the_clock_of_another_ocmw_prefills_the_calculator(client_for, actor_a, actor_b, jan):
    jan_in_namur = registry.create_person(actor_b, person_data(language="fr"), status="belgian",
                                          status_from=date(1985, 7, 30))  # fmt: skip
    employment.record_spi_use(actor_b, jan_in_namur, date(2025, 3, 1), 20)
    employment.record_spi_use(actor_b, jan_in_namur, date(2025, 4, 1), 30)
    employment.record_spi_use(actor_b, jan_in_namur, date(2025, 5, 1), 5)
    employment.record_spi_use(actor_a, jan, date(2026, 1, 1), 10)

    page = client_for("a", Role.SOCIAL_WORKER).get(f"/leefloon/?person={jan.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    for name, value in (("spi-0-start", "2025-03-01"), ("spi-0-end", "2025-03-20"),
                        ("spi-1-start", "2025-04-01"), ("spi-1-end", "2025-05-05"),
                        ("spi-2-start", "2026-01-01"), ("spi-2-end", "2026-01-10")):  # fmt: skip
        assert f'name="{name}" value="{value}"' in html
    # the read of Namur's records is in Namur's audit chain
    assert AuditEntry.objects.filter(ocmw_id=actor_b.ocmw_id, object_type="spi_use",
                                     action="view").exists()  # fmt: skip

    # through the form into the situation the rules calculate: 65 days used before February
    on = date(2026, 2, 1)
    situation = with_exemption_clock(actor_a, jan, situation_from_file(jan, on), on)
    form, resources, members, spi = calculator.bind(situation=situation)
    periods = [(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
               for p in situation["applicant"]["spi"]["periods"]]  # fmt: skip
    assert len(spi.initial) == 3
    assert spi_days_used_before(periods, on) == 20 + 30 + 5 + 10


def test_nothing_recorded_leaves_the_calculator_as_it_was(actor_a, jan):
    on = date(2026, 2, 1)
    assert with_exemption_clock(actor_a, jan, situation_from_file(jan, on), on) == (
        situation_from_file(jan, on)
    )
