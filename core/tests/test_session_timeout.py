"""A back-office session ends after 30 minutes idle, and 12 hours after login whatever the activity."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.middleware import LAST_ACTIVITY


def logged_in(client, user):
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    return client


def set_last_activity(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds_ago
    session.save()


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_staff_session_idle_for_31_minutes_is_logged_out_on_next_request(client, head_of_unit):
    logged_in(client, head_of_unit)
    set_last_activity(client, 31 * 60)
    response = client.get(reverse("admin:index"), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain == [(reverse("admin:login") + "?next=/admin/", 302)]
    assert "_auth_user_id" not in client.session
    assert "after a period without activity" in response.content.decode()


def test_staff_session_idle_for_29_minutes_stays_logged_in(client, head_of_unit):
    logged_in(client, head_of_unit)
    set_last_activity(client, 29 * 60)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session[LAST_ACTIVITY] >= time.time() - 5


def test_idle_session_on_a_public_page_is_logged_out_and_the_page_still_shown(client, head_of_unit):
    logged_in(client, head_of_unit)
    set_last_activity(client, 31 * 60)
    assert client.get("/en/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, head_of_unit):
    client.force_login(head_of_unit)
    response = client.get(reverse("admin:index"))
    assert "sessionid" not in response.cookies, "the session was saved again right after login"
    set_last_activity(client, 30)
    before = client.session[LAST_ACTIVITY]
    response = client.get(reverse("admin:index"))
    assert client.session[LAST_ACTIVITY] == before
    assert "sessionid" not in response.cookies, "the session was saved again"
    set_last_activity(client, 90)
    client.get(reverse("admin:index"))
    assert client.session[LAST_ACTIVITY] >= time.time() - 5


def test_session_ends_12_hours_after_login_and_activity_does_not_extend_it(client, head_of_unit):
    logged_in(client, head_of_unit)
    end = stored_session(client).expire_date
    assert abs(end - (timezone.now() + timedelta(hours=12))) < timedelta(seconds=5)
    set_last_activity(client, 120)
    client.get(reverse("admin:index"))
    assert stored_session(client).expire_date == end
    set_last_activity(client, 10 * 60)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert stored_session(client).expire_date == end
    assert int(response.cookies["sessionid"]["max-age"]) <= 12 * 3600


def test_session_older_than_12_hours_is_over_even_if_active(client, head_of_unit):
    logged_in(client, head_of_unit)
    session = client.session
    session.set_expiry(timezone.now() - timedelta(minutes=1))  # logged in 12 hours and a minute ago
    session[LAST_ACTIVITY] = int(time.time()) - 60
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_session_opened_before_the_clock_was_kept_gets_one_on_its_next_request(client, head_of_unit):
    client.force_login(head_of_unit)
    session = client.session
    del session[LAST_ACTIVITY]
    session.set_expiry(None)
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session[LAST_ACTIVITY] >= time.time() - 5
    end = stored_session(client).expire_date
    assert abs(end - (timezone.now() + timedelta(hours=12))) < timedelta(seconds=5)
    set_last_activity(client, 120)
    client.get(reverse("admin:index"))
    assert stored_session(client).expire_date == end
