"""The assessment as CSV and Excel (issue 12 §4): scores and justifications side by side, the
spread, the gap flag and the average next to them; the actions on a second sheet; scoped."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from openocmw.accounts.models import Role
from openocmw.circle import services
from openocmw.circle.frameworks import GroupKind

from .test_circle import circle, group, lead, scores_for  # noqa: F401


def test_csv_and_excel_hold_the_scores_reasons_and_gaps(client_for, lead, circle):  # noqa: F811
    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([8] * 9, "team"))
    services.save_scores(lead, group(circle, GroupKind.POLICY), scores_for([2] + [7] * 8, "raad"))
    services.save_action(lead, circle, {"item": "prevention", "description": "Folders",
                                        "owner": "Sara", "deadline": date(2026, 6, 1),
                                        "status": "planned"})  # fmt: skip
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.get(reverse("circle_export", args=[circle.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="rechtencirkel-')
    head, first = text.splitlines()[:2]
    assert head.startswith("fase;doelgroep: score;doelgroep: motivering;medewerkers: score;")
    assert first.startswith("Preventie;;;8;team prevention;2;raad prevention;6;ja;5")
    book = load_workbook(
        io.BytesIO(c.get(reverse("circle_export", args=[circle.pk, "xlsx"])).content)
    )
    scores, actions = book.worksheets
    assert scores["A2"].value == "Preventie" and actions["B2"].value == "Folders"
    other = client_for("b", Role.TEAM_LEAD)
    assert other.get(reverse("circle_export", args=[circle.pk, "csv"])).status_code == 404
