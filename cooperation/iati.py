"""IATI 2.03 publication: the activities file (one iati-activity per grant and per direct bilateral
project) and the organisation file.

Both are written incrementally with lxml's xmlfile: one activity is built, written and dropped
at a time, so memory stays flat whatever the number of grants. The activities can be split into
several files, each under a byte limit (the IATI Registry refuses files over 60,000,000 bytes).
Every code written comes from cooperation/iati_reference/codelists (checked at entry and by
tests), and the output validates against the XSD kept there.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lxml import etree

from cooperation.models import ApplicantOrganisation, Appropriation, Grant, IatiPublisher, Project
from core.models import Organisation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CURRENCY = "EUR"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# Fixed classifications of a grant to an NGO project (codelists FlowType, FinanceType, AidType,
# TiedStatus, CollaborationType): ODA, standard grant, project-type intervention, untied, bilateral.
FLOW_ODA = "10"
FINANCE_GRANT = "110"
AID_PROJECT = "C01"
TIED_UNTIED = "5"
COLLABORATION_BILATERAL = "1"
ORGANISATION_TYPES = {
    ApplicantOrganisation.LegalForm.INTERNATIONAL_NONPROFIT: "21",
    ApplicantOrganisation.LegalForm.FOUNDATION: "60",
    ApplicantOrganisation.LegalForm.PUBLIC: "15",
}
NATIONAL_NGO = "22"
LOCAL_GOVERNMENT = "11"
FLUSH_BYTES = 64 * 1024


class NotConfigured(Exception):
    """The export cannot run yet; the message says why."""


def publisher():
    found = IatiPublisher.objects.select_related("organisation").first()
    if found is None:
        raise NotConfigured(
            _(
                "The IATI export needs the reporting organisation's identifier (an org-id.guide prefix and a "
                "registration number). Set it in the back office under Development cooperation > IATI publisher."
            )
        )
    return found


def _text(parent, tag, text, language=None, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    if language:
        narrative.set(XML_LANG, language)
    return element


def _date(value):
    return value.isoformat()


def _money(parent, amount, value_date):
    value = etree.SubElement(parent, "value", currency=CURRENCY, **{"value-date": _date(value_date)})
    value.text = f"{Decimal(amount):.2f}"
    return value


def _percentages(count):
    """Shares that add up to exactly 100 with two decimals."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"))
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _activity_element(reporter, reference):
    """An iati-activity with its identifier (the publisher's, then the record's reference) and reporter."""
    updated = timezone.now().replace(microsecond=0).isoformat()
    element = etree.Element(
        "iati-activity",
        {XML_LANG: "en", "default-currency": CURRENCY, "last-updated-datetime": updated, "hierarchy": "1"},
    )
    etree.SubElement(element, "iati-identifier").text = f"{reporter.identifier}-{reference}"
    _text(
        element, "reporting-org", reporter.organisation.name, ref=reporter.identifier, type=reporter.organisation_type
    )
    return element


def activity(grant, reporter):
    """One grant as an iati-activity element."""
    application = grant.application
    organisation = application.organisation
    start = application.starts_on or grant.awarded_on
    end = start + relativedelta(months=application.duration_months)
    language = organisation.language if organisation.language != "en" else None
    element = _activity_element(reporter, application.reference)
    _text(element, "title", application.title, language)
    _text(element, "description", application.summary or application.title, language, type="1")
    if application.objectives:
        _text(element, "description", application.objectives, language, type="2")
    _text(element, "participating-org", reporter.organisation.name, ref=reporter.identifier, type="10", role="1")
    _text(
        element,
        "participating-org",
        organisation.name,
        type=ORGANISATION_TYPES.get(organisation.legal_form, NATIONAL_NGO),
        role="4",
    )
    etree.SubElement(element, "activity-status", code="4" if grant.closed_on else "2")
    etree.SubElement(element, "activity-date", type="1", **{"iso-date": _date(start)})
    etree.SubElement(element, "activity-date", type="2", **{"iso-date": _date(grant.awarded_on)})
    etree.SubElement(element, "activity-date", type="3", **{"iso-date": _date(end)})
    if grant.closed_on:
        etree.SubElement(element, "activity-date", type="4", **{"iso-date": _date(grant.closed_on)})
    etree.SubElement(element, "recipient-country", code=application.country, percentage="100")
    location = etree.SubElement(element, "location")
    _text(location, "name", application.city)
    _point(location, application.latitude, application.longitude)
    _sectors_terms_and_budget(element, application.sector_codes(), start, end, grant.amount)
    _transaction(element, "2", grant.awarded_on, grant.amount, organisation.name)
    for tranche in grant.tranches.all():
        for payment in tranche.payments.all():
            _transaction(element, "3", payment.paid_on, payment.amount, organisation.name)
    return element


