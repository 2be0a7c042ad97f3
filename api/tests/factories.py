import factory

from api.models import ApiToken, digest


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory("activities.tests.factories.UserFactory")
    label = factory.Sequence(lambda n: f"script {n}")
    prefix = "lsn_test"
    digest = factory.Sequence(lambda n: digest(f"lsn_test-key-{n}"))
