"""The IATI checker reports each rule broken: for every rule of the 2.03 ruleset, of the IATI
Dashboard and of the guidance, one bad record, and the rule named in what the checker finds.

The records are activities and an organisation as the export writes them (a good one first,
which breaks nothing), each changed in one way."""

import datetime
import json

import pytest
from lxml import etree

from cooperation import iati_rules

TODAY = datetime.date(2026, 12, 7)
NAMES = '<narrative xml:lang="en">Brussels International</narrative>'
PROVIDER = f'<provider-org ref="XI-IATI-LIAISON" type="10">{NAMES}</provider-org>'
RECEIVER = '<receiver-org ref="BE-BCE_KBO-0403170701" type="22"><narrative>Urban Solidarity</narrative></receiver-org>'
GOOD_ACTIVITY = f"""
<iati-activity xml:lang="en" default-currency="EUR" last-updated-datetime="2026-11-02T10:00:00+01:00" hierarchy="1">
<iati-identifier>XI-IATI-LIAISON-DEV-2026-1-0001</iati-identifier>
<reporting-org ref="XI-IATI-LIAISON" type="10">{NAMES}</reporting-org>
<title><narrative>Rainwater in Kinshasa</narrative></title>
<description type="1"><narrative>Drainage for two neighbourhoods.</narrative></description>
<participating-org ref="XI-IATI-LIAISON" type="10" role="1">{NAMES}</participating-org>
<participating-org ref="BE-BCE_KBO-0403170701" type="22" role="4">
<narrative>Urban Solidarity</narrative></participating-org>
<activity-status code="2"/>
<activity-date type="1" iso-date="2026-04-01"/><activity-date type="3" iso-date="2028-03-31"/>
<contact-info type="1"><organisation>{NAMES}</organisation><email>info@example.org</email></contact-info>
<recipient-country code="CD" percentage="100"/>
<location><location-reach code="1"/><name><narrative>Kinshasa</narrative></name>
<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>-4.32758 15.31357</pos></point>
<exactness code="1"/></location>
<sector vocabulary="1" code="14030" percentage="50.00"/><sector vocabulary="1" code="43030" percentage="50.00"/>
<collaboration-type code="1"/><default-flow-type code="10"/><default-finance-type code="110"/>
<default-aid-type vocabulary="1" code="C01"/><default-tied-status code="5"/>
<budget type="1" status="2"><period-start iso-date="2026-04-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-04-01">33861.83</value></budget>
<budget type="1" status="2"><period-start iso-date="2027-01-01"/><period-end iso-date="2027-12-31"/>
<value currency="EUR" value-date="2027-01-01">44938.44</value></budget>
<budget type="1" status="2"><period-start iso-date="2028-01-01"/><period-end iso-date="2028-03-31"/>
<value currency="EUR" value-date="2028-01-01">11199.73</value></budget>
<planned-disbursement type="1"><period-start iso-date="2026-03-01"/>
<value currency="EUR" value-date="2026-03-01">60000.00</value>{PROVIDER}{RECEIVER}</planned-disbursement>
<transaction><transaction-type code="2"/><transaction-date iso-date="2026-03-01"/>
<value currency="EUR" value-date="2026-03-01">90000.00</value>{PROVIDER}{RECEIVER}</transaction>
<transaction><transaction-type code="3"/><transaction-date iso-date="2026-03-15"/>
<value currency="EUR" value-date="2026-03-15">60000.00</value>{PROVIDER}{RECEIVER}</transaction>
<document-link url="https://liaison.example.org/en/cooperation/calls/1/" format="text/html">
<title><narrative>Call for projects</narrative></title><category code="A04"/><language code="en"/></document-link>
<result type="1"><title><narrative>Two neighbourhoods drained.</narrative></title>
<indicator measure="5"><title><narrative>Streets flooded after a heavy rain.</narrative></title></indicator></result>
</iati-activity>
"""
GOOD_ORGANISATION = f"""
<iati-organisation xml:lang="en" default-currency="EUR" last-updated-datetime="2026-11-02T10:00:00+01:00">
<organisation-identifier>XI-IATI-LIAISON</organisation-identifier>
<name>{NAMES}</name>
<reporting-org ref="XI-IATI-LIAISON" type="10">{NAMES}</reporting-org>
<total-budget status="2"><period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-01-01">2000000.00</value></total-budget>
<recipient-org-budget status="2">
<recipient-org ref="BE-BCE_KBO-0403170701"><narrative>Urban Solidarity</narrative></recipient-org>
<period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-01-01">90000.00</value></recipient-org-budget>
<recipient-region-budget status="2"><recipient-region vocabulary="1" code="298"/>
<period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-01-01">90000.00</value></recipient-region-budget>
<recipient-country-budget status="2"><recipient-country code="CD"/>
<period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-01-01">90000.00</value>
<budget-line ref="grants"><value currency="EUR" value-date="2026-01-01">90000.00</value>
<narrative>Grants</narrative></budget-line>
</recipient-country-budget>
<total-expenditure><period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
<value currency="EUR" value-date="2026-12-31">110000.00</value></total-expenditure>
</iati-organisation>
"""
QUANTITATIVE = """<result type="1"><title><narrative>Drained</narrative></title>{}</result>"""


