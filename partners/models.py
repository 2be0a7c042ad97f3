import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models, router, transaction
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import collation, dac, gazetteer, languages
from core.models import ChoiceLabels, Sourced
from core.rights import Rights, RightsQuerySet
from core.text import search_query, search_text
from core.uploads import UploadValidator
from core.uploads import validate_upload_size as validate_upload_size  # migration 0001 refers to it here
from directory.models import StaffMember
from partners import search as search_index
from partners import tally

CAN_CHANGE_ALL = "partners.change_all_partners"
# The languages a partner keeps a sort key for (Partner.sort_key_<code>).
SORTED = ["fr", "nl", "en", "de"]

# A date before this is a typing slip (0001-01-01), not a signature.
EARLIEST_DATE = datetime.date(1800, 1, 1)
NOTES_MAX_LENGTH = 100_000  # characters; the form says so at the field, and keeps the text


def date_validators():
    return [MinValueValidator(EARLIEST_DATE, message=_("Enter a date from the year 1800 on."))]


class Theme(Sourced):
    """A cooperation theme, e.g. "Urban development"."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class PartnerQuerySet(RightsQuerySet):
    def search(self, query):
        words = search_query(query)
        if not words:
            return self
        partners, candidates = self, search_index.candidates(connections[self.db], words)
        if candidates:
            partners = partners.filter(pk__in=RawSQL(*candidates))
        return partners.filter(search_text__contains=words)

    def for_list(self):
        """Public partners by name, each with its themes as a list (`theme_list`)."""
        return self.public().prefetch_related(Prefetch("themes", to_attr="theme_list")).order_by(*self.by_name())

    def update(self, **kwargs):
        """An update of what the public figures count also counts the countries it touches
        again (partners.tally), in the same transaction."""
        if not tally.COUNTED_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            tally.lock(self.db)
            countries = set(self.order_by().values_list("country", flat=True).distinct())
            updated = super().update(**kwargs)
            new_country = kwargs.get("country", "")
            if isinstance(new_country, str):
                tally.refresh(countries | {new_country}, using=self.db)
            else:  # an expression: which countries it gives is the database's to say
                tally.refresh(using=self.db)
        return updated

    @staticmethod
    def by_name():
        """Order by the name shown in the current language, as that language sorts (indexed)."""
        return [Partner.sort_field(get_language()), "slug"]

    def followed_by(self, staff_member):
        return self.filter(assignments__staff_member=staff_member)

    def unfollowed(self):
        return self.exclude(Exists(Assignment.objects.filter(partner=OuterRef("pk"))))

    def with_last_touch(self, today=None):
        """Each partner with its last touch point, computed in the database: the day of its last
        activity started, agreement signed or follow-up action done (`last_activity`,
        `last_agreement`, `last_follow_up`), and the latest of them (`last_touch`; EARLIEST_DATE
        when there is none). Nothing later than today counts: a plan is not a contact."""
        from activities.models import Activity, FollowUp

        today = today or timezone.localdate()
        links = Activity.partners.through.objects.filter(partner=OuterRef("pk"), activity__start_date__lte=today)
        latest = {
            "last_activity": links.values("partner").annotate(day=Max("activity__start_date")).values("day"),
            "last_agreement": Agreement.objects.filter(partner=OuterRef("pk"), signed_on__lte=today)
            .values("partner")
            .annotate(day=Max("signed_on"))
            .values("day"),
            "last_follow_up": FollowUp.objects.filter(activity__partners=OuterRef("pk"), done_on__lte=today)
            .values("activity__partners")
            .annotate(day=Max("done_on"))
            .values("day"),
        }
        annotated = self.annotate(**{name: Subquery(query.order_by()) for name, query in latest.items()})
        # SQLite's MAX() of several values is NULL when one is: each is read as EARLIEST_DATE then.
        never = Value(EARLIEST_DATE, output_field=models.DateField())
        return annotated.annotate(last_touch=Greatest(*(Coalesce(name, never) for name in latest)))

    def last_touch_expression(self, today=None):
        """with_last_touch's `last_touch`, as an expression for update() (None when none)."""
        touched = self.with_last_touch(today).filter(pk=OuterRef("pk")).values("last_touch")
        return NullIf(Subquery(touched), Value(EARLIEST_DATE, output_field=models.DateField()))

    def set_touched_on(self, today=None):
        """Keep each partner's last touch point on it (partners.touch), in one UPDATE."""
        return self.update(touched_on=Partner.objects.last_touch_expression(today))

    def dormant(self, today=None, months=None):
        """Partners not ended whose last touch point is older than the span (DORMANT_AFTER_MONTHS),
        the quietest first, each with its officers (`assignments` prefetched).

        Today, the touch point kept on each partner is read (`touched_on`, through its index:
        partners.touch); for another day it is computed from the records."""
        months = settings.DORMANT_AFTER_MONTHS if months is None else months
        if today is None or today == timezone.localdate():
            since = timezone.localdate() - relativedelta(months=months)
            quiet = self.filter(Q(touched_on__lt=since) | Q(touched_on__isnull=True))
            order = [F("touched_on").asc(nulls_first=True), "slug"]
        else:
            since = today - relativedelta(months=months)
            quiet = self.with_last_touch(today).filter(last_touch__lt=since)
            order = ["last_touch", "slug"]
        return (
            quiet.exclude(state=Partner.State.ENDED)
            .prefetch_related(Prefetch("assignments", Assignment.objects.select_related("staff_member")))
            .order_by(*order)
        )

    def for_public_page(self):
        """A partner's public page: what it shows and nothing private, in a fixed number of queries.

        Each relation comes as a list (`theme_list`, `public_agreements`...): the page reads
        them without building a queryset per partner or agreement.
        """
        agreements = (
            Agreement.objects.public()
            .order_by("-signed_on")
            .prefetch_related(
                Prefetch("themes", to_attr="theme_list"),
                Prefetch("signatories", Signatory.objects.order_by("side", "order"), to_attr="signatory_list"),
                Prefetch("documents", AgreementDocument.objects.filter(is_public=True), to_attr="public_documents"),
            )
        )
        officers = Assignment.objects.filter(staff_member__is_public=True).select_related("staff_member")
        return self.public().prefetch_related(
            Prefetch("themes", to_attr="theme_list"),
            Prefetch("networks", to_attr="network_list"),
            Prefetch("agreements", agreements, to_attr="public_agreements"),
            Prefetch("assignments", officers, to_attr="public_assignments"),
        )

    def for_portfolio(self):
        return self.prefetch_related(
            Prefetch("agreements", Agreement.objects.order_by("-signed_on")),
            Prefetch("assignments", Assignment.objects.select_related("staff_member")),
        ).order_by("slug")


