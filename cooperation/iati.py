"""IATI 2.03 publication: the activities file (one iati-activity per grant and per direct bilateral
project) and the organisation file.

What an aid analyst reads in them is what the database holds, said as IATI says it:
- organisations with their identifiers (`@ref`: the org-id.guide prefix and registration number,
  BE-BCE_KBO for a Belgian enterprise), named on every transaction as provider and receiver;
- each text tagged with the language it was written in (the application's, asked at entry),
  never with a language guessed from the organisation;
- the aid and collaboration types of the modality (multilateral, through an NGO, the Region's
  own bilateral projects, humanitarian with its flag);
- budgets per calendar year (IATI: a budget period is at most twelve months), planned
  disbursements from the tranches, the contact from the directory, a point from the
  gazetteer, links to the public call and the published annual report, the expected results;
- the status as `manage.py update_activity_status` keeps it, and the time each activity last
  changed (`changed_at` of every record it publishes).

The files are written as text, one activity at a time, from plain rows read a thousand
activities per query: memory stays flat and 100,000 activities take well under a minute
(bench/iati_export.py). Every output validates against the XSD kept in iati_reference/, uses
only codes of its codelists, and passes the IATI rulesets and the Dashboard's checks
(cooperation/iati_rules.py, `manage.py check_iati`).
"""

import datetime
import re
from collections import defaultdict, namedtuple
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.models import (
    ActivityStatus,
    AnnualReport,
    ApplicantOrganisation,
    Appropriation,
    Disbursement,
    Grant,
    IatiPublisher,
    Modality,
    Payment,
    Project,
    Tranche,
)
from core import gazetteer
from core.languages import content_languages
from directory.models import StaffMember

CURRENCY = "EUR"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# Fixed terms of the Region's grants (codelists FlowType, FinanceType, TiedStatus): ODA, standard
# grant, untied.
FLOW_ODA = "10"
FINANCE_GRANT = "110"
TIED_UNTIED = "5"


class Terms(namedtuple("Terms", "collaboration aid_type is_humanitarian receiver_type")):
    """What a modality means in IATI: CollaborationType, AidType (vocabulary 1), the humanitarian
    flag, and the OrganisationType of whom it pays (None: from the receiver's legal form)."""


# The modalities of the policy frame (their slugs come from the seed), as the OECD DAC reports
# them: a project through an NGO or with a partner city is bilateral and project-type; a
# contribution to a multilateral organisation is multilateral core support; emergency aid is a
# project flagged humanitarian. Another office's modalities fall back to the bilateral project.
MODALITY_TERMS = {
    "direct-bilateral": Terms("1", "C01", False, "11"),
    "indirect-bilateral": Terms("1", "C01", False, None),
    "multilateral": Terms("2", "B02", False, "40"),
    "humanitarian": Terms("1", "C01", True, None),
}
DEFAULT_TERMS = MODALITY_TERMS["indirect-bilateral"]
DIRECT_BILATERAL = "direct-bilateral"
ORGANISATION_TYPES = {
    ApplicantOrganisation.LegalForm.INTERNATIONAL_NONPROFIT: "21",
    ApplicantOrganisation.LegalForm.FOUNDATION: "60",
    ApplicantOrganisation.LegalForm.PUBLIC: "15",
}
NATIONAL_NGO = "22"
LOCAL_GOVERNMENT = "11"
# Belgian enterprises (BCE/KBO) on org-id.guide: an applicant's enterprise number makes its identifier.
BELGIAN_ENTERPRISES = "BE-BCE_KBO"
# Whom to contact about calls for projects when the call names no officer in the public directory.
CALLS_SUBJECT = "calls-for-projects"
CHUNK = 1000
FLUSH_BYTES = 256 * 1024

# Characters XML 1.0 cannot hold (text typed or pasted by applicants may): dropped, then the five
# special characters escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


class NotConfigured(Exception):
    """The export cannot run yet; the message says why."""