def parse(text):
    return etree.fromstring(text, etree.XMLParser(remove_blank_text=True))


def put(element, xml, before=None):
    """Insert the snippet in the element: before its first `before` child, or at its end."""
    new = parse(xml)
    anchor = element.find(before) if before else None
    if anchor is not None:
        anchor.addprevious(new)
    else:
        element.append(new)


def drop(element, path):
    for found in element.xpath(path):
        found.getparent().remove(found)


def attr(path, name, value):
    def change(element):
        for found in element.xpath(path):
            found.set(name, value)

    return change


def text(path, value):
    def change(element):
        for found in element.xpath(path):
            found.text = value

    return change


def steps(*changes):
    def change(element):
        for one in changes:
            one(element)

    return change


def insert(xml, before=None):
    return lambda element: put(element, xml, before)


def remove(path):
    return lambda element: drop(element, path)


def no_languages(element):
    del element.attrib["{http://www.w3.org/XML/1998/namespace}lang"]
    for narrative in element.iter("narrative"):
        narrative.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang", None)


def indicator(measure, inner):
    return insert(
        QUANTITATIVE.format(
            f'<indicator measure="{measure}"><title><narrative>Drained</narrative></title>{inner}</indicator>'
        )
    )


PERIOD = '<period><period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>{}</period>'

