"""News, the subscribers of "The Brussels Globe", their consent, the editions and their deliveries."""

import secrets

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabels
from core.rights import Rights, RightsQuerySet
from core.uploads import UploadValidator

# What an article's body may hold: structure and links, never scripts, styles or event handlers.
BODY_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "q"}
BODY_ATTRIBUTES = {"a": {"href", "title", "lang"}, "q": {"cite"}, "blockquote": {"cite"}}


def sanitise(html):
    return nh3.clean(html or "", tags=BODY_TAGS, attributes=BODY_ATTRIBUTES, url_schemes={"http", "https", "mailto"})


def new_token():
    return secrets.token_urlsafe(18)


class ArticleQuerySet(RightsQuerySet):
    def for_list(self):
        return (
            self.public()
            .defer(*[f"body_{code}" for code, _name in settings.LANGUAGES], "body")
            .order_by("-publish_at", "-pk")
        )

    def latest(self, count=3):
        return self.for_list()[:count]


PUBLISHED = Q(state="published", publish_at__lte=Now())


class Article(ChoiceLabels, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Paragraphs, lists, emphasis and links only."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(
        _("publication moment"), null=True, blank=True, help_text=_("A published article appears from this moment.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("author")
    )
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="news", verbose_name=_("partners"))
    themes = models.ManyToManyField("partners.Theme", blank=True, related_name="news", verbose_name=_("themes"))
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="news", verbose_name=_("activities")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    rights = Rights(public=PUBLISHED, private=["author"])

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news")
        permissions = [("publish_article", _("Can publish, schedule and archive news"))]
        # Ordered like the public list, so that its first page reads 20 index entries.
        indexes = [models.Index(fields=["state", "-publish_at", "-id"], name="article_published")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for code, _name in settings.LANGUAGES:
            field = f"body_{code}"
            setattr(self, field, sanitise(getattr(self, field, "")))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("communication:article-detail", args=[self.slug])

    def clean(self):
        if self.state == self.State.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()

    @staticmethod
    def may_publish(user):
        return user.has_perm("communication.publish_article")


def article_image_path(instance, filename):
    return f"news/{instance.article_id}/{filename}"


class ArticleImage(models.Model):
    FILE_KINDS = ["png", "jpeg"]

    article = models.ForeignKey(Article, models.CASCADE, related_name="images", verbose_name=_("article"))
    image = models.FileField(_("image"), upload_to=article_image_path, validators=[UploadValidator(FILE_KINDS)])
    alt_text = models.CharField(
        _("alternative text"), max_length=300, help_text=_("What the image shows, for readers who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="article", public=Q(article__state="published", article__publish_at__lte=Now()))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("news-image", args=[self.pk])

    def clean(self):
        if not (self.alt_text or "").strip():
            raise ValidationError({"alt_text": _("Every image needs an alternative text.")})


class SubscriberQuerySet(RightsQuerySet):
    def receiving(self):
        return self.filter(state=Subscriber.State.CONFIRMED)


class Subscriber(ChoiceLabels, models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("address bounces")
        COMPLAINED = "complained", _("marked as spam")

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fr")
    topics = models.ManyToManyField("partners.Theme", blank=True, related_name="+", verbose_name=_("topics"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    # The secret in every link of the subscriber's: erasing the subscriber voids them all.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("How the address came to us."))
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = SubscriberQuerySet.as_manager()
    rights = Rights()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["state"], name="subscriber_state")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @cached_property
    def topic_ids(self):
        """The themes chosen, as ids; a worker's claim reads those of its whole batch at once."""
        return {topic.pk for topic in self.topics.all()} if self.pk else set()


class Consent(models.Model):
    """What a subscriber agreed to, when and how: kept as long as the subscriber is."""

    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="consents", verbose_name=_("subscriber"))
    text = models.TextField(_("text agreed to"))
    language = models.CharField(_("language"), max_length=5)
    method = models.CharField(_("how"), max_length=200)
    given_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="subscriber")

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.subscriber} {self.given_at:%Y-%m-%d}"


class CampaignQuerySet(RightsQuerySet):
    def due(self):
        return self.filter(state=Campaign.State.SCHEDULED, send_at__lte=timezone.now())

    def with_progress(self):
        counts = {state: Count("deliveries", filter=Q(deliveries__state=state)) for state in Delivery.State.values}
        return self.annotate(**{f"count_{state}": count for state, count in counts.items()})


class Campaign(ChoiceLabels, models.Model):
    """An edition of "The Brussels Globe"."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    articles = models.ManyToManyField(Article, blank=True, related_name="campaigns", verbose_name=_("news"))
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="campaigns",
        verbose_name=_("upcoming activities"),
        help_text=_("Public activities to announce; those already over when the edition goes out are left out."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("composed by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()
    rights = Rights(public=Q(state="sent"))

    class Meta:
        ordering = ["-send_at", "-pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions of The Brussels Globe")
        permissions = [("send_campaign", _("Can schedule and send editions"))]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("communication:archive-detail", args=[self.pk])

    def published_articles(self):
        return self.articles.public().order_by("-publish_at")

    def upcoming_activities(self):
        return self.activities.public().upcoming().in_start_order()

    def contents(self):
        return EditionContents(self)


class EditionContents:
    """What an edition holds, read once per worker round: its published news and its upcoming
    public activities, each with its themes, so that each subscriber gets those of their topics."""

    def __init__(self, campaign):
        self.articles = self._with_themes(campaign.published_articles())
        self.activities = self._with_themes(campaign.upcoming_activities())

    @staticmethod
    def _with_themes(items):
        items = list(items.prefetch_related("themes"))
        for item in items:
            item.theme_ids = {theme.pk for theme in item.themes.all()}
        return items

    def for_subscriber(self, subscriber):
        """(news, activities) for a subscriber: with no topic chosen, everything; with topics, the
        items of those topics and the items of no theme (news for every reader)."""
        topics = subscriber.topic_ids

        def chosen(item):
            return not topics or not item.theme_ids or bool(topics & item.theme_ids)

        return [item for item in self.articles if chosen(item)], [item for item in self.activities if chosen(item)]


class Sender(models.Model):
    """A worker holding a batch of deliveries (communication.sending): its lease, renewed with each
    message, and the one delivery whose SMTP transaction may be under way.

    Each message writes this one small row, not the deliveries; their states are written once per
    batch. If the worker dies, whoever takes its lease back reads here which deliveries it had sent
    (those of its batch before the one in flight), which one may have been (in flight: unsure) and
    which it never started."""

    worker = models.CharField(_("worker"), max_length=100, unique=True)
    # The batch's lowest and highest delivery ids: where its deliveries are found again.
    first = models.BigIntegerField(_("first delivery"))
    last = models.BigIntegerField(_("last delivery"))
    # Not a foreign key: this row is written with every message, and checking one would cost a
    # lookup each time. Every delivery of the batch before it, still queued, has been sent.
    in_flight = models.BigIntegerField(_("delivery in flight"), null=True, blank=True)
    in_flight_since = models.DateTimeField(_("in flight since"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"))

    class Meta:
        verbose_name = _("sending worker")
        verbose_name_plural = _("sending workers")

    def __str__(self):
        return self.worker


class Delivery(ChoiceLabels, models.Model):
    """One edition to one subscriber. A worker holds it while its lease runs (communication.sending)."""

    class State(models.TextChoices):
        # Held by a worker, or not: `leased_by` (communication.sending, the worker's Sender row).
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        RETRY = "retry", _("temporarily failed, to retry")
        FAILED = "failed", _("failed")

    # Indexed first in the claim's index and the one-delivery constraint: no index of its own.
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="deliveries", verbose_name=_("edition"), db_index=False
    )
    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="deliveries", verbose_name=_("subscriber"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # The worker holding it, whose lease is its Sender row; kept on a delivery it sent.
    leased_by = models.CharField(_("worker"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The worker died while the SMTP transaction was in flight: the subscriber may get it twice.
    is_unsure = models.BooleanField(_("unsure"), default=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="campaign")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["campaign", "subscriber"], name="one_delivery_per_subscriber")]
        indexes = [
            # A worker's claim reads an edition's next deliveries in order from here, not every
            # queued delivery of the edition (communication.sending.candidates).
            models.Index(fields=["campaign", "state", "id"], name="delivery_next"),
        ]

    def __str__(self):
        return f"{self.campaign} → {self.subscriber}"