def publisher():
    found = IatiPublisher.objects.public().select_related("organisation").first()
    if found is None:
        raise NotConfigured(
            _(
                "The IATI export needs the reporting organisation's identifier (an org-id.guide prefix and a "
                "registration number). Set it in the back office under Development cooperation > IATI publisher."
            )
        )
    return found


# Writing


def esc(value):
    text = str(value)
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.translate(_ESCAPES)


def narrative(text, language=None):
    if language:
        return f'<narrative xml:lang="{language}">{esc(text)}</narrative>'
    return f"<narrative>{esc(text)}</narrative>"


def narratives(values, default):
    """One narrative per language of a translated field ({language: text}), the default's untagged;
    one only when every language has the same text (a name such as "Brussels International")."""
    given = {code: text for code, text in values.items() if text}
    if len(set(given.values())) == 1:
        given = dict([next(iter(given.items()))])
    return "".join(narrative(text, None if code == default else code) for code, text in given.items())


def translations(obj, field):
    return {code: getattr(obj, f"{field}_{code}", "") for code in content_languages()}


def money(amount):
    return f"{Decimal(amount):.2f}"


def value(amount, day):
    return f'<value currency="{CURRENCY}" value-date="{day.isoformat()}">{money(amount)}</value>'


def org(tag, name, ref=None, kind=None, role=None, names=None):
    attributes = (f' ref="{esc(ref)}"' if ref else "") + (f' type="{kind}"' if kind else "")
    attributes += f' role="{role}"' if role else ""
    return f"<{tag}{attributes}>{names if names is not None else narrative(name)}</{tag}>"


def stamp(moment):
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _generated():
    return stamp(timezone.now())


# Pieces shared by grants and projects


def yearly_budgets(start, end, amount):
    """[(period start, period end, amount)]: one budget per calendar year of the activity, the
    amount shared by days so that the periods add up to it exactly."""
    if end < start:
        end = start
    periods, day = [], start
    while day <= end:
        last = min(datetime.date(day.year, 12, 31), end)
        periods.append((day, last))
        day = last + datetime.timedelta(days=1)
    total_days = (end - start).days + 1
    amount = Decimal(amount)
    shares = [
        (amount * ((last - first).days + 1) / total_days).quantize(Decimal("0.01"), ROUND_HALF_UP)
        for first, last in periods[:-1]
    ]
    shares.append(amount - sum(shares, Decimal(0)))
    return [(first, last, share) for (first, last), share in zip(periods, shares, strict=True)]


