"""The iCalendar feeds (RFC 5545): public, per partner, per activity and private per user."""

import datetime

import icalendar
import pytest
import vobject
from django.utils import timezone

from activities.models import Activity, FeedToken
from activities.tests.factories import ActivityFactory
from partners.tests.factories import PartnerFactory, ThemeFactory

TODAY = datetime.date.today()


def events(response):
    """The events, parsed by icalendar and cross-checked with vobject, an independent parser."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    other = vobject.readOne(response.content.decode())
    by_icalendar = {str(event["UID"]): event for event in parsed.walk("VEVENT")}
    by_vobject = {event.uid.value for event in getattr(other, "vevent_list", [])}
    assert set(by_icalendar) == by_vobject
    return by_icalendar


def summaries(response):
    return {str(event["SUMMARY"]) for event in events(response).values()}


def test_the_public_feed_parses_and_links_each_activity_in_url_and_description(client, db):
    activity = ActivityFactory(
        slug="berlin-days", title_en="Berlin Days", start_time=datetime.time(18, 30), time_zone="Europe/Berlin"
    )
    (event,) = events(client.get("/en/activities/calendar.ics")).values()
    url = "http://testserver/en/activities/berlin-days/"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == datetime.datetime.combine(
        activity.start_date, datetime.time(18, 30), tzinfo=activity.zone
    )
    assert str(event["STATUS"]) == "TENTATIVE"
    other = vobject.readOne(client.get("/en/activities/calendar.ics").content.decode())
    assert other.vevent.dtstart.value.utcoffset() == activity.starts_at.utcoffset()


def test_an_activity_known_to_the_month_only_is_in_no_calendar_until_its_day_is(client, seed):
    """A calendar has no "day to be confirmed": an event from the 1st to the end of the month would
    say the activity lasts the month."""
    partner = PartnerFactory()
    activity = ActivityFactory(
        start_date=datetime.date(TODAY.year + 1, 2, 1), date_precision="month", partners=[partner]
    )

    assert events(client.get("/en/activities/calendar.ics")) == {}
    assert events(client.get(f"/en/partners/{partner.slug}/calendar.ics")) == {}
    assert client.get(f"/en/activities/{activity.slug}/calendar.ics").status_code == 404
    for language, note in (("fr", "Son jour n'est pas connu"), ("nl", "De dag is niet bekend")):
        page = client.get(f"/{language}/activities/{activity.slug}/").content.decode()
        assert "calendar.google.com" not in page and f"{activity.slug}/calendar.ics" not in page
        assert note in page.replace("&#x27;", "'")

    # A past one says nothing of calendars. Seed 003: "In October 2021, Rudi Vervoort … travelled".
    past = client.get("/fr/activities/mission-istanbul-ankara-2021/").content.decode()
    assert "Son jour n" not in past and "calendar.google.com" not in past

    activity.start_date, activity.date_precision = datetime.date(TODAY.year + 1, 2, 12), "day"
    activity.save()
    (event,) = events(client.get("/en/activities/calendar.ics")).values()
    assert (event["DTSTART"].dt, int(event["SEQUENCE"])) == (datetime.date(TODAY.year + 1, 2, 12), 1)


def test_a_cancelled_activity_carries_status_cancelled_and_a_raised_sequence(client, db):
    activity = ActivityFactory(title_en="Concert")
    before = events(client.get("/en/activities/calendar.ics"))[f"activity-{activity.pk}@testserver"]
    activity.state = Activity.State.CANCELLED
    activity.state_reason_en = "the pandemic"
    activity.save()
    after = events(client.get("/en/activities/calendar.ics"))[f"activity-{activity.pk}@testserver"]
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert "the pandemic" in str(after["DESCRIPTION"])


def test_a_postponed_activity_is_tentative_with_a_raised_sequence(client, db):
    activity = ActivityFactory(state=Activity.State.CONFIRMED)
    activity.state, activity.state_reason_en = Activity.State.POSTPONED, "the pandemic"
    activity.start_date += datetime.timedelta(days=30)
    activity.save()
    (event,) = events(client.get("/en/activities/calendar.ics")).values()
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("TENTATIVE", 1)


def test_internal_activities_never_appear_in_the_public_or_partner_feeds(client, db):
    partner = PartnerFactory(slug="somewhere")
    ActivityFactory(title_en="Internal meeting", visibility="internal", internal_notes="secret", partners=[partner])
    ActivityFactory(title_en="Open day", partners=[partner])
    for url in ("/en/activities/calendar.ics", "/en/partners/somewhere/calendar.ics"):
        response = client.get(url)
        assert summaries(response) == {"Open day"}
        assert b"secret" not in response.content


def test_a_feed_holds_the_past_year_and_everything_upcoming(client, db):
    ActivityFactory(title_en="Old", start_date=TODAY - datetime.timedelta(days=400))
    ActivityFactory(title_en="Recent", start_date=TODAY - datetime.timedelta(days=300))
    ActivityFactory(title_en="Far ahead", start_date=TODAY + datetime.timedelta(days=900))
    ActivityFactory(title_en="Undated", start_date=None, date_precision="unknown")
    assert summaries(client.get("/en/activities/calendar.ics")) == {"Recent", "Far ahead"}


def test_a_feed_follows_the_filters_of_its_page(client, db):
    partner, theme = PartnerFactory(slug="here"), ThemeFactory(slug="culture-x")
    concert = ActivityFactory(title_en="Concert", kind="concert", partners=[partner])
    concert.themes.add(theme)
    ActivityFactory(title_en="Mission", kind="mission", partners=[partner])
    ActivityFactory(title_en="Elsewhere", kind="concert")
    assert summaries(client.get("/en/activities/calendar.ics", {"kind": "concert"})) == {"Concert", "Elsewhere"}
    assert summaries(client.get("/en/activities/calendar.ics", {"partner": "here"})) == {"Concert", "Mission"}
    assert summaries(client.get("/en/activities/calendar.ics", {"theme": "culture-x"})) == {"Concert"}
    assert summaries(client.get("/en/partners/here/calendar.ics")) == {"Concert", "Mission"}
    page = client.get("/en/activities/", {"kind": "concert", "page": "1"}).content.decode()
    assert 'href="/en/activities/calendar.ics?kind=concert"' in page


def test_each_activity_offers_a_plain_ics_and_add_to_calendar_links(client, db):
    ActivityFactory(slug="one-day", title_en="One day", start_date=TODAY - datetime.timedelta(days=2000))
    page = client.get("/en/activities/one-day/").content.decode()
    assert 'href="/en/activities/one-day/calendar.ics"' in page
    assert "calendar.google.com" in page
    assert summaries(client.get("/en/activities/one-day/calendar.ics")) == {"One day"}
    ActivityFactory(slug="hidden", visibility="internal")
    assert client.get("/en/activities/hidden/calendar.ics").status_code == 404


def test_the_seed_activities_give_a_valid_calendar_each_when_known_to_the_day(client, seed):
    dated = Activity.objects.filter(start_date__isnull=False)
    for activity in dated.filter(date_precision="day"):
        assert len(events(client.get(f"/en/activities/{activity.slug}/calendar.ics"))) == 1
    # Seed 003: "In October 2021, Rudi Vervoort … travelled to Istanbul and Ankara": no day.
    for activity in dated.exclude(date_precision="day"):
        assert client.get(f"/en/activities/{activity.slug}/calendar.ics").status_code == 404
    assert set(dated.filter(date_precision="day").values_list("slug", flat=True)) == {
        "fall-of-the-wall-30",
        "youth-athletics-2022",
    }


def test_the_private_feed_lists_what_the_user_follows_until_its_token_is_revoked(client, officer):
    followed = ActivityFactory(title_en="Followed internal", visibility="internal")
    followed.partners.add(PartnerFactory())
    followed.followers.add(officer)
    ActivityFactory(title_en="Not followed")
    token = FeedToken.objects.create(user=officer, label="phone")
    url = f"/calendar/{token.token}.ics"
    assert summaries(client.get(url)) == {"Followed internal"}
    token.revoked_at = timezone.now()
    token.save()
    assert client.get(url).status_code == 404
    assert client.get("/calendar/guessed-token.ics").status_code == 404


def test_a_staff_member_creates_and_revokes_their_own_feed_tokens(client, officer, other_officer):
    client.force_login(officer)
    client.post("/en/activities/mine/tokens/", {"label": "laptop"})
    token = FeedToken.objects.get(user=officer)
    assert len(token.token) >= 40
    assert token.token in client.get("/en/activities/mine/").content.decode()
    client.force_login(other_officer)
    assert client.post(f"/en/activities/mine/tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(officer)
    client.post(f"/en/activities/mine/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_staff_member_follows_only_activities_they_may_see(client, officer, django_user_model):
    activity = ActivityFactory(slug="to-follow", visibility="internal")
    client.force_login(officer)
    client.post("/en/activities/to-follow/follow/")
    assert officer in activity.followers.all()
    outsider = django_user_model.objects.create_user(username="outsider", password="x" * 20, is_staff=True)
    client.force_login(outsider)
    assert client.post("/en/activities/to-follow/follow/").status_code == 404
    assert activity.followers.count() == 1


def test_anonymous_visitors_get_no_token_page(client, db):
    response = client.get("/en/activities/mine/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/en/activities/calendar.ics", "/en/partners/busy/calendar.ics"])
def test_feeds_keep_a_bounded_number_of_queries(client, db, django_assert_max_num_queries, url):
    partner = PartnerFactory(slug="busy")
    for number in range(150):
        ActivityFactory(start_date=TODAY + datetime.timedelta(days=number - 100), partners=[partner])
    with django_assert_max_num_queries(4):
        assert len(events(client.get(url))) == 150


def test_the_staff_calendar_shows_the_month_of_activities_the_user_may_see(
    client, officer, db, django_assert_max_num_queries
):
    ActivityFactory(title_en="Internal November meeting", visibility="internal", start_date=datetime.date(2022, 11, 3))
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get("/en/activities/mine/calendar/", {"month": "2022-11"}).content.decode()
    assert "Five-city youth athletics tournament" in page and "Internal November meeting" in page
    assert "Berlin Days" not in page
    assert client.get("/en/activities/mine/calendar/", {"month": "garbage"}).status_code == 200
    client.logout()
    assert client.get("/en/activities/mine/calendar/").status_code == 302


def test_a_title_with_a_line_break_still_gives_a_valid_calendar(client, db):
    """A title saved with CR/LF (a pasted text, a crafted form) gave a 500 in the activity's own file."""
    ActivityFactory(slug="broken-title", title_en="Jazz\r\nnight", description_en="First line\r\nSecond line")
    for url in ("/en/activities/broken-title/calendar.ics", "/en/activities/calendar.ics"):
        (event,) = events(client.get(url)).values()
        assert str(event["SUMMARY"]) == "Jazz night"
        assert "Second line" in str(event["DESCRIPTION"])


def test_an_activity_known_to_the_month_is_over_only_once_its_month_is(db):
    this_month = TODAY.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    assert not ActivityFactory(start_date=this_month, date_precision="month").is_over
    assert ActivityFactory(start_date=last_month, date_precision="month").is_over
    assert not ActivityFactory(start_date=TODAY, date_precision="day").is_over
