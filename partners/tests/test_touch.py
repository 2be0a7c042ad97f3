"""Each partner's last touch point is kept on it (partners.touch) and always equals what the
records say (PartnerQuerySet.with_last_touch): after each kind of write, after a day passes
(the workers' daily routine), and whatever a stale copy of the partner saves."""

import datetime

import pytest
from django.utils import timezone

from activities.tests.factories import ActivityFactory, FollowUpFactory
from core import routines
from partners.models import Partner
from partners.tests.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def kept(partner):
    return Partner.objects.values_list("touched_on", flat=True).get(pk=partner.pk)


def assert_kept_as_computed():
    computed = {
        pk: (None if touch == datetime.date(1800, 1, 1) else touch)
        for pk, touch in Partner.objects.with_last_touch().values_list("pk", "last_touch")
    }
    assert dict(Partner.objects.values_list("pk", "touched_on")) == computed


def test_the_kept_touch_point_follows_every_write():
    partner, other = PartnerFactory(), PartnerFactory()
    assert kept(partner) is None
    visit = ActivityFactory(partners=[partner], start_date=days(-30))
    assert kept(partner) == days(-30)
    ActivityFactory(partners=[partner], start_date=days(3))  # planned: not a touch point yet
    assert kept(partner) == days(-30)
    agreement = AgreementFactory(partner=partner, signed_on=days(-10))
    assert kept(partner) == days(-10)
    follow_up = FollowUpFactory(activity=visit, done_on=days(-5))
    assert kept(partner) == days(-5)
    assert_kept_as_computed()

    follow_up.delete()
    agreement.signed_on = days(-40)
    agreement.save()
    assert kept(partner) == days(-30)
    visit.partners.add(other)  # from the activity's side
    assert kept(other) == days(-30)
    other.activities.remove(visit)  # from the partner's side
    assert kept(other) is None
    visit.start_date = days(-20)
    visit.save()
    assert kept(partner) == days(-20)
    visit.partners.clear()
    assert kept(partner) == days(-40)
    agreement.delete()
    assert kept(partner) is None
    assert_kept_as_computed()


def test_a_planned_activity_becomes_a_touch_point_on_its_day_by_the_daily_routine():
    partner = PartnerFactory()
    ActivityFactory(partners=[partner], start_date=days(1))
    assert kept(partner) is None
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    result = routines.touch_points(tomorrow)
    assert kept(partner) == days(1)
    assert routines.result_text(result).endswith("1.")


def test_a_partner_saved_from_an_older_read_keeps_its_touch_point():
    partner = PartnerFactory()
    stale = Partner.objects.get(pk=partner.pk)
    ActivityFactory(partners=[partner], start_date=days(-3))
    stale.name_en = "Renamed while an activity was recorded"
    stale.save()
    assert kept(partner) == days(-3)


def test_the_dormant_list_reads_the_kept_touch_points(settings):
    settings.DORMANT_AFTER_MONTHS = 12
    quiet, lively = PartnerFactory(), PartnerFactory()
    ActivityFactory(partners=[quiet], start_date=days(-400))
    ActivityFactory(partners=[lively], start_date=days(-300))
    dormant = list(Partner.objects.filter(pk__in=[quiet.pk, lively.pk]).dormant())
    assert dormant == [quiet]
    assert dormant == list(
        Partner.objects.filter(pk__in=[quiet.pk, lively.pk]).dormant(today=days(0) + datetime.timedelta(0))
    )