def percentages(count):
    """Shares that add up to exactly 100 with two decimals."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"))
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def classification(sectors, terms, start, end, amount):
    """Sectors, the terms of the modality, and the yearly budgets."""
    codes = sectors.split()
    parts = [
        f'<sector vocabulary="1" code="{code}" percentage="{share}"/>'
        for code, share in zip(codes, percentages(len(codes)), strict=True)
    ]
    parts.append(
        f'<collaboration-type code="{terms.collaboration}"/><default-flow-type code="{FLOW_ODA}"/>'
        f'<default-finance-type code="{FINANCE_GRANT}"/><default-aid-type vocabulary="1" code="{terms.aid_type}"/>'
        f'<default-tied-status code="{TIED_UNTIED}"/>'
    )
    for first, last, share in yearly_budgets(start, end, amount):
        parts.append(
            f'<budget type="1" status="2"><period-start iso-date="{first.isoformat()}"/>'
            f'<period-end iso-date="{last.isoformat()}"/>{value(share, first)}</budget>'
        )
    return "".join(parts)


def location(names, latitude, longitude, city, country):
    """The place with a point: the coordinates entered, else the gazetteer's most populous place
    of that name in the country (GeoNames, offline), named by its GeoNames id."""
    found = None if latitude is not None and longitude is not None else place(city, country)
    parts = ['<location><location-reach code="1"/>']
    if found:
        parts.append(f'<location-id vocabulary="G1" code="{found["geonameid"]}"/>')
    parts.append(f"<name>{names}</name>")
    if found:
        latitude, longitude = found["latitude"], found["longitude"]
    if latitude is not None and longitude is not None:
        exactness = "2" if found else "1"
        parts.append(
            f'<point srsName="{WGS84}"><pos>{Decimal(str(latitude)):f} {Decimal(str(longitude)):f}</pos></point>'
            f'<exactness code="{exactness}"/>'
        )
    parts.append("</location>")
    return "".join(parts)


@cache
def place(city, country):
    found = gazetteer.suggest(city, country) if city else []
    return found[0] if found else None


def document_link(url, kind, title, category, language, day=None):
    date = f'<document-date iso-date="{day.isoformat()}"/>' if day else ""
    return (
        f'<document-link url="{esc(url)}" format="{kind}"><title>{title}</title>'
        f'<category code="{category}"/><language code="{language}"/>{date}</document-link>'
    )


def site_url(view, args, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(view, args=args)


class Context:
    """What every activity of one export shares, read once: the reporter, the contacts of the calls,
    the published annual reports, and the links' titles in each language."""

    def __init__(self, reporter):
        self.reporter = reporter
        self.office = reporter.organisation
        self.identifier = reporter.identifier
        self.office_names = narratives(translations(self.office, "name"), None)
        self.provider = org("provider-org", None, self.identifier, reporter.organisation_type, names=self.office_names)
        self.funder = org(
            "participating-org", None, self.identifier, reporter.organisation_type, "1", names=self.office_names
        )
        self.reporting = org(
            "reporting-org", None, self.identifier, reporter.organisation_type, names=self.office_names
        )
        self.contacts = _contacts(self.office)
        self.reports = dict(
            AnnualReport.objects.public().values_list("year", "published_at").order_by("year"),
        )
        self.titles = {}
        for code in content_languages():
            with translation.override(code):
                self.titles[code] = (
                    gettext("Call for projects"),
                    gettext("Annual report %(year)s"),
                    gettext("Development cooperation policy"),
                )

    def policy(self, language):
        """The public page of the policy frame: what the Region funds, how, and why."""
        title = narrative(self.titles[language][2], language)
        return document_link(site_url("cooperation:policy", [], language), "text/html", title, "B02", language)

    def contact(self, call_id):
        return self.contacts.get(call_id) or self.contacts.get(None, "")

    def links(self, call_id, year, language):
        """The public page of the call (conditions) and the year's published annual report."""
        language = language if language in content_languages() else "en"
        parts = []
        if call_id is not None:
            url = site_url("cooperation:call-detail", [call_id], language)
            parts.append(
                document_link(url, "text/html", narrative(self.titles[language][0], language), "A04", language)
            )
        if year in self.reports:
            url = site_url("cooperation:annual-report-pdf", [year], language)
            title = narrative(self.titles[language][1] % {"year": year}, language)
            parts.append(document_link(url, "application/pdf", title, "B01", language, self.reports[year].date()))
        return "".join(parts)


def _contact_info(office, person):
    parts = [
        '<contact-info type="1">',
        f"<organisation>{narratives(translations(office, 'name'), None)}</organisation>",
    ]
    if person is not None:
        parts.append(f"<person-name>{narrative(person.full_name)}</person-name>")
    phone = person.phone if person is not None and person.phone else office.phone
    email = person.email if person is not None and person.email else office.email
    if phone:
        parts.append(f"<telephone>{esc(phone)}</telephone>")
    if email:
        parts.append(f"<email>{esc(email)}</email>")
    parts.append(f"<website>{esc(settings.SITE_URL)}/</website>")
    if office.address:
        parts.append(f"<mailing-address>{narrative(office.address)}</mailing-address>")
    parts.append("</contact-info>")
    return "".join(parts)


def _contacts(office):
    """{call id: contact-info} from the public directory: the call's contact officers first, then
    whoever follows calls for projects ({None: ...}), else the office's own address."""
    public = StaffMember.objects.public().exclude(email="").order_by("unit__order", "order", "last_name")
    contacts = {None: _contact_info(office, public.filter(subjects__slug=CALLS_SUBJECT).first())}
    officers = public.filter(user__cooperation_calls__isnull=False).values_list("user__cooperation_calls", "pk")
    people = {person.pk: person for person in public.filter(user__cooperation_calls__isnull=False)}
    for call_id, person_id in officers:
        contacts.setdefault(call_id, _contact_info(office, people[person_id]))
    return contacts


