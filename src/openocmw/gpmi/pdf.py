"""PDF documents made with WeasyPrint: the validated contract and the annual GPMI report."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .models import ContractVersion, Gpmi

PDF_LANGUAGES = ("nl", "fr", "de")


def person_language(gpmi: Gpmi) -> str:
    """The person's language if the interface speaks it, else the OCMW's first language."""
    if gpmi.person.language in PDF_LANGUAGES:
        return gpmi.person.language
    for language in gpmi.ocmw.language_list if gpmi.ocmw_id else []:
        if language in PDF_LANGUAGES:
            return language
    return "nl"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def contract_pdf(gpmi: Gpmi, version: ContractVersion) -> tuple[bytes, str]:
    """The signed contract in the person's language."""
    language = person_language(gpmi)
    with translation.override(language):
        html = render_to_string(
            "gpmi/contract_pdf.html",
            {
                "gpmi": gpmi,
                "version": version,
                "person": gpmi.person,
                "ocmw": gpmi.ocmw,
                "ocmw_name": gpmi.ocmw.name(language),
                "language": language,
                "facts": fact_rows(version),
            },
        )
    return html_to_pdf(html), language


def fact_rows(version: ContractVersion) -> list[tuple[str, object]]:
    """The facts of a specific kind as (label, value) rows, in the active language."""
    from .forms import FACT_LABELS

    rows = []
    for key, value in (version.facts or {}).items():
        if value in (None, ""):
            continue
        if value is True:
            from django.utils.translation import gettext as _

            value = _("yes")
        rows.append((str(FACT_LABELS.get(key, key)), value))
    return rows


def annual_report_pdf(result, language: str, title_year: int | None = None) -> bytes:
    with translation.override(language):
        html = render_to_string(
            "gpmi/report_pdf.html",
            {
                "s": result,
                "tables": result.tables(),
                "charts": result.charts(),
                "year": title_year,
                "language": language,
            },
        )
    return html_to_pdf(html)
