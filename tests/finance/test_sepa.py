"""The SEPA credit transfer file and the bank accounts behind it."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError

from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import BankAccount
from openocmw.finance.services import banking, runs

from .conftest import BIC, IBAN_JAN

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def approved(actor_a, lead_a, jan, make_person, account_jan, payer_a):
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    ann = make_person(first_name="Ann", last_name="Janssens")
    make_decision(ann, start=date(2026, 3, 17), amount="1500.00")  # 15 of 31 days
    banking.add_bank_account(actor_a, ann, iban="BE43 0689 9999 9501", holder="Ann Janssens",
                             valid_from=date(2026, 1, 1))  # fmt: skip
    run = runs.start_run(actor_a, date(2026, 3, 1), date(2026, 3, 2))
    return runs.approve(lead_a, run)


def test_the_file_is_valid_pain_001_001_03(approved):
    xml = bytes(approved.sepa_xml)
    xmlschema.XMLSchema(str(XSD)).validate(xml.decode())  # raises if not valid
    root = ElementTree.fromstring(xml)  # noqa: S314 - the file this test just wrote
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text == "2"
    # 1000.00 + 1500 x 15 / 31 = 1000.00 + 725.81
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text == "1725.81"
    assert root.find(".//p:ReqdExctnDt", NS).text == "2026-03-02"
    ibans = sorted(e.text for e in root.findall(".//p:CdtrAcct/p:Id/p:IBAN", NS))
    assert ibans == ["BE43068999999501", IBAN_JAN]
    assert approved.total == Decimal("1725.81")


def test_the_download_is_audited(approved, lead_a):
    from openocmw.accounts.models import AuditEntry

    assert runs.sepa_file(lead_a, approved) == bytes(approved.sepa_xml)
    assert AuditEntry.objects.filter(action="export", object_type="sepa_file").exists()


@pytest.mark.parametrize("iban", ["BE68539007547034", "NL00INGB0001234567", "hello", ""])
def test_an_invalid_iban_is_refused_naming_the_field(actor_a, jan, iban):
    with pytest.raises(ValidationError) as exc:
        banking.add_bank_account(actor_a, jan, iban=iban, holder="Jan", valid_from=date(2026, 1, 1))
    assert "iban" in exc.value.message_dict
    assert not BankAccount.objects.exists()


def test_an_invalid_bic_is_refused(actor_a, jan):
    with pytest.raises(ValidationError) as exc:
        banking.add_bank_account(actor_a, jan, iban=IBAN_JAN, bic="GEBA", holder="Jan",
                                 valid_from=date(2026, 1, 1))  # fmt: skip
    assert list(exc.value.message_dict) == ["bic"]


def test_the_ocmw_account_needs_a_bic(lead_a):
    with pytest.raises(ValidationError) as exc:
        banking.set_payer_account(lead_a, name="OCMW", iban=IBAN_JAN, bic="")
    assert "bic" in exc.value.message_dict
    assert banking.set_payer_account(lead_a, name="OCMW", iban=IBAN_JAN, bic=BIC).bic == BIC


def test_iban_is_stored_compact(actor_a, jan):
    acc = banking.add_bank_account(actor_a, jan, iban="be62 5100 0754 7061", holder="Jan",
                                   valid_from=date(2026, 1, 1))  # fmt: skip
    assert acc.iban == IBAN_JAN


def test_the_schema_check_refuses_a_broken_file(approved):
    from openocmw.finance.services.sepa import validate_xml

    xml = bytes(approved.sepa_xml)
    validate_xml(xml)
    with pytest.raises(ValueError, match="CtrlSum"):
        validate_xml(xml.replace(b"<CtrlSum>1725.81</CtrlSum>", b"<CtrlSum>lots</CtrlSum>", 1))


def test_a_corrupted_stored_iban_stops_the_approval(actor_a, lead_a, jan, account_jan, payer_a):
    from openocmw.finance.models import Payment, RunState

    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    run = runs.start_run(actor_a, date(2026, 3, 1))
    Payment.objects.filter(run=run).update(iban="BE62510007547062")  # one digit off
    runs.approve(lead_a, run)  # the file's job refuses the line
    run.refresh_from_db()
    assert run.state == RunState.COMPUTED and not run.sepa_xml and run.approved_by is None
    assert "IBAN" in run.error and "Peeters" in run.error


def test_writing_the_file_again_changes_nothing(approved):
    assert runs.write_file(approved.pk) == {"skipped": True, "state": "approved"}
