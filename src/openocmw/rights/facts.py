"""The income and status facts of the screening (sources `income` and `status_facts` of
`rights/sources.yaml`), read from the database as columns.

- net monthly income: the incomes recorded in the social investigation (casework's
  `RecordedResource`, the resources point of the person's latest aid request received on or
  before the date that has any): their sum, a yearly amount counted as a twelfth. A person
  without recorded incomes has an unknown income (never zero);
- gross taxable yearly income: the latest tax assessment received through the exchange's
  consultations (source `tax`) for an income year before the date's year;
- disability allowance: the latest of the consultations of the disability register (an
  allowance paid in the three months up to the reply: yes; a reply without one: no) and the
  changes of that register a worker accepted (amount above zero: yes; zero: ended);
- debt mediation: no flow brings it into OpenOCMW; it stays unknown.

The exchange app's facts are read through its selector (`exchange.selectors.status_facts`).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openocmw.casework.models import RecordedResource
from openocmw.exchange.selectors import status_facts


def recorded_incomes(ocmw_id: int, on: date, persons=None) -> dict[int, float]:
    """Person -> net monthly income from the latest request with recorded incomes."""
    rows = RecordedResource.objects.filter(request__ocmw_id=ocmw_id, request__received_on__lte=on)
    if persons is not None:
        rows = rows.filter(request__person_id__in=list(persons))
    latest: dict[int, tuple] = {}
    totals: dict[tuple, float] = {}
    for person_id, request_id, received_on, amount, period in rows.order_by(
        "request__received_on", "request_id"
    ).values_list("request__person_id", "request_id", "request__received_on", "amount", "period"):
        monthly = float(amount) / 12 if period == "year" else float(amount)
        totals[(person_id, request_id)] = totals.get((person_id, request_id), 0.0) + monthly
        latest[person_id] = (received_on, request_id)
    return {person: totals[(person, request)] for person, (_, request) in latest.items()}


def fact_columns(ocmw_id: int, on: date, ids, persons=None) -> dict[str, np.ndarray]:
    """The four fact columns for the persons `ids` (in that order); `persons`: read only those
    (one household, a partition), else the whole OCMW."""
    ids = list(ids)
    position = {pk: i for i, pk in enumerate(ids)}
    n = len(ids)
    net = np.full(n, np.nan)
    gross = np.full(n, np.nan)
    disability = np.full(n, -1, np.int8)
    for person_id, monthly in recorded_incomes(ocmw_id, on, persons).items():
        i = position.get(person_id)
        if i is not None:
            net[i] = monthly
    facts = status_facts(ocmw_id, on, persons)
    for person_id, (_, amount) in facts["taxable_income"].items():
        i = position.get(person_id)
        if i is not None:
            gross[i] = amount
    for person_id, (_, value) in facts["disability_allowance"].items():
        i = position.get(person_id)
        if i is not None:
            disability[i] = value
    return {
        "income_net_monthly": net,
        "income_gross_yearly": gross,
        "disability_allowance": disability,
        "debt_mediation": np.full(n, -1, np.int8),
    }
