import calendar
import datetime
import json

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from activities.calendar import calendar_response
from activities.forms import ActivityFilterForm
from activities.models import Activity, ActivityDocument, FeedToken, Outcome, Participant, ProgrammeItem
from core.cache import next_midnight, public_page, remember, stale_at
from core.uploads import upload_response
from partners.models import Partner

PER_PAGE = 20
# Besides its window (the past year and what is upcoming), a feed is capped in size.
FEED_LIMIT = 1000


def _upcoming_count():
    return Activity.objects.public().upcoming().count()


def _past_count():
    """The past is what is not upcoming: all public activities (an index count) less the upcoming
    ones (a short range of LAST_DAY's index), rather than a scan testing each row."""
    return Activity.objects.public().count() - _upcoming_count()


def _page(request, activities, form=None, count=None):
    """The page asked for; the count of an unfiltered public list is taken once per change and day."""
    paginator = Paginator(activities, PER_PAGE)
    if count and (not form.is_bound or (form.is_valid() and not form.is_filtered())):
        paginator.count = remember(f"activities:{count.__name__}:{timezone.localdate()}", count)
    query = request.GET.copy()
    query.pop("page", None)
    return paginator.get_page(request.GET.get("page")), query.urlencode()


@require_safe
@public_page
def upcoming(request):
    form = ActivityFilterForm(request.GET or None)
    activities = form.filter(Activity.objects.public().upcoming().for_timeline()).in_start_order()
    page, query = _page(request, activities, form, _upcoming_count)
    context = {"form": form, "page": page, "query": query, "feed_query": form.feed_query()}
    # What is upcoming and what is past moves on at midnight, with no record changing.
    return stale_at(render(request, "activities/upcoming.html", context), next_midnight())


@require_safe
@public_page
def retrospective(request):
    form = ActivityFilterForm(request.GET or None, years=True)
    activities = form.filter(Activity.objects.public().past().for_timeline())
    page, query = _page(request, activities, form, _past_count)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "feed_query": form.feed_query(),
        "years": remember(f"activities:years:{timezone.localdate()}", Activity.objects.public().years),
    }
    return stale_at(render(request, "activities/retrospective.html", context), next_midnight())


@require_safe
@public_page
def activity_detail(request, slug):
    activity = get_object_or_404(
        Activity.objects.public().select_related("funding_programme").with_page_flags(), slug=slug
    )
    # Lists, read once here: the template tests and loops over each of them, and a queryset
    # would be compiled again for every test.
    context = {
        "activity": activity,
        "partners": list(activity.partners.public()),
        "themes": list(activity.themes.all()),
        "programme": list(ProgrammeItem.objects.public().filter(activity=activity).for_page()),
        "participants": list(
            Participant.objects.public()
            .filter(activity=activity)
            .filter(Q(person__isnull=True) | Q(person__is_public=True))
            .select_related("person", "organisation")
        ),
        "outcomes": list(Outcome.objects.public().filter(activity=activity).with_agreement_page()),
        "documents": list(activity.documents.public()) if activity.has_public_documents else [],
        # In the order they happen; an expression, so that SQLite reads them by parent, not by date.
        "parts": list(Activity.objects.public().filter(parent=activity).for_timeline().in_start_order())
        if activity.has_public_parts
        else [],
        "json_ld": _json_ld(request, activity),
    }
    return render(request, "activities/activity_detail.html", context)


def _json_ld(request, activity):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(activity),
        "url": request.build_absolute_uri(activity.get_absolute_url()),
    }
    if activity.schema_status:
        data["eventStatus"] = activity.schema_status
    if activity.start_date:
        data["startDate"] = (activity.starts_at or activity.start_date).isoformat()
    if activity.end_date or activity.ends_at:
        data["endDate"] = (activity.ends_at or activity.end_date).isoformat()
    if activity.description:
        data["description"] = activity.description
    if activity.city or activity.venue:
        data["location"] = {
            "@type": "Place",
            "name": activity.venue or activity.city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": activity.city,
                "addressCountry": activity.country.code,
            },
        }
    # Inside <script>, "</" must not appear; escaping <, > and & keeps the JSON valid.
    escapes = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
    text = json.dumps(data, ensure_ascii=False).translate(escapes)
    return mark_safe(text)