def _activity_start(identifier, reference, language, updated, humanitarian, context):
    lang = f' xml:lang="{language}"' if language else ""
    flag = ' humanitarian="1"' if humanitarian else ""
    return (
        f'<iati-activity{lang} default-currency="{CURRENCY}" last-updated-datetime="{updated}" hierarchy="1"{flag}>'
        f"<iati-identifier>{esc(identifier)}-{esc(reference)}</iati-identifier>{context.reporting}"
    )


def _dates(status, start, end, actual_start, actual_end):
    parts = [f'<activity-status code="{status}"/>', f'<activity-date type="1" iso-date="{start.isoformat()}"/>']
    if actual_start:
        parts.append(f'<activity-date type="2" iso-date="{actual_start.isoformat()}"/>')
    parts.append(f'<activity-date type="3" iso-date="{end.isoformat()}"/>')
    if actual_end:
        parts.append(f'<activity-date type="4" iso-date="{actual_end.isoformat()}"/>')
    return "".join(parts)


# Grants


GRANT_COLUMNS = {
    "pk": "pk",
    "amount": "amount",
    "awarded_on": "awarded_on",
    "closed_on": "closed_on",
    "status": "activity_status",
    "changed": "changed_at",
    "reference": "application__reference",
    "title": "application__title",
    "summary": "application__summary",
    "objectives": "application__objectives",
    "results": "application__results",
    "indicators": "application__indicators",
    "language": "application__language",
    "country": "application__country",
    "city": "application__city",
    "latitude": "application__latitude",
    "longitude": "application__longitude",
    "sectors": "application__sectors",
    "months": "application__duration_months",
    "starts_on": "application__starts_on",
    "application_changed": "application__changed_at",
    "decided_at": "application__decided_at",
    "organisation": "application__organisation__name",
    "legal_form": "application__organisation__legal_form",
    "enterprise_number": "application__organisation__enterprise_number",
    "organisation_changed": "application__organisation__changed_at",
    "call": "application__call_id",
    "modality": "application__call__modality__slug",
}
GrantRow = namedtuple("GrantRow", GRANT_COLUMNS)


def grant_rows(grants):
    """(grant row, its tranches, its payments) for each grant, a thousand grants a query at a time."""
    base = grants.prefetch_related(None).order_by("pk")
    last = 0
    while True:
        rows = [GrantRow._make(row) for row in base.filter(pk__gt=last).values_list(*GRANT_COLUMNS.values())[:CHUNK]]
        if not rows:
            return
        ids = [row.pk for row in rows]
        tranches, payments = defaultdict(list), defaultdict(list)
        # The due date of the report that releases a tranche is part of the tranche's public schedule.
        for grant_id, *tranche in (
            Tranche.objects.public()
            .filter(grant_id__in=ids)
            .order_by("grant_id", "order", "pk")
            .values_list("grant_id", "amount", "after_report__due_on", "changed_at")
        ):
            tranches[grant_id].append(tranche)
        for grant_id, *payment in (
            Payment.objects.public()
            .filter(tranche__grant_id__in=ids)
            .order_by("paid_on", "pk")
            .values_list("tranche__grant_id", "amount", "paid_on", "changed_at")
        ):
            payments[grant_id].append(payment)
        for row in rows:
            yield row, tranches[row.pk], payments[row.pk]
        last = ids[-1]


def enterprise_ref(number):
    return f"{BELGIAN_ENTERPRISES}-{number}" if number else None


def _last_change(row, tranches, payments):
    """When anything the activity publishes last changed; for records from before that was kept,
    the latest moment they hold (the decision, a payment, the award, the closing)."""
    moments = [row.changed, row.application_changed, row.organisation_changed]
    moments += [tranche[2] for tranche in tranches] + [payment[2] for payment in payments]
    known = [moment for moment in moments if moment is not None]
    if known:
        return max(known)
    days = [row.awarded_on, row.closed_on, *(payment[1] for payment in payments)]
    latest = max(day for day in days if day is not None)
    moment = timezone.make_aware(datetime.datetime.combine(latest, datetime.time()))
    return max(moment, row.decided_at) if row.decided_at else moment


