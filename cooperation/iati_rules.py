"""The rules an IATI file must keep beyond its schema, checked on what the export writes.

Three sources, one checker (used by the tests and by `manage.py check_iati`):

1. **The IATI Standard's rulesets for 2.03**: `iati_reference/rulesets/standard.json`, unmodified
   from IATI-Rulesets, the rules the IATI Validator applies (budget periods of at most a year,
   dates in order and not in the future, percentages that add up to 100, identifiers, every
   organisation named, a language for every text...). This module reads the JSON and applies
   each rule as its specification (SPEC.rst there) says. `idCondition` asks the Registry
   whether an identifier is a known publisher's; the checker has no network and applies those
   rules to every identifier.
2. **The data-quality points of the IATI Dashboard that apply** (its comprehensiveness tests):
   a reporting organisation with a known identifier prefix, a funding organisation, a
   commitment, disbursements once the activity has run a year, budgets for the years ahead,
   contact with an e-mail, a location with a valid point, valid document links, a DAC aid type,
   the humanitarian flag on humanitarian sectors, identifiers of known registration agencies.
3. **What the IATI guidance asks and no ruleset encodes**: the status against the dates (an
   activity past its planned end is no longer in implementation), budgets of one kind that do
   not overlap, a provider and a receiver on every transaction.

Plus the XSD and the codelists (cooperation.codelists). Each broken rule is a Problem naming
the activity (its iati-identifier) and the rule.
"""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from lxml import etree

from cooperation import codelists

RULESETS = codelists.REFERENCE / "rulesets"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTIVITY_ROOT = "iati-activities"
ORGANISATION_ROOT = "iati-organisations"
HUMANITARIAN_SECTORS = {"72010", "72011", "72012", "72040", "72050", "73010", "74010", "74020"}
ISO_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Problem:
    subject: str  # the activity's iati-identifier, or the organisation's identifier
    rule: str  # "7.5.3" (IATI ruleset), "dashboard ...", "guidance ...", "schema", "codelist"
    severity: str  # "error" or "warning", as the ruleset says
    message: str

    def __str__(self):
        return f"{self.subject}: [{self.rule}, {self.severity}] {self.message}"


@cache
def standard():
    return json.loads((RULESETS / "standard.json").read_text())


@cache
def agency_prefixes():
    """The org-id.guide registration agencies (OrganisationRegistrationAgency), withdrawn ones included:
    an identifier made under a withdrawn prefix still names its organisation."""
    tree = etree.parse(str(codelists.CODELISTS / "OrganisationRegistrationAgency.xml"))
    return tuple(sorted((code.text for code in tree.iter("code")), key=len, reverse=True))


def has_known_prefix(ref):
    return any(ref.startswith(f"{prefix}-") for prefix in agency_prefixes())


@cache
def xpath(expression):
    return etree.XPath(expression)


def _text(match):
    return match.text or "" if isinstance(match, etree._Element) else str(match)


def _matches(element, paths):
    found = []
    for path in paths:
        result = xpath(path)(element)
        found += result if isinstance(result, list) else [result]
    return found


def _date(value):
    match = ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _dates(element, path, today):
    if path in ("NOW", "TODAY"):
        return [today]
    return [day for day in (_date(_text(m)) for m in _matches(element, [path])) if day is not None]


def _decimal(value):
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


# The ruleset's rules: each returns True (kept), False (broken) or None (does not apply).


def no_more_than_one(element, case, today):
    return len(_matches(element, case["paths"])) <= 1


def atleast_one(element, case, today):
    return len(_matches(element, case["paths"])) >= 1


def unique(element, case, today):
    texts = [_text(m) for m in _matches(element, case["paths"])]
    return len(texts) == len(set(texts))


def one_or_all(element, case, today):
    if xpath(case["one"])(element):
        return True
    if case["all"] == "lang":
        return all(n.get(XML_LANG) for n in element.iter("narrative"))
    if case["all"] == "sector":
        return all(t.find("sector") is not None for t in element.findall("transaction"))
    if case["all"] == "currency":
        return all(v.get("currency") for tag in ("value", "forecast", "loan-status") for v in element.iter(tag))
    return True


