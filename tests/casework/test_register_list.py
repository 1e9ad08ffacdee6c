"""The register as a list of individual requests and decisions (issue 10 §7): filters by
period, kind, status and worker; CSV with a byte-order mark and Excel with sheets named in
the reader's language; who may see it; every list and export audited."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry import services as registry
from tests.casework.test_register import make_decision, make_request
from tests.conftest import actor_of, person_data

URL = "/register/requests/"


@pytest.fixture
def requests(ocmw_a, ocmw_b, users, actor_a, jan):
    worker = users[("a", Role.SOCIAL_WORKER)]
    lead = users[("a", Role.TEAM_LEAD)]
    els = registry.create_person(
        actor_a, person_data(birth_date=date(1990, 2, 3), first_name="Élise", last_name="Dubœuf"),
        status="belgian", status_from=date(1990, 2, 3),
    )  # fmt: skip
    r1 = make_request(ocmw_a, jan, "2025/001", date(2025, 2, 3), assigned_to=worker)
    make_decision(r1, date(2025, 2, 20), monthly_amount=Decimal("1314.20"))
    r2 = make_request(
        ocmw_a, els, "2025/002", date(2025, 3, 4), kind="urgent_medical_aid", assigned_to=lead
    )
    r3 = make_request(ocmw_a, els, "2024/099", date(2024, 12, 30), assigned_to=worker)
    other = registry.create_person(
        actor_of(users[("b", Role.SOCIAL_WORKER)]),
        person_data(birth_date=date(1970, 1, 1), first_name="Autre"),
        status="belgian", status_from=date(1970, 1, 1),
    )  # fmt: skip
    make_request(ocmw_b, other, "2025/001", date(2025, 2, 3))
    return {"r1": r1, "r2": r2, "r3": r3, "worker": worker, "lead": lead}


def _get(client, **params):
    return client.get(URL, {"from": "2025-01-01", "until": "2025-12-31", **params})


def test_the_list_shows_each_request_of_the_period_with_its_decision(client_for, requests):
    response = _get(client_for("a", Role.TEAM_LEAD))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "2025/001" in html and "2025/002" in html
    assert "2024/099" not in html  # received before the period
    assert "Autre" not in html  # another OCMW's request
    assert "2 aanvragen" in html
    assert "Jan Peeters" in html and "Élise Dubœuf" in html
    assert "20/02/2025" in html and "€ 1.314,20" in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"kind": "urgent_medical_aid"}, "2025/002", "2025/001"),
        ({"state": "notified"}, "2025/001", "2025/002"),
        ({"from": "2025-03-01"}, "2025/002", "2025/001"),
    ],
)
def test_filters(client_for, requests, params, shown, hidden):
    html = _get(client_for("a", Role.TEAM_LEAD), **params).content.decode()
    assert shown in html and hidden not in html


def test_filter_by_worker(client_for, requests):
    html = _get(client_for("a", Role.TEAM_LEAD), worker=str(requests["lead"].pk)).content.decode()
    assert "2025/002" in html and "2025/001" not in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "nonsense"}, "Soort hulp"),
        ({"state": "x"}, "Status"),
        ({"worker": "99999"}, "Maatschappelijk werker"),
        ({"from": "31/31/2025"}, "dd/mm/jjjj"),
    ],
)
def test_bad_filters_are_named_and_show_nothing(client_for, requests, params, field):
    response = _get(client_for("a", Role.TEAM_LEAD), **params)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert 'id="register-errors"' in html and field in html
    assert "2025/001" not in html


def test_csv_export_has_a_byte_order_mark_and_keeps_the_accents(client_for, requests):
    response = _get(client_for("a", Role.TEAM_LEAD), format="csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:3] == ["nummer", "datum van de aanvraag", "persoon"]
    assert any("Élise Dubœuf" in line for line in lines)
    row = next(line for line in lines if line.startswith("2025/001"))
    assert "03/02/2025" in row and "1314,20" in row
    entry = AuditEntry.objects.filter(object_type="register", action="export").get()
    assert entry.detail["requests"] == 2 and entry.detail["format"] == "csv"


def test_excel_export_names_its_sheet_in_french(client_for, requests):
    from openpyxl import load_workbook

    c = client_for("a", Role.TEAM_LEAD, language="fr")
    wb = load_workbook(io.BytesIO(_get(c, format="xlsx").content))
    assert wb.sheetnames == ["Demandes et décisions"]
    ws = wb.active
    assert ws["A1"].value == "numéro" and ws["A2"].value == "2025/001"
    assert ws["B2"].value.date() == date(2025, 2, 3)


def test_the_statistics_export_has_a_byte_order_mark_too(client_for, requests):
    response = client_for("a", Role.TEAM_LEAD).get(
        reverse("register"), {"from": "2025-01-01", "until": "2025-12-31", "format": "csv"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.TEAM_LEAD, 200),
        (Role.COUNCIL_MEMBER, 200),
        (Role.OCMW_ADMIN, 403),  # statistics only: the list names persons
        (Role.SOCIAL_WORKER, 403),
        (Role.SECURITY_ADVISER, 403),
    ],
)
def test_who_may_see_the_list(client_for, requests, role, status):
    assert _get(client_for("a", role)).status_code == status


def test_viewing_the_list_is_audited_with_its_filters(client_for, requests):
    _get(client_for("a", Role.TEAM_LEAD), kind="leefloon")
    entry = AuditEntry.objects.filter(object_type="register", action="search").get()
    assert entry.purpose == "request register"
    assert entry.detail["kind"] == "leefloon" and entry.detail["requests"] == 1


# --- online requests not yet matched (issue 12 §3) ------------------------------------------


def _online(ocmw, **over):
    from openocmw.casework import online as intake

    data = {
        "first_name": "Mira", "last_name": "Online", "birth_date": date(1992, 5, 6), "insz": "",
        "phone": "0470 12 34 56", "email": "", "street": "", "house_number": "", "box": "",
        "postal_code": "", "municipality": "", "kind": "leefloon", "other_aid": "",
        "description": "Geen inkomen.", "consent": True,
    } | over  # fmt: skip
    return intake.submit(ocmw, data, language="nl")


def test_online_requests_waiting_for_a_person_are_on_the_list_with_their_clock(
    client_for, requests, ocmw_a, ocmw_b
):
    from openocmw.casework.models import OnlineRequest, OnlineState

    waiting = _online(ocmw_a)
    second = _online(ocmw_a, last_name="Tweede")
    matched = _online(ocmw_a, last_name="Gekoppeld")
    OnlineRequest.objects.filter(pk=matched.pk).update(state=OnlineState.MATCHED)
    _online(ocmw_b, last_name="Ailleurs")
    response = _get(client_for("a", Role.TEAM_LEAD))
    html = unescape(response.content.decode())
    assert "2 online aanvragen wachten om aan een persoon gekoppeld te worden" in html
    assert waiting.reference in html and "Online Mira" in html
    assert "online, niet gekoppeld" in html
    assert reverse("online_detail", args=[waiting.pk]) in html
    assert reverse("online_queue") in html
    assert waiting.decision_due.strftime("%d/%m/%Y") in html
    assert second.reference in html and "Gekoppeld" not in html  # matched: in the register
    assert "Ailleurs" not in html  # another OCMW's
    assert "2 aanvragen" in html  # the register's own count is unchanged
    assert AuditEntry.objects.filter(
        object_type="queue", object_id="online", detail__shown=2
    ).exists()


def test_the_council_member_sees_how_many_wait_but_no_names(client_for, requests, ocmw_a):
    waiting = _online(ocmw_a)
    html = unescape(_get(client_for("a", Role.COUNCIL_MEMBER)).content.decode())
    assert "1 online aanvraag wacht om aan een persoon gekoppeld te worden" in html
    assert waiting.reference not in html and "Mira" not in html


def test_no_waiting_online_request_no_notice(client_for, requests):
    html = _get(client_for("a", Role.TEAM_LEAD)).content.decode()
    assert 'id="register-online"' not in html
