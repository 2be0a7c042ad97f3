import factory
from django.core.files.base import ContentFile

from directory.tests.factories import StaffMemberFactory
from partners.models import (
    Agreement,
    AgreementDocument,
    Assignment,
    Counterpart,
    Network,
    Partner,
    PartnerAlias,
    Signatory,
    Theme,
)


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


class PartnerAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAlias

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Sample alias {n}")


class CounterpartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counterpart

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Sample counterpart {n}")
    office = "Sample office"
    email = factory.Sequence(lambda n: f"counterpart{n}@example.org")
    is_sample = True


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    side = Signatory.Side.PARTNER
    name = factory.Sequence(lambda n: f"Sample signatory {n}")


class AgreementDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDocument

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Sample document {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%%EOF\n", name="sample.pdf"))


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    slug = factory.Sequence(lambda n: f"sample-network-{n}")
    name_en = factory.Sequence(lambda n: f"Sample network {n}")
    is_sample = True
