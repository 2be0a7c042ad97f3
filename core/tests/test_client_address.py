"""One client address for the login throttle and the audit, which a client cannot forge."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from core.net import client_ip
from core.tests.test_settings import manage
from directory.models import Unit
from directory.tests.test_directory_edit import unit_form
from liaison.settings import envproxies

CLIENT = "203.0.113.10"
PROXY = "10.0.0.2"
FORGED = "192.0.2.66"


def failed_login_address(**headers):
    Client().post("/admin/login/", {"username": "vandernoot", "password": "wrong password"}, **headers)
    return AccessAttempt.objects.values_list("ip_address", flat=True).get()


def audited_change_address(user, **headers):
    client = Client()
    client.force_login(user)
    unit = Unit.objects.get(slug="permits")
    url = reverse("admin:directory_unit_change", args=[unit.pk])
    assert client.post(url, unit_form(unit, name_en="Permits and Licences Unit"), **headers).status_code == 302
    return LogEntry.objects.get_for_object(unit).latest("timestamp").remote_addr


def test_without_a_proxy_a_forged_forwarded_address_changes_neither_throttle_nor_audit(settings, head_of_unit):
    settings.BEHIND_PROXY = 0
    headers = {"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": FORGED}
    assert failed_login_address(**headers) == CLIENT
    assert audited_change_address(head_of_unit, **headers) == CLIENT


def test_behind_one_proxy_the_right_most_forwarded_address_is_used(settings, head_of_unit):
    settings.BEHIND_PROXY = 1
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}"}
    assert failed_login_address(**headers) == CLIENT
    assert audited_change_address(head_of_unit, **headers) == CLIENT


def test_forging_the_forwarded_header_does_not_escape_the_pause(settings, officer):
    settings.BEHIND_PROXY = 1
    for attempt in range(5):
        forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.{attempt}, {CLIENT}"}
        Client().post("/admin/login/", {"username": "vandernoot", "password": "wrong password"}, **forged)
    response = Client().post(
        "/admin/login/",
        {"username": "vandernoot", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT}",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, f"{FORGED}, {CLIENT}", PROXY),
        (1, f"{FORGED}, {CLIENT}", CLIENT),
        (2, f"{FORGED}, {CLIENT}", FORGED),
        (2, CLIENT, PROXY),  # fewer entries than proxies: not through the proxies
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (1, f"{FORGED}, 2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip_reads_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, expected):
    settings.BEHIND_PROXY = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("value", "proxies"),
    [("", 0), ("0", 0), ("false", 0), ("true", 1), ("1", 1), ("2", 2), ("Yes", 1)],
)
def test_behind_proxy_is_a_number_of_proxies_and_still_accepts_true_and_false(monkeypatch, value, proxies):
    monkeypatch.setenv("BEHIND_PROXY", value)
    assert envproxies("BEHIND_PROXY", "0") == proxies


def test_a_bad_behind_proxy_fails_loudly():
    result = manage("check", env={"BEHIND_PROXY": "several"})
    assert result.returncode != 0
    assert "BEHIND_PROXY must be the number of trusted proxies" in result.stderr


def test_behind_proxies_the_forwarded_protocol_is_trusted():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = manage("shell", "-c", code, env={"BEHIND_PROXY": "2"})
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in result.stdout.splitlines(), result.stderr
