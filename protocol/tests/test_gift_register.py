"""The public register of gifts received above the organisation's threshold."""

from decimal import Decimal

import pytest

from activities.models import Activity
from activities.tests.factories import ActivityFactory
from core.models import Organisation
from protocol.models import Gift
from protocol.tests.factories import GiftFactory

pytestmark = pytest.mark.django_db

URL = "/en/protocol/gifts/"


@pytest.fixture
def threshold():
    organisation = Organisation.objects.create(name="Office", region="Region", gift_threshold=Decimal("150.00"))
    return organisation.gift_threshold


def test_the_register_lists_exactly_the_gifts_received_above_the_threshold(client, threshold):
    above = GiftFactory(description="Crystal vase", estimated_value=Decimal("150.01"))
    GiftFactory(description="Book at the threshold", estimated_value=Decimal("150.00"))
    GiftFactory(description="Scarf below it", estimated_value=Decimal("40.00"))
    GiftFactory(description="Painting given", estimated_value=Decimal("900.00"), direction=Gift.Direction.GIVEN)
    GiftFactory(description="Clock of unknown value", estimated_value=None)
    assert list(Gift.objects.public()) == [above]
    page = client.get(URL).content.decode()
    assert "Crystal vase" in page
    for hidden in ("Book at the threshold", "Scarf below it", "Painting given", "Clock of unknown value"):
        assert hidden not in page


def test_without_a_threshold_the_register_lists_nothing_and_says_why(client):
    Organisation.objects.create(name="Office", region="Region")
    GiftFactory(description="Crystal vase", estimated_value=Decimal("5000.00"))
    page = client.get(URL).content.decode()
    assert "Crystal vase" not in page
    assert "has not set a threshold" in page


def test_the_occasion_is_named_only_when_it_is_public(client, threshold):
    GiftFactory(estimated_value=Decimal("500"), activity=ActivityFactory(title_en="Public visit"))
    internal = ActivityFactory(title_en="Internal visit", visibility=Activity.Visibility.INTERNAL)
    GiftFactory(estimated_value=Decimal("500"), activity=internal)
    page = client.get(URL).content.decode()
    assert "Public visit" in page and "Internal visit" not in page


def test_the_register_is_paginated_with_its_queries_bounded(client, threshold, django_assert_max_num_queries):
    GiftFactory.create_batch(45, estimated_value=Decimal("1000.00"))
    with django_assert_max_num_queries(10):
        response = client.get(URL + "?page=2")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 21  # the header and 20 gifts
    assert "Page 2 of 3" in response.content.decode()


def test_the_register_comes_from_the_cache_until_a_gift_changes(client, threshold, django_assert_max_num_queries):
    gift = GiftFactory(description="Crystal vase", estimated_value=Decimal("1000.00"))
    client.get(URL)
    with django_assert_max_num_queries(0):
        assert "Crystal vase" in client.get(URL).content.decode()
    gift.description = "Silver plate"
    gift.save()
    assert "Silver plate" in client.get(URL).content.decode()


def test_the_register_is_in_each_language(client, threshold):
    for language, heading in [
        ("fr", "Registre des cadeaux reçus"),
        ("nl", "Register van ontvangen geschenken"),
        ("de", "Register der erhaltenen Geschenke"),
    ]:
        assert heading in client.get(f"/{language}/protocol/gifts/").content.decode()
