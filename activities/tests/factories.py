import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from activities.models import (
    Activity,
    ActivityDocument,
    FeedToken,
    FollowUp,
    FundingProgramme,
    Organisation,
    Outcome,
    Participant,
    Person,
    ProgrammeItem,
)
from directory.tests.factories import StaffMemberFactory


class FundingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgramme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    is_sample = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Sample Person{n}")
    office = "Mayor"
    is_sample = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sample Company{n}")
    kind = Organisation.Kind.COMPANY
    is_sample = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"sample-activity-{n}")
    title_en = factory.Sequence(lambda n: f"Sample activity {n}")
    kind = Activity.Kind.MISSION
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    visibility = Activity.Visibility.PUBLIC
    city = "Berlin"
    is_sample = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.add(*extracted)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    activity = factory.SubFactory(ActivityFactory)
    title_en = factory.Sequence(lambda n: f"Programme item {n}")
    kind = Activity.Kind.MEETING


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participant.Role.POLITICIAN


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    activity = factory.SubFactory(ActivityFactory)
    kind = Outcome.Kind.OTHER
    title_en = factory.Sequence(lambda n: f"Outcome {n}")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    activity = factory.SubFactory(ActivityFactory)
    title = factory.Sequence(lambda n: f"Follow-up {n}")
    owner = factory.SubFactory(StaffMemberFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))


class ActivityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityDocument

    activity = factory.SubFactory(ActivityFactory)
    caption_en = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%%EOF\n", name="sample.pdf"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")


class FeedTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedToken

    user = factory.SubFactory(UserFactory)
    label = factory.Sequence(lambda n: f"Calendar {n}")