# (rule the checker names, what breaks it): every rule of the ruleset has one.
ACTIVITY_CASES = {
    "1.1.3": text("iati-identifier", "XI-IATI-LIAISON"),
    "1.1.21": text("iati-identifier", "XI-IATI-OTHER-1"),
    "1.14.8": attr("reporting-org", "ref", "ZZ-NOWHERE-1"),
    "6.11.1": remove("activity-date[@type='1']"),
    "6.2.2": remove("sector"),
    "4.1.1": no_languages,
    "6.7.2": steps(
        remove("sector"), lambda a: a.find("transaction").append(parse('<sector vocabulary="1" code="43030"/>'))
    ),
    "7.8.1": steps(lambda a: a.attrib.pop("default-currency"), lambda a: a.find("budget/value").attrib.pop("currency")),
    "11.1.1": attr(".", "last-updated-datetime", "2099-01-01T00:00:00+00:00"),
    "11.1.2": attr("activity-date[@type='3']", "iso-date", "2025-01-01"),
    "11.1.3": steps(
        insert('<activity-date type="2" iso-date="2026-05-01"/>', before="contact-info"),
        insert('<activity-date type="4" iso-date="2026-04-01"/>', before="contact-info"),
    ),
    "11.1.4": insert('<activity-date type="2" iso-date="2099-01-01"/>', before="activity-date"),
    "11.1.5": insert('<activity-date type="4" iso-date="2099-01-01"/>', before="contact-info"),
    "11.2.1": attr("transaction/transaction-date", "iso-date", "2099-01-01"),
    "11.2.2": attr("transaction/value", "value-date", "2099-01-01"),
    "1.3.13": text("iati-identifier", "XI-IATI-LIAISON-DEV/1"),
    "1.14.13": attr("reporting-org", "ref", "XI-IATI-LIAISON/X"),
    "1.3.1": text("iati-identifier", " XI-IATI-LIAISON-DEV-1 "),
    "1.14.1": attr("reporting-org", "ref", " XI-IATI-LIAISON"),
    "1.16.1": insert('<other-identifier ref=" XI-IATI-OLD " type="B1"/>', before="activity-status"),
    "1.6.1": insert('<other-identifier ref=" OLD-1 " type="A3"/>', before="activity-status"),
    "1.7.1": insert('<related-activity ref=" XI-IATI-LIAISON-2 " type="1"/>'),
    "2.1.2": attr("sector", "percentage", "40.00"),
    "3.4.1": steps(
        insert('<recipient-region code="298" vocabulary="1" percentage="50"/>', before="location"),
        insert('<recipient-region code="289" vocabulary="1"/>', before="location"),
    ),
    "3.4.4": steps(
        remove("recipient-country"),
        insert('<recipient-region code="298" vocabulary="1" percentage="50"/>', before="location"),
    ),
    "3.4.2": insert('<recipient-region code="298" vocabulary="1" percentage="50"/>', before="location"),
    "7.9.2": insert(
        '<country-budget-items vocabulary="4"><budget-item code="1.1.1" percentage="50"/>'
        '<budget-item code="1.1.2" percentage="20"/></country-budget-items>',
        before="collaboration-type",
    ),
    "7.9.1": insert(
        '<country-budget-items vocabulary="4"><budget-item code="1.1.1"/>'
        '<budget-item code="1.1.2"/></country-budget-items>',
        before="collaboration-type",
    ),
    "7.9.4": insert(
        '<country-budget-items vocabulary="4"><budget-item code="1.1.1" percentage="50"/></country-budget-items>',
        before="collaboration-type",
    ),
    "107.1.2": insert('<default-aid-type vocabulary="1" code="B02"/>', before="default-tied-status"),
    "2.1.1": lambda a: a.find("sector[2]").attrib.pop("percentage"),
    "2.1.4": steps(remove("sector[2]"), attr("sector", "percentage", "60")),
    "3.1.2": steps(
        attr("recipient-country", "percentage", "50"),
        insert('<recipient-country code="MA" percentage="30"/>', before="location"),
    ),
    "12.1.1": attr("recipient-country", "percentage", "150"),
    "12.3.1": attr("sector", "percentage", "120"),
    "12.2.1": insert('<capital-spend percentage="150"/>', before="transaction"),
    "2.2.1": insert('<sector vocabulary="99" code="WATER"/>', before="collaboration-type"),
    "102.1.1": attr("sector", "vocabulary", "2"),
    "107.1.1": attr("default-aid-type", "vocabulary", "2"),
    "107.2.1": lambda a: a.find("transaction").append(parse('<aid-type vocabulary="2" code="A"/>')),
    "107.2.2": lambda a: [
        a.find("transaction").append(parse(f'<aid-type vocabulary="1" code="{c}"/>')) for c in ("C01", "B02")
    ],
    "6.6.2": lambda a: a.find("transaction").append(parse('<sector vocabulary="1" code="43030"/>')),
    "3.6.2": lambda a: a.find("transaction").append(parse('<recipient-country code="CD"/>')),
    "3.7.1": remove("recipient-country"),
    "3.7.2": steps(
        remove("recipient-country"), lambda a: a.find("transaction").append(parse('<recipient-country code="CD"/>'))
    ),
    "3.1.1": insert('<recipient-country code="MA"/>', before="location"),
    "3.1.4": attr("recipient-country", "percentage", "50"),
    "6.8.1": insert('<other-identifier ref="X-1" type="A1"><owner-org/></other-identifier>', before="activity-status"),
    "1.11.1": insert(
        '<other-identifier ref="X-1" type="A1"><owner-org ref=" XM-DAC-2 "/></other-identifier>',
        before="activity-status",
    ),
    "1.11.13": insert(
        '<other-identifier ref="X-1" type="A1"><owner-org ref="XM-DAC-2/3"/></other-identifier>',
        before="activity-status",
    ),
    "6.9.1": steps(
        lambda a: a.find("transaction/provider-org").attrib.pop("ref"), remove("transaction[1]/provider-org/narrative")
    ),
    "1.10.13": attr("transaction/provider-org", "ref", "XI-IATI-LIAISON/2"),
    "1.10.1": attr("transaction/provider-org", "ref", " XI-IATI-LIAISON"),
    "1.4.1": attr("transaction/provider-org", "provider-activity-id", " XI-1 "),
    "6.9.2": steps(
        lambda a: a.find("transaction/receiver-org").attrib.pop("ref"), remove("transaction[1]/receiver-org/narrative")
    ),
    "1.15.1": attr("transaction/receiver-org", "ref", "BE-BCE_KBO-0403170701 "),
    "1.5.1": attr("transaction/receiver-org", "receiver-activity-id", " XI-1 "),
    "1.15.13": attr("transaction/receiver-org", "ref", "BE-BCE_KBO-04/03"),
    "6.14.1": insert('<policy-marker vocabulary="1" code="1"/>', before="collaboration-type"),
    "6.13.1": insert('<policy-marker vocabulary="99" code="X" significance="1"/>', before="collaboration-type"),
    "6.10.1": steps(
        lambda a: a.find("participating-org[@role='4']").attrib.pop("ref"),
        remove("participating-org[@role='4']/narrative"),
    ),
    "1.8.13": attr("participating-org[@role='4']", "ref", "BE-BCE_KBO-04/03"),
    "1.8.1": attr("participating-org[@role='4']", "ref", " BE-BCE_KBO-0403170701"),
    "1.9.1": attr("participating-org[@role='4']", "activity-id", " XI-1 "),
    "8.6.3": lambda a: a.find("planned-disbursement/period-start").addnext(
        parse('<period-end iso-date="2026-01-01"/>')
    ),
    "7.5.3": attr("budget[2]/period-end", "iso-date", "2028-03-31"),
    "8.11.1": insert(
        QUANTITATIVE.format(
            '<reference vocabulary="1" code="1"/><indicator measure="1"><title><narrative>Drained</narrative></title>'
            '<reference vocabulary="1" code="1"/></indicator>'
        )
    ),
    "8.6.1": indicator("1", PERIOD.replace("2026-01-01", "2027-01-01").format("")),
    "8.8.1": indicator("1", '<baseline year="2025"/>'),
    "8.8.2": indicator("1", '<baseline year="2025" value="many"/>'),
    "8.8.3": indicator("5", '<baseline year="2025" value="3"/>'),
    "8.9.1": indicator("1", PERIOD.format("<target/>")),
    "8.9.2": indicator("1", PERIOD.format('<target value="many"/>')),
    "8.9.3": indicator("5", PERIOD.format('<target value="3"/>')),
    "8.10.1": indicator("1", PERIOD.format("<actual/>")),
    "8.10.2": indicator("1", PERIOD.format('<actual value="many"/>')),
    "8.10.3": indicator("5", PERIOD.format('<actual value="3"/>')),
    "4.3.1": text("title/narrative", None),
    "4.4.1": text("description/narrative", None),
    # The IATI Dashboard's points and the guidance
    "dashboard reporting-org": steps(
        attr("reporting-org", "ref", "ZZ-NOWHERE-1"), text("iati-identifier", "ZZ-NOWHERE-1-DEV-1")
    ),
    "dashboard participating-org": remove("participating-org[@role='1']"),
    "dashboard participating-org ref": attr("participating-org[@role='4']", "ref", "ZZ-NOWHERE-1"),
    "dashboard receiver-org ref": attr("transaction/receiver-org", "ref", "ZZ-NOWHERE-1"),
    "dashboard transaction_commitment": remove("transaction[transaction-type/@code='2']"),
    "dashboard transaction_spend": steps(
        attr("activity-status", "code", "3"),
        attr("activity-date[@type='3']", "iso-date", "2026-06-30"),
        remove("transaction[transaction-type/@code='3']"),
    ),
    "dashboard budget": remove("budget[2]"),
    "dashboard contact-info": remove("contact-info/email"),
    "dashboard location_point_pos": text("location/point/pos", "0 0"),
    "dashboard document-link": attr("document-link", "url", "calls/1/"),
    "dashboard aid_type": remove("default-aid-type"),
    "dashboard humanitarian": attr("sector[1]", "code", "72010"),
    "guidance activity-status": attr("activity-date[@type='3']", "iso-date", "2026-06-30"),
    "guidance budget": attr("budget[1]/period-end", "iso-date", "2027-01-15"),
    "guidance transaction": remove("transaction[2]/provider-org"),
    "schema": remove("title"),
    "codelist": attr("default-aid-type", "code", "Z99"),
}

