import factory

from directory.tests.factories import StaffMemberFactory
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


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    partner = factory.SubFactory(PartnerFactory)
    staff_member = factory.SubFactory(StaffMemberFactory)
