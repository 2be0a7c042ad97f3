"""Guests' private data (diet, accessibility, security data, contact details) is seen by the
protocol role only: this walks every output another role or the public can reach."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from activities.models import Activity
from core import roles
from protocol.models import Guest
from protocol.tests.factories import GuestFactory, GuestPrivateFactory, ProtocolFileFactory

pytestmark = pytest.mark.django_db

SECRETS = ["SECRET-DIET", "SECRET-ACCESS", "secret-mail@example.org", "+32 SECRET", "SECRET-DOC", "SECRET-NATION"]


@pytest.fixture
def guest(protocol_officer):
    protocol_file = ProtocolFileFactory(activity__visibility=Activity.Visibility.PUBLIC)
    with set_actor(protocol_officer):
        guest = GuestFactory(protocol_file=protocol_file, last_name="Walked", rsvp=Guest.Rsvp.ACCEPTED)
        private = GuestPrivateFactory(
            guest=guest,
            diet="SECRET-DIET",
            accessibility="SECRET-ACCESS",
            email="secret-mail@example.org",
            phone="+32 SECRET",
            document_number="SECRET-DOC",
        )
        private.nationality = "SECRET-NATION"
        private.save()
    return guest


def _assert_clean(response):
    body = response.content.decode(errors="replace")
    leaked = [secret for secret in SECRETS if secret in body]
    assert leaked == [], f"{response.wsgi_request.path} shows {leaked}"


def _public_urls(guest):
    slug = guest.protocol_file.activity.slug
    return [
        "/en/",
        "/en/activities/",
        "/en/activities/retrospective/",
        f"/en/activities/{slug}/",
        "/en/activities/calendar.ics",
        f"/en/activities/{slug}/calendar.ics",
        "/en/news/rss.xml",
        "/en/protocol/gifts/",
        f"/en/rsvp/{guest.token}/",
    ]


def _back_office_urls(guest):
    protocol_file = guest.protocol_file
    return [
        reverse("admin:index"),
        reverse("admin:protocol_guest_changelist"),
        reverse("admin:protocol_guest_changelist") + "?q=SECRET",
        reverse("admin:protocol_guest_change", args=[guest.pk]),
        reverse("admin:protocol_guest_history", args=[guest.pk]),
        reverse("admin:protocol_protocolfile_change", args=[protocol_file.pk]),
        reverse("admin:protocol_protocolfile_history", args=[protocol_file.pk]),
        reverse("admin:protocol_protocolfile_checkin", args=[protocol_file.pk]),
        reverse("admin:protocol_protocolfile_security", args=[protocol_file.pk]),
        reverse("admin:protocol_protocolfile_caterer", args=[protocol_file.pk]),
        reverse("admin:activities_activity_history", args=[protocol_file.activity.pk]),
        reverse("admin:auditlog_logentry_changelist"),
        reverse("admin:auditlog_logentry_changelist") + "?q=SECRET",
        *[reverse("admin:auditlog_logentry_change", args=[entry.pk]) for entry in LogEntry.objects.all()],
        reverse("admin:autocomplete") + "?app_label=protocol&model_name=seat&field_name=guest&term=Walked",
    ]


def test_the_public_never_sees_a_guests_private_data(client, guest):
    for url in _public_urls(guest):
        _assert_clean(client.get(url))


@pytest.mark.parametrize("role", [role for role in roles.STAFF_ROLES if role != roles.PROTOCOL_OFFICER])
def test_no_other_role_sees_a_guests_private_data_anywhere(client, guest, staff, role):
    client.force_login(staff[role])
    for url in [*_public_urls(guest), *_back_office_urls(guest)]:
        _assert_clean(client.get(url))


def test_the_audit_records_that_private_data_changed_but_never_the_values(guest):
    entries = LogEntry.objects.filter(content_type__model="guestprivate")
    assert entries.exists()
    for entry in entries:
        assert not any(secret in str(entry.changes) for secret in SECRETS)


def test_the_protocol_officer_sees_them_where_the_walk_looks(client, guest, protocol_officer):
    client.force_login(protocol_officer)
    page = client.get(reverse("admin:protocol_guest_change", args=[guest.pk])).content.decode()
    assert "SECRET-DIET" in page and "secret-mail@example.org" in page