def grant_activity(row, tranches, payments, context):
    """One grant as an iati-activity, as text."""
    terms = MODALITY_TERMS.get(row.modality, DEFAULT_TERMS)
    start = row.starts_on or row.awarded_on
    end = start + relativedelta(months=row.months) - datetime.timedelta(days=1)
    language = row.language or None
    ref = enterprise_ref(row.enterprise_number)
    kind = terms.receiver_type or ORGANISATION_TYPES.get(row.legal_form, NATIONAL_NGO)
    receiver = org("receiver-org", row.organisation, ref, kind)
    parts = [
        _activity_start(
            context.identifier,
            row.reference,
            language,
            stamp(_last_change(row, tranches, payments)),
            terms.is_humanitarian,
            context,
        ),
        f"<title>{narrative(row.title)}</title>",
        f'<description type="1">{narrative(row.summary or row.title)}</description>',
    ]
    if row.objectives:
        parts.append(f'<description type="2">{narrative(row.objectives)}</description>')
    parts += [context.funder, org("participating-org", row.organisation, ref, kind, "4")]
    # No record says when a grant's project actually started: only the planned start is published.
    actual_end = row.closed_on if row.status == ActivityStatus.CLOSED else None
    parts.append(_dates(row.status, start, end, None, actual_end))
    parts.append(context.contact(row.call))
    parts.append(f'<recipient-country code="{row.country}" percentage="100"/>')
    parts.append(location(narrative(row.city), row.latitude, row.longitude, row.city, row.country))
    parts.append(classification(row.sectors, terms, start, end, row.amount))
    for amount, due_on, _changed in tranches:
        day = max(due_on or row.awarded_on, row.awarded_on)
        parts.append(
            f'<planned-disbursement type="1"><period-start iso-date="{day.isoformat()}"/>{value(amount, day)}'
            f"{context.provider}{receiver}</planned-disbursement>"
        )
    parts.append(transaction("2", row.awarded_on, row.amount, context.provider, receiver))
    for amount, paid_on, _changed in payments:
        parts.append(transaction("3", paid_on, amount, context.provider, receiver))
    parts.append(context.links(row.call, row.awarded_on.year, row.language))
    parts.append(results(row.results, row.indicators))
    parts.append("</iati-activity>")
    return "".join(parts)


def transaction(kind, day, amount, provider, receiver):
    return (
        f'<transaction><transaction-type code="{kind}"/><transaction-date iso-date="{day.isoformat()}"/>'
        f"{value(amount, day)}{provider}{receiver}</transaction>"
    )


def results(expected, indicators):
    """The application's expected results and indicators, as a qualitative result: it gives them as
    text, with no baseline or target figure, so none is published."""
    if not (expected or indicators):
        return ""
    title = narrative(expected or indicators)
    indicator = narrative(indicators or expected)
    return (
        f'<result type="1"><title>{title}</title><indicator measure="5"><title>{indicator}</title></indicator></result>'
    )


# Direct bilateral projects


