from datetime import date

import pytest

from openocmw.accounts.models import Role
from openocmw.finance.services import banking
from openocmw.registry import services as registry
from tests.conftest import actor_of, person_data

# Valid test numbers (checksums correct): a Belgian IBAN and BIC, and one of OCMW A itself.
IBAN_JAN = "BE62510007547061"
IBAN_OCMW = "BE71096123456769"
BIC = "GEBABEBB"


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def payer_a(lead_a):
    return banking.set_payer_account(lead_a, name="OCMW Leuven", iban=IBAN_OCMW, bic=BIC)


@pytest.fixture
def account_jan(actor_a, jan):
    return banking.add_bank_account(
        actor_a, jan, iban=IBAN_JAN, bic=BIC, holder="Jan Peeters", valid_from=date(2020, 1, 1)
    )


@pytest.fixture
def make_person(actor_a):
    counter = [0]

    def make(**over):
        counter[0] += 1
        birth = date(1970, 1, 1 + counter[0] % 28)
        over.setdefault("first_name", f"P{counter[0]}")
        data = person_data(birth_date=birth, **over)
        from openocmw.registry.demo import insz_for

        data["insz"] = insz_for(birth, 100 + 2 * counter[0] + 1)
        return registry.create_person(actor_a, data, status="belgian", status_from=birth)

    return make


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
