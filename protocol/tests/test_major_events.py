"""Major events run as projects, held through an activity: in the partner's timeline and the
retrospective like any activity, with a team and budget lines."""

import datetime
from decimal import Decimal

import pytest

from activities.tests.factories import ActivityFactory
from partners.tests.factories import PartnerFactory
from protocol.tests.factories import EventBudgetLineFactory, MajorEventFactory

pytestmark = pytest.mark.django_db


def test_a_major_event_sums_its_budget_lines():
    event = MajorEventFactory()
    EventBudgetLineFactory(event=event, planned=Decimal("1200.00"), spent=Decimal("900.50"))
    EventBudgetLineFactory(event=event, planned=Decimal("300.00"))
    assert event.budget() == (Decimal("1500.00"), Decimal("900.50"))


def test_a_past_major_event_is_in_the_retrospective_and_the_partners_timeline(client):
    partner = PartnerFactory()
    activity = ActivityFactory(title_en="World exhibition pavilion", start_date=datetime.date(2020, 10, 1))
    activity.partners.add(partner)
    MajorEventFactory(activity=activity)
    assert "World exhibition pavilion" in client.get("/en/activities/retrospective/").content.decode()
    assert "World exhibition pavilion" in client.get(f"/en/partners/{partner.slug}/").content.decode()