def project_activity(project, context):
    """A direct bilateral project: the Region funds it, its partner city or region carries it out."""
    partner = project.partner
    terms = MODALITY_TERMS[DIRECT_BILATERAL]
    moments = [project.changed_at, *(d.changed_at for d in project.disbursements.all())]
    known = [moment for moment in moments if moment is not None]
    updated = (
        max(known) if known else timezone.make_aware(datetime.datetime.combine(project.committed_on, datetime.time()))
    )
    parts = [_activity_start(context.identifier, project.reference, "en", stamp(updated), False, context)]
    parts.append(f"<title>{narratives(translations(project, 'title'), 'en')}</title>")
    descriptions = translations(project, "description")
    if any(descriptions.values()):
        parts.append(f'<description type="1">{narratives(descriptions, "en")}</description>')
    else:
        parts.append(f'<description type="1">{narratives(translations(project, "title"), "en")}</description>')
    partner_names = narratives(translations(partner, "name"), "en")
    receiver = org("receiver-org", None, None, LOCAL_GOVERNMENT, names=partner_names)
    parts += [context.funder, org("participating-org", None, None, LOCAL_GOVERNMENT, "4", names=partner_names)]
    started = project.status != Project.Status.PIPELINE and project.starts_on <= timezone.localdate()
    parts.append(
        _dates(project.status, project.starts_on, project.ends_on, project.starts_on if started else None, None)
    )
    parts.append(context.contact(None))
    parts.append(f'<recipient-country code="{project.country}" percentage="100"/>')
    names = narratives(translations(project, "city"), "en") if project.city else partner_names
    parts.append(location(names, partner.latitude, partner.longitude, project.city or str(partner), project.country))
    parts.append(classification(project.sectors, terms, project.starts_on, project.ends_on, project.budget))
    parts.append(transaction("2", project.committed_on, project.budget, context.provider, receiver))
    for disbursement in project.disbursements.all():
        paid_to = org("receiver-org", disbursement.receiver) if disbursement.receiver else receiver
        parts.append(transaction("3", disbursement.paid_on, disbursement.amount, context.provider, paid_to))
    parts.append(context.policy("en") + context.links(None, project.committed_on.year, "en"))
    parts.append("</iati-activity>")
    return "".join(parts)


# The activities file


def activities(grants=None, projects=None, reporter=None):
    """Every iati-activity of the file as text, one at a time: the grants, then the projects."""
    context = Context(reporter or publisher())
    grants = Grant.objects.public() if grants is None else grants
    projects = Project.objects.public().for_iati() if projects is None else projects
    for row, tranches, payments in grant_rows(grants):
        yield grant_activity(row, tranches, payments, context)
    for project in projects.iterator(chunk_size=CHUNK):
        yield project_activity(project, context)


def _opening(root):
    return f"<?xml version='1.0' encoding='utf-8'?>\n<{root} version=\"2.03\" generated-datetime=\"{_generated()}\">"


def activity_chunks(grants=None, reporter=None, projects=None):
    """The activities file as chunks of bytes (for a streamed response or a file)."""
    reporter = reporter or publisher()
    parts, size = [_opening("iati-activities")], 0
    for text in activities(grants, projects, reporter):
        parts.append(text)
        size += len(text)
        if size >= FLUSH_BYTES:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("</iati-activities>")
    yield "".join(parts).encode()


def write_activity_files(directory, max_bytes, grants=None, reporter=None, margin=1_000_000, projects=None):
    """Write activities-1.xml, activities-2.xml... each under max_bytes; returns the paths.

    A file is closed before the activity that would take it past max_bytes - margin.
    """
    reporter = reporter or publisher()
    paths, handle, written = [], None, 0
    closing = b"</iati-activities>"

    def open_next():
        path = directory / f"activities-{len(paths) + 1}.xml"
        paths.append(path)
        out = path.open("wb")
        opening = _opening("iati-activities").encode()
        out.write(opening)
        return out, len(opening)

    handle, written = open_next()
    for text in activities(grants, projects, reporter):
        data = text.encode()
        if written > 200 and written + len(data) + len(closing) > max_bytes - margin:
            handle.write(closing)
            handle.close()
            handle, written = open_next()
        handle.write(data)
        written += len(data)
    handle.write(closing)
    handle.close()
    return paths


# The organisation file


def organisation_chunks(reporter=None):
    """The organisation file: the office, its budgets and expenditure per year, its documents."""
    reporter = reporter or publisher()
    yield (_opening("iati-organisations") + organisation(reporter) + "</iati-organisations>").encode()


def _period(year):
    return f'<period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/>'


