"""iCalendar (RFC 5545) feeds of activities, built with the icalendar library.

Cancelled and postponed activities stay in the feed with their STATUS and a raised SEQUENCE, so
subscribed calendars update them instead of keeping a stale copy. The link to the activity page
goes in DESCRIPTION as well as URL, since many clients ignore URL.
"""

import datetime

import icalendar
from django.http import HttpResponse
from django.utils.translation import gettext as _

from activities.models import Activity
from core.languages import fallback

STATUS = {
    Activity.State.CANCELLED: "CANCELLED",
    Activity.State.POSTPONED: "TENTATIVE",
    Activity.State.PLANNED: "TENTATIVE",
    Activity.State.CONFIRMED: "CONFIRMED",
    Activity.State.HELD: "CONFIRMED",
}


def when(activity):
    """DTSTART and DTEND of an activity known to the day: times in its zone, or whole days."""
    if activity.starts_at:
        ends = activity.ends_at or activity.starts_at + datetime.timedelta(hours=1)
        return activity.starts_at, max(ends, activity.starts_at)
    start = activity.start_date
    return start, (activity.end_date or start) + datetime.timedelta(days=1)


def event(activity, request):
    url = request.build_absolute_uri(activity.get_absolute_url())
    item = icalendar.Event()
    item.add("uid", f"activity-{activity.pk}@{request.get_host()}")
    item.add("dtstamp", activity.updated_at)
    item.add("last-modified", activity.updated_at)
    item.add("sequence", activity.sequence)
    item.add("summary", one_line(_title(activity)))
    start, end = when(activity)
    item.add("dtstart", start)
    item.add("dtend", end)
    if activity.state in STATUS:  # "cancelled or postponed" says neither: no STATUS (RFC 5545 makes it optional)
        item.add("status", STATUS[activity.state])
    place = ", ".join(part for part in (activity.venue, activity.city, activity.country.name) if part)
    if place:
        item.add("location", place)
    item.add("url", url)
    lines = [_("State: %(state)s") % {"state": activity.get_state_display()}]
    if activity.state_reason:
        lines[0] += f" ({activity.state_reason})"
    if activity.description:
        lines.append(activity.description)
    lines.append(url)
    item.add("description", "\n\n".join(lines))
    return item


def one_line(text):
    """Text on one line: a title typed with a line break (CR/LF) still makes a valid calendar."""
    return " ".join(str(text).split())


def _title(activity):
    return fallback(activity, "title")[0]


def calendar_response(activities, request, *, name, filename):
    """The activities known to the day as a calendar; the others are left out (calendar clients
    have no "day to be confirmed", and would show a month-long event)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Liaison//Activities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))  # an unknown property: icalendar escapes no line break in it
    for activity in activities:
        if activity.is_in_calendars:
            calendar.add_component(event(activity, request))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