def project_activity(project, reporter):
    """A direct bilateral project as an iati-activity: the Region funds it, its partner city or
    region carries it out; no call, no grant."""
    partner = project.partner
    element = _activity_element(reporter, project.reference)
    _narratives(etree.SubElement(element, "title"), project, "title")
    if any(getattr(project, f"description_{code}", "") for code in ("en", "fr", "nl", "de")):
        _narratives(etree.SubElement(element, "description", type="1"), project, "description")
    _text(element, "participating-org", reporter.organisation.name, ref=reporter.identifier, type="10", role="1")
    participant = etree.SubElement(element, "participating-org", type=LOCAL_GOVERNMENT, role="4")
    _narratives(participant, partner, "name")
    etree.SubElement(element, "activity-status", code=project.status)
    etree.SubElement(element, "activity-date", type="1", **{"iso-date": _date(project.starts_on)})
    if project.status != Project.Status.PIPELINE:
        etree.SubElement(element, "activity-date", type="2", **{"iso-date": _date(project.starts_on)})
    etree.SubElement(element, "activity-date", type="3", **{"iso-date": _date(project.ends_on)})
    etree.SubElement(element, "recipient-country", code=project.country, percentage="100")
    location = etree.SubElement(element, "location")
    name = etree.SubElement(location, "name")
    if project.city:
        _narratives(name, project, "city")
    else:
        _narratives(name, partner, "name")
    _point(location, partner.latitude, partner.longitude)
    _sectors_terms_and_budget(element, project.sector_codes(), project.starts_on, project.ends_on, project.budget)
    receiver = str(partner)
    _transaction(element, "2", project.committed_on, project.budget, receiver)
    for disbursement in project.disbursements.all():
        _transaction(element, "3", disbursement.paid_on, disbursement.amount, disbursement.receiver or receiver)
    return element


def _point(location, latitude, longitude):
    if latitude is not None and longitude is not None:
        point = etree.SubElement(location, "point", srsName=WGS84)
        etree.SubElement(point, "pos").text = f"{latitude} {longitude}"


def _sectors_terms_and_budget(element, codes, start, end, amount):
    """The sectors (shares adding up to 100), the fixed terms of a project grant, and its budget."""
    for code, share in zip(codes, _percentages(len(codes)), strict=True):
        etree.SubElement(element, "sector", vocabulary="1", code=code, percentage=f"{share}")
    etree.SubElement(element, "collaboration-type", code=COLLABORATION_BILATERAL)
    etree.SubElement(element, "default-flow-type", code=FLOW_ODA)
    etree.SubElement(element, "default-finance-type", code=FINANCE_GRANT)
    etree.SubElement(element, "default-aid-type", vocabulary="1", code=AID_PROJECT)
    etree.SubElement(element, "default-tied-status", code=TIED_UNTIED)
    budget = etree.SubElement(element, "budget", type="1", status="2")
    etree.SubElement(budget, "period-start", **{"iso-date": _date(start)})
    etree.SubElement(budget, "period-end", **{"iso-date": _date(end)})
    _money(budget, amount, start)


def _activities(grants, projects, reporter):
    """Every iati-activity of the file, one at a time: the grants, then the direct bilateral projects."""
    grants = Grant.objects.public().for_iati() if grants is None else grants
    projects = Project.objects.public().for_iati() if projects is None else projects
    for grant in grants.iterator(chunk_size=1000):
        yield activity(grant, reporter)
    for project in projects.iterator(chunk_size=1000):
        yield project_activity(project, reporter)


