"""The single annual report (Uniek Jaarverslag): the parts an OCMW files, generated from its
data as an Excel workbook (openpyxl, one sheet per part) and a PDF (WeasyPrint): the finance
parts here, casework, GPMI, art. 60 §7, medical aid and staff time in report_parts.py.

The report leaves the OCMW: counts of persons go through small-cell suppression
(accounts.disclosure, threshold 5, secondary suppression); an amount is hidden with its count.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from openocmw.accounts.disclosure import Table, marker
from openocmw.accounts.tenancy import Actor, require

from .models import Art60Contract, InvoiceLine, Law65Form, MedicalDecision, Payment, RecoveryClaim
from .services import refunds

AIDS = ("leefloon", "equivalent_leefloon")


def collect(actor: Actor, year: int) -> dict:
    require(actor, "finance.refunds")
    ocmw = actor.ocmw_id
    months = [date(year, m, 1) for m in range(1, 13)]
    persons: dict = defaultdict(set)
    amounts: dict = defaultdict(Decimal)
    for person_id, month, aid, gross in Payment.objects.filter(
        ocmw_id=ocmw, month__year=year
    ).values_list("person_id", "month", "aid_kind", "gross"):
        persons[(month, aid)].add(person_id)
        amounts[(month, aid)] += gross
    rows = [m.strftime("%m/%Y") for m in months]
    table = Table(rows=rows, columns=list(AIDS),
                  counts=[[len(persons[(m, a)]) for a in AIDS] for m in months]).protect()  # fmt: skip
    paid_rows = []
    for m, label, shown in zip(months, rows, table.rows()[:-1], strict=True):
        paid_rows.append([label] + [
            (shown[i], amounts[(m, a)] if table.cell(label, a) is not None else marker())
            for i, a in enumerate(AIDS)
        ])  # fmt: skip
    claims = RecoveryClaim.objects.filter(ocmw_id=ocmw, opened_at__year=year)
    recov = claims.aggregate(n=Count("pk"), amount=Sum("amount"), recovered=Sum("recovered"))
    med = InvoiceLine.objects.filter(ocmw_id=ocmw, care_date__year=year).aggregate(
        n=Count("pk"), amount=Sum("amount"), state=Sum("state_part"), ocmw=Sum("ocmw_part"),
        patient=Sum("patient_part"),
    )  # fmt: skip
    med_decisions = dict(
        MedicalDecision.objects.filter(ocmw_id=ocmw, decided_on__year=year)
        .values_list("basis").annotate(n=Count("pk")).values_list("basis", "n")
    )  # fmt: skip
    art60 = Art60Contract.objects.filter(ocmw_id=ocmw, start__year__lte=year, end__year__gte=year)
    outcomes = dict(
        art60.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    out_cols = ["regular_job", "benefit", "leefloon", "other", ""]
    out_table = Table(rows=["art60"], columns=out_cols,
                      counts=[[outcomes.get(c, 0) for c in out_cols]]).protect()  # fmt: skip
    forms = dict(Law65Form.objects.filter(ocmw_id=ocmw, event_date__year=year)
                 .values_list("form").annotate(n=Count("pk")).values_list("form", "n"))  # fmt: skip
    from .models import PsaGrant
    from .services import subsidies

    psa = [(g, subsidies.psa_justification(actor, g))
           for g in PsaGrant.objects.filter(ocmw_id=ocmw, year=year).order_by("part")]  # fmt: skip
    from .report_parts import collect_parts

    return {
        "parts": collect_parts(actor, year),
        "psa": psa, "gpmi_subsidy": subsidies.gpmi_subsidy(actor, year)["total"],
        "year": year, "ocmw": actor.ocmw, "paid_rows": paid_rows,
        "paid_totals": table.rows()[-1],
        "settlement": refunds.settlement(actor, year),
        "recoveries": {k: v or 0 for k, v in recov.items()},
        "medical": {k: v or 0 for k, v in med.items()}, "medical_decisions": med_decisions,
        "art60": dict(zip(out_cols, out_table.rows()[0], strict=False)),
        "art60_total": out_table.total if out_table.total is not None else marker(),
        "law65": forms,
    }  # fmt: skip


def workbook(data: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Payments")[:31]
    ws.append([_("Annual report %(year)s") % {"year": data["year"]}, str(data["ocmw"])])
    ws.append([_("month"), _("persons (leefloon)"), _("amount (leefloon)"),
               _("persons (equivalent)"), _("amount (equivalent)")])  # fmt: skip
    for label, (n1, a1), (n2, a2) in data["paid_rows"]:
        ws.append([label, n1, _num(a1), n2, _num(a2)])
    ws2 = wb.create_sheet(_("State refund")[:31])
    ws2.append([_("month"), _("beneficiaries"), _("paid"), _("rate (%)"), _("refund"),
                _("GPMI supplement"), _("total")])  # fmt: skip
    s = data["settlement"]
    for m in s["months"]:
        ws2.append([m.month.strftime("%m/%Y"), m.beneficiaries, _num(m.paid), _num(m.base_rate),
                    _num(m.base_amount), _num(m.gpmi_amount), _num(m.total)])  # fmt: skip
    ws2.append([_("total"), "", _num(s["totals"]["paid"]), "", _num(s["totals"]["base_amount"]),
                _num(s["totals"]["gpmi_amount"]), _num(s["totals"]["total"])])  # fmt: skip
    ws3 = wb.create_sheet(_("Other")[:31])
    r, m = data["recoveries"], data["medical"]
    for row in (
        [_("recovery claims opened"), r["n"], _num(r["amount"]), _num(r["recovered"])],
        [_("medical invoice lines"), m["n"], _num(m["amount"])],
        [_("part of the State"), _num(m["state"])], [_("part of the OCMW"), _num(m["ocmw"])],
        [_("part of the patient"), _num(m["patient"])],
        [_("art. 60 §7 contracts"), data["art60_total"]],
        *([_("Law of 1965 form"), f, n] for f, n in sorted(data["law65"].items())),
        *([_("PSA grant"), g.get_part_display(), _num(j["granted"]), _num(j["eligible"]),
           _num(j["refused"])] for g, j in data["psa"]),
        [_("GPMI subsidy lines"), _num(data["gpmi_subsidy"])],
    ):  # fmt: skip
        ws3.append(row)
    from .report_parts import add_sheets

    add_sheets(wb, data.get("parts", []))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _num(v):
    return float(v) if isinstance(v, Decimal) else v


def pdf(data: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("finance/report_pdf.html", data, request=request)
    return HTML(string=html).write_pdf()
