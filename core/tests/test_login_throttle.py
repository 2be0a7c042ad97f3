"""Login throttling: per account and address, per address across accounts, never per account alone."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from conftest import PASSWORD

HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
SPELLINGS = [
    "vandernoot",
    " vandernoot",
    "vandernoot\t",
    "vandernoot\u00a0",
    "\uff56\uff41\uff4e\uff44\uff45\uff52\uff4e\uff4f\uff4f\uff54",  # full-width letters
    "VANDERNOOT",
    "Vander noot",
]


def post_login(username, password, address=HOME, language="en", **headers):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    data = {"username": username, "password": password}
    response = client.post("/admin/login/", data, REMOTE_ADDR=address, **headers)
    return client, response


def logs_in(username, password, address=HOME, **headers):
    client, _response = post_login(username, password, address, **headers)
    return "_auth_user_id" in client.session


def fail(times, username="vandernoot", address=HOME, **headers):
    for _attempt in range(times):
        assert not logs_in(username, "wrong password", address, **headers)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_the_name_logs_in_to_the_same_account(officer, spelling):
    client, response = post_login(spelling, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_after_five_wrong_passwords_no_spelling_of_the_name_gets_in(officer):
    fail(5)
    for spelling in SPELLINGS:
        assert not logs_in(spelling, PASSWORD), repr(spelling)


def test_wrong_passwords_under_different_spellings_count_for_one_account(officer):
    for spelling in SPELLINGS[1:6]:
        fail(1, username=spelling)
    assert not logs_in("vandernoot", PASSWORD)


def test_a_paused_account_still_logs_in_from_another_address(officer):
    fail(5)
    assert not logs_in("vandernoot", PASSWORD, HOME)
    assert logs_in("vandernoot", PASSWORD, ELSEWHERE)


def test_one_colleague_failing_does_not_lock_out_another_behind_the_same_address(officer, head_of_unit):
    fail(5, username="clerckx")
    assert logs_in("vandernoot", PASSWORD, HOME)


def test_a_successful_login_resets_the_count(officer):
    fail(4)
    assert logs_in("vandernoot", PASSWORD)
    fail(4)
    assert logs_in("vandernoot", PASSWORD)


def test_an_address_is_paused_after_failures_across_accounts(officer, settings):
    settings.LOGIN_FAILURES_ALLOWED_PER_ADDRESS = 8
    for name in ("alpha", "bravo", "charlie"):
        fail(2, username=name)
    fail(1, username="delta")
    assert logs_in("vandernoot", PASSWORD, HOME)  # 7 failures from this address: one more is allowed
    fail(1, username="echo")
    assert not logs_in("vandernoot", PASSWORD, HOME)
    assert logs_in("vandernoot", PASSWORD, ELSEWHERE)


def test_a_login_does_not_forgive_the_addresss_failures_on_other_accounts(officer, head_of_unit, settings):
    settings.LOGIN_FAILURES_ALLOWED_PER_ADDRESS = 8
    fail(4, username="clerckx")
    assert logs_in("vandernoot", PASSWORD)
    fail(1, username="clerckx")
    assert AccessAttempt.objects.get(username="clerckx").failures_since_start == 5
    assert not logs_in("clerckx", PASSWORD)


def test_the_refusal_is_a_message_on_the_login_form(officer):
    fail(4)
    _client, response = post_login("vandernoot", "wrong password")
    assert response.status_code == 429
    assert response.context["form"].errors["__all__"] == [
        "Too many failed attempts. Please wait a few minutes before trying again."
    ]
    assert b'name="password"' in response.content


def test_the_lockout_message_is_in_the_users_language(officer):
    fail(5)
    _client, response = post_login("vandernoot", PASSWORD, language="fr")
    assert response.status_code == 429
    assert "Trop de tentatives échouées. Veuillez patienter quelques minutes" in response.content.decode()


@pytest.mark.parametrize(
    "username",
    ["", "\u00a0\t", "x" * 1000, "\ufdfa" * 10, "nul\x00byte", "\u200b"],
)
def test_bad_login_input_is_refused_without_an_error(officer, username):
    _client, response = post_login(username, "wrong password")
    assert response.status_code == 200
    assert response.context["form"].errors
