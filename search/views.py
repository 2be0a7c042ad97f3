"""The search pages: the public one (public records only) and the back office's (what the user
may see). Both read search.service; the results are grouped by kind, highlighted, paginated."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_countries import countries

from core.cache import public_page
from search import service
from search.kinds import KINDS

PER_PAGE = 20
FACET_VALUES = 10  # values shown per facet, the most frequent first


def _labels(facets):
    """{facet: [(value, label, count)]} for the page, the most frequent first (years: latest)."""
    from partners.models import Partner, Theme

    language = get_language()
    top = {name: counter.most_common(FACET_VALUES) for name, counter in facets.items()}
    names = ["name", *(f"name_{code}" for code, _name in settings.LANGUAGES)]
    partners = Partner.objects.only("pk", *names).in_bulk([int(v) for v, _n in top.get("partner", [])])
    themes = Theme.objects.in_bulk([int(v) for v, _n in top.get("theme", [])])
    labels = {
        "kind": lambda v: KINDS[v].label,
        "partner": lambda v: partners[int(v)].shown_name(language) if int(v) in partners else v,
        "theme": lambda v: themes[int(v)].name if int(v) in themes else v,
        "year": lambda v: v,
        "country": lambda v: countries.name(v) or v,
    }
    shown = {}
    for name, values in top.items():
        if name == "year":
            values = sorted(values, reverse=True)
        shown[name] = [(value, labels[name](value), count) for value, count in values]
    return shown


def _groups(hits):
    """The page's hits grouped by kind, the group of the best hit first."""
    groups = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return [(KINDS[kind].label, kind, kind_hits) for kind, kind_hits in groups.items()]


def _context(request, *, user, back_office):
    query = request.GET.get("q", "")[: service.MAX_QUERY]
    filters = {name: request.GET.get(name, "") for name in service.FACETS}
    language = get_language()
    found = service.search(query, user, language, filters, public=not back_office)
    filters = service.clean_filters(filters)
    page = Paginator(found.hits, PER_PAGE).get_page(request.GET.get("page"))
    service.attach(page.object_list, language, back_office=back_office)
    for hit in page.object_list:
        hit.title_html = service.highlight(hit.title, found.words)
        hit.snippet_html = service.snippet(hit.body, found.words)
    params = QueryDict(mutable=True)
    params["q"] = query
    params.update(filters)
    facet_links = {}
    for name, values in _labels(found.facets).items():
        links = []
        for value, label, count in values:
            chosen = filters.get(name) == value
            link = params.copy()
            if chosen:
                link.pop(name)
            else:
                link[name] = value
            links.append({"label": label, "count": count, "chosen": chosen, "query": link.urlencode()})
        facet_links[name] = links
    return {
        "query": query,
        "found": found,
        "page": page,
        "groups": _groups(page.object_list),
        "facets": [(name, FACET_TITLES[name], facet_links.get(name, [])) for name in service.FACETS],
        "params": params.urlencode(),
        "filtered": bool(filters),
    }


FACET_TITLES = {
    "kind": _("Kind of record"),
    "partner": _("Partner"),
    "year": _("Year"),
    "theme": _("Theme"),
    "country": _("Country"),
}


@require_safe
@public_page
def public_search(request):
    return render(request, "search/public.html", _context(request, user=None, back_office=False))


@require_safe
def back_office_search(request):
    """Wrapped by the admin site (liaison.urls): staff only, what their rights let them see."""
    from django.contrib import admin

    context = {**admin.site.each_context(request), **_context(request, user=request.user, back_office=True)}
    return render(request, "admin/search.html", context)
