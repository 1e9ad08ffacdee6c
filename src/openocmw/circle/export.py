"""An assessment as a spreadsheet (issue 12 §4): CSV and Excel through ``openocmw.exports``.

One row per item (phase or B) in the checklist's order; per group its score and its written
justification side by side (the seed puts the reasons before the figures), then the spread,
whether the groups differ (``GAP_THRESHOLD``), the average (never alone: next to the spread
and the reasons) and, for a later assessment, the earlier scores per group. The Excel file
has a second sheet with the improvement actions.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from openocmw import exports

from .models import Assessment


def header(assessment: Assessment, res: dict) -> list[str]:
    cols = [_("phase")]
    for g in res["groups"]:
        cols += [f"{g.label}: {_('score')}", f"{g.label}: {_('justification')}"]
    cols += [_("spread"), _("groups differ"), _("average")]
    if assessment.previous_id:
        date = assessment.previous.held_on.strftime("%d/%m/%Y")
        cols += [f"{_('earlier (%(date)s)') % {'date': date}}: {g}" for g in res["earlier"]]
    return cols


def rows(assessment: Assessment, res: dict) -> list[list]:
    out = []
    for r in res["rows"]:
        row: list = [capfirst(str(r.item.label))]
        for _g, score, why in r.scores:
            row += [score, why]
        row += [r.spread, _("yes") if r.gap else _("no"), r.average]
        if assessment.previous_id:
            row += [r.previous.get(name) for name in res["earlier"]]
        out.append(row)
    return out


def action_rows(assessment: Assessment, labels: dict) -> list[list]:
    return [
        [capfirst(str(labels.get(a.item, a.item))), a.description, a.owner, a.deadline,
         a.get_status_display()]
        for a in assessment.actions.all()
    ]  # fmt: skip


def filename(assessment: Assessment) -> str:
    return f"{_('rights-circle')}-{assessment.held_on.isoformat()}-{assessment.pk}"


def csv_response(assessment: Assessment, res: dict):
    table = [header(assessment, res), *rows(assessment, res)]
    return exports.csv_response(table, filename(assessment))


def xlsx_response(assessment: Assessment, res: dict, labels: dict):
    action_header = [_("phase"), _("improvement action"), _("owner"), _("deadline"), _("status")]
    data = exports.workbook_bytes([
        (_("Scores per group (0 to 10)"), header(assessment, res), rows(assessment, res)),
        (_("Improvement actions"), action_header, action_rows(assessment, labels)),
    ])  # fmt: skip
    return exports.xlsx_response(data, filename(assessment))
