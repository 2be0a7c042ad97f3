"""Open data: every public list as CSV and XLSX, each a Frictionless Data Package.

A dataset is a list of columns (name, Table Schema type, meaning, value) over the public rows of
a model (`Model.objects.public()`, from its Rights declaration), never over a field the model
declares private. Translated texts give one column per language. Files are streamed: the CSV row
by row, the XLSX from a file written row by row (openpyxl's write-only mode).

`/open-data/<dataset>/datapackage.json` describes the files beside it: their columns, the licence
(core.Organisation's: until it is set, no file is offered), when it was generated and how many
rows each file has.
"""

import csv
import datetime
import itertools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from communication.models import Article
from cooperation.models import Call, Grant, Project
from core import seeds
from core.exports import XLSX, neutralised
from directory.models import StaffMember
from partners.models import Agreement, Partner
from protocol.models import Gift

CODES = [code for code, _name in settings.LANGUAGES]
CHUNK = 2000


@dataclass
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, datetime, boolean
    description: str
    value: Callable = None
    source: str = ""  # the model field it comes from, for the check that none is private


def col(name, type_, description, value=None, source=None):
    return Column(name, type_, description, value or (lambda row, n=name: getattr(row, n)), source or name)


def translated(name, description):
    """One column per language: name_fr, name_nl, name_en, name_de (empty where not written)."""
    return [
        Column(
            f"{name}_{code}", "string", f"{description} ({code})", lambda row, f=f"{name}_{code}": getattr(row, f), name
        )
        for code in CODES
    ]


def slugs(relation):
    return lambda row: " ".join(sorted(item.slug for item in getattr(row, relation).all()))


@dataclass
class Dataset:
    slug: str
    title: object
    description: object
    model: type
    columns: list
    queryset: Callable
    extra: list = field(default_factory=list)  # (file name, title) of other files of the dataset

    def rows(self):
        return self.queryset().iterator(chunk_size=CHUNK)

    def count(self):
        return self.queryset().count()


