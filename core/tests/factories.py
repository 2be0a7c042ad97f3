import factory

from core.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Sample organisation {n}")
    region_en = "Sample region"
    is_sample = True