@require_GET
def activity_file(request, name):
    """A document or photo of an activity, for whoever may see it; a refusal looks like a missing file."""
    document = ActivityDocument.objects.filter(file=name).first()
    if document is None or not ActivityDocument.rights.is_visible(document, request.user):
        raise Http404
    return upload_response(document.file, ActivityDocument.FILE_KINDS)


@require_safe
@public_page
def public_feed(request):
    form = ActivityFilterForm(request.GET or None)
    activities = form.filter(Activity.objects.public().in_feed_window()).order_by("start_date", "pk")
    response = calendar_response(activities[:FEED_LIMIT], request, name=_("Activities"), filename="activities.ics")
    return stale_at(response, next_midnight())  # the window of a feed moves on each day


@require_safe
@public_page
def partner_feed(request, slug):
    partner = get_object_or_404(Partner.objects.public(), slug=slug)
    activities = Activity.objects.public().in_feed_window().filter(partners=partner).order_by("start_date", "pk")
    response = calendar_response(activities[:FEED_LIMIT], request, name=str(partner), filename=f"{partner.slug}.ics")
    return stale_at(response, next_midnight())


@require_safe
@public_page
def activity_ics(request, slug):
    activity = get_object_or_404(
        Activity.objects.public().filter(start_date__isnull=False, date_precision=Activity.Precision.DAY), slug=slug
    )
    return calendar_response([activity], request, name=str(activity), filename=f"{activity.slug}.ics")


@require_GET
def private_feed(request, token):
    feed = FeedToken.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    activities = (
        Activity.objects.visible_to(feed.user).filter(followers=feed.user).in_feed_window().order_by("start_date", "pk")
    )
    return calendar_response(activities[:FEED_LIMIT], request, name=_("Activities I follow"), filename="followed.ics")


@staff_member_required
def my_calendar(request):
    """The staff member's private feed addresses and the activities they follow."""
    tokens = FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    followed = Activity.objects.visible_to(request.user).filter(followers=request.user).for_timeline()
    page, query = _page(request, followed)
    context = {"tokens": tokens, "page": page, "query": query}
    return render(request, "activities/my_calendar.html", context)


@require_POST
@staff_member_required
@transaction.atomic
def feed_token_create(request):
    label = request.POST.get("label", "").strip()[:100] or _("Calendar")
    FeedToken.objects.create(user=request.user, label=label)
    return redirect("activities:my-calendar")


@require_POST
@staff_member_required
@transaction.atomic
def feed_token_revoke(request, pk):
    updated = FeedToken.objects.filter(pk=pk, user=request.user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Http404
    return redirect("activities:my-calendar")


@require_POST
@staff_member_required
@transaction.atomic
def follow(request, slug):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), slug=slug)
    if request.POST.get("follow") == "0":
        activity.followers.remove(request.user)
    else:
        activity.followers.add(request.user)
    return redirect("activities:my-calendar")


# A month of the staff calendar shows at most this many activities; the admin list has the rest.
CALENDAR_LIMIT = 300


@staff_member_required
def staff_calendar(request):
    """A month of the activities the staff member may see, day by day."""
    try:
        first = datetime.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        first = timezone.localdate().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    activities = list(
        Activity.objects.visible_to(request.user)
        .in_month(first, last)
        .for_timeline()
        .order_by("start_date", "pk")[: CALENDAR_LIMIT + 1]
    )
    by_day = {}
    for activity in activities[:CALENDAR_LIMIT]:
        by_day.setdefault(max(activity.start_date, first).day, []).append(activity)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdayscalendar(first.year, first.month)
    ]
    context = {
        "month": first,
        "weeks": weeks,
        "truncated": len(activities) > CALENDAR_LIMIT,
        "previous": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + datetime.timedelta(days=1)).strftime("%Y-%m"),
    }
    return render(request, "activities/staff_calendar.html", context)
