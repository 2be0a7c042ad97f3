"""Public pages of development cooperation, and the IATI files. Each reads only public rows."""

from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_safe

from cooperation import figures, iati
from cooperation.forms import ProjectFilterForm
from cooperation.models import AnnualReport, Call, Grant, LegalText, Modality, PolicyElement, Project
from core import gazetteer, numbers, worldmap
from core.cache import public_page, stale_at
from core.languages import localized_fields
from core.uploads import upload_response
from directory.models import StaffMember

PER_PAGE = 20
MAP_LIMIT = 300


@require_safe
@public_page
def policy(request):
    """The policy as the seeds give it: a part they announce but do not describe (a pillar, a
    theme with no text yet) is left out, and decrees known only by their number are counted, as
    the source counts them ("five thematic implementation decrees"), not listed as "Decree 1…5"."""
    legal_texts = list(LegalText.objects.public())
    described = [text for text in legal_texts if text.title or text.url or text.adopted_on]
    unnamed_decrees = [text for text in legal_texts if text not in described and text.kind == LegalText.Kind.DECREE]
    empty = Q()
    for field in localized_fields("text"):  # blank in every language, "" or NULL as the admin stores it
        empty &= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    context = {
        "modalities": Modality.objects.public(),
        "legal_texts": [text for text in legal_texts if text not in unnamed_decrees],
        "unnamed_decrees": len(unnamed_decrees),
        "unnamed_decrees_in_words": numbers.spelled(len(unnamed_decrees)),
        "elements": PolicyElement.objects.public().exclude(empty).order_by("kind", "order"),
    }
    return render(request, "cooperation/policy.html", context)


def _next_opening_or_closing(calls, now):
    """The next moment a call opens or closes: the open calls change then, by time alone."""
    opening = calls.filter(opens_at__gt=now).aggregate(moment=Min("opens_at"))["moment"]
    closing = calls.filter(closes_at__gt=now).aggregate(moment=Min("closes_at"))["moment"]
    return min((moment for moment in (opening, closing) if moment), default=None)


@require_safe
@public_page
def call_list(request):
    now = timezone.now()
    calls = Call.objects.open_at(now).select_related("modality").order_by("closes_at", "pk")
    page = Paginator(calls, PER_PAGE).get_page(request.GET.get("page"))
    response = render(request, "cooperation/call_list.html", {"page": page})
    return stale_at(response, _next_opening_or_closing(Call.objects.public(), now))


@require_safe
@public_page
def call_detail(request, pk):
    call = get_object_or_404(Call.objects.public().select_related("modality").prefetch_related("themes", "grid"), pk=pk)
    contacts = StaffMember.objects.public().filter(user__in=call.officers.all()).order_by("last_name", "first_name")
    context = {
        "call": call,
        "is_open": call.is_open(),
        "not_yet_open": timezone.now() < call.opens_at,
        "contacts": contacts,  # the call's officers as the public directory shows them
    }
    response = render(request, "cooperation/call_detail.html", context)
    return stale_at(response, _next_opening_or_closing(Call.objects.filter(pk=call.pk), timezone.now()))


def _codes_in_use(grants, projects):
    """The countries and DAC sectors of the listed grants and projects (sectors are stored
    space-separated)."""
    countries, sectors = set(), set()
    rows = [
        *grants.order_by().values_list("application__country", "application__sectors").distinct(),
        *projects.order_by().values_list("partner__country", "sectors").distinct(),
    ]
    for country, codes in rows:
        countries.add(str(country or "").upper())
        sectors.update((codes or "").split())
    return countries, sectors


@require_safe
@public_page
def project_list(request):
    grants = Grant.objects.for_projects_page().order_by("-awarded_on", "pk")
    projects = Project.objects.public().select_related("partner").order_by("-committed_on", "pk")
    form = ProjectFilterForm(request.GET or None, in_use=_codes_in_use(grants, projects))
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["country"]:
                grants = grants.filter(application__country=data["country"].upper())
                projects = projects.filter(partner__country=data["country"].upper())
            if data["sector"]:
                grants = grants.filter(application__sectors__contains=data["sector"])
                projects = projects.filter(sectors__contains=data["sector"])
            if data["year"]:
                grants = grants.filter(awarded_on__year=data["year"])
                projects = projects.filter(committed_on__year=data["year"])
        else:
            grants, projects = grants.none(), projects.none()
    page = Paginator(grants, PER_PAGE).get_page(request.GET.get("page"))
    direct = Paginator(projects, PER_PAGE).get_page(request.GET.get("direct"))
    markers = [worldmap.project(*point) for point in _points(grants, projects)]
    context = {
        "form": form,
        "page": page,
        "direct": direct,
        "markers": markers,
        "viewbox": worldmap.VIEWBOX,
        "query": _without(request, "page"),
        "direct_query": _without(request, "direct"),
    }
    return render(request, "cooperation/project_list.html", context)


def _points(grants, projects):
    """Where the projects are: an application's own coordinates, else its city as the gazetteer
    knows it; a direct project's city in its partner's country, else its partner's place."""
    points = []
    rows = grants.values_list(
        "application__longitude", "application__latitude", "application__city", "application__country"
    )
    for longitude, latitude, city, country in rows[:MAP_LIMIT]:
        if latitude is not None:
            points.append((float(longitude), float(latitude)))
        elif (found := gazetteer.coordinates(city, country)) is not None:
            points.append(found)
    for project in projects[:MAP_LIMIT]:
        partner = project.partner
        found = gazetteer.coordinates(project.city, partner.country) if project.city else None
        if found is None and partner.latitude is not None:
            found = (float(partner.longitude), float(partner.latitude))
        if found is not None:
            points.append(found)
    return points


def _without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@require_safe
@public_page
def budget(request):
    reports = list(AnnualReport.objects.public().values_list("year", flat=True))
    return render(request, "cooperation/budget.html", {"budget": figures.budget_evolution(), "reports": reports})


def _report_year(year):
    if not figures.FIRST_REPORT_YEAR <= year <= timezone.localdate().year:
        raise Http404  # a year with no report: nothing to compute (reports/0/ gave a 500)
    return year


@require_safe
@public_page
def annual_report(request, year):
    """The year's figures as they stand, with the published report's introduction and PDF once there is one."""
    published = AnnualReport.objects.public().filter(year=_report_year(year)).first()
    return render(request, "cooperation/annual_report.html", figures.report_context(year, published))


@require_safe
def annual_report_pdf(request, year):
    """The report as it was published, in the page's language: a file that never changes."""
    published = get_object_or_404(AnnualReport.objects.public(), year=_report_year(year))
    pdf = getattr(published, f"pdf_{get_language()}", None)
    if not pdf:
        raise Http404
    response = upload_response(pdf, ["pdf"])
    response["Content-Disposition"] = f'inline; filename="annual-report-{year}-{get_language()}.pdf"'
    return response


def _refusal(error):
    return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


@require_GET
def iati_activities(request):
    try:
        reporter = iati.publisher()
    except iati.NotConfigured as error:
        return _refusal(error)
    return StreamingHttpResponse(iati.activity_chunks(reporter=reporter), content_type="application/xml")


@require_GET
def iati_organisation(request):
    try:
        reporter = iati.publisher()
    except iati.NotConfigured as error:
        return _refusal(error)
    return StreamingHttpResponse(iati.organisation_chunks(reporter=reporter), content_type="application/xml")
