"""The figures of the dashboards, each read through the rights layer (`visible_to(user)`), in a
number of queries that does not grow with the data: counts and sums are grouped in the
database, and the lists are cut to a few rows that link to the admin list of them all."""

import datetime
import hashlib
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from activities.models import Activity
from communication.models import Campaign, Delivery
from cooperation.models import ActivityStatus, Grant, Modality, Report
from core.cache import remember
from dashboards.charts import Cell, Chart, Series
from partners.models import Assignment, Partner

YEARS = 5  # the charts cover the current year and the four before it
TOP_PARTNERS = 10  # activity per partner per year: the partners with the most activities
EDITIONS = 6  # newsletter reach: the latest editions sent
SHOWN = 10  # rows of the officer's lists
REPORTS_WITHIN_DAYS = 90


def shared(name, readers, compute):
    """compute(), kept until the next change of any record (core.cache.remember) and shared by
    every reader whose rights give the same rows: the key holds the SQL of what each reads
    (`readers`: the querysets of the user's visible or editable rows), the language and the day."""
    signature = [name, get_language(), str(timezone.localdate())]
    for queryset in readers:
        try:
            signature.append(str(queryset.query))
        except EmptyResultSet:
            signature.append("none")
    return remember(f"dashboards:{hashlib.sha256('|'.join(signature).encode()).hexdigest()}", compute)


def changelist(model, **filters):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _years(today):
    return list(range(today.year - YEARS + 1, today.year + 1))


def _within(field, years):
    """The years as a range of days, which an index on the date serves (a year lookup may not)."""
    return {f"{field}__gte": datetime.date(years[0], 1, 1), f"{field}__lte": datetime.date(years[-1], 12, 31)}