def organisation_figures():
    """{year: {"budget": [(modality, amount)], "countries": {code: amount}, "spent": [(modality, amount)]}}
    from the appropriations voted, the grants and projects committed, the payments and disbursements
    made: public rows only."""
    years = defaultdict(lambda: {"budget": [], "countries": defaultdict(Decimal), "spent": defaultdict(Decimal)})
    for year, modality, amount in (
        Appropriation.objects.public().order_by("year", "modality__order").values_list("year", "modality", "amount")
    ):
        years[year]["budget"].append((modality, amount))
    committed = Grant.objects.public().annotate(year=ExtractYear("awarded_on")).order_by()
    for year, country, total in committed.values_list("year", "application__country").annotate(total=Sum("amount")):
        years[year]["countries"][country] += total
    projects = Project.objects.public().annotate(year=ExtractYear("committed_on")).order_by()
    for year, country, total in projects.values_list("year", "partner__country").annotate(total=Sum("budget")):
        years[year]["countries"][str(country)] += total
    paid = Payment.objects.public().annotate(year=ExtractYear("paid_on")).order_by()
    for year, modality, total in paid.values_list("year", "tranche__grant__application__call__modality").annotate(
        total=Sum("amount")
    ):
        years[year]["spent"][modality] += total
    direct = Disbursement.objects.public().annotate(year=ExtractYear("paid_on")).order_by()
    for year, total in direct.values_list("year").annotate(total=Sum("amount")):
        years[year]["spent"][DIRECT_BILATERAL] += total
    return dict(sorted(years.items()))


def organisation(reporter):
    context = Context(reporter)
    modalities = {m.pk: m for m in Modality.objects.public()}
    by_slug = {m.slug: m for m in modalities.values()}
    parts = [
        f'<iati-organisation xml:lang="en" default-currency="{CURRENCY}" last-updated-datetime="{_generated()}">',
        f"<organisation-identifier>{esc(reporter.identifier)}</organisation-identifier>",
        f"<name>{context.office_names}</name>",
        org("reporting-org", None, reporter.identifier, reporter.organisation_type, names=context.office_names),
    ]
    figures = organisation_figures()
    for year, figure in figures.items():
        if figure["budget"]:
            total = sum((amount for _m, amount in figure["budget"]), Decimal(0))
            lines = "".join(
                f'<budget-line ref="{esc(modalities[m].slug)}">{value(amount, datetime.date(year, 1, 1))}'
                f"{narratives(translations(modalities[m], 'name'), 'en')}</budget-line>"
                for m, amount in figure["budget"]
            )
            total = value(total, datetime.date(year, 1, 1))
            parts.append(f'<total-budget status="2">{_period(year)}{total}{lines}</total-budget>')
    for year, figure in figures.items():
        for country, amount in sorted(figure["countries"].items()):
            parts.append(
                f'<recipient-country-budget status="2"><recipient-country code="{country}"/>{_period(year)}'
                f"{value(amount, datetime.date(year, 1, 1))}</recipient-country-budget>"
            )
    for year, figure in figures.items():
        if figure["spent"]:
            total = sum(figure["spent"].values(), Decimal(0))
            lines = []
            for key, amount in figure["spent"].items():
                modality = by_slug.get(key) if isinstance(key, str) else modalities.get(key)
                names = narratives(translations(modality, "name"), "en") if modality else narrative(str(key))
                ref = f' ref="{esc(modality.slug)}"' if modality else ""
                lines.append(f"<expense-line{ref}>{value(amount, datetime.date(year, 12, 31))}{names}</expense-line>")
            parts.append(
                f"<total-expenditure>{_period(year)}{value(total, datetime.date(year, 12, 31))}"
                f"{''.join(lines)}</total-expenditure>"
            )
    parts.append(organisation_documents(context))
    parts.append("</iati-organisation>")
    return "".join(parts)


def organisation_documents(context):
    """The policy page (the institutional strategy) and every published annual report, in each language."""
    parts = [context.policy(code) for code in content_languages()]
    for year, published_at in context.reports.items():
        for code in content_languages():
            title = narrative(context.titles[code][1] % {"year": year}, code)
            url = site_url("cooperation:annual-report-pdf", [year], code)
            parts.append(document_link(url, "application/pdf", title, "B01", code, published_at.date()))
    return "".join(parts)