class Partner(Sourced):
    """A city, region or country with which the Region has, or had, a partnership."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        REGION = "region", _("region")
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        DISTRICT = "district", _("district")
        FEDERAL_DISTRICT = "federal_district", _("federal district")
        CITY_PROVINCE = "city_province", _("city-province")
        VOIVODESHIP = "voivodeship", _("voivodeship")
        METROPOLITAN_AREA = "metropolitan_area", _("metropolitan area")
        COUNTRY = "country", _("country")

    class State(models.TextChoices):
        # The state of a partnership: French agrees it with "partenariat" (masculine).
        ACTIVE = "active", pgettext_lazy("partnership", "active")
        DORMANT = "dormant", pgettext_lazy("partnership", "dormant")
        SUSPENDED = "suspended", pgettext_lazy("partnership", "suspended")
        ENDED = "ended", pgettext_lazy("partnership", "ended")

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("The partner's address on the public site.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    continent = models.CharField(
        _("continent"), max_length=2, choices=gazetteer.CONTINENTS.items(), editable=False, db_index=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="partners", verbose_name=_("cooperation themes"))
    description = models.TextField(_("description"), blank=True, help_text=_("Public text about the partnership."))
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        help_text=_("Never shown on the public site."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames place"), null=True, blank=True, help_text=_("The place the coordinates were taken from.")
    )
    # Linked data (api.linked): filled only from a source checked and cited, never guessed.
    wikidata_id = models.CharField(
        _("Wikidata item"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", _("A Wikidata item is Q followed by digits, e.g. Q64."))],
        help_text=_("The partner's Wikidata item, e.g. Q64 for Berlin."),
    )
    # Its last activity, agreement or follow-up up to today, kept by partners.touch (None: never).
    touched_on = models.DateField(_("last touch point"), null=True, blank=True, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")
    # The name shown in each language, as a collation key of that language (core.collation).
    sort_key_fr = models.CharField(max_length=2 * collation.KEY_BYTES, editable=False, default="")
    sort_key_nl = models.CharField(max_length=2 * collation.KEY_BYTES, editable=False, default="")
    sort_key_en = models.CharField(max_length=2 * collation.KEY_BYTES, editable=False, default="")
    sort_key_de = models.CharField(max_length=2 * collation.KEY_BYTES, editable=False, default="")

    objects = PartnerQuerySet.as_manager()
    # Officers hold the partners of their portfolio; ended partnerships leave the public site.
    rights = Rights(
        holders="assignments__staff_member__user",
        everything=CAN_CHANGE_ALL,
        public=~Q(state="ended"),
        private=["internal_notes"],
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("change_all_partners", _("Can change every partner, whoever follows it"))]
        # With the state, so that a late page of the public list skips index entries without
        # reading the rows they point to (a partial index would not serve a bound parameter).
        indexes = [
            *(
                models.Index(fields=[f"sort_key_{code}", "slug", "state"], name=f"partner_by_name_{code}")
                for code in SORTED
            ),
            # partners.tally counts a country's partners again after each change.
            models.Index(fields=["country", "state"], name="partner_by_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="partner_coordinates_both_or_neither",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:partner-detail", args=[self.slug])

    def clean(self):
        message = _("Give both latitude and longitude, or neither.")
        if self.latitude is None and self.longitude is not None:
            raise ValidationError({"latitude": message})
        if self.longitude is None and self.latitude is not None:
            raise ValidationError({"longitude": message})

    def validate_constraints(self, exclude=None):
        # clean() reports the coordinates rule at the missing field; the database constraint
        # stays as the guard behind it and would only repeat it, away from the field.
        super().validate_constraints(exclude={*(exclude or ()), "latitude", "longitude"})

    def save(self, *args, **kwargs):
        # The touch point is kept by partners.touch, never by a form: a partner read before an
        # activity moved it is saved without writing it back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "touched_on"
            ]
        self.continent = gazetteer.continent_of(self.country)
        self.search_text = self.build_search_text()
        self.set_sort_keys()
        # With the tally of public partners it changes (partners.tally), in one transaction.
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Partner, instance=self)):
            super().save(*args, **kwargs)

    @staticmethod
    def sort_field(language):
        return f"sort_key_{language if language in SORTED else 'en'}"

    def shown_name(self, language):
        """The name the public site shows in that language: its own, or the first fallback."""
        return languages.fallback(self, "name", language)[0] or self.name or ""

    def set_sort_keys(self):
        for code in SORTED:
            setattr(self, f"sort_key_{code}", collation.sort_key(self.shown_name(code), code))

    def build_search_text(self, aliases=None):
        names = [getattr(self, f"name_{code}", "") for code, _name in settings.LANGUAGES] + [self.name]
        if aliases is None:
            aliases = self.aliases.values_list("name", flat=True) if self.pk else []
        return search_text([*names, *aliases])

    def refresh_search_text(self):
        Partner.objects.filter(pk=self.pk).update(search_text=self.build_search_text())

    @property
    def is_dac_recipient(self):
        return dac.is_recipient(self.country)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def suggest_coordinates(self):
        """The most populous GeoNames place bearing one of the partner's names, in its country."""
        aliases = self.aliases.values_list("name", flat=True) if self.pk else []
        names = [getattr(self, f"name_{code}") for code, _name in settings.LANGUAGES]
        for name in filter(None, [*names, *aliases]):
            places = gazetteer.suggest(name, self.country)
            if places:
                return places[0]
        return None

    def officers(self):
        return [assignment.staff_member for assignment in self.assignments.all()]


