import json
import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from communication import links, sending, services
from communication.forms import FORM_STAMP
from communication.models import Campaign, Consent, Subscriber
from communication.tests.conftest import text_of
from communication.tests.factories import CampaignFactory, ConsentFactory, SubscriberFactory
from partners.tests.factories import ThemeFactory


def stamp(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt=FORM_STAMP)


def form(email="ada@example.org", language="nl", **extra):
    return {"email": email, "language": language, "consent": "on", "stamp": stamp(), **extra}


def local(url):
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL) :]


def link_in(message, kind):
    return local(re.search(rf"{settings.SITE_URL}/\w\w/newsletter/{kind}/[^/\s]+/", text_of(message)).group(0))


def test_subscribe_confirm_by_mail_and_unsubscribe_in_one_click(client, db, smtp, django_capture_on_commit_callbacks):
    theme = ThemeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/newsletter/", form(topics=[theme.pk]))
    assert response.status_code == 200 and b"Check your mailbox" in response.content
    subscriber = Subscriber.objects.get(email="ada@example.org")
    assert subscriber.state == Subscriber.State.PENDING and list(subscriber.topics.all()) == [theme]

    [confirmation] = smtp.to("ada@example.org")
    confirm = link_in(confirmation, "confirm")
    assert confirm.startswith("/nl/")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    consent = subscriber.consents.get()
    assert consent.language == "nl" and "Brussels Globe" in consent.text and consent.method

    services.campaign_schedule(campaign=CampaignFactory())
    sending.run_round("test")
    [edition] = [message for message in smtp.to("ada@example.org") if message["List-Unsubscribe"]]
    assert edition["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = local(edition["List-Unsubscribe"].strip().strip("<>"))
    assert unsubscribe in text_of(edition).replace(settings.SITE_URL, "")
    # A mail client posts without a session or a CSRF token (RFC 8058).
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED


class OldSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - (settings.NEWSLETTER_CONFIRM_DAYS * 86400 + 60))


def test_an_expired_confirmation_link_is_refused_with_a_clear_page(client, db):
    subscriber = SubscriberFactory(state=Subscriber.State.PENDING)
    old = OldSigner(salt=links.CONFIRM).sign_object([subscriber.pk, subscriber.token])
    response = client.post(f"/en/newsletter/confirm/{old}/")
    assert response.status_code == 400 and b"This link is not valid" in response.content
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING and not Consent.objects.exists()


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "preferences", "my-data", "erase"])
def test_a_tampered_link_is_refused_with_a_clear_page(client, db, kind):
    subscriber = SubscriberFactory(state=Subscriber.State.PENDING)
    token = links.sign(subscriber, links.CONFIRM if kind == "confirm" else links.MANAGE)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for method in (client.get,) if kind == "my-data" else (client.get, client.post):
        response = method(f"/en/newsletter/{kind}/{tampered}/")
        assert response.status_code == 400 and b"This link is not valid" in response.content
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_a_confirmation_link_cannot_unsubscribe_and_an_unsubscribe_link_cannot_confirm(client, db):
    subscriber = SubscriberFactory(state=Subscriber.State.PENDING)
    assert client.post(f"/en/newsletter/unsubscribe/{links.sign(subscriber, links.CONFIRM)}/").status_code == 400
    assert client.post(f"/en/newsletter/confirm/{links.sign(subscriber, links.MANAGE)}/").status_code == 400
    assert Subscriber.objects.get().state == Subscriber.State.PENDING


def test_the_form_never_reveals_whether_an_address_is_subscribed(client, db, smtp, django_capture_on_commit_callbacks):
    SubscriberFactory(email="known@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/newsletter/", form(email="known@example.org"))
        unknown = client.post("/en/newsletter/", form(email="new@example.org"))
    strip = lambda response: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(known) == strip(unknown)
    # The owner of the known address learns it from their mailbox, not the form's author.
    assert "already" in smtp.to("known@example.org")[0]["Subject"]
    assert Subscriber.objects.get(email="known@example.org").state == Subscriber.State.CONFIRMED


