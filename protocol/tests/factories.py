import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from activities.tests.factories import ActivityFactory
from protocol import models


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Venue

    name = factory.Sequence(lambda n: f"Sample Venue{n}")
    is_sample = True


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room{n}")
    capacity = 40


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Title

    name = factory.Sequence(lambda n: f"Title{n}")


class FormOfAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FormOfAddress

    title = factory.SubFactory(TitleFactory)
    language = "fr"
    salutation = factory.Sequence(lambda n: f"Salutation{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Office

    name = factory.Sequence(lambda n: f"Office{n}")


class PrecedenceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PrecedenceList

    host = "Sample host"
    name = factory.Sequence(lambda n: f"Sample Order{n}")
    valid_from = datetime.date(2020, 1, 1)
    is_sample = True


class PrecedenceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PrecedenceEntry

    precedence_list = factory.SubFactory(PrecedenceListFactory)
    rank = factory.Sequence(lambda n: n + 1)
    office = factory.SubFactory(OfficeFactory)


class RotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Rotation

    precedence_list = factory.SubFactory(PrecedenceListFactory)
    first = factory.SubFactory(OfficeFactory)
    second = factory.SubFactory(OfficeFactory)
    on = datetime.date(2024, 7, 1)


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChecklistTemplateItem

    occasion = models.Occasion.RECEPTION
    title = factory.Sequence(lambda n: f"Sample item{n}")


class ProtocolFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProtocolFile

    activity = factory.SubFactory(ActivityFactory)
    occasion = models.Occasion.RECEPTION
    title = factory.Sequence(lambda n: f"Sample occasion{n}")
    date = datetime.date(2026, 6, 1)
    is_sample = True


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChecklistItem

    protocol_file = factory.SubFactory(ProtocolFileFactory)
    title = factory.Sequence(lambda n: f"Checklist item{n}")


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Guest

    protocol_file = factory.SubFactory(ProtocolFileFactory)
    first_name = "Sample"
    last_name = factory.Sequence(lambda n: f"Guest{n}")
    language = "fr"
    link_expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class GuestPrivateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuestPrivate

    guest = factory.SubFactory(GuestFactory)
    diet = "vegetarian"


class SeatingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SeatingPlan

    protocol_file = factory.SubFactory(ProtocolFileFactory)
    name = factory.Sequence(lambda n: f"Plan{n}")
    layout = models.SeatingPlan.Layout.TOP_TABLE
    seats_per_table = 12


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Seat

    plan = factory.SubFactory(SeatingPlanFactory)
    table = 1
    position = factory.Sequence(lambda n: n)
    guest = factory.LazyAttribute(
        lambda seat: GuestFactory(protocol_file=seat.plan.protocol_file, rsvp=models.Guest.Rsvp.ACCEPTED)
    )


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Gift

    direction = models.Gift.Direction.RECEIVED
    giver = "Sample giver"
    receiver = "Sample receiver"
    description = factory.Sequence(lambda n: f"Sample gift{n}")
    estimated_value = Decimal("100.00")
    received_on = datetime.date(2026, 3, 1)
    is_sample = True


class MajorEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MajorEvent

    activity = factory.SubFactory(ActivityFactory)
    kind = models.MajorEvent.Kind.CONFERENCE
    part = models.MajorEvent.Part.COORDINATES
    is_sample = True


class EventBudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventBudgetLine

    event = factory.SubFactory(MajorEventFactory)
    label = factory.Sequence(lambda n: f"Budget line{n}")
    planned = Decimal("1000.00")
