"""API tokens expire and can be revoked (issue 9 §2); an expired or revoked one answers 401 JSON."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from openocmw.accounts.models import ApiToken, AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from openocmw.cli import main


@pytest.fixture
def worker(users):
    return users[("a", Role.SOCIAL_WORKER)]


def _get(token, jan):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="nl").get(
        f"/api/v1/persons/{jan.pk}"
    )


def _is_401_json(response):
    return (
        response.status_code == 401
        and response["Content-Type"] == "application/json"
        and response.json()["errors"][0]["code"] == "not_authenticated"
    )


def test_a_token_expires_after_90_days_by_default(worker, jan):
    token = issue_token(worker.memberships.get(), "tests")
    row = ApiToken.objects.get()
    assert timedelta(days=89, hours=23) < row.expires_at - timezone.now() <= timedelta(days=90)
    assert _get(token, jan).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _is_401_json(_get(token, jan))


def test_createtoken_days(worker, capsys):
    call_command("createtoken", worker.username, "--days", "7")
    token = capsys.readouterr().out.strip()
    row = ApiToken.objects.get()
    assert token.startswith(row.prefix)
    assert timedelta(days=6, hours=23) < row.expires_at - timezone.now() <= timedelta(days=7)
    assert AuditEntry.objects.filter(action="token", purpose="token issued").exists()
    with pytest.raises(CommandError, match="--days"):
        call_command("createtoken", worker.username, "--days", "0")


def test_revoketoken_by_prefix(worker, jan, capsys):
    token = issue_token(worker.memberships.get(), "tests")
    other = issue_token(worker.memberships.get(), "other")
    call_command("revoketoken", token[:8])
    assert "revoked 1 token(s)" in capsys.readouterr().out
    assert _is_401_json(_get(token, jan))
    assert _get(other, jan).status_code == 200
    entry = AuditEntry.objects.get(action="token", purpose="token revoked")
    assert entry.username == worker.username and entry.detail["prefix"] == token[:8]


def test_revoketoken_all_of_a_user_and_list(worker, jan, capsys):
    tokens = [issue_token(worker.memberships.get(), f"t{i}") for i in range(2)]
    call_command("revoketoken", "--list", "--user", worker.username)
    listing = capsys.readouterr().out
    assert all(t[:8] in listing for t in tokens) and "live" in listing
    call_command("revoketoken", "--user", worker.username)
    assert all(_is_401_json(_get(t, jan)) for t in tokens)
    with pytest.raises(CommandError, match="no live token"):
        call_command("revoketoken", "--user", worker.username)


def test_revoketoken_refuses_an_ambiguous_prefix(worker):
    issue_token(worker.memberships.get(), "a")
    issue_token(worker.memberships.get(), "b")
    ApiToken.objects.update(prefix="oo_same")
    with pytest.raises(CommandError, match="share the prefix"):
        call_command("revoketoken", "oo_same")
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 2


def test_the_token_commands_are_in_the_help(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("createtoken", "--days", "revoketoken", "resetpassword", "audit checkpoint"):
        assert command in out
