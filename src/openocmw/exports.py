"""Spreadsheet exports that open right in Excel and LibreOffice (issue 10 §7).

- CSV: UTF-8 with a byte-order mark (without it, Excel reads the file as Windows-1252 and shows
  ``BeÃ«rnem`` for ``Beërnem``), ``;`` as separator (the list separator of Belgian Excel),
  CRLF line ends, decimal commas.
- Excel: sheet names in the user's language, cut to 31 characters and without the characters
  Excel forbids in a sheet name (``[]:*?/\\``), unique within the workbook.

Every export of the application goes through :func:`csv_response` / :func:`xlsx_response`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def csv_cell(value) -> str:
    """One value as Belgian spreadsheet text: dates dd/mm/yyyy, decimal commas, no None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    text = str(value)
    # A cell that starts like a formula is taken as text (CSV injection).
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[0-9]+([.,][0-9]+)?", text))


def to_csv(rows: Iterable[Sequence]) -> str:
    """The rows as CSV text, starting with the byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return BOM + out.getvalue()


def with_bom(text: str) -> str:
    """CSV text made elsewhere, with the byte-order mark (once)."""
    return text if text.startswith(BOM) else BOM + text


def csv_response(text_or_rows, filename: str) -> HttpResponse:
    text = text_or_rows if isinstance(text_or_rows, str) else to_csv(text_or_rows)
    response = HttpResponse(with_bom(text).encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(filename)}.csv"'
    return response


def sheet_title(title, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name for ``title`` (a translated text)."""
    text = _SHEET_FORBIDDEN.sub(" ", str(title)).strip(" '") or "-"
    text = text[:31]
    taken = {t.lower() for t in taken}
    candidate, n = text, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = text[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


def workbook_bytes(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """A workbook of ``(title, header, rows)`` sheets; header bold, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(sheet_title(title, wb.sheetnames))
        ws.append([str(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_xlsx_cell(v) for v in row])
        for col in ws.columns:
            cells = list(col)[:200]
            width = max((len(str(c.value or "")) for c in cells), default=10)
            ws.column_dimensions[cells[0].column_letter].width = min(60, max(10, width + 2))
            for c in cells:
                if isinstance(c.value, datetime):
                    c.number_format = "DD/MM/YYYY HH:MM:SS"
                elif isinstance(c.value, date):
                    c.number_format = "DD/MM/YYYY"
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, datetime):
        # Excel has no time zones: the local time, naive.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str) and value[:1] == "=":
        return "'" + value
    return value


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(filename)}.xlsx"'
    return response


def _ascii(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "export"
