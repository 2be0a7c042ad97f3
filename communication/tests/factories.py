import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from communication.models import Article, ArticleImage, Campaign, Consent, Delivery, Subscriber
from core.tests.sample_files import image


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"sample-news-{n}")
    title_en = factory.Sequence(lambda n: f"Sample news {n}")
    summary_en = "A sample summary."
    body_en = "<p>A sample body.</p>"
    state = Article.State.DRAFT
    is_sample = True


class PublishedArticleFactory(ArticleFactory):
    state = Article.State.PUBLISHED
    publish_at = factory.LazyFunction(timezone.now)


class ArticleImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleImage

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(lambda: ContentFile(image("PNG"), name="picture.png"))
    alt_text_en = "A sample picture"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "fr"
    state = Subscriber.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    is_sample = True


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    subscriber = factory.SubFactory(SubscriberFactory)
    text = "I agree."
    language = "fr"
    method = "web form and e-mail link"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    subject_en = factory.Sequence(lambda n: f"Sample edition {n}")
    subject_fr = factory.Sequence(lambda n: f"Édition d'exemple {n}")
    introduction_en = "This month in Brussels International."


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    campaign = factory.SubFactory(CampaignFactory)
    subscriber = factory.SubFactory(SubscriberFactory)