def date_now(element, case, today):
    values = _matches(element, [case["date"]])
    if not values:
        return None
    try:
        moment = datetime.datetime.fromisoformat(_text(values[0]))
    except ValueError:
        return False
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment <= timezone.now()


def date_order(element, case, today):
    less, more = _dates(element, case["less"], today), _dates(element, case["more"], today)
    if not less or not more:
        return None
    return max(less) <= min(more)


def time_limit(element, case, today):
    start, end = _dates(element, case["start"], today), _dates(element, case["end"], today)
    if not start or not end:
        return None
    return end[0] <= start[0] + relativedelta(years=1)


def between_dates(element, case, today):
    dates = _dates(element, case["date"], today)
    start, end = _dates(element, case["start"], today), _dates(element, case["end"], today)
    if not dates or not start or not end:
        return None
    return all(start[0] <= day <= end[0] for day in dates)


def regex_matches(element, case, today):
    return all(re.search(case["regex"], _text(m)) for m in _matches(element, case["paths"]))


def regex_no_matches(element, case, today):
    return not any(re.search(case["regex"], _text(m)) for m in _matches(element, case["paths"]))


def no_spaces(element, case, today):
    return all(_text(m) == _text(m).strip() for m in _matches(element, case["paths"]))


def startswith(element, case, today):
    prefixes = []
    for path in case["prefix"]:
        prefixes += agency_prefixes() if path == "ORG-ID-PREFIX" else [_text(m) for m in _matches(element, [path])]
    separator = case.get("separator", "")
    if case["prefix"] == ["ORG-ID-PREFIX"]:
        separator = "-"
    return all(
        any(_text(m).startswith(prefix + separator) for prefix in prefixes if prefix)
        for m in _matches(element, case["paths"])
    )


def strict_sum(element, case, today):
    values = [_decimal(_text(m)) for m in _matches(element, case["paths"])]
    return None not in values and sum(values, Decimal(0)) == Decimal(str(case["sum"]))


def range_(element, case, today):
    low, high = Decimal(str(case.get("min", "-Infinity"))), Decimal(str(case.get("max", "Infinity")))
    values = [_decimal(_text(m)) for m in _matches(element, case["paths"])]
    return all(v is not None and low <= v <= high for v in values)


def if_then(element, case, today):
    return bool(xpath(case["then"])(element)) if xpath(case["if"])(element) else True


def loop(element, case, today):
    """Each distinct value of `foreach` put in place of $1 in the `subs` keys of the cases of `do`."""
    results = []
    for value in sorted({_text(v) for v in xpath(case["foreach"])(element)}):
        for rule, body in case["do"].items():
            for sub_case in body["cases"]:
                filled = dict(sub_case)
                for key in case["subs"]:
                    filled[key] = _substitute(sub_case[key], value) if key in sub_case else None
                results.append((filled, apply(element, rule, filled, today)))
    return results


def _substitute(template, value):
    if isinstance(template, list):
        return [item.replace("$1", value) for item in template]
    return template.replace("$1", value)


RULES = {
    "no_more_than_one": no_more_than_one,
    "atleast_one": atleast_one,
    "unique": unique,
    "one_or_all": one_or_all,
    "date_now": date_now,
    "date_order": date_order,
    "time_limit": time_limit,
    "between_dates": between_dates,
    "regex_matches": regex_matches,
    "regex_no_matches": regex_no_matches,
    "no_spaces": no_spaces,
    "startswith": startswith,
    "strict_sum": strict_sum,
    "range": range_,
    "if_then": if_then,
    "loop": loop,
}


def apply(element, rule, case, today):
    if case.get("condition") and not xpath(case["condition"])(element):
        return None
    return RULES[rule](element, case, today)


