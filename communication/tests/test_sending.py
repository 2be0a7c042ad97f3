import email
import email.policy
import email.utils
from datetime import timedelta

import pytest
from django.utils import timezone

from activities.tests.factories import ActivityFactory
from communication import links, mail, sending, services
from communication.models import Article, Campaign, Delivery, Sender, Subscriber
from communication.tests.conftest import Sink, html_of, text_of, use
from communication.tests.factories import CampaignFactory, PublishedArticleFactory, SubscriberFactory
from partners.tests.factories import ThemeFactory


def send(campaign):
    services.campaign_schedule(campaign=campaign)
    return sending.run_round("test-worker")


def test_each_subscriber_gets_one_multipart_message_in_their_language_with_their_own_links(db, smtp):
    article = PublishedArticleFactory(title_en="Jazz", title_fr="Jazz à Berlin", title_nl="Jazz in Berlijn")
    campaign = CampaignFactory(subject_fr="Le Globe de mai", subject_nl="De Globe van mei")
    campaign.articles.add(article)
    french = SubscriberFactory.create_batch(3, language="fr")
    dutch = SubscriberFactory.create_batch(3, language="nl")
    assert send(campaign) == 6
    for subscriber, subject, title in [*((s, "Le Globe de mai", "Jazz à Berlin") for s in french)] + [
        *((s, "De Globe van mei", "Jazz in Berlijn") for s in dutch)
    ]:
        [message] = smtp.to(subscriber.email)
        assert message["Subject"] == subject
        assert title in text_of(message) and title in html_of(message)
        assert f'lang="{subscriber.language}"' in html_of(message)
        assert links.unsubscribe_url(subscriber) in text_of(message)
        assert links.preferences_url(subscriber) in html_of(message)
        assert message["List-Unsubscribe"].strip() == f"<{links.unsubscribe_url(subscriber)}>"
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENT and campaign.finished_at
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_only_confirmed_subscribers_receive_an_edition(db, smtp):
    SubscriberFactory(email="in@example.org")
    for state in ("pending", "unsubscribed", "bounced", "complained"):
        SubscriberFactory(email=f"{state}@example.org", state=state)
    send(CampaignFactory())
    assert [message["To"] for message in smtp.messages] == ["in@example.org"]


def test_a_temporary_failure_is_retried_later_and_a_permanent_one_is_recorded(db, settings, tmp_path):
    SubscriberFactory(email="busy@example.org")
    SubscriberFactory(email="gone@example.org")
    SubscriberFactory(email="fine@example.org")
    refusing = Sink(tmp_path / "first", refuse={"busy@example.org": "450", "gone@example.org": "550"})
    use(settings, refusing)
    try:
        campaign = CampaignFactory()
        send(campaign)
    finally:
        refusing.stop()
    busy, gone, fine = (
        Delivery.objects.get(subscriber__email=f"{name}@example.org") for name in ("busy", "gone", "fine")
    )
    assert fine.state == Delivery.State.SENT
    assert gone.state == Delivery.State.FAILED and "550" in gone.last_error
    assert busy.state == Delivery.State.RETRY and busy.next_attempt_at > timezone.now() and busy.attempts == 1
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING  # a retry is still to come

    accepting = Sink(tmp_path / "second")
    use(settings, accepting)
    try:
        assert sending.run_round("test-worker") == 0  # not before its backoff
        Delivery.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert sending.run_round("test-worker") == 1
    finally:
        accepting.stop()
    assert [message["To"] for message in accepting.messages] == ["busy@example.org"]
    busy.refresh_from_db()
    campaign.refresh_from_db()
    assert busy.state == Delivery.State.SENT and busy.attempts == 2
    assert campaign.state == Campaign.State.SENT


def test_a_worker_claims_only_deliveries_nobody_holds(db):
    SubscriberFactory.create_batch(5)
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    services.campaign_start(campaign=campaign)
    first = sending.claim("first", size=3)
    second = sending.claim("second", size=10)
    assert len(first) == 3 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert sending.claim("third") == []


def test_deliveries_of_a_dead_worker_are_taken_back_after_their_lease_and_in_flight_ones_marked_unsure(db, smtp):
    subscribers = SubscriberFactory.create_batch(4)
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    services.campaign_start(campaign=campaign)
    past, future = timezone.now() - timedelta(seconds=1), timezone.now() + timedelta(minutes=5)
    first, second, third, fourth = (Delivery.objects.get(subscriber=s) for s in subscribers)
    # A dead worker had sent the first, had the second in flight and the third not started; a
    # live worker holds the fourth, in flight.
    Delivery.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(leased_by="dead")
    Sender.objects.create(
        worker="dead", first=first.pk, last=third.pk, in_flight=second.pk, in_flight_since=past, lease_until=past
    )
    Delivery.objects.filter(pk=fourth.pk).update(leased_by="alive")
    Sender.objects.create(
        worker="alive", first=fourth.pk, last=fourth.pk, in_flight=fourth.pk, in_flight_since=past, lease_until=future
    )
    assert sending.run_round("new") == 2
    sent = {message["To"] for message in smtp.messages}
    assert sent == {subscribers[1].email, subscribers[2].email}
    states = {d.subscriber_id: (d.state, d.is_unsure, d.leased_by) for d in Delivery.objects.all()}
    assert states[subscribers[0].pk] == (Delivery.State.SENT, False, "dead")
    assert states[subscribers[1].pk] == (Delivery.State.SENT, True, "new")
    assert states[subscribers[2].pk] == (Delivery.State.SENT, False, "new")
    assert states[subscribers[3].pk] == (Delivery.State.QUEUED, False, "alive")
    assert list(Sender.objects.values_list("worker", flat=True)) == ["alive"]


