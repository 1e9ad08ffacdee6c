"""The PDF report of an assessment (WeasyPrint): the radar chart, the table, the gaps with the
justifications side by side, and the improvement actions."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .frameworks import items_of


def report_pdf(assessment, res, chart: str, language: str) -> bytes:
    from weasyprint import HTML

    labels = {i.code: i.label for i in items_of(assessment.framework)}
    with translation.override(language):
        actions = list(assessment.actions.all())
        for act in actions:
            act.label = labels.get(act.item, act.item)
        html = render_to_string(
            "circle/report_pdf.html",
            {
                "a": assessment,
                "res": res,
                "chart": chart,
                "gaps": [r for r in res["rows"] if r.gap],
                "actions": actions,
                "ocmw_name": assessment.ocmw.name(language),
                "language": language,
            },
        )
    return HTML(string=html).write_pdf()
