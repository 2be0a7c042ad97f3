import factory

from directory.models import StaffMember, Unit
from partners.models import Agreement, Assignment, Partner, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"sample-partner-{n}")
    name_en = factory.Sequence(lambda n: f"Sample partner {n}")
    kind = Partner.Kind.CITY
    country = "BE"
    is_sample = True


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    kind = Agreement.Kind.MEMORANDUM
    title_en = factory.Sequence(lambda n: f"Sample agreement {n}")
    signed_on = factory.Faker("date_object")
    is_sample = True


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


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    partner = factory.SubFactory(PartnerFactory)
    staff_member = factory.SubFactory(StaffMemberFactory)
