from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from activities.models import Activity
from core import collation, gazetteer, worldmap
from core.cache import public_page, remember
from core.pagination import KeyedPaginator
from directory.models import Unit
from partners.models import Agreement, Partner, PartnerTally
from public.forms import PartnerFilterForm

PARTNERS_PER_PAGE = 24
# The partner page shows the latest activities; the retrospective filtered by partner has them all.
TIMELINE_LENGTH = 20


@require_safe
@public_page
def home(request):
    context = {
        **remember("home:figures", PartnerTally.objects.figures),
        "latest_agreements": Agreement.objects.public().select_related("partner").order_by("-signed_on")[:3],
    }
    return render(request, "public/home.html", context)


@require_safe
@public_page
def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    partners = form.filter(Partner.objects.for_list())
    paginator = KeyedPaginator(partners, PARTNERS_PER_PAGE, key="slug")
    if not form.is_bound or (form.is_valid() and not form.is_filtered()):
        paginator.count = remember("partners:count", PartnerTally.objects.partner_count)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/partner_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "is_filtered": form.is_filtered()},
    )


@require_safe
@public_page
def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.for_public_page(), slug=slug)
    timeline = Activity.objects.public().filter(partners=partner).for_timeline()[:TIMELINE_LENGTH]
    return render(request, "public/partner_detail.html", {"partner": partner, "timeline": timeline})


# Above this many partners the map draws its dots as one decorative shape and its list gives
# counts per continent (links to the filtered partners list) instead of one link per partner.
MAP_LIST_LIMIT = 300


@require_safe
@public_page
def partner_map(request):
    located = Partner.objects.public().filter(latitude__isnull=False)
    per_continent = remember("map:continents", PartnerTally.objects.count_per_continent)
    count = sum(per_continent.values())
    context = {"partner_count": count, "viewbox": worldmap.VIEWBOX}
    if count <= MAP_LIST_LIMIT:
        names = [f"name_{code}" for code, _name in settings.LANGUAGES]
        partners = located.only("slug", "name", *names, "continent", "latitude", "longitude")
        partners = list(partners.order_by(*Partner.objects.by_name()))
        context["markers"] = [(p, *worldmap.project(p.longitude, p.latitude)) for p in partners]
        context["europe_markers"] = worldmap.europe_markers(context["markers"])
        context["europe_viewbox"] = worldmap.EUROPE_VIEWBOX
        members = {}
        for partner in partners:
            members.setdefault(partner.continent, []).append(partner)
    else:
        # Drawn once per change of the data, for every language.
        context["dots"] = remember("map:dots", lambda: worldmap.dots_of(PartnerTally.objects.cells()))
        members = per_continent
    continents = [(code, gazetteer.CONTINENTS.get(code, ""), partners) for code, partners in members.items()]
    context["continents"] = collation.sorted_by(continents, get_language(), key=lambda item: str(item[1]))
    return render(request, "public/partner_map.html", context)


@require_safe
@cache_control(public=True, max_age=86400)
def world_svg(request):
    svg = render_to_string("public/world.svg", {"paths": worldmap.country_paths(), "viewbox": worldmap.VIEWBOX})
    return HttpResponse(svg, content_type="image/svg+xml")


@require_safe
@public_page
def directory(request):
    return render(request, "public/directory.html", {"units": Unit.objects.for_directory()})