def test_the_form_is_rate_limited_per_client(client, db, settings, smtp, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_SUBSCRIBE_PER_HOUR = 3
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert client.post("/en/newsletter/", form(email=f"r{n}@example.org")).status_code == 200
        assert client.post("/en/newsletter/", form(email="r9@example.org")).status_code == 429
        other = Client(REMOTE_ADDR="192.0.2.7")
        assert other.post("/en/newsletter/", form(email="r8@example.org")).status_code == 200
    assert not Subscriber.objects.filter(email="r9@example.org").exists()


@pytest.mark.parametrize(
    "trap",
    [{"website": "http://spam.example"}, {"stamp": None}, {"stamp": "forged"}],
    ids=["trap-field", "too-fast", "forged-stamp"],
)
def test_bots_are_answered_like_people_but_nothing_is_stored_or_sent(client, db, smtp, trap):
    if trap.get("stamp", "") is None:
        trap = {"stamp": stamp(seconds_ago=0)}
    response = client.post("/en/newsletter/", form(**trap))
    assert response.status_code == 200 and b"Check your mailbox" in response.content
    assert not Subscriber.objects.exists() and not smtp.messages


def test_bad_input_is_refused_and_stores_nothing(client, db, smtp):
    response = client.post("/en/newsletter/", form(email="not an address", language="xx"))
    assert response.status_code == 400
    response = client.post("/en/newsletter/", {k: v for k, v in form().items() if k != "consent"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_the_preference_page_changes_language_and_topics(client, db):
    subscriber, theme = SubscriberFactory(language="fr"), ThemeFactory()
    url = f"/en/newsletter/preferences/{links.sign(subscriber, links.MANAGE)}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"language": "de", "topics": [theme.pk]}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.language == "de" and list(subscriber.topics.all()) == [theme]
    assert client.post(url, {"language": "xx"}).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "de"


def test_a_subscriber_downloads_then_erases_their_data(client, db):
    subscriber = ConsentFactory(text="I agree to The Brussels Globe.").subscriber
    token = links.sign(subscriber, links.MANAGE)
    data = json.loads(client.get(f"/en/newsletter/my-data/{token}/").content)
    assert data["email"] == subscriber.email and data["consents"][0]["text"] == "I agree to The Brussels Globe."
    assert client.get(f"/en/newsletter/erase/{token}/").status_code == 200
    assert Subscriber.objects.exists()
    assert client.post(f"/en/newsletter/erase/{token}/").status_code == 200
    assert not Subscriber.objects.exists() and not Consent.objects.exists()
    assert client.get(f"/en/newsletter/preferences/{token}/").status_code == 400


def test_the_archive_lists_only_sent_editions(client, db, django_assert_max_num_queries):
    CampaignFactory.create_batch(25, state=Campaign.State.SENT, subject_en="Sent edition")
    CampaignFactory(subject_en="Draft edition")
    with django_assert_max_num_queries(5):
        page = client.get("/en/newsletter/archive/").content.decode()
    assert "Sent edition" in page and "Draft edition" not in page and 'rel="next"' in page
    draft = Campaign.objects.get(subject_en="Draft edition")
    assert client.get(f"/en/newsletter/archive/{draft.pk}/").status_code == 404


def hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def test_the_form_page_is_cached_yet_each_visitor_gets_their_own_token_and_stamp(db, django_assert_max_num_queries):
    visitor, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = visitor.get("/en/newsletter/")
    with django_assert_max_num_queries(0):  # served from the cache: no query, no template
        second = other.get("/en/newsletter/")
    pages = [response.content.decode() for response in (first, second)]
    assert hidden(pages[0], "csrfmiddlewaretoken") != hidden(pages[1], "csrfmiddlewaretoken")
    assert "fresh-" not in pages[0] + pages[1]  # no marker is left in a page
    assert "private" in second["Cache-Control"] and not second.has_header("ETag")
    assert second.cookies["csrftoken"].value
    assert signing.loads(hidden(pages[1], "stamp"), salt=FORM_STAMP) >= signing.loads(
        hidden(pages[0], "stamp"), salt=FORM_STAMP
    )


def test_the_cached_form_still_checks_csrf_and_the_time_it_took(
    db, smtp, monkeypatch, django_capture_on_commit_callbacks
):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/en/newsletter/")  # fills the cache
    page = visitor.get("/en/newsletter/").content.decode()
    data = {"email": "ada@example.org", "language": "en", "consent": "on", "stamp": hidden(page, "stamp")}
    assert visitor.post("/en/newsletter/", data).status_code == 403  # no token
    data["csrfmiddlewaretoken"] = hidden(page, "csrfmiddlewaretoken")
    answered = visitor.post("/en/newsletter/", data)  # at once: as a bot would
    assert answered.status_code == 200 and not Subscriber.objects.exists()
    shown = time.time()
    monkeypatch.setattr("communication.forms.time.time", lambda: shown + 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor.post("/en/newsletter/", data).status_code == 200
    assert Subscriber.objects.get().email == "ada@example.org"
