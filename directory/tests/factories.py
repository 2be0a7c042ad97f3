import factory

from directory.models import StaffMember, Subject, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    slug = factory.Sequence(lambda n: f"unit-{n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    unit = factory.SubFactory(UnitFactory)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    title_en = "Bilateral Relations"
    is_sample = True


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    slug = factory.Sequence(lambda n: f"subject-{n}")
    name_en = factory.Sequence(lambda n: f"Subject {n}")
    is_sample = True
