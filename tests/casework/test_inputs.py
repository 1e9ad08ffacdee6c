"""Casework input checks (issue 9, section 5): dates in their window, text within its limits,
uploads verified by parsing and served as attachments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openocmw.accounts.models import Role
from openocmw.casework import services as casework
from openocmw.casework.models import Evidence

from ..conftest import actor_of
from ..inputs import samples


def test_the_casework_services_check_dates_and_text(actor_a, users, request_a):
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    with pytest.raises(ValidationError) as exc:
        casework.plan_meeting(lead, date(9999, 12, 31))
    assert "held_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        casework.add_home_visit(
            actor_a, request_a, visited_on=date(2024, 1, 2), visited_by="An\u200b",
            findings="x" * 2_000_000,
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"visited_by", "findings"}
    assert not request_a.home_visits.exists()
    with pytest.raises(ValidationError) as exc:
        casework.register_request(
            actor_a, request_a.person, received_on=date(1, 1, 1), kind="leefloon",
            channel="counter", description="x" * 10_001,
        )  # fmt: skip
    assert set(exc.value.message_dict) >= {"received_on", "description"}


def test_upload_through_the_page_refuses_a_hostile_pdf_and_serves_a_good_one_as_attachment(
    client_for, request_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = request_a.items.get(code="identity")
    c = client_for("a", Role.SOCIAL_WORKER)
    url = f"/cases/{request_a.pk}/items/{item.pk}/evidence/"
    hostile = samples.upload("attest.pdf", samples.pdf_with_javascript(), "application/pdf")
    response = c.post(url, {"file": hostile}, follow=True)
    assert "Document: het PDF-bestand bevat actieve inhoud" in response.content.decode()
    assert not Evidence.objects.exists() and not list(tmp_path.rglob("*.pdf"))

    good = samples.upload("attest \u00e9t\u00e9.pdf", samples.pdf(), "application/pdf")
    response = c.post(url, {"file": good}, follow=True)
    assert "Het document is toegevoegd." in response.content.decode()
    evidence = Evidence.objects.get()
    response = c.get(f"/cases/{request_a.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"attest ete.pdf\"; filename*=UTF-8''attest%20%C3%A9t%C3%A9.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samples.pdf()


def test_proposal_texts_are_checked_and_stored_in_nfc(actor_a, request_a):
    from .conftest import complete_investigation, grant_input

    complete_investigation(actor_a, request_a)
    with pytest.raises(ValidationError) as exc:
        casework.save_proposal(
            actor_a, request_a, grant_input(motivation="a\u202eb", effective_from=date(1999, 1, 1))
        )
    assert {"motivation", "effective_from"} <= set(exc.value.message_dict)
    proposal = casework.save_proposal(actor_a, request_a, grant_input(motivation="Rene\u0301"))
    proposal.refresh_from_db()
    assert proposal.motivation == "Ren\u00e9"