class TallyQuerySet(models.QuerySet):
    def figures(self):
        """The home page's figures."""
        totals = self.aggregate(partners=models.Sum("count"), countries=models.Count("country", distinct=True))
        return {"partner_count": totals["partners"] or 0, "country_count": totals["countries"]}

    def partner_count(self):
        return self.aggregate(partners=models.Sum("count"))["partners"] or 0

    def located(self):
        return self.filter(cell_x__isnull=False)

    def count_per_continent(self):
        return dict(self.located().values_list("continent").annotate(partners=models.Sum("count")).order_by())

    def cells(self):
        """The map cells (core.worldmap.CELL degrees) that hold at least one public partner."""
        return self.located().values_list("cell_x", "cell_y").distinct().order_by()


class PartnerTally(models.Model):
    """How many public partners each country has, per continent and map cell (partners.tally).

    The home page's figures, the list's count and the map read these rows, whose number the
    geography bounds (a few thousand at most), instead of every partner. Derived data: kept by
    partners.tally on every write of a partner, never edited.
    """

    country = CountryField()
    continent = models.CharField(max_length=2)
    # The cell's indexes: round(longitude / CELL) and round(latitude / CELL); none when the
    # partner has no coordinates.
    cell_x = models.SmallIntegerField(null=True)
    cell_y = models.SmallIntegerField(null=True)
    count = models.PositiveIntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["country"], name="partner_tally_country")]

    def __str__(self):
        return f"{self.country} ({self.cell_x}, {self.cell_y}): {self.count}"


