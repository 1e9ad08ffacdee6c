"""The OCMW administrator manages users, roles, passwords and tokens in the UI (issue 10 §9)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from openocmw.accounts import administration as admin
from openocmw.accounts.models import ApiToken, AuditEntry, Membership, Role, User
from openocmw.accounts.tokens import issue_token
from tests.conftest import actor_of


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


@pytest.fixture
def c(client_for):
    return client_for("a", Role.OCMW_ADMIN)


NEW = {"username": "sara.peeters", "first_name": "Sara", "last_name": "Peeters",
       "email": "sara@ocmw.example", "language": "nl", "role": "social_worker"}  # fmt: skip


def test_the_administrator_creates_a_user_with_a_one_time_password(c, ocmw_a):
    response = c.post(reverse("users"), NEW)
    html = unescape(response.content.decode())
    assert response.status_code == 200 and 'id="one-time-password"' in html
    user = User.objects.get(username="sara.peeters")
    assert user.must_change_password
    password = html.split('id="one-time-password"><code>')[1].split("</code>")[0]
    assert user.check_password(password)
    assert Membership.objects.get(user=user).ocmw_id == ocmw_a.pk
    entry = AuditEntry.objects.get(object_type="user", action="create")
    assert entry.purpose == "user administration" and entry.detail["role"] == "social_worker"
    assert password not in str(entry.detail)


@pytest.mark.parametrize(
    ("field", "value"),
    [("username", "sara peeters"), ("role", "federal_inspector"), ("email", "geen-adres"),
     ("username", "a-social_worker")],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field_and_keeps_the_rest(c, field, value):
    response = c.post(reverse("users"), {**NEW, field: value})
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in html
    assert 'value="Peeters"' in html  # nothing the administrator typed is lost
    assert not User.objects.filter(username="sara.peeters").exists() or field == "username"


def test_grant_suspend_and_restore_a_role(c, users, ocmw_a):
    worker = users[("a", Role.SOCIAL_WORKER)]
    url = reverse("user_action", args=[worker.pk])
    c.post(url, {"action": "grant", "role": "team_lead"})
    lead = Membership.objects.get(user=worker, role="team_lead", ocmw=ocmw_a)
    assert lead.active
    token = issue_token(lead, "script")
    c.post(url, {"action": "suspend", "membership": lead.pk})
    lead.refresh_from_db()
    assert not lead.active
    # A suspended role's tokens stop working.
    assert ApiToken.objects.get(membership=lead).revoked_at is not None and token
    c.post(url, {"action": "restore", "membership": lead.pk})
    lead.refresh_from_db()
    assert lead.active
    kinds = list(
        AuditEntry.objects.filter(object_type="membership").values_list("detail__active", flat=True)
    )
    assert kinds == [True, False, True]


def test_the_last_administrator_cannot_be_suspended(c, users):
    me = users[("a", Role.OCMW_ADMIN)]
    membership = Membership.objects.get(user=me, role="ocmw_admin")
    response = c.post(
        reverse("user_action", args=[me.pk]), {"action": "suspend", "membership": membership.pk},
        follow=True,
    )  # fmt: skip
    membership.refresh_from_db()
    assert membership.active
    assert "laatste beheerder" in unescape(response.content.decode())


def test_password_reset_from_the_page(c, users):
    worker = users[("a", Role.SOCIAL_WORKER)]
    response = c.post(reverse("user_action", args=[worker.pk]), {"action": "reset"})
    html = unescape(response.content.decode())
    password = html.split('id="one-time-password"><code>')[1].split("</code>")[0]
    worker.refresh_from_db()
    assert worker.must_change_password and worker.check_password(password)
    assert AuditEntry.objects.filter(action="password", purpose="password reset").exists()


def test_revoke_the_tokens_of_a_user(c, users):
    worker = users[("a", Role.SOCIAL_WORKER)]
    membership = Membership.objects.get(user=worker)
    issue_token(membership, "one")
    issue_token(membership, "two")
    c.post(reverse("user_action", args=[worker.pk]), {"action": "revoke"})
    assert not ApiToken.objects.filter(user=worker, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="token", purpose="token revoked").count() == 2


def test_editing_a_user_is_audited_with_what_changed(c, users):
    worker = users[("a", Role.SOCIAL_WORKER)]
    c.post(reverse("user_detail", args=[worker.pk]),
           {"first_name": "Sara", "last_name": "Janssens", "email": "", "language": "fr"})  # fmt: skip
    worker.refresh_from_db()
    assert (worker.first_name, worker.language) == ("Sara", "fr")
    entry = AuditEntry.objects.get(object_type="user", action="update")
    assert set(entry.detail["changed"]) >= {"first_name", "language"}


def test_another_ocmws_user_is_out_of_reach(c, users):
    other = users[("b", Role.SOCIAL_WORKER)]
    assert c.get(reverse("user_detail", args=[other.pk])).status_code == 404
    assert c.post(reverse("user_action", args=[other.pk]), {"action": "reset"}).status_code == 404
    assert not User.objects.get(pk=other.pk).must_change_password
    html = c.get(reverse("users")).content.decode()
    assert "b-social_worker" not in html and "a-social_worker" in html


def test_a_membership_of_another_ocmw_cannot_be_suspended(c, users):
    worker = users[("a", Role.SOCIAL_WORKER)]
    foreign = Membership.objects.get(user=users[("b", Role.SOCIAL_WORKER)])
    response = c.post(
        reverse("user_action", args=[worker.pk]), {"action": "suspend", "membership": foreign.pk}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.active


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.SECURITY_ADVISER, Role.COUNCIL_MEMBER]
)
def test_only_the_administrator_manages_users(client_for, role):
    assert client_for("a", role).get(reverse("users")).status_code == 403


def test_services_refuse_without_the_permission(users, actor_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        admin.create_user(actor_a, **NEW)
