"""Refused access is audited (issue 9 §1): a role denial, a request without login, a failed
login, and an attempt on another OCMW's record, which that OCMW's security adviser sees."""

import pytest
from django.test import Client
from django.urls import reverse

from openocmw.accounts import audit
from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token


def test_a_role_denial_on_a_page_is_audited_in_the_users_chain(client_for, users, jan, ocmw_a):
    response = client_for("a", Role.SECURITY_ADVISER).get(reverse("person_detail", args=[jan.pk]))
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="denied", user=users[("a", Role.SECURITY_ADVISER)])
    assert entry.chain == f"ocmw:{ocmw_a.pk}" and entry.role == Role.SECURITY_ADVISER
    assert entry.object_type == "url" and entry.object_id == f"/persons/{jan.pk}/"
    assert entry.detail["reason"] == "role does not allow"
    assert entry.detail["permission"] == "person.view"
    assert entry.ip == "127.0.0.1"
    assert audit.verify().ok


def test_a_role_denial_through_the_api_is_audited(users, jan):
    inspector = users[("a", Role.OCMW_ADMIN)]
    token = issue_token(inspector.memberships.get(), "tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/persons/{jan.pk}").status_code == 403
    entry = AuditEntry.objects.get(action="denied", user=inspector)
    assert entry.object_id == f"/api/v1/persons/{jan.pk}"
    assert entry.detail["permission"] == "person.view"


def test_an_attempt_without_login_on_personal_data_is_audited(client, jan):
    response = client.get(reverse("person_detail", args=[jan.pk]), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    entry = AuditEntry.objects.get(action="denied")
    assert entry.chain == "global" and entry.user is None and entry.ip == "203.0.113.9"
    assert entry.detail == {
        "reason": "not logged in",
        "method": "GET",
        "path": f"/persons/{jan.pk}/",
    }


def test_an_api_call_with_a_wrong_token_is_audited(jan):
    api = Client(HTTP_AUTHORIZATION="Bearer oo_not-a-token")
    response = api.get(f"/api/v1/persons/{jan.pk}")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    entry = AuditEntry.objects.get(action="denied")
    assert (
        entry.detail["reason"] == "not logged in" and entry.object_id == f"/api/v1/persons/{jan.pk}"
    )


def test_the_login_page_home_and_logout_are_not_denials(client, users):
    client.get("/")
    client.get("/login/")
    client.post("/login/", {"username": "a-social_worker", "password": "pw-for-tests"})
    client.post("/logout/")
    assert not AuditEntry.objects.filter(action="denied").exists()


def test_a_failed_login_is_audited_in_the_chains_of_the_users_ocmws(client, users, ocmw_a):
    response = client.post("/login/", {"username": "a-team_lead", "password": "wrong-password"})
    assert response.status_code == 200  # the form again, with its error
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.chain == f"ocmw:{ocmw_a.pk}" and entry.username == "a-team_lead"
    assert entry.ip == "127.0.0.1" and entry.detail == {"locked_out": False}
    assert "wrong-password" not in str(entry.detail)


def test_a_failed_login_for_an_unknown_name_goes_to_the_global_chain(client, db):
    client.post("/login/", {"username": "nobody-here", "password": "whatever-1234"})
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.chain == "global" and entry.username == "nobody-here"


def test_the_ocmw_whose_record_was_asked_for_sees_the_attempt(client_for, users, jan, ocmw_a):
    """A social worker of Namur asks for Leuven's person: both chains hold the denial."""
    prober = users[("b", Role.SOCIAL_WORKER)]
    assert client_for("b", Role.SOCIAL_WORKER).get(f"/persons/{jan.pk}/").status_code == 404
    theirs = AuditEntry.objects.get(action="denied", ocmw=ocmw_a)
    assert theirs.user == prober and theirs.subject_person_id == jan.pk
    assert theirs.detail == {"reason": "asked from another OCMW", "from_ocmw": "92094"}
    # Leuven's security adviser finds it on the audit page.
    html = client_for("a", Role.SECURITY_ADVISER).get("/audit/", {"action": "denied"}).content
    assert b"b-social_worker" in html


def test_an_unknown_id_is_audited_only_in_the_probers_chain(actor_b):
    from openocmw.registry.models import Person

    with pytest.raises(Person.DoesNotExist):
        audit.fetch(actor_b, Person.objects.all(), 999999, object_type="person")
    assert list(AuditEntry.objects.values_list("chain", flat=True)) == [f"ocmw:{actor_b.ocmw_id}"]
