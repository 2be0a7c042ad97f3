"""Grants in the 360Giving Data Standard, and partnerships as Wikidata statements.

- `grants_360giving()`: the public grants (Grant.objects.public()) as a 360Giving grants package,
  valid against the standard's schema (api/tests/data, from ThreeSixtyGiving/standard). The funder
  is the IATI publisher's organisation identifier (org-id.guide); a recipient is named by its
  Belgian enterprise number (BE-BCE_KBO). Without the publisher's identifier it is not offered.
- `quickstatements()`: each public partner with a Wikidata item as a P190 ("twinned
  administrative body") statement of the office's region, with the start (P580) of the first
  public agreement, the end (P582) once every agreement has expired, and the partner's public
  page as reference URL (S854). Without the region's own Wikidata item it is not offered.
"""

import datetime

from django.utils import timezone

from cooperation.iati import BELGIAN_ENTERPRISES, NotConfigured, publisher
from cooperation.models import Grant
from partners.models import Agreement, Partner

SCHEMA_VERSION = "1.4"
# Wikidata's time precision: 9 a year, 10 a month, 11 a day.
PRECISION = {"year": 9, "month": 10, "day": 11}


def _recipient(organisation):
    number = "".join(ch for ch in organisation.enterprise_number if ch.isdigit())
    identifier = f"{BELGIAN_ENTERPRISES}-{number}" if number else f"LIAISON-APPLICANT-{organisation.pk}"
    return {"id": identifier, "name": organisation.name}


def _midnight(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min)).isoformat()


def grants_360giving(site_url=""):
    """{"grants": [...]}: the 360Giving package of the public grants (NotConfigured without an
    IATI publisher)."""
    reporter = publisher()
    funder = {"id": reporter.identifier, "name": reporter.organisation.name}
    grants = Grant.objects.public().select_related("application__organisation", "application__call")
    out = []
    for grant in grants.order_by("pk").iterator(chunk_size=1000):
        application = grant.application
        item = {
            "id": f"{reporter.identifier}-{application.reference or grant.pk}",
            "title": application.title,
            "description": application.summary or application.title,
            "currency": "EUR",
            "amountAwarded": float(grant.amount),
            # A full date-time: the schema's oneOf admits a plain date through a pattern and a
            # date-time through a format, and a plain date matches both when formats go unchecked.
            "awardDate": _midnight(grant.awarded_on),
            "recipientOrganization": [_recipient(application.organisation)],
            "fundingOrganization": [funder],
            "grantProgramme": [{"code": str(application.call_id), "title": application.call.title}],
        }
        if application.country:
            item["beneficiaryLocation"] = [
                {"name": application.city or application.country, "countryCode": application.country}
            ]
        out.append(item)
    if not out:
        raise NotConfigured("no public grant")
    return {
        "grants": out,
        "version": SCHEMA_VERSION,
        "issued": timezone.now().isoformat(timespec="seconds"),
        "publisher": {"identifier": reporter.identifier, "name": reporter.organisation.name},
    }


def _time(date, precision):
    if precision == 9:
        return f"+{date.year:04d}-00-00T00:00:00Z/9"
    if precision == 10:
        return f"+{date.year:04d}-{date.month:02d}-00T00:00:00Z/10"
    return f"+{date.isoformat()}T00:00:00Z/11"


def quickstatements(region_item, site_url="", today=None):
    """The P190 statements as QuickStatements (version 1, tab-separated), one line a partner."""
    today = today or timezone.localdate()
    lines = []
    partners = Partner.objects.public().exclude(wikidata_id="").order_by("slug")
    for partner in partners:
        agreements = list(Agreement.objects.public().filter(partner=partner).order_by("signed_on"))
        statement = [region_item, "P190", partner.wikidata_id]
        signed = [a for a in agreements if a.signed_on]
        if signed:
            first = signed[0]
            statement += ["P580", _time(first.signed_on, PRECISION.get(first.signed_on_precision, 11))]
        ends = [a.valid_until for a in agreements]
        if agreements and all(ends) and max(ends) < today:
            statement += ["P582", _time(max(ends), 11)]
        statement += ["S854", f'"{site_url}{partner.get_absolute_url()}"']
        lines.append("\t".join(statement))
    return "\n".join(lines) + ("\n" if lines else "")
