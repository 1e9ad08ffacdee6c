"""The parts of the single annual report (Uniek Jaarverslag) an OCMW files from its own data
besides finance: casework (requests by kind and outcome, decisions by kind of aid and kind),
the GPMIs, art. 60 §7 employment, medical aid and the staff time on GPMIs. Each part is a
table with a title and headings in the reader's language; counts of persons go through
small-cell suppression (accounts.disclosure, threshold 5, secondary suppression), as in the
finance parts (finance/report.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from openocmw.accounts.disclosure import Table
from openocmw.accounts.tenancy import Actor
from openocmw.casework.models import AidKind, AidRequest, Decision, DecisionKind
from openocmw.gpmi.models import Gpmi, Kind, StaffTime

from .models import Art60Contract, InvoiceLine, MedicalDecision
from .models.employment import Art60Outcome
from .models.medical import MedicalBasis


def _part(title: str, first: str, rows, columns, counts) -> dict:
    """A protected table as a part: headings (first column, the columns, total) and rows."""
    labels = [str(label) for _k, label in rows]
    table = Table(rows=[k for k, _l in rows], columns=[k for k, _l in columns],
                  counts=counts).protect()  # fmt: skip
    shown = table.rows()
    body = [[label, *values] for label, values in zip(labels, shown[:-1], strict=True)]
    body.append([_("total"), *shown[-1]])
    return {"title": title, "headings": [first, *(str(c) for _k, c in columns), _("total")],
            "rows": body}  # fmt: skip


def casework(ocmw: int, year: int) -> list[dict]:
    requests = list(AidRequest.objects.filter(ocmw_id=ocmw, received_on__year=year)
                    .values_list("pk", "kind"))  # fmt: skip
    outcome: dict[int, str] = {}
    for request_id, kind in (
        Decision.objects.filter(ocmw_id=ocmw, request_id__in=[r[0] for r in requests])
        .order_by("version").values_list("request_id", "kind")
    ):  # fmt: skip
        outcome[request_id] = kind  # the latest version of the request's decision
    cols = [("grant", _("granted")), ("refuse", _("refused")), ("other", _("other decision")),
            ("open", _("no decision yet"))]  # fmt: skip
    n = Counter()
    for pk, kind in requests:
        o = outcome.get(pk)
        n[(kind, o if o in ("grant", "refuse") else ("open" if o is None else "other"))] += 1
    kinds = list(AidKind.choices)
    by_request = _part(_("Requests by kind and outcome"), _("kind of aid"), kinds, cols,
                       [[n[(k, c)] for c, _l in cols] for k, _l in kinds])  # fmt: skip
    d = Counter(
        Decision.objects.filter(ocmw_id=ocmw, decided_on__year=year)
        .values_list("aid_kind", "kind")
    )  # fmt: skip
    dkinds = list(DecisionKind.choices)
    decisions = _part(_("Decisions by kind of aid"), _("kind of aid"), kinds, dkinds,
                      [[d[(k, c)] for c, _l in dkinds] for k, _l in kinds])  # fmt: skip
    return [by_request, decisions]


def gpmi(ocmw: int, year: int) -> dict:
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = Gpmi.objects.filter(ocmw_id=ocmw, validated_on__isnull=False, start__lte=last,
                               ends_on__gte=first)  # fmt: skip
    started = Counter(rows.filter(start__year=year).values_list("kind", flat=True))
    running = Counter(rows.values_list("kind", flat=True))
    ended = Counter(rows.filter(ends_on__lte=last).values_list("kind", flat=True))
    cols = [("started", _("started in the year")), ("running", _("running in the year")),
            ("ended", _("ended in the year"))]  # fmt: skip
    kinds = list(Kind.choices)
    return _part(_("GPMIs"), _("kind"), kinds, cols,
                 [[started[k], running[k], ended[k]] for k, _l in kinds])  # fmt: skip


def art60(ocmw: int, year: int) -> dict:
    rows = Art60Contract.objects.filter(ocmw_id=ocmw, start__year__lte=year, end__year__gte=year)
    started = rows.filter(start__year=year).count()
    outcomes = Counter(rows.filter(end__year=year).values_list("outcome", flat=True))
    cols = [("running", _("running in the year")), ("started", _("started in the year")),
            *list(Art60Outcome.choices), ("", _("no outcome recorded"))]  # fmt: skip
    counts = [[rows.count(), started, *(outcomes[c] for c, _l in cols[2:])]]
    return _part(_("Art. 60 §7 employment"), "", [("art60", _("contracts"))], cols, counts)


def medical(ocmw: int, year: int) -> list[dict]:
    by_basis = Counter(MedicalDecision.objects.filter(ocmw_id=ocmw, decided_on__year=year)
                       .values_list("basis", flat=True))  # fmt: skip
    bases = list(MedicalBasis.choices)
    decisions = _part(_("Medical aid decisions"), _("legal basis"), bases,
                      [("n", _("decisions"))], [[by_basis[b]] for b, _l in bases])  # fmt: skip
    sums = InvoiceLine.objects.filter(ocmw_id=ocmw, care_date__year=year).aggregate(
        n=Count("pk"), amount=Sum("amount"), state=Sum("state_part"), ocmw=Sum("ocmw_part"),
        patient=Sum("patient_part"),
    )  # fmt: skip
    money = {
        "title": _("Medical invoices"),
        "headings": [
            _("invoice lines"),
            _("amount"),
            _("part of the State"),
            _("part of the OCMW"),
            _("part of the patient"),
        ],  # fmt: skip
        "rows": [
            [sums["n"], *(float(sums[k] or 0) for k in ("amount", "state", "ocmw", "patient"))]
        ],  # fmt: skip
    }
    return [decisions, money]


def staff_time(ocmw: int, year: int) -> dict:
    """Full-time equivalents on GPMIs: each worker's share weighted by the days of the year
    its period covers (the rows in force, not superseded). Staff, not beneficiaries: counts
    of workers are not suppressed."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = (last - first).days + 1
    fte, workers = Decimal(0), set()
    for worker, start, end, share in StaffTime.objects.filter(
        ocmw_id=ocmw, superseded_at__isnull=True, period_start__lte=last, period_end__gte=first
    ).values_list("worker_id", "period_start", "period_end", "share"):
        covered = (min(end, last) - max(start, first)).days + 1
        fte += share / 100 * covered / days
        workers.add(worker)
    return {
        "title": _("Staff time on GPMIs"),
        "headings": [_("workers with recorded time"), _("full-time equivalents")],
        "rows": [[len(workers), float(fte.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))]],
    }


def collect_parts(actor: Actor, year: int) -> list[dict]:
    ocmw = actor.ocmw_id
    return [*casework(ocmw, year), gpmi(ocmw, year), art60(ocmw, year), *medical(ocmw, year),
            staff_time(ocmw, year)]  # fmt: skip


def add_sheets(wb, parts: list[dict]) -> None:
    """One sheet per part, named in the reader's language (at most 31 characters)."""
    used = set()
    for part in parts:
        name = part["title"].replace("/", "-")[:31]
        while name in used:
            name = name[:29] + f"{len(used):02d}"
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([part["title"]])
        ws.append(part["headings"])
        for row in part["rows"]:
            ws.append(row)
