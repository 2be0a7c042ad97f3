import datetime
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext as _

from activities.calendar import when
from activities.models import Activity, FollowUp

register = template.Library()


@register.filter
def activity_dates(activity):
    """The dates as precisely as they are known: "8 November 2019 – 9 November 2019", "February 2021"."""
    start, end = activity.start_date, activity.end_date
    if start is None:
        return _("date not known")
    if activity.date_precision == Activity.Precision.YEAR:
        return format_date(start, "Y")
    pattern = "F Y" if activity.date_precision == Activity.Precision.MONTH else "j F Y"
    text = format_date(start, pattern)
    if end and end != start and format_date(end, pattern) != text:
        text = f"{text} – {format_date(end, pattern)}"
    if activity.starts_at:
        text = f"{text}, {format_date(activity.starts_at.astimezone(activity.zone), 'H:i')} ({activity.time_zone})"
    return text


@register.filter
def activity_datetime(activity):
    """The machine-readable date of <time datetime>, as precise as known ("2021-10-26", "2021-10",
    "2021"), or "" when the date is not known: the page then shows no <time> element."""
    if activity.start_date is None:
        return ""
    pattern = {Activity.Precision.MONTH: "%Y-%m", Activity.Precision.YEAR: "%Y"}.get(
        activity.date_precision, "%Y-%m-%d"
    )
    return activity.start_date.strftime(pattern)


@register.filter
def google_calendar_link(activity):
    """An "add to Google Calendar" address (a link the reader follows, no asset of ours)."""
    start, end = when(activity)
    if activity.starts_at:
        fmt = "%Y%m%dT%H%M%SZ"
        dates = f"{start.astimezone(datetime.UTC).strftime(fmt)}/{end.astimezone(datetime.UTC).strftime(fmt)}"
    else:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    query = urlencode({"action": "TEMPLATE", "text": str(activity), "dates": dates, "location": activity.city})
    return f"https://calendar.google.com/calendar/render?{query}"


# The staff home stays light: the first open follow-ups, the rest in the admin list.
FOLLOW_UPS_SHOWN = 20


@register.inclusion_tag("activities/my_follow_ups.html", takes_context=True)
def my_follow_ups(context):
    """The open follow-up actions owned by the staff member, soonest due first."""
    follow_ups = FollowUp.objects.for_dashboard(context["request"].user)[:FOLLOW_UPS_SHOWN]
    return {"follow_ups": follow_ups, "request": context["request"]}
