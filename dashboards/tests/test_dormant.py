import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group

from activities.tests.factories import ActivityFactory, FollowUpFactory
from core import roles
from partners.models import Partner
from partners.tests.factories import AgreementFactory, AssignmentFactory, PartnerFactory

TODAY = datetime.date(2026, 12, 7)
pytestmark = pytest.mark.django_db


def months_ago(months):
    return TODAY - relativedelta(months=months)


def dormant_slugs(**kwargs):
    return list(Partner.objects.dormant(today=TODAY, **kwargs).values_list("slug", flat=True))


def test_a_partner_quiet_for_13_months_is_dormant_and_one_at_11_months_is_not():
    quiet, busy = PartnerFactory(slug="quiet"), PartnerFactory(slug="busy")
    ActivityFactory(partners=[quiet], start_date=months_ago(13))
    ActivityFactory(partners=[busy], start_date=months_ago(11))
    assert dormant_slugs() == ["quiet"]


def test_an_agreement_or_a_follow_up_done_is_a_touch_point_and_a_plan_is_not():
    signed, followed, planned = (
        PartnerFactory(slug="signed"),
        PartnerFactory(slug="followed"),
        PartnerFactory(slug="planned"),
    )
    AgreementFactory(partner=signed, signed_on=months_ago(2))
    FollowUpFactory(activity=ActivityFactory(partners=[followed], start_date=months_ago(20)), done_on=months_ago(1))
    ActivityFactory(partners=[planned], start_date=TODAY + datetime.timedelta(days=30))
    assert dormant_slugs() == ["planned"]


def test_the_span_is_a_setting(settings):
    partner = PartnerFactory(slug="seven-months")
    ActivityFactory(partners=[partner], start_date=months_ago(7))
    assert dormant_slugs() == []
    settings.DORMANT_AFTER_MONTHS = 6
    assert dormant_slugs() == ["seven-months"]


def test_the_list_is_sorted_by_how_long_it_has_been_quiet_and_leaves_ended_partners_out():
    for slug, months in [("b-two-years", 24), ("a-eighteen-months", 18), ("c-never", None)]:
        partner = PartnerFactory(slug=slug)
        if months:
            ActivityFactory(partners=[partner], start_date=months_ago(months))
    PartnerFactory(slug="ended", state=Partner.State.ENDED)
    assert dormant_slugs() == ["c-never", "b-two-years", "a-eighteen-months"]


def test_the_home_flags_dormant_partners_with_last_touch_and_officers(client, django_user_model):
    user = django_user_model.objects.create_user("head", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.HEAD_OF_UNIT))
    quiet = PartnerFactory(slug="quiet", name_en="Quietville")
    ActivityFactory(partners=[quiet], start_date=datetime.date.today() - relativedelta(months=13))
    assignment = AssignmentFactory(partner=quiet)
    recent = PartnerFactory(slug="recent", name_en="Busytown")
    ActivityFactory(partners=[recent], start_date=datetime.date.today() - relativedelta(months=11))
    client.force_login(user)
    content = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    panel = content[content.index('id="dormant"') :]
    panel = panel[: panel.index("</table>")]
    assert "Quietville" in panel and str(assignment.staff_member) in panel and "(activity)" in panel
    assert "Busytown" not in panel
    assert "1 dormant partnership" in content


def test_an_officer_sees_the_dormant_partners_of_their_portfolio_only(client, officer):
    client.force_login(officer)
    content = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    panel = content[content.index('id="dormant"') :].split("</table>")[0]
    assert ">Berlin</a>" in panel and "Seoul" not in panel
