"""Casework pages, as the users who use them; other OCMWs get 404."""

import re
import subprocess
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.casework import services
from openocmw.casework.models import AidRequest, Decision, Proposal

from .conftest import complete_investigation


def test_register_a_request_from_the_person_file(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    assert c.get(reverse("request_new", args=[jan.pk])).status_code == 200
    r = c.post(
        reverse("request_new", args=[jan.pk]),
        {"received_on": "2024-10-01", "kind": "leefloon", "channel": "counter"},
    )
    req = AidRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{req.pk}/"
    html = c.get(r["Location"]).content.decode()
    assert "2024/000001" in html and "31/10/2024" in html  # the 30-day deadline, Belgian format


def test_bad_request_form_keeps_input_and_names_the_field(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    r = c.post(
        reverse("request_new", args=[jan.pk]),
        {
            "received_on": "2099-01-01",
            "kind": "other_social_aid",
            "channel": "counter",
            "description": "huurwaarborg",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'id="id_received_on-error"' in html and "huurwaarborg" in html
    assert AidRequest.objects.count() == 0


def test_acknowledgement_is_a_pdf_with_the_dates(client_for, request_a):
    r = client_for("a", Role.SOCIAL_WORKER).get(reverse("case_ack", args=[request_a.pk]))
    assert r["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=r.content, capture_output=True, check=True
    ).stdout.decode()
    assert "2024/000001" in text and "01/10/2024" in text and "31/10/2024" in text


def test_case_page_lists_missing_items_and_proposal_is_blocked(client_for, request_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get(reverse("case_detail", args=[request_a.pk])).content.decode()
    assert 'id="missing"' in html
    item = request_a.items.get(code="identity")
    r = c.post(
        reverse("item_update", args=[request_a.pk, item.pk]),
        {f"item{item.pk}-status": "done", f"item{item.pk}-notes": "eID gezien"},
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.notes == "eID gezien"


def test_proposal_page_calculates_and_saves_with_frozen_calculation(client_for, request_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    page = c.get(reverse("proposal_edit", args=[request_a.pk]))
    assert page.status_code == 200
    form = {
        "kind": "grant", "effective_from": "2024-10-01", "effective_until": "", "monthly_amount": "",
        "amount_justification": "", "refusal_reason": "", "motivation": "", "edit_version": "",
        "reference_date": "2024-10-01", "birth_date": "1985-07-30", "residence_status": "belgian",
        "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "3", "res-INITIAL_FORMS": "0", "res-MIN_NUM_FORMS": "3", "res-MAX_NUM_FORMS": "1000",
        "member-TOTAL_FORMS": "1", "member-INITIAL_FORMS": "0", "member-MIN_NUM_FORMS": "0", "member-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    preview = c.post(reverse("proposal_edit", args=[request_a.pk]), form | {"calculate": "1"})
    assert preview.status_code == 200 and 'id="monthly-amount"' in preview.content.decode()
    assert "1.288,46" in preview.content.decode()
    assert Proposal.objects.count() == 0
    saved = c.post(reverse("proposal_edit", args=[request_a.pk]), form | {"save": "1"})
    assert saved.status_code == 302
    p = Proposal.objects.get()
    assert str(p.monthly_amount) == "1288.46" and p.calculation["category"]["number"] == 2


def test_proposal_page_shows_missing_facts_without_saving(client_for, request_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    form = {
        "kind": "grant", "effective_from": "2024-10-01", "reference_date": "2024-10-01",
        "birth_date": "1985-07-30", "residence_status": "belgian", "actual_residence": "yes",
        "willing_to_work": "", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "3", "res-INITIAL_FORMS": "0", "member-TOTAL_FORMS": "0", "member-INITIAL_FORMS": "0",
        "save": "1",
    }  # fmt: skip
    r = c.post(reverse("proposal_edit", args=[request_a.pk]), form)
    assert r.status_code == 200
    assert 'id="id_willing_to_work-error"' in r.content.decode()
    assert Proposal.objects.count() == 0


def test_full_flow_through_the_pages(client_for, actor_a, request_a):
    complete_investigation(actor_a, request_a)
    p = services.save_proposal(
        actor_a,
        request_a,
        services.ProposalInput(
            kind="refuse",
            effective_from=date(2024, 10, 1),
            refusal_reason="resources_above_threshold",
        ),
    )
    sw, lead, council = (
        client_for("a", r) for r in (Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER)
    )
    assert sw.post(reverse("proposal_submit", args=[request_a.pk, p.pk])).status_code == 302
    assert (
        lead.post(
            reverse("proposal_review", args=[request_a.pk, p.pk]), {"decision": "approve"}
        ).status_code
        == 302
    )
    with mock.patch("openocmw.casework.council._today", return_value=date(2024, 10, 8)):
        r = lead.post(reverse("meetings"), {"held_on": "2024-10-15"})
    meeting_url = r["Location"]
    meeting_id = int(meeting_url.strip("/").split("/")[-1])
    r = council.post(reverse("meeting_attendance", args=[meeting_id]), {
        "att-members_in_office": "5", "att-chair": "Vos", "att-chair_present": "on",
        "att-secretary": "Smet", "att-present": "Peeters\nJanssens", "att-absent": "Maes",
    })  # fmt: skip
    assert r.status_code == 302
    assert (
        lead.post(reverse("meeting_schedule", args=[meeting_id]), {"proposal": p.pk}).status_code
        == 302
    )
    item = p.agenda_items.get()
    council.post(
        reverse("meeting_decide", args=[meeting_id, item.pk]), {f"i{item.pk}-outcome": "approved", f"i{item.pk}-votes_for": "3",
         f"i{item.pk}-votes_against": "0", f"i{item.pk}-votes_abstain": "0"},
    )  # fmt: skip
    decision = Decision.objects.get()
    assert decision.kind == "refuse" and decision.refusal_reason == "resources_above_threshold"
    council.post(reverse("meeting_close", args=[meeting_id]))
    minutes = council.get(reverse("meeting_minutes", args=[meeting_id]))
    assert minutes["Content-Type"] == "application/pdf"
    sw.post(reverse("decision_notify", args=[decision.pk]), {"notified_on": "2024-10-17"})
    decision.refresh_from_db()
    assert decision.notified_on == date(2024, 10, 17)
    letter = sw.get(reverse("decision_letter", args=[decision.pk]))
    assert letter.content == bytes(decision.letter_pdf)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER])
def test_other_ocmw_gets_404_on_every_case_page(client_for, request_a, role):
    c = client_for("b", role)
    for name in ("case_detail", "case_ack", "proposal_edit"):
        assert c.get(reverse(name, args=[request_a.pk])).status_code in (403, 404), name
    assert c.get(reverse("case_detail", args=[request_a.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.SECURITY_ADVISER, Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR])
def test_roles_without_casework_are_refused(client_for, request_a, role):
    c = client_for("a", role)
    assert c.get(reverse("case_detail", args=[request_a.pk])).status_code == 403
    assert c.get(reverse("case_dashboard")).status_code == 403


def test_dashboard_shows_late_requests(client_for, actor_a, request_a):
    html = client_for("a", Role.SOCIAL_WORKER).get(reverse("case_dashboard")).content.decode()
    assert "2024/000001" in html  # received 01/10/2024, due 31/10/2024: late today


def test_register_page_and_exports(client_for, request_a):
    c = client_for("a", Role.TEAM_LEAD)
    html = c.get(
        reverse("register"), {"from": "2024-01-01", "until": "2024-12-31"}
    ).content.decode()
    assert "2024" in html
    csv = c.get(reverse("register"), {"from": "2024-01-01", "until": "2024-12-31", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and b";" in csv.content
    xlsx = c.get(
        reverse("register"), {"from": "2024-01-01", "until": "2024-12-31", "format": "xlsx"}
    )
    assert xlsx.content[:2] == b"PK"
    bad = c.get(reverse("register"), {"from": "01-01-2024"})
    assert 'role="alert"' in bad.content.decode()


def test_calculator_names_the_missing_fact_in_words_on_its_field(client_for, jan):
    form = {
        "reference_date": "2024-10-01", "birth_date": "2010-01-01", "residence_status": "belgian",
        "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0", "member-TOTAL_FORMS": "0", "member-INITIAL_FORMS": "0",
    }  # fmt: skip
    html = client_for("a", Role.SOCIAL_WORKER).post(reverse("calculator"), form).content.decode()
    # A minor: the rules need to know (law art. 7). Issue 10 §5: named in words, on the field.
    assert "applicant.married" not in html
    assert 'id="id_married-error"' in html and 'id="id_pregnant-error"' in html


def test_calculator_prefilled_from_the_person_file(client_for, jan):
    html = (
        client_for("a", Role.SOCIAL_WORKER)
        .get(reverse("calculator"), {"person": jan.pk})
        .content.decode()
    )
    assert 'value="1985-07-30"' in html
    assert '<option value="belgian" selected>' in html


def test_register_page_title_is_the_register_not_the_verb(client_for):
    html = client_for("a", Role.TEAM_LEAD).get(reverse("register")).content.decode()
    assert "<title>Register · OpenOCMW</title>" in html  # Dutch "register", not "registreren"


def test_calculator_partner_on_leefloon_is_not_counted_and_french_cites_french_titles(
    client_for, jan
):
    """RD art. 34, §1 counts only a partner who does not claim the leefloon (issue 8); the French
    page cites the law with its French title."""
    form = {
        "reference_date": "2025-02-15", "birth_date": "1985-07-30", "residence_status": "belgian",
        "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0",
        "member-TOTAL_FORMS": "1", "member-INITIAL_FORMS": "0",
        "member-0-relation": "partner", "member-0-birth_date": "1986-01-01",
        "member-0-shares_household": "yes", "member-0-leefloon_beneficiary": "yes",
        "member-0-resource_kind": "unemployment_benefit", "member-0-resource_amount": "1100",
        "member-0-resource_period": "month",
    }  # fmt: skip
    client = client_for("a", Role.SOCIAL_WORKER)

    def monthly(html):
        # French: the euro sign after the amount (openocmw.formats, issue 10 §4)
        return re.search(r'id="monthly-amount">([^<]+) €<', html).group(1)

    html = client.post(reverse("calculator"), form, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert monthly(html) == "876,13"
    assert "Arrêté royal du 11 juillet 2002" in html
    form["member-0-leefloon_beneficiary"] = "no"
    html = client.post(reverse("calculator"), form, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert monthly(html) == "665,18"  # 13.200 - 10.513,60 counted, minus 155


def _spi_form(**extra):
    form = {
        "reference_date": "2024-06-15", "birth_date": "1985-07-30", "residence_status": "belgian",
        "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "1", "res-INITIAL_FORMS": "0",
        "res-0-kind": "wages", "res-0-amount": "800", "res-0-period": "month",
        "member-TOTAL_FORMS": "0", "member-INITIAL_FORMS": "0",
        "spi-TOTAL_FORMS": "2", "spi-INITIAL_FORMS": "0",
    }  # fmt: skip
    form.update(extra)
    return form


def test_calculator_takes_the_history_of_the_socio_professional_exemption(client_for, jan):
    """Issue 8: periods of use (interruptions do not count), the bottleneck-profession amount,
    and a bottleneck asked a second time is an error naming the field."""
    client = client_for("a", Role.SOCIAL_WORKER)
    two_periods = {
        "spi-0-start": "2019-01-01", "spi-0-end": "2019-12-31",
        "spi-1-start": "2024-05-01", "spi-1-bottleneck": "yes",
        "spi-1-contract_months": "6", "spi-1-regional_attestation": "yes",
    }  # fmt: skip
    html = client.post(reverse("calculator"), _spi_form(**two_periods)).content.decode()
    assert "434,83" in html  # the bottleneck amount of 1 May 2024 applies
    twice = two_periods | {
        "spi-0-start": "2024-01-01", "spi-0-end": "2024-03-31", "spi-0-bottleneck": "yes",
        "spi-0-contract_months": "6", "spi-0-regional_attestation": "yes",
    }  # fmt: skip
    html = client.post(reverse("calculator"), _spi_form(**twice)).content.decode()
    # Named in words on the second period's field (issue 10 §5), not by its path.
    assert "applicant.spi.periods[1].bottleneck_occupation" not in html
    assert 'id="id_spi-1-bottleneck-error"' in html
    assert 'id="monthly-amount"' not in html


def test_calculator_prefills_the_spi_periods_from_a_situation():
    from openocmw.casework import calculator

    situation = {
        "reference_date": "2024-06-15",
        "applicant": {
            "spi": {
                "periods": [
                    {"start": "2019-01-01", "end": "2019-12-31"},
                    {
                        "start": "2024-05-01",
                        "bottleneck_occupation": {
                            "contract_months": 6,
                            "regional_attestation": True,
                        },
                    },
                ]
            }
        },
    }
    *_, spi = calculator.bind(situation=situation)
    assert [f.initial.get("start") for f in spi.forms[:2]] == ["2019-01-01", "2024-05-01"]
    assert spi.forms[1].initial["bottleneck"] == "yes"
