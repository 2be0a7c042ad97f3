"""The back office's home per role: the figures, their links, their tables and their queries."""

import datetime
import re

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.tests.factories import ActivityFactory
from cooperation.tests.factories import GrantFactory, ReportFactory
from core import roles
from partners.models import Partner
from partners.tests.factories import AssignmentFactory, PartnerFactory


def home(client, user):
    client.force_login(user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def charts(content):
    """{section id: (figures drawn, figures in the table)} of every chart on the page."""
    found = {}
    for match in re.finditer(r'<section class="chart-with-table" id="([\w-]+)".*?</section>', content, re.S):
        section = match.group(0)
        drawn = re.findall(r'<rect class="bar"[^>]*data-value="([^"]*)"', section)
        tabled = re.findall(r'<td class="figure" data-value="([^"]*)"', section)
        found[match.group(1)] = (drawn, tabled)
    return found


def test_head_of_unit_home_shows_the_eight_partners_nobody_follows_and_the_charts(client, head_of_unit):
    content = home(client, head_of_unit)
    assert "8 partners that nobody follows" in content
    found = charts(content)
    assert {"activities-per-year", "activity-per-partner", "budget-by-modality", "grants-by-state"} <= found.keys()
    assert "<script" not in content[content.index('id="overview"') :].split("</div>")[0]


def test_every_chart_draws_the_figures_of_its_table(client, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    ActivityFactory(partners=[berlin], start_date=datetime.date.today() - datetime.timedelta(days=40))
    GrantFactory(awarded_on=datetime.date.today().replace(month=1, day=2))
    found = charts(home(client, head_of_unit))
    non_empty = 0
    for drawn, tabled in found.values():
        assert drawn == tabled
        non_empty += any(float(value) for value in drawn)
    assert non_empty >= 3


def test_each_figure_links_to_its_records_in_the_admin(client, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    year = datetime.date.today().year
    ActivityFactory(partners=[berlin], start_date=datetime.date(year, 1, 15))
    content = home(client, head_of_unit)
    link = f"/admin/activities/activity/?partners={berlin.pk}&amp;start_date__year={year}"
    assert link in content
    response = client.get(link.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and b"1 activity" in response.content


def test_the_home_keeps_its_query_count_as_the_data_grows(client, head_of_unit):
    client.force_login(head_of_unit)
    client.get("/admin/")  # the session and the permissions' cache
    cache.clear()  # the figures are kept until the next change: computed again here and below
    with CaptureQueriesContext(connection) as before:
        client.get("/admin/")
    today = datetime.date.today()
    for number in range(12):
        partner = PartnerFactory(slug=f"more-{number}")
        AssignmentFactory(partner=partner)
        ActivityFactory(partners=[partner], start_date=today - datetime.timedelta(days=400 * (number % 4)))
        ActivityFactory(partners=[partner], start_date=today + datetime.timedelta(days=number + 1))
        GrantFactory(awarded_on=today - datetime.timedelta(days=365 * (number % 3)))
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get("/admin/")
    assert len(after) == len(before)
    with CaptureQueriesContext(connection) as again:
        client.get("/admin/")
    assert len(again) < len(after)  # until the next change, the figures are read from the cache


def test_a_change_shows_on_the_next_home_page(client, head_of_unit):
    berlin = Partner.objects.get(slug="berlin")
    year = datetime.date.today().year
    assert f"<title>Berlin, {year}: 0</title>" in home(client, head_of_unit)
    ActivityFactory(partners=[berlin], start_date=datetime.date.today())
    assert f"<title>Berlin, {year}: 1</title>" in home(client, head_of_unit)


def test_an_officer_sees_their_next_activities_and_reports_due_but_not_the_overview(client, officer, other_officer):
    berlin = Partner.objects.get(slug="berlin")
    ActivityFactory(partners=[berlin], title_en="Berlin working visit", start_date=datetime.date.today())
    report = ReportFactory(due_on=datetime.date.today() + datetime.timedelta(days=20))
    report.grant.application.call.officers.add(officer)
    officer.groups.add(Group.objects.get(name=roles.DEVELOPMENT_OFFICER))  # who reads grant reports
    with translation.override("en"):
        desk = reverse("cooperation:grant-desk", args=[report.grant_id])
    content = home(client, officer)
    assert "Berlin working visit" in content and "Grant reports due" in content and desk in content
    assert 'id="overview"' not in content
    content = home(client, other_officer)
    assert "Berlin working visit" not in content and desk not in content


def test_a_communication_officer_sees_no_grant_figure(client, visitor):
    content = home(client, visitor)
    assert 'id="overview"' not in content and "budget-by-modality" not in content