def activities_per_year(user, today=None):
    today = today or timezone.localdate()
    years = _years(today)
    counts = dict(
        Activity.objects.visible_to(user)
        .filter(**_within("start_date", years))
        .annotate(year=ExtractYear("start_date"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .order_by()
    )
    cells = [Cell(counts.get(year, 0), changelist(Activity, start_date__year=year)) for year in years]
    categories = [(str(year), "") for year in years]
    return Chart(_("Activities per year"), categories, [Series(_("Activities"), cells)], category=_("Year"))


def activity_per_partner_per_year(user, today=None):
    """The partners with the most activities over the years shown, a column per year."""
    today = today or timezone.localdate()
    years = _years(today)
    # Each link's activity and partner checked where it is read (EXISTS): SQLite would read
    # `partner IN (every partner)` as values to probe the links' index with, for each activity
    # (more than five minutes at 1,000,000 activities; 3 s this way).
    links = Activity.partners.through.objects.filter(
        Exists(Activity.objects.visible_to(user).filter(pk=OuterRef("activity_id"))),
        Exists(Partner.objects.visible_to(user).filter(pk=OuterRef("partner_id"))),
        **_within("activity__start_date", years),
    )
    top = list(
        links.values_list("partner", "partner__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "partner")[:TOP_PARTNERS]
    )
    counts = {
        (partner, year): count
        for partner, year, count in links.filter(partner__in=[pk for pk, _name, _count in top])
        .annotate(year=ExtractYear("activity__start_date"))
        .values_list("partner", "year")
        .annotate(count=Count("pk"))
        .order_by()
    }
    categories = [(name, reverse("admin:partners_partner_change", args=[pk])) for pk, name, _count in top]
    series = [
        Series(
            str(year),
            [
                Cell(counts.get((pk, year), 0), changelist(Activity, partners=pk, start_date__year=year))
                for pk, *_ in top
            ],
        )
        for year in years
    ]
    return Chart(_("Activity per partner per year"), categories, series, category=_("Partner"))


def budget_by_modality(user, today=None):
    """What the grants the user may see committed, per year (rows) and modality (columns)."""
    today = today or timezone.localdate()
    years = _years(today)
    modalities = list(Modality.objects.visible_to(user).order_by("order", "slug"))
    sums = {
        (year, modality): total
        for year, modality, total in Grant.objects.visible_to(user)
        .filter(**_within("awarded_on", years))
        .annotate(year=ExtractYear("awarded_on"))
        .values_list("year", "application__call__modality")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    series = [
        Series(
            str(modality),
            [
                Cell(
                    sums.get((year, modality.pk), 0),
                    changelist(Grant, application__call__modality__id__exact=modality.pk, awarded_on__year=year),
                )
                for year in years
            ],
        )
        for modality in modalities
    ]
    categories = [(str(year), "") for year in years]
    return Chart(_("Grants committed by modality and year (EUR)"), categories, series, "money", _("Year"))


def grants_by_state(user):
    counts = dict(Grant.objects.visible_to(user).values_list("activity_status").annotate(count=Count("pk")).order_by())
    states = [(value, label) for value, label in ActivityStatus.choices if counts.get(value)]
    cells = [Cell(counts[value], changelist(Grant, activity_status__exact=value)) for value, _label in states]
    categories = [(str(label), "") for _value, label in states]
    return Chart(_("Grants by state"), categories, [Series(_("Grants"), cells)], category=_("State"))


def newsletter_reach(user):
    """The latest editions sent, with their messages delivered and failed."""
    editions = list(
        Campaign.objects.visible_to(user)
        .filter(state=Campaign.State.SENT)
        .with_progress()
        .order_by("-finished_at", "-pk")[:EDITIONS]
    )
    categories = [
        (edition.subject, reverse("admin:communication_campaign_change", args=[edition.pk])) for edition in editions
    ]
    series = [
        Series(label, [Cell(getattr(edition, f"count_{state}")) for edition in editions])
        for state, label in [(Delivery.State.SENT, _("delivered")), (Delivery.State.FAILED, _("failed"))]
    ]
    return Chart(_("Newsletter reach"), categories, series, category=_("Edition"))


def overview_charts(user, today=None):
    """The head of unit's and the director's charts, each read with the reader's rights."""
    activities = [Activity.objects.visible_to(user), Partner.objects.visible_to(user)]
    grants = [Grant.objects.visible_to(user), Modality.objects.visible_to(user)]
    charts = []
    if user.has_perm("activities.view_activity"):
        charts += [
            ("activities-per-year", shared("per-year", activities, lambda: activities_per_year(user, today))),
            (
                "activity-per-partner",
                shared("per-partner", activities, lambda: activity_per_partner_per_year(user, today)),
            ),
        ]
    if user.has_perm("cooperation.view_grant"):
        charts += [
            ("budget-by-modality", shared("budget", grants, lambda: budget_by_modality(user, today))),
            ("grants-by-state", shared("grant-states", grants, lambda: grants_by_state(user))),
        ]
    if user.has_perm("communication.view_campaign"):
        reach = shared("reach", [Campaign.objects.visible_to(user)], lambda: newsletter_reach(user))
        charts += [("newsletter-reach", reach)]
    return charts


def my_upcoming_activities(user, today=None):
    """The next activities with a partner of the user's portfolio, or that they are responsible for."""
    mine = Exists(Assignment.objects.filter(staff_member__user=user, partner__activities=OuterRef("pk")))
    activities = (
        Activity.objects.visible_to(user)
        .upcoming(today)
        .filter(mine | Exists(Activity.objects.filter(pk=OuterRef("pk"), responsible__user=user)))
    )
    return list(activities.in_start_order()[:SHOWN])


def my_reports_due(user, today=None):
    """Grant reports not submitted yet, due within 90 days or late, of the calls the user is an officer of."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=REPORTS_WITHIN_DAYS)
    reports = (
        Report.objects.visible_to(user)
        .filter(submitted_on__isnull=True, due_on__lte=until, grant__closed_on__isnull=True)
        .filter(grant__application__call__officers=user)
        .select_related("grant__application")
        .order_by("due_on", "pk")
    )
    return list(reports[:SHOWN])