class PartnerAlias(models.Model):
    """Another name or spelling: "Kiev", "Kyjiw", "MEL"."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="aliases", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("Language code, if the name belongs to one (e.g. de, uk)."),
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="partner", public=~Q(partner__state="ended"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names and spellings")
        constraints = [models.UniqueConstraint(fields=["partner", "name"], name="unique_partner_alias")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.partner.refresh_search_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.partner.refresh_search_text()
        return result


class Counterpart(Sourced):
    """A contact person at a partner. Private: never on a public page."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="counterparts", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True, help_text=_('e.g. "Mayor of Ankara".'))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=NOTES_MAX_LENGTH)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="partner")  # private: only roles with partners.view_counterpart

    class Meta:
        ordering = ["name"]
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")

    def __str__(self):
        return f"{self.name} ({self.office})" if self.office else self.name


class Assignment(Sourced):
    """A staff member follows a partner: the partner is in their portfolio."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="assignments", verbose_name=_("partner"))
    staff_member = models.ForeignKey(
        StaffMember, models.CASCADE, related_name="assignments", verbose_name=_("staff member")
    )

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="partner", public=Q(staff_member__is_public=True) & ~Q(partner__state="ended"))

    class Meta:
        ordering = ["partner__slug", "staff_member__last_name"]
        verbose_name = _("portfolio assignment")
        verbose_name_plural = _("portfolio assignments")
        constraints = [models.UniqueConstraint(fields=["partner", "staff_member"], name="unique_assignment")]

    def __str__(self):
        return f"{self.staff_member} → {self.partner}"


class AgreementQuerySet(RightsQuerySet):
    def due_for_renewal(self, within_days=180, today=None):
        today = today or timezone.localdate()
        return self.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=within_days))


class Agreement(Sourced):
    class Kind(models.TextChoices):
        FRIENDSHIP_COOPERATION = "friendship_cooperation", _("friendship and cooperation agreement")
        MEMORANDUM = "memorandum", _("memorandum of understanding")
        COOPERATION_PROGRAMME = "cooperation_programme", _("cooperation programme")
        DECLARATION_OF_INTENT = "declaration_of_intent", _("declaration of intent")
        OTHER = "other", _("other agreement")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ELECTRONIC = "electronic", _("electronically")

    class Renewal(models.TextChoices):
        UNSPECIFIED = "unspecified", _("not specified")
        OPEN_ENDED = "open_ended", _("open-ended")
        TACIT = "tacit", _("renewed tacitly")
        EXPLICIT = "explicit", _("renewed by a new signature")

    partner = models.ForeignKey(Partner, models.PROTECT, related_name="agreements", verbose_name=_("partner"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=date_validators())
    signed_on_precision = models.CharField(
        _("precision of the signing date"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("When only the month is known, enter the first day of that month and choose “month only”."),
    )
    signed_at = models.CharField(_("signed at"), max_length=200, blank=True, help_text=_("Place of signing."))
    signing_mode = models.CharField(_("signing mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    themes = models.ManyToManyField(Theme, blank=True, related_name="agreements", verbose_name=_("themes"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True, validators=date_validators())
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=date_validators())
    renewal = models.CharField(_("renewal"), max_length=12, choices=Renewal.choices, default=Renewal.UNSPECIFIED)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        help_text=_("Never shown on the public site."),
    )

    objects = AgreementQuerySet.as_manager()
    rights = Rights(owner="partner", public=Q(is_public=True) & ~Q(partner__state="ended"), private=["internal_notes"])

    class Meta:
        ordering = ["partner__slug", "-signed_on"]
        # The home page's latest agreements read a few rows of this index, not every agreement.
        indexes = [models.Index(fields=["signed_on"], name="agreement_by_signature")]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity cannot come before its start.")})
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            raise ValidationError({"valid_until": _("The end of validity cannot come before the signature.")})

    def is_due_for_renewal(self, within_days=180, today=None):
        today = today or timezone.localdate()
        return bool(self.valid_until) and today <= self.valid_until <= today + datetime.timedelta(days=within_days)

    def is_in_force(self, today=None):
        today = today or timezone.localdate()
        return (not self.valid_from or self.valid_from <= today) and (not self.valid_until or today <= self.valid_until)


class Signatory(ChoiceLabels, models.Model):
    class Side(models.TextChoices):
        OURS = "ours", _("our side")
        PARTNER = "partner", _("partner's side")

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="signatories", verbose_name=_("agreement"))
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RightsQuerySet.as_manager()
    rights = Rights(owner="agreement", public=Q(agreement__is_public=True) & ~Q(agreement__partner__state="ended"))

    class Meta:
        ordering = ["side", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name}, {self.office}" if self.office else self.name


def agreement_document_path(document, filename):
    return f"agreements/{document.agreement_id}/{Path(filename).name}"


class AgreementDocument(models.Model):
    FILE_KINDS = ["pdf", "odt", "docx", "doc", "png", "jpeg"]

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="documents", verbose_name=_("agreement"))
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=agreement_document_path,
        validators=[UploadValidator(FILE_KINDS)],
    )
    is_public = models.BooleanField(_("shown on the public site"), default=False)

    objects = RightsQuerySet.as_manager()
    rights = Rights(
        owner="agreement", public=Q(is_public=True, agreement__is_public=True) & ~Q(agreement__partner__state="ended")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def is_readable_by(self, user):
        return self.rights.is_visible(self, user)


class Network(Sourced):
    """A city network such as Eurocities, and who belongs to it."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_member = models.BooleanField(_("the Region is a member"), default=True)
    represented_by = models.ForeignKey(
        "directory.Unit",
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("represented by"),
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="networks", verbose_name=_("partner members"))

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=Q())

    class Meta:
        ordering = ["slug"]
        verbose_name = _("city network")
        verbose_name_plural = _("city networks")

    def __str__(self):
        return self.name