def test_a_subscriber_who_leaves_during_the_sending_gets_nothing_more(db, smtp):
    leaving = SubscriberFactory()
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    services.campaign_start(campaign=campaign)
    services.subscriber_unsubscribe(subscriber=leaving)
    sending.run_round("test-worker")
    assert smtp.messages == []
    assert Delivery.objects.get().state == Delivery.State.FAILED


def test_a_scheduled_edition_waits_for_its_moment(db, smtp):
    SubscriberFactory()
    campaign = CampaignFactory()
    services.campaign_schedule(campaign=campaign, send_at=timezone.now() + timedelta(hours=1))
    assert sending.run_round("test-worker") == 0 and not Delivery.objects.exists()
    Campaign.objects.filter(pk=campaign.pk).update(send_at=timezone.now())
    assert sending.run_round("test-worker") == 1


def test_an_edition_is_started_once_even_if_two_workers_try(db):
    SubscriberFactory.create_batch(4)
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    assert services.campaign_start(campaign=campaign) == 4
    assert services.campaign_start(campaign=campaign) == 0
    assert Delivery.objects.count() == 4
    assert Subscriber.objects.count() == 4


def test_a_worker_told_to_stop_finishes_its_message_and_gives_back_the_rest(db, smtp):
    SubscriberFactory.create_batch(5)
    services.campaign_schedule(campaign=CampaignFactory())
    asked = iter([False, False, True])  # the round's first claim, the first message, then stop
    assert sending.run_round("leaving", stopping=lambda: next(asked, True)) == 1
    assert len(smtp.messages) == 1
    assert not Delivery.objects.filter(leased_by="leaving", state=Delivery.State.QUEUED).exists()
    assert sending.run_round("other") == 4
    assert len(smtp.messages) == 5 and not Delivery.objects.filter(is_unsure=True).exists()


def test_an_edition_announces_its_upcoming_public_activities_in_each_language(db, smtp):
    today = timezone.localdate()
    coming = ActivityFactory(
        slug="brussels-days",
        title_en="Brussels Days",
        title_fr="Journées bruxelloises",
        start_date=today + timedelta(days=9),
    )
    over = ActivityFactory(slug="over", title_en="Already over", start_date=today - timedelta(days=9))
    internal = ActivityFactory(
        slug="internal", title_en="Internal briefing", visibility="internal", start_date=today + timedelta(days=3)
    )
    campaign = CampaignFactory()
    campaign.activities.add(coming, over, internal)
    french = SubscriberFactory(language="fr")
    english = SubscriberFactory(language="en")
    send(campaign)
    [message] = smtp.to(french.email)
    assert "Journées bruxelloises" in text_of(message) and "/fr/activities/brussels-days/" in html_of(message)
    [message] = smtp.to(english.email)
    for body in (text_of(message), html_of(message)):
        assert "Brussels Days" in body and "Upcoming activities" in body
        assert "Already over" not in body and "Internal briefing" not in body


def test_a_subscriber_gets_the_news_and_activities_of_their_topics_and_those_of_no_theme(db, smtp):
    culture, trade = ThemeFactory(slug="culture", name_en="Culture"), ThemeFactory(slug="trade", name_en="Trade")
    jazz = PublishedArticleFactory(title_en="Jazz concerts")
    jazz.themes.add(culture)
    forum = PublishedArticleFactory(title_en="Business forum")
    forum.themes.add(trade)
    PublishedArticleFactory(title_en="A new office")  # no theme: for every reader
    dance = ActivityFactory(title_en="Dance project", start_date=timezone.localdate() + timedelta(days=5))
    dance.themes.add(culture)
    campaign = CampaignFactory()
    campaign.articles.add(*Article.objects.all())
    campaign.activities.add(dance)
    reader_of_culture = SubscriberFactory()
    reader_of_culture.topics.add(culture)
    reader_of_trade = SubscriberFactory()
    reader_of_trade.topics.add(trade)
    reader_of_all = SubscriberFactory()
    send(campaign)
    culture_text = text_of(smtp.to(reader_of_culture.email)[0])
    assert "Jazz concerts" in culture_text and "Dance project" in culture_text and "A new office" in culture_text
    assert "Business forum" not in culture_text
    trade_text = text_of(smtp.to(reader_of_trade.email)[0])
    assert "Business forum" in trade_text and "A new office" in trade_text
    assert "Jazz concerts" not in trade_text and "Dance project" not in trade_text
    all_text = text_of(smtp.to(reader_of_all.email)[0])
    assert all(title in all_text for title in ("Jazz concerts", "Business forum", "A new office", "Dance project"))