def _transaction(parent, kind, day, amount, receiver):
    transaction = etree.SubElement(parent, "transaction")
    etree.SubElement(transaction, "transaction-type", code=kind)
    etree.SubElement(transaction, "transaction-date", **{"iso-date": _date(day)})
    _money(transaction, amount, day)
    _text(transaction, "receiver-org", receiver)


class _Buffer:
    """A write target that keeps what lxml wrote until it is taken, and counts every byte."""

    def __init__(self):
        self.parts = []
        self.pending = 0
        self.written = 0

    def write(self, data):
        self.parts.append(data)
        self.pending += len(data)
        self.written += len(data)

    def take(self):
        data = b"".join(self.parts)
        self.parts, self.pending = [], 0
        return data


def _generated():
    return timezone.now().replace(microsecond=0).isoformat()


def activity_chunks(grants=None, reporter=None, projects=None):
    """The activities file as chunks of bytes (for a streamed response or a file)."""
    reporter = reporter or publisher()
    buffer = _Buffer()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", version="2.03", **{"generated-datetime": _generated()}):
            for element in _activities(grants, projects, reporter):
                xf.write(element)
                if buffer.pending >= FLUSH_BYTES:
                    xf.flush()
                    yield buffer.take()
    yield buffer.take()


def write_activity_files(directory, max_bytes, grants=None, reporter=None, margin=1_000_000, projects=None):
    """Write activities-1.xml, activities-2.xml... each under max_bytes; returns the paths.

    A file is closed once it passes max_bytes - margin; one activity is far below the margin.
    """
    reporter = reporter or publisher()
    paths, written = [], 0

    def open_next():
        path = directory / f"activities-{len(paths) + 1}.xml"
        paths.append(path)
        out = path.open("wb")
        context = etree.xmlfile(out, encoding="utf-8")
        writer = context.__enter__()
        writer.write_declaration()
        element = writer.element("iati-activities", version="2.03", **{"generated-datetime": _generated()})
        element.__enter__()
        return out, context, writer, element

    def close(out, context, element):
        element.__exit__(None, None, None)
        context.__exit__(None, None, None)
        out.close()

    handle, xf_context, xf, root = open_next()
    for element in _activities(grants, projects, reporter):
        size = len(etree.tostring(element))
        if written and written + size > max_bytes - margin:
            close(handle, xf_context, root)
            handle, xf_context, xf, root = open_next()
            written = 0
        xf.write(element)
        written += size
    close(handle, xf_context, root)
    return paths


def organisation_chunks(reporter=None):
    """The organisation file: the office and its yearly development cooperation budgets."""
    reporter = reporter or publisher()
    office = reporter.organisation or Organisation.objects.first()
    buffer = _Buffer()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", version="2.03", **{"generated-datetime": _generated()}):
            xf.write(organisation(office, reporter))
    yield buffer.take()


def organisation(office, reporter):
    element = etree.Element(
        "iati-organisation", {XML_LANG: "en", "default-currency": CURRENCY, "last-updated-datetime": _generated()}
    )
    etree.SubElement(element, "organisation-identifier").text = reporter.identifier
    _text(element, "name", office.name)
    _text(element, "reporting-org", office.name, ref=reporter.identifier, type=reporter.organisation_type)
    years = {}
    for appropriation in Appropriation.objects.select_related("modality").order_by("year", "modality__order"):
        years.setdefault(appropriation.year, []).append(appropriation)
    for year, lines in years.items():
        budget = etree.SubElement(element, "total-budget", status="2")
        etree.SubElement(budget, "period-start", **{"iso-date": f"{year}-01-01"})
        etree.SubElement(budget, "period-end", **{"iso-date": f"{year}-12-31"})
        _money(budget, sum(line.amount for line in lines), datetime.date(year, 1, 1))
        for line in lines:
            budget_line = etree.SubElement(budget, "budget-line", ref=line.modality.slug)
            _money(budget_line, line.amount, datetime.date(year, 1, 1))
            _narratives(budget_line, line.modality, "name")
    return element


def _narratives(parent, obj, field):
    """One narrative per language the translated field has: English first, as the default."""
    for code in ("en", "fr", "nl", "de"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            narrative = etree.SubElement(parent, "narrative")
            narrative.text = value
            if code != "en":
                narrative.set(XML_LANG, code)
