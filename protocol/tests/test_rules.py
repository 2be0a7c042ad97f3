"""The rules of a protocol file hold whatever writes: the model, the admin, a shell."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED
from django.urls import reverse
from django.utils import translation

from core.models import Organisation
from protocol.models import ChecklistItem, Gift, Guest, Occasion, ProtocolFile
from protocol.tests.factories import (
    ChecklistItemFactory,
    ChecklistTemplateItemFactory,
    GiftFactory,
    GuestFactory,
    ProtocolFileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_file_starts_with_the_checklist_of_its_kind_of_occasion():
    ChecklistTemplateItemFactory(occasion=Occasion.SIGNING, title="Pens", is_mandatory=True)
    ChecklistTemplateItemFactory(occasion=Occasion.RECEPTION, title="Cloakroom")
    protocol_file = ProtocolFileFactory(occasion=Occasion.SIGNING)
    assert [(item.title, item.is_mandatory) for item in protocol_file.checklist.all()] == [("Pens", True)]


def test_an_occasion_cannot_become_ready_with_a_mandatory_item_open():
    protocol_file = ProtocolFileFactory()
    item = ChecklistItemFactory(protocol_file=protocol_file, is_mandatory=True)
    ChecklistItemFactory(protocol_file=protocol_file, is_mandatory=False)
    protocol_file.state = ProtocolFile.State.READY
    with pytest.raises(ValidationError, match="mandatory item"):
        protocol_file.save()
    assert ProtocolFile.objects.get(pk=protocol_file.pk).state == ProtocolFile.State.PREPARING

    item.done_on = datetime.date(2026, 5, 1)
    item.save()
    protocol_file.save()  # an optional item may stay open
    assert ProtocolFile.objects.get(pk=protocol_file.pk).state == ProtocolFile.State.READY


def test_a_new_file_cannot_be_ready_when_its_occasion_has_mandatory_items():
    ChecklistTemplateItemFactory(occasion=Occasion.RECEPTION, is_mandatory=True)
    with pytest.raises(ValidationError):
        ProtocolFileFactory(state=ProtocolFile.State.READY)


def test_a_mandatory_item_cannot_be_reopened_once_the_file_is_ready():
    protocol_file = ProtocolFileFactory()
    item = ChecklistItemFactory(protocol_file=protocol_file, is_mandatory=True, done_on=datetime.date(2026, 5, 1))
    protocol_file.state = ProtocolFile.State.READY
    protocol_file.save()
    item.done_on = None
    with pytest.raises(ValidationError):
        item.save()
    assert ChecklistItem.objects.get(pk=item.pk).done_on is not None


def test_the_admin_cannot_mark_a_file_ready_with_a_mandatory_item_open(client, protocol_officer):
    protocol_file = ProtocolFileFactory()
    ChecklistItemFactory(protocol_file=protocol_file, is_mandatory=True)
    client.force_login(protocol_officer)
    url = reverse("admin:protocol_protocolfile_change", args=[protocol_file.pk])
    page = client.get(url)
    data = page.context["adminform"].form.initial
    form = {
        key: ("" if value is None else value)
        for key, value in data.items()
        if key in page.context["adminform"].form.fields
    }
    form.update({"activity": protocol_file.activity.pk, "state": "ready"})
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            form[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for inline in formset.formset.forms:
            for name in inline.fields:
                value = inline.initial.get(name)
                if value is not None:
                    form[f"{inline.prefix}-{name}"] = value.pk if hasattr(value, "pk") else value
    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "mandatory item" in response.content.decode()
    assert ProtocolFile.objects.get(pk=protocol_file.pk).state == ProtocolFile.State.PREPARING


def test_more_accompanying_persons_than_allowed_are_refused():
    guest = GuestFactory(plus_ones_allowed=1)
    guest.plus_ones = 2
    with pytest.raises(ValidationError):
        guest.save()


def test_no_badge_before_security_approval():
    guest = GuestFactory()
    guest.badge_issued_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError, match="security"):
        guest.save()
    assert Guest.objects.get(pk=guest.pk).badge_issued_at is None


def _threshold(value):
    organisation = Organisation.objects.first() or Organisation(name="Office", region="Region")
    organisation.gift_threshold = value
    organisation.save()


def test_a_gift_above_the_threshold_cannot_be_closed_without_a_disposition():
    _threshold(Decimal("150.00"))
    gift = GiftFactory(estimated_value=Decimal("150.01"))
    gift.closed_on = datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError, match="disposition"):
        gift.save()
    gift.disposition = Gift.Disposition.DISPLAYED
    gift.save()
    assert Gift.objects.get(pk=gift.pk).closed_on is not None


def test_a_gift_at_or_below_the_threshold_closes_without_a_disposition():
    _threshold(Decimal("150.00"))
    gift = GiftFactory(estimated_value=Decimal("150.00"), closed_on=datetime.date(2026, 4, 1))
    assert gift.pk


def test_no_threshold_set_means_no_gift_needs_a_disposition_and_none_is_public():
    _threshold(None)
    gift = GiftFactory(estimated_value=Decimal("9999.00"), closed_on=datetime.date(2026, 4, 1))
    assert gift.pk
    assert not Gift.objects.public().exists()


def test_the_organisation_sets_no_threshold_by_default():
    assert Organisation._meta.get_field("gift_threshold").default is NOT_PROVIDED
    assert Organisation(name="Office", region="Region").gift_threshold is None
