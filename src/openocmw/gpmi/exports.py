"""The statistics as CSV and as an Excel workbook (openpyxl): counts only, suppressed counts
as the marker ("< 5") with the note that explains it (see :func:`stats.protect`)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from openocmw.exports import sheet_title


def _period_line(result) -> list[str]:
    return [_("period"), result.start.isoformat(), result.end.isoformat(), result.scope]


def to_csv(result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_period_line(result))
    if result.disclosure_note:
        writer.writerow([result.disclosure_note])
    for table in result.tables():
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    # A BOM, so that spreadsheet programs read the accents right.
    return "\ufeff" + out.getvalue()


def to_xlsx(result) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = wb.active
    first.title = sheet_title(_("period"))
    first.append([_("from"), result.start])
    first.append([_("until"), result.end])
    first.append([_("scope"), result.scope])
    if result.disclosure_note:
        first.append([result.disclosure_note])
    for row in first.iter_rows(min_col=2, max_col=2, max_row=2):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for table in result.tables():
        # The sheet is named in the reader's language (issue 10 §7), not by its code.
        ws = wb.create_sheet(sheet_title(table.title, wb.sheetnames))
        ws.sheet_properties.codeName = table.key  # the stable code, for macros and tests
        ws.append([table.title])
        ws["A1"].font = Font(bold=True)
        ws.append(table.headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append(row)
        ws.column_dimensions["A"].width = 40
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