ORGANISATION_CASES = {
    "1.18.8": attr("reporting-org", "ref", "ZZ-NOWHERE-1"),
    "1.12.13": text("organisation-identifier", "XI-IATI/LIAISON"),
    "1.18.13": attr("reporting-org", "ref", "XI-IATI-LIAISON/1"),
    "1.12.1": text("organisation-identifier", " XI-IATI-LIAISON"),
    "1.17.1": attr("recipient-org-budget/recipient-org", "ref", " BE-BCE_KBO-0403170701"),
    "1.18.1": attr("reporting-org", "ref", "XI-IATI-LIAISON "),
    "11.4.1": attr(".", "last-updated-datetime", "2099-01-01T00:00:00+00:00"),
    "4.5.1": no_languages,
    "7.8.2": steps(
        lambda o: o.attrib.pop("default-currency"), lambda o: o.find("total-budget/value").attrib.pop("currency")
    ),
    "total-budget 8.6.3": attr("total-budget/period-end", "iso-date", "2025-12-31"),
    "total-budget 7.5.3": attr("total-budget/period-end", "iso-date", "2027-06-30"),
    "recipient-org-budget 8.6.3": attr("recipient-org-budget/period-end", "iso-date", "2025-12-31"),
    "recipient-org-budget 7.5.3": attr("recipient-org-budget/period-end", "iso-date", "2027-06-30"),
    "recipient-region-budget 8.6.3": attr("recipient-region-budget/period-end", "iso-date", "2025-12-31"),
    "recipient-region-budget 7.5.3": attr("recipient-region-budget/period-end", "iso-date", "2027-06-30"),
    "recipient-country-budget 8.6.3": attr("recipient-country-budget/period-end", "iso-date", "2025-12-31"),
    "recipient-country-budget 7.5.3": attr("recipient-country-budget/period-end", "iso-date", "2027-06-30"),
    "recipient-country-budget 11.3.1": attr("recipient-country-budget/budget-line/value", "value-date", "2027-06-30"),
    "total-expenditure 7.5.3": attr("total-expenditure/period-end", "iso-date", "2027-06-30"),
    "total-expenditure 8.6.3": attr("total-expenditure/period-end", "iso-date", "2025-12-31"),
    "dashboard organisation": steps(
        text("organisation-identifier", "ZZ-NOWHERE-1"), attr("reporting-org", "ref", "ZZ-NOWHERE-1")
    ),
}