def ruleset_problems(document, subject, today):
    """The rules of the IATI ruleset broken in a document holding one activity or organisation."""
    problems = []
    for context, rules in standard().items():
        for element in document.xpath(context):
            for rule, body in rules.items():
                for case in body["cases"]:
                    result = apply(element, rule, case, today)
                    outcomes = result if isinstance(result, list) else [(case, result)]
                    for outcome_case, outcome in outcomes:
                        if outcome is False:
                            info = (outcome_case or case).get("ruleInfo") or case.get("ruleInfo", {})
                            problems.append(Problem(subject, info["id"], info["severity"], info["message"]))
    return problems


# The IATI Dashboard's data-quality points and the guidance


def _valid_point(text):
    parts = (text or "").split()
    if len(parts) != 2:
        return False
    latitude, longitude = _decimal(parts[0]), _decimal(parts[1])
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return False
    return -90 <= latitude <= 90 and -180 <= longitude <= 180


def _valid_url(url):
    return bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", url or ""))


def dashboard_problems(activity, subject, today):
    def problem(name, message, severity="error"):
        return Problem(subject, f"dashboard {name}", severity, message)

    found = []
    reporting = activity.find("reporting-org")
    ref = reporting.get("ref", "") if reporting is not None else ""
    if not ref or not has_known_prefix(ref):
        found.append(problem("reporting-org", "The reporting organisation's identifier has no known agency prefix."))
    if not activity.xpath("participating-org[@role='1']"):
        found.append(problem("participating-org", "No funding organisation (participating-org role 1)."))
    for org in activity.xpath("participating-org[@ref]|transaction/*[@ref]|planned-disbursement/*[@ref]"):
        if not has_known_prefix(org.get("ref")):
            found.append(problem(f"{org.tag} ref", f"The identifier {org.get('ref')} has no known agency prefix."))
    if not activity.xpath("transaction[transaction-type/@code='2' or transaction-type/@code='11']"):
        found.append(problem("transaction_commitment", "No commitment."))
    finished = activity.xpath("activity-status/@code='3' or activity-status/@code='4'")
    if finished and not activity.xpath("transaction[transaction-type/@code='3' or transaction-type/@code='4']"):
        found.append(problem("transaction_spend", "Completed or closed with no disbursement.", "warning"))
    found += _forward_looking(activity, today, problem)
    if not activity.xpath("contact-info/email[normalize-space()]"):
        found.append(problem("contact-info", "No contact e-mail."))
    points = activity.xpath("location/point/pos/text()")
    if not points or not all(_valid_point(point) for point in points):
        found.append(problem("location_point_pos", "No location with a valid point (latitude longitude)."))
    links = activity.findall("document-link")
    if not links:
        found.append(problem("document-link", "No document link."))
    for link in links:
        if not _valid_url(link.get("url")) or link.find("category") is None:
            found.append(
                problem("document-link", f"A document link is not a web address with a category: {link.get('url')}")
            )
    if not activity.xpath("default-aid-type[not(@vocabulary) or @vocabulary='1']/@code"):
        found.append(problem("aid_type", "No default aid type of the OECD DAC vocabulary."))
    sectors = set(activity.xpath("sector[not(@vocabulary) or @vocabulary='1']/@code"))
    if sectors & HUMANITARIAN_SECTORS and activity.get("humanitarian") not in ("1", "true"):
        found.append(problem("humanitarian", "Humanitarian sectors without the humanitarian flag."))
    return found


def _forward_looking(activity, today, problem):
    """Budgets for this year and the next two, for the years the activity runs (the Dashboard
    leaves out activities ending within six months)."""
    ends = [_date(d) for d in activity.xpath("activity-date[@type='3' or @type='4']/@iso-date")]
    ends = [end for end in ends if end]
    status = activity.xpath("string(activity-status/@code)")
    if status not in ("1", "2") or (ends and max(ends) < today + relativedelta(months=6)):
        return []
    budgeted = set()
    for budget in activity.findall("budget"):
        start, end = (
            _date(budget.xpath("string(period-start/@iso-date)")),
            _date(budget.xpath("string(period-end/@iso-date)")),
        )
        if start and end:
            budgeted |= set(range(start.year, end.year + 1))
    last = min(today.year + 2, max(ends).year if ends else today.year + 2)
    missing = [year for year in range(today.year, last + 1) if year not in budgeted]
    if missing:
        return [problem("budget", f"No budget for {', '.join(map(str, missing))}, years the activity runs.")]
    return []


