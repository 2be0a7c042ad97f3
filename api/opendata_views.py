"""The open-data page and files (api.opendata, api.linked). Until the organisation has set the
licence of its open data, the page says so and every file answers 404."""

import json

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api import linked, opendata
from cooperation.models import Grant, IatiPublisher
from core.cache import public_page, remember
from core.models import Organisation


def _organisation():
    return Organisation.objects.first()


def _licensed():
    organisation = _organisation()
    if organisation is None or not organisation.has_open_data_licence:
        raise Http404("No licence is set for the open data.")
    return organisation


def _dataset(slug):
    if slug not in opendata.BY_SLUG:
        raise Http404("No such dataset.")
    return opendata.BY_SLUG[slug]


@require_safe
@public_page
def page(request):
    organisation = _organisation()
    unavailable = set()
    if not (organisation and organisation.wikidata_id):
        unavailable.add("quickstatements.txt")
    if not (IatiPublisher.objects.public().exists() and Grant.objects.public().exists()):
        unavailable.add("360giving.json")
    context = {
        "datasets": opendata.DATASETS,
        "licensed": organisation is not None and organisation.has_open_data_licence,
        "organisation": organisation,
        "unavailable": unavailable,
    }
    return render(request, "api/open_data.html", context)


@require_safe
def datapackage(request, dataset):
    dataset, organisation = _dataset(dataset), _licensed()
    package = remember(
        f"opendata:{dataset.slug}", lambda: opendata.datapackage(dataset, organisation, settings.SITE_URL)
    )
    return JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})


@require_safe
def data_csv(request, dataset):
    dataset = _dataset(dataset)
    _licensed()
    response = StreamingHttpResponse(opendata.csv_lines(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.csv"'
    return response


@require_safe
def data_xlsx(request, dataset):
    dataset = _dataset(dataset)
    _licensed()
    return FileResponse(
        opendata.xlsx_file(dataset), as_attachment=True, filename=f"{dataset.slug}.xlsx", content_type=opendata.XLSX
    )


@require_safe
def grants_360giving(request):
    _licensed()
    try:
        package = linked.grants_360giving(settings.SITE_URL)
    except linked.NotConfigured:
        raise Http404("No IATI publisher identifier, or no public grant.") from None
    response = HttpResponse(json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="360giving.json"'
    return response


@require_safe
def quickstatements(request):
    organisation = _licensed()
    if not organisation.wikidata_id:
        raise Http404("The region's own Wikidata item is not set.")
    text = linked.quickstatements(organisation.wikidata_id, settings.SITE_URL)
    return HttpResponse(text, content_type="text/tab-separated-values; charset=utf-8")


def data_file(request, dataset, name):
    """A dataset's files: <dataset>.csv, <dataset>.xlsx and its extra files."""
    if name == f"{dataset}.csv":
        return data_csv(request, dataset)
    if name == f"{dataset}.xlsx":
        return data_xlsx(request, dataset)
    if dataset == "funded-projects" and name == "360giving.json":
        return grants_360giving(request)
    if dataset == "partners" and name == "quickstatements.txt":
        return quickstatements(request)
    raise Http404("No such file.")
