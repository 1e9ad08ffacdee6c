"""Login protection and sessions (issue 9 §2): lockout per user name and per address,
failed logins audited, idle timeout, password change and reset, the password policy."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from openocmw.accounts.models import AuditEntry, Role, User
from openocmw.accounts.sessions import LAST_SEEN
from openocmw.accounts.tokens import issue_token

RIGHT = {"username": "a-social_worker", "password": "pw-for-tests"}
WRONG = {"username": "a-social_worker", "password": "not-the-password"}


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_lock_the_user_out_and_each_is_audited(client, users, settings):
    statuses = [client.post("/login/", WRONG).status_code for _ in range(50)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}  # then the lockout page
    # The right password is refused now.
    response = client.post("/login/", RIGHT)
    assert response.status_code == 429 and not _logged_in(client)
    assert "Te veel mislukte aanmeldingen" in response.content.decode()
    failed = AuditEntry.objects.filter(action="login_failed", username="a-social_worker")
    assert failed.count() == 51
    assert failed.filter(detail__locked_out=True).count() == 51 - limit
    assert AuditEntry.objects.filter(action="locked_out", username="a-social_worker").exists()
    assert not AuditEntry.objects.filter(action="login").exists()


def test_the_lockout_page_speaks_french(users, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", WRONG)
    html = client.post("/login/", RIGHT).content.decode()
    assert "Trop de tentatives de connexion" in html and 'lang="fr"' in html


def test_one_address_is_locked_out_across_user_names(client, users, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": f"guess-{i}", "password": "nope-nope-nope"})
    assert client.post("/login/", RIGHT).status_code == 429
    # Another address still logs in.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post("/login/", RIGHT).status_code == 302 and _logged_in(other)


def test_behind_a_trusted_proxy_the_client_is_locked_out_not_the_proxy(users, settings):
    """Issue 9 §2 and §6: the lockout uses the audit's client address (X-Forwarded-For from a
    trusted proxy), so one guesser behind the proxy does not lock out the whole OCMW."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for i in range(settings.AXES_FAILURE_LIMIT):
        guesser.post("/login/", {"username": f"guess-{i}", "password": "nope-nope-nope"})
    assert guesser.post("/login/", RIGHT).status_code == 429
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert colleague.post("/login/", RIGHT).status_code == 302 and _logged_in(colleague)
    failed = AuditEntry.objects.filter(action="login_failed").first()
    assert failed.ip == "203.0.113.5"


def test_axes_reset_unlocks(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", WRONG)
    assert client.post("/login/", RIGHT).status_code == 429
    call_command("axes_reset")
    assert client.post("/login/", RIGHT).status_code == 302 and _logged_in(client)


def test_api_tokens_are_not_locked_out(client, users, settings, jan):
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "tests")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/login/", WRONG)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/persons/{jan.pk}").status_code == 200


# Idle timeout --------------------------------------------------------------------------------


def _idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


def test_a_session_idle_longer_than_the_limit_is_logged_out(client_for, jan, settings):
    settings.OPENOCMW_SESSION_IDLE_MINUTES = 30
    c = client_for("a", Role.SOCIAL_WORKER)
    assert c.get(f"/persons/{jan.pk}/").status_code == 200
    _idle_for(c, 31)
    response = c.get(f"/persons/{jan.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not _logged_in(c)
    entry = AuditEntry.objects.get(action="logout", purpose="idle timeout")
    assert entry.username == "a-social_worker" and entry.detail == {"idle_minutes": 31}
    # The login page says why, in Dutch.
    assert "na 30 minuten zonder activiteit" in c.get(response["Location"]).content.decode()


def test_a_session_used_within_the_limit_stays(client_for, jan, settings):
    settings.OPENOCMW_SESSION_IDLE_MINUTES = 30
    c = client_for("a", Role.SOCIAL_WORKER)
    c.get("/")
    _idle_for(c, 29)
    assert c.get(f"/persons/{jan.pk}/").status_code == 200 and _logged_in(c)


def test_an_idle_api_session_answers_401_json(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    c.get("/")
    _idle_for(c, 45)
    response = c.get(f"/api/v1/persons/{jan.pk}")
    assert response.status_code == 401 and response.json()["errors"][0]["code"]


# Password change, reset and policy -------------------------------------------------------------


def test_every_user_changes_their_password(client_for, users):
    for role in Role:
        c = client_for("a", role)
        assert c.get("/password/").status_code == 200, role
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.post(
        "/password/",
        {
            "old_password": "pw-for-tests",
            "new_password1": "Vier-Seizoenen-2026",
            "new_password2": "Vier-Seizoenen-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="a-security_adviser")
    assert user.check_password("Vier-Seizoenen-2026")
    assert _logged_in(c)  # the session goes on after one's own change
    assert AuditEntry.objects.filter(action="password", purpose="password change", user=user)


@pytest.mark.parametrize(
    ("language", "password", "message"),
    [
        ("nl", "kort-wachtw", "minstens 12 tekens"),
        ("fr", "kort-wachtw", "au minimum 12 caractères"),
        ("nl", "483920175638", "volledig uit cijfers"),
        ("fr", "password1234", "trop courant"),
    ],
)
def test_the_policy_refuses_weak_passwords_in_the_users_language(
    client_for, language, password, message
):
    c = client_for("a", Role.SOCIAL_WORKER, language=language)
    response = c.post(
        "/password/",
        {"old_password": "pw-for-tests", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(username="a-social_worker").check_password("pw-for-tests")


def test_the_demo_password_satisfies_the_policy(db):
    validate_password("demo-openocmw", User(username="leuven.maatschappelijk.werker"))
    with pytest.raises(ValidationError), translation.override("nl"):
        validate_password("leuven.maatschappelijk", User(username="leuven.maatschappelijk"))


def test_an_administrators_reset_forces_a_change_at_the_next_login(users, capsys, jan):
    call_command("resetpassword", "a-team_lead")
    temporary = capsys.readouterr().out.strip()
    user = User.objects.get(username="a-team_lead")
    assert user.must_change_password and user.check_password(temporary)
    assert not user.check_password("pw-for-tests")
    assert AuditEntry.objects.filter(action="password", purpose="password reset").exists()
    c = Client()
    assert c.post("/login/", {"username": "a-team_lead", "password": temporary}).status_code == 302
    # Every page leads to the password change first; the API says so in JSON.
    response = c.get(f"/persons/{jan.pk}/")
    assert response.status_code == 302 and response["Location"] == "/password/"
    api = c.get(f"/api/v1/persons/{jan.pk}")
    assert api.status_code == 403 and api.json()["errors"][0]["code"] == "password_change"
    assert "door een beheerder" in c.get("/password/").content.decode()
    new = {
        "old_password": temporary,
        "new_password1": "Nieuw-Begin-2026",
        "new_password2": "Nieuw-Begin-2026",
    }
    assert c.post("/password/", new).status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert c.get(f"/persons/{jan.pk}/").status_code == 200