def guidance_problems(activity, subject, today):
    def problem(name, message):
        return Problem(subject, f"guidance {name}", "error", message)

    found = []
    status = activity.xpath("string(activity-status/@code)")
    planned_end = [_date(d) for d in activity.xpath("activity-date[@type='3']/@iso-date")]
    actual_end = [_date(d) for d in activity.xpath("activity-date[@type='4']/@iso-date")]
    if status == "2" and planned_end and planned_end[0] and planned_end[0] < today:
        found.append(problem("activity-status", "Still in implementation (2) after its planned end."))
    if status in ("3", "4") and not any(day and day <= today for day in planned_end + actual_end):
        found.append(problem("activity-status", "Being completed or closed before any end date."))
    if status == "1" and activity.xpath("activity-date[@type='2']"):
        found.append(problem("activity-status", "In the pipeline with an actual start date."))
    periods = sorted(
        (
            (_date(b.xpath("string(period-start/@iso-date)")), _date(b.xpath("string(period-end/@iso-date)")))
            for b in activity.xpath("budget[not(@type) or @type='1']")
        ),
        key=lambda period: period[0] or datetime.date.min,
    )
    for (_start, end), (start, _end) in zip(periods, periods[1:], strict=False):
        if end and start and start <= end:
            found.append(problem("budget", "Budgets of one type overlap."))
    for transaction in activity.findall("transaction"):
        if transaction.find("provider-org") is None or transaction.find("receiver-org") is None:
            found.append(problem("transaction", "A transaction names no provider or no receiver organisation."))
    return found


# Whole documents


def schema_problems(document, kind, subject):
    schema = codelists.schema(kind)
    found = []
    if not schema.validate(document):
        found += [Problem(subject, "schema", "error", str(error.message)) for error in schema.error_log]
    found += [Problem(subject, "codelist", "error", error) for error in codelists.code_errors(document)]
    return found


def check_activity(activity, today=None):
    """Every rule the activity breaks; `activity` is an iati-activity element (it is moved into a
    document of its own)."""
    today = today or timezone.localdate()
    subject = activity.findtext("iati-identifier") or "(no iati-identifier)"
    root = etree.Element(ACTIVITY_ROOT, version="2.03")
    root.append(activity)
    document = etree.ElementTree(root)
    return [
        *schema_problems(document, "activities", subject),
        *ruleset_problems(document, subject, today),
        *dashboard_problems(activity, subject, today),
        *guidance_problems(activity, subject, today),
    ]


def check_organisation(organisation, today=None):
    today = today or timezone.localdate()
    subject = organisation.findtext("organisation-identifier") or "(no organisation-identifier)"
    root = etree.Element(ORGANISATION_ROOT, version="2.03")
    root.append(organisation)
    document = etree.ElementTree(root)
    found = [*schema_problems(document, "organisations", subject), *ruleset_problems(document, subject, today)]
    if not has_known_prefix(subject):
        found.append(Problem(subject, "dashboard organisation", "error", "The identifier has no known agency prefix."))
    return found


def check_chunks(chunks, today=None):
    """The problems of a file given as chunks of bytes (as the export streams it), one activity or
    organisation at a time, so that memory stays flat whatever the size."""
    parser = etree.XMLPullParser(events=("end",), tag=("iati-activity", "iati-organisation"))
    for chunk in chunks:
        parser.feed(chunk)
        yield from _checked(parser, today)
    parser.close()
    yield from _checked(parser, today)


def _checked(parser, today):
    # Each element is moved out of the parsed tree into a document of its own, so the tree keeps
    # nothing of the activities already checked.
    for _event, element in parser.read_events():
        if element.tag == "iati-activity":
            yield from check_activity(element, today)
        else:
            yield from check_organisation(element, today)


def check_file(path, today=None):
    with open(path, "rb") as handle:
        yield from check_chunks(iter(lambda: handle.read(1 << 20), b""), today)