def test_the_topics_of_a_batch_are_read_in_one_query(db, smtp, django_assert_max_num_queries):
    culture = ThemeFactory(slug="culture")
    for _number in range(30):
        SubscriberFactory().topics.add(culture)
    campaign = CampaignFactory()
    services.campaign_schedule(campaign=campaign)
    sending.start_due_campaigns()
    [delivery, *others] = sending.claim("test-worker")
    with django_assert_max_num_queries(0):
        for claimed in [delivery, *others]:
            assert claimed.subscriber.topic_ids == {culture.pk}


def parsed_wire(data):
    """A message as the relay reads it: the final dot removed, doubled dots made single again."""
    assert data.endswith(b"\r\n.\r\n")
    lines = data[: -len(b".\r\n")].split(b"\r\n")
    return email.message_from_bytes(
        b"\r\n".join(line[1:] if line.startswith(b".") else line for line in lines), policy=email.policy.default
    )


def test_each_copy_on_the_wire_is_the_message_django_would_flatten_with_the_subscribers_own_values(db):
    article = PublishedArticleFactory(title_fr="Jazz à Berlin", summary_fr=".Un résumé qui commence par un point.")
    campaign = CampaignFactory(subject_fr="Le Globe de mai — édition spéciale")
    campaign.articles.add(article)
    readers = SubscriberFactory.create_batch(2, language="fr")
    editions, contents = mail.Editions(), campaign.contents()
    copies = [editions.message(campaign, reader, contents, delivery_id=100 + n) for n, reader in enumerate(readers)]
    for reader, copy in zip(readers, copies, strict=True):
        wire = parsed_wire(copy.wire)
        django = email.message_from_bytes(copy.message().as_bytes(linesep="\r\n"), policy=email.policy.default)
        differ = {"date", "message-id", "content-type"}  # the last for its random boundary
        assert wire.get_content_type() == django.get_content_type() == "multipart/alternative"
        # Equal but for folding: Django folds a long header the wire leaves on one line (both valid).
        assert sorted(
            (k.lower(), " ".join(str(v).split())) for k, v in wire.items() if k.lower() not in differ
        ) == sorted((k.lower(), " ".join(str(v).split())) for k, v in django.items() if k.lower() not in differ)
        assert text_of(wire) == text_of(django) and html_of(wire) == html_of(django)
        assert wire["To"] == reader.email and links.unsubscribe_url(reader) in text_of(wire)
        assert ".Un résumé" in html_of(wire)
        assert email.utils.parsedate_to_datetime(wire["Date"]) and wire["Message-ID"].endswith(">")
    assert parsed_wire(copies[0].wire)["Message-ID"] != parsed_wire(copies[1].wire)["Message-ID"]
    assert editions.wires and len(editions.rendered) == 1  # one rendering, one flattening for both


def test_an_edition_whose_flattening_would_move_a_link_is_flattened_copy_by_copy(db, smtp):
    # A line over SMTP's 998 octets: Django encodes the HTML part as quoted-printable, which may
    # fold a link; such an edition has no wire, and each copy is flattened by Django.
    article = PublishedArticleFactory(title_fr="Jazz", summary_fr="Long " * 400)
    campaign = CampaignFactory(subject_fr="Le Globe")
    campaign.articles.add(article)
    reader = SubscriberFactory(language="fr")
    assert not hasattr(mail.Editions().message(campaign, reader, campaign.contents(), delivery_id=1), "wire")
    assert send(campaign) == 1
    [message] = smtp.to(reader.email)
    assert links.unsubscribe_url(reader) in html_of(message) and "Long Long" in html_of(message)


def test_a_worker_that_fails_while_queueing_leaves_the_edition_to_be_started_again(db, monkeypatch):
    SubscriberFactory.create_batch(3)
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    queue = services._queue

    def fails_after_writing(campaign, subscribers):
        queue(campaign, subscribers)
        raise RuntimeError("the worker dies before the commit")

    monkeypatch.setattr(services, "_queue", fails_after_writing)
    with pytest.raises(RuntimeError):
        services.campaign_start(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SCHEDULED and not Delivery.objects.exists()
    monkeypatch.undo()
    assert services.campaign_start(campaign=campaign) == 3
    assert Delivery.objects.filter(campaign=campaign, state=Delivery.State.QUEUED, leased_by="").count() == 3