def rules_reported(problems):
    return {problem.rule for problem in problems}


def test_the_good_records_break_no_rule():
    assert [str(p) for p in iati_rules.check_activity(parse(GOOD_ACTIVITY), TODAY)] == []
    assert [str(p) for p in iati_rules.check_organisation(parse(GOOD_ORGANISATION), TODAY)] == []


@pytest.mark.parametrize("rule", ACTIVITY_CASES)
def test_each_rule_broken_by_an_activity_is_reported(rule):
    activity = parse(GOOD_ACTIVITY)
    ACTIVITY_CASES[rule](activity)
    assert rule in rules_reported(iati_rules.check_activity(activity, TODAY))


@pytest.mark.parametrize("case", ORGANISATION_CASES)
def test_each_rule_broken_by_an_organisation_is_reported(case):
    organisation = parse(GOOD_ORGANISATION)
    ORGANISATION_CASES[case](organisation)
    rule = case.split()[-1] if case[0].isalpha() and not case.startswith("dashboard") else case
    assert rule in rules_reported(iati_rules.check_organisation(organisation, TODAY))


def test_every_rule_of_the_ruleset_has_a_bad_record():
    """A rule added to the ruleset (or a context the export starts writing) gets its case here."""
    ruleset = json.loads((iati_rules.RULESETS / "standard.json").read_text())
    ids = set()

    def collect(rules):
        for rule, body in rules.items():
            for case in body["cases"]:
                if rule == "loop":
                    collect(case["do"])
                else:
                    ids.add(case["ruleInfo"]["id"])

    for rules in ruleset.values():
        collect(rules)
    covered = set(ACTIVITY_CASES) | {case.split()[-1] for case in ORGANISATION_CASES}
    assert ids - covered == set()


def test_a_whole_file_is_checked_one_activity_at_a_time(tmp_path):
    bad = parse(GOOD_ACTIVITY)
    ACTIVITY_CASES["7.5.3"](bad)
    body = f'<iati-activities version="2.03">{GOOD_ACTIVITY}{etree.tostring(bad).decode()}</iati-activities>'
    path = tmp_path / "activities.xml"
    path.write_text(body)
    found = list(iati_rules.check_file(path, TODAY))
    assert {p.subject for p in found} == {"XI-IATI-LIAISON-DEV-2026-1-0001"}
    assert "7.5.3" in {p.rule for p in found}
    assert len([p for p in found if p.rule == "7.5.3"]) == 1  # the bad activity, not the good one
