import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from communication.models import Article, Campaign, Delivery
from communication.tests.factories import ArticleFactory, CampaignFactory, PublishedArticleFactory, SubscriberFactory
from core import roles


@pytest.fixture
def staff(db, django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(
            username=role, password="x" * 16, is_staff=True, email=f"{role}@example.org"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def article_form(article, **changes):
    data = {
        "slug": article.slug,
        "title_en": article.title_en,
        "title_fr": "",
        "title_nl": "",
        "title_de": "",
        "summary_en": "",
        "body_en": "<p>Body</p>",
        "state": article.state,
        "publish_at_0": "",
        "publish_at_1": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        **changes,
    }
    return data


@pytest.mark.parametrize("role", [roles.COMMUNICATION_OFFICER, roles.HEAD_OF_UNIT])
def test_the_communication_officer_and_the_head_of_unit_publish(client, staff, role):
    article = ArticleFactory(state=Article.State.REVIEW)
    client.force_login(staff(role))
    url = reverse("admin:communication_article_change", args=[article.pk])
    response = client.post(url, article_form(article, state="published"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED and article.publish_at


@pytest.mark.parametrize("role", [roles.BILATERAL_OFFICER, roles.PROTOCOL_OFFICER, roles.FINANCE])
def test_other_staff_draft_but_cannot_publish(client, staff, role):
    user = staff(role)
    client.force_login(user)
    response = client.post(
        reverse("admin:communication_article_add"),
        article_form(ArticleFactory.build(slug="new-one", title_en="New one"), state="draft"),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="new-one")
    assert article.author == user and article.state == Article.State.DRAFT
    url = reverse("admin:communication_article_change", args=[article.pk])
    response = client.post(url, article_form(article, state="published"))
    assert response.status_code == 200 and response.context["adminform"].form.errors["state"]
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT


def test_other_staff_cannot_change_a_published_article(client, staff):
    article = PublishedArticleFactory(title_en="Official")
    client.force_login(staff(roles.BILATERAL_OFFICER))
    url = reverse("admin:communication_article_change", args=[article.pk])
    response = client.post(url, article_form(article, title_en="Changed", state="draft"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title_en == "Official" and article.state == Article.State.PUBLISHED


def send_now(client, campaign):
    return client.post(
        reverse("admin:communication_campaign_changelist"),
        {"action": "send_now", "_selected_action": [campaign.pk]},
    )


@pytest.mark.parametrize("role", [roles.COMMUNICATION_OFFICER, roles.HEAD_OF_UNIT])
def test_the_communication_officer_and_the_head_of_unit_send(client, staff, role):
    campaign = CampaignFactory()
    client.force_login(staff(role))
    assert send_now(client, campaign).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SCHEDULED


@pytest.mark.parametrize(
    "role", [r for r in roles.STAFF_ROLES if r not in (roles.COMMUNICATION_OFFICER, roles.HEAD_OF_UNIT)]
)
def test_other_staff_cannot_send(client, staff, role):
    campaign = CampaignFactory()
    client.force_login(staff(role))
    assert send_now(client, campaign).status_code in (302, 403)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT
    assert client.get(reverse("admin:communication_campaign_preview", args=[campaign.pk])).status_code in (403, 404)


def test_a_test_edition_goes_to_the_sender_only(client, staff, smtp):
    SubscriberFactory()
    campaign = CampaignFactory(subject_en="Test me")
    user = staff(roles.COMMUNICATION_OFFICER)
    client.force_login(user)
    client.post(
        reverse("admin:communication_campaign_changelist"),
        {"action": "send_test", "_selected_action": [campaign.pk]},
    )
    assert [message["To"] for message in smtp.messages] == [user.email]
    assert not Delivery.objects.exists()


def test_the_preview_shows_the_edition_in_each_language(client, staff):
    campaign = CampaignFactory(subject_fr="Le Globe", subject_nl="De Globe")
    campaign.articles.add(PublishedArticleFactory(title_nl="Nieuws"))
    client.force_login(staff(roles.COMMUNICATION_OFFICER))
    url = reverse("admin:communication_campaign_preview", args=[campaign.pk])
    page = client.get(url, {"language": "nl"}).content.decode()
    assert "De Globe" in page and "Nieuws" in page and 'lang="nl"' in page
    assert client.get(url, {"language": "<script>"}).status_code == 200


def test_progress_is_visible_while_an_edition_is_sending(client, staff, django_assert_max_num_queries):
    campaign = CampaignFactory(state=Campaign.State.SENDING)
    for n, subscriber in enumerate(SubscriberFactory.create_batch(30)):
        Delivery.objects.create(campaign=campaign, subscriber=subscriber, state="sent" if n < 12 else "queued")
    CampaignFactory.create_batch(10)
    client.force_login(staff(roles.COMMUNICATION_OFFICER))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:communication_campaign_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    page = page.content.decode()
    assert "12 of 30 sent, 18 waiting, 0 failed" in page