DATASETS = [
    Dataset(
        "partners",
        _("Partners"),
        _("Cities, regions and countries with which the Region has a partnership."),
        Partner,
        [
            col("slug", "string", "Key of the partner, and its address on the public site."),
            *translated("name", "Name"),
            col("kind", "string", "Kind: city, region, province, country..."),
            col("country", "string", "ISO 3166-1 alpha-2 code of its country.", lambda p: p.country.code),
            col("continent", "string", "Continent code."),
            col("state", "string", "State of the partnership: active, dormant or suspended."),
            col("themes", "string", "Cooperation themes (keys, separated by spaces).", slugs("themes")),
            col("latitude", "number", "Latitude (WGS 84)."),
            col("longitude", "number", "Longitude (WGS 84)."),
            col("geonames_id", "integer", "GeoNames identifier of the place."),
            col("wikidata_id", "string", "Wikidata item of the partner."),
        ],
        lambda: Partner.objects.public().prefetch_related("themes").order_by("slug"),
        extra=[("quickstatements.txt", _("Partnerships as Wikidata statements (P190), for QuickStatements"))],
    ),
    Dataset(
        "agreements",
        _("Agreements"),
        _("Agreements signed with partners."),
        Agreement,
        [
            col("id", "integer", "Key of the agreement."),
            col("partner", "string", "Key of the partner.", lambda a: a.partner.slug),
            col("kind", "string", "Kind of agreement."),
            *translated("title", "Title"),
            col("signed_on", "date", "Date of signature."),
            col("signed_on_precision", "string", "Precision of that date: day, month or year."),
            col("signed_at", "string", "Place of signature."),
            col("valid_from", "date", "Start of validity."),
            col("valid_until", "date", "End of validity."),
            col("renewal", "string", "How it is renewed."),
        ],
        lambda: Agreement.objects.public().select_related("partner").order_by("pk"),
    ),
    Dataset(
        "activities",
        _("Activities"),
        _("Missions, visits, events and meetings with partners."),
        Activity,
        [
            col("slug", "string", "Key of the activity, and its address on the public site."),
            *translated("title", "Title"),
            col("kind", "string", "Kind of activity."),
            col("start_date", "date", "First day."),
            col("end_date", "date", "Last day."),
            col("city", "string", "City."),
            col("state", "string", "State of the activity."),
            col("partners", "string", "Partners (keys, separated by spaces).", slugs("partners")),
        ],
        lambda: (
            Activity.objects.public()
            .only("slug", "kind", "start_date", "end_date", "city", "state", *[f"title_{c}" for c in CODES], "title")
            .prefetch_related("partners")
            .order_by("pk")
        ),
    ),
    Dataset(
        "news",
        _("News"),
        _("News published on the public site."),
        Article,
        [
            col("slug", "string", "Key of the article, and its address on the public site."),
            *translated("title", "Title"),
            *translated("summary", "Summary"),
            col("publish_at", "datetime", "Published at."),
        ],
        lambda: Article.objects.public().order_by("pk"),
    ),
    Dataset(
        "calls",
        _("Calls for projects"),
        _("Calls for projects of development cooperation."),
        Call,
        [
            col("id", "integer", "Key of the call."),
            *translated("title", "Title"),
            col("modality", "string", "Modality of cooperation.", lambda c: c.modality.slug),
            col("envelope", "number", "Envelope (EUR)."),
            col("maximum_grant", "number", "Maximum grant (EUR)."),
            col("opens_at", "datetime", "Opens at."),
            col("closes_at", "datetime", "Closes at."),
        ],
        lambda: Call.objects.public().select_related("modality").order_by("pk"),
    ),
    Dataset(
        "funded-projects",
        _("Funded projects"),
        _("Projects funded by a grant of a call for projects."),
        Grant,
        [
            col("id", "integer", "Key of the grant."),
            col("reference", "string", "Reference of the application.", lambda g: g.application.reference),
            col("title", "string", "Title of the project.", lambda g: g.application.title),
            col("holder", "string", "Organisation that holds the grant.", lambda g: g.application.organisation.name),
            col("country", "string", "Country of the project.", lambda g: g.application.country),
            col("city", "string", "City of the project.", lambda g: g.application.city),
            col("call", "integer", "Key of the call.", lambda g: g.application.call_id),
            col("amount", "number", "Amount granted (EUR)."),
            col("awarded_on", "date", "Awarded on."),
        ],
        lambda: Grant.objects.public().select_related("application__organisation").order_by("pk"),
        extra=[("360giving.json", _("The grants in the 360Giving Data Standard (JSON)"))],
    ),
    Dataset(
        "projects",
        _("Direct bilateral projects"),
        _("The Region's own projects with partners in countries of the OECD DAC list."),
        Project,
        [
            col("reference", "string", "Key of the project."),
            *translated("title", "Title"),
            col("partner", "string", "Key of the partner.", lambda p: p.partner.slug),
            col("sectors", "string", "OECD DAC sector codes."),
            col("starts_on", "date", "Start."),
            col("ends_on", "date", "Planned end."),
            col("budget", "number", "Budget (EUR)."),
        ],
        lambda: Project.objects.public().select_related("partner").order_by("pk"),
    ),
    Dataset(
        "directory",
        _("Directory"),
        _("Who does what in the office."),
        StaffMember,
        [
            col("id", "integer", "Key of the staff member."),
            col("first_name", "string", "First name."),
            col("last_name", "string", "Last name."),
            *translated("title", "Job title"),
            col("unit", "string", "Unit.", lambda s: s.unit.slug),
            col("phone", "string", "Phone."),
            col("email", "string", "E-mail."),
        ],
        lambda: StaffMember.objects.public().select_related("unit").order_by("pk"),
    ),
    Dataset(
        "gifts",
        _("Register of gifts received"),
        _("Gifts received above the office's threshold, which belong to the institution."),
        Gift,
        [
            col("received_on", "date", "Date received."),
            col("description", "string", "The gift."),
            col("giver", "string", "Given by."),
            col("receiver", "string", "Received by."),
            col("estimated_value", "number", "Estimated value (EUR)."),
            col("disposition", "string", "What became of it; empty while not decided."),
            col(
                "activity",
                "string",
                "Key of the public activity it was received at.",
                lambda g: g.activity.slug if g.activity and g.activity.is_public else "",
            ),
        ],
        lambda: Gift.objects.public().select_related("activity").order_by("pk"),
    ),
]
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def cell(value):
    """A value as the CSV holds it: ISO dates, a decimal point, text that cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return neutralised(value)


def batched(rows, size):
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def table_rows(dataset):
    """The dataset's rows as values; the facts the data file only infers are left empty, as the
    public pages leave them out until staff confirm them (core.seeds.unconfirmed)."""
    for chunk in batched(dataset.rows(), CHUNK):
        inferred = seeds.unconfirmed_of(chunk)
        for row in chunk:
            hidden = inferred.get(row.pk, {})
            yield [None if column.source in hidden else column.value(row) for column in dataset.columns]


class _Echo:
    def write(self, value):
        return value


def csv_lines(dataset):
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow([column.name for column in dataset.columns])
    for values in table_rows(dataset):
        yield writer.writerow([cell(value) for value in values])


def xlsx_file(dataset):
    """The dataset in a temporary XLSX file, written row by row; the caller streams it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.slug[:31])
    sheet.append([column.name for column in dataset.columns])
    for values in table_rows(dataset):
        sheet.append([_xlsx_cell(value) for value in values])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()  # Excel keeps no time zone: the ISO text keeps it
    if isinstance(value, datetime.date) or value is None or isinstance(value, (int, float)):
        return value
    return neutralised(value)


def licence_of(organisation):
    licence = {"path": organisation.open_data_licence_url, "title": organisation.open_data_licence}
    if organisation.open_data_licence_id:
        licence["name"] = organisation.open_data_licence_id
    return licence


def field_schema(column):
    schema = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "date":
        schema["format"] = "%Y-%m-%d"
    return schema


def datapackage(dataset, organisation, base_url=""):
    """The Frictionless Data Package (tabular-data-package) of a dataset."""
    rows = dataset.count()
    schema = {"fields": [field_schema(column) for column in dataset.columns]}
    resource = {
        "profile": "tabular-data-resource",
        "schema": schema,
        "licenses": [licence_of(organisation)],
    }
    return {
        "profile": "tabular-data-package",
        "name": f"liaison-{dataset.slug}",
        "title": str(dataset.title),
        "description": str(dataset.description),
        "homepage": base_url,
        "licenses": [licence_of(organisation)],
        "created": timezone.now().isoformat(timespec="seconds"),
        "publisher": organisation.name,
        "resources": [
            {
                **resource,
                "name": f"{dataset.slug}-csv",
                "path": f"{dataset.slug}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "rows": rows,
            },
            {
                **resource,
                "name": f"{dataset.slug}-xlsx",
                "path": f"{dataset.slug}.xlsx",
                "format": "xlsx",
                "mediatype": XLSX,
                "rows": rows,
            },
        ],
    }
