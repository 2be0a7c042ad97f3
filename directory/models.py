from django.conf import settings
from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.models import Sourced
from core.rights import Rights, RightsQuerySet


class UnitQuerySet(RightsQuerySet):
    def for_directory(self):
        """Units with their public members (as `public_members`), for the public directory."""
        members = StaffMember.objects.for_directory()
        return self.prefetch_related(models.Prefetch("members", members, to_attr="public_members"))


class Unit(Sourced):
    """A unit of the administration, e.g. "Finance and Travel Unit"."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()
    rights = Rights(public=models.Q())

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class Subject(Sourced):
    """A subject in a portfolio that is not a partner: "Calls for projects", "eat! BRUSSELS festival"."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=models.Q())

    class Meta:
        ordering = ["slug"]
        verbose_name = _("portfolio subject")
        verbose_name_plural = _("portfolio subjects")

    def __str__(self):
        return self.name


# The public directory names at most this many partners per person, whatever their portfolio.
DIRECTORY_PARTNERS_SHOWN = 12


class StaffMemberQuerySet(RightsQuerySet):
    def for_directory(self):
        """Public members with a bounded list of the public partners they follow, as lists
        (`subject_list`, `followed`), so that the page builds no queryset per member."""
        from partners.models import Assignment, Partner

        by_name = [f"partner__{field}" for field in Partner.objects.by_name()]
        rank = models.Window(RowNumber(), partition_by="staff_member", order_by=by_name)
        followed = (
            Assignment.objects.public()
            .annotate(rank=rank)
            .filter(rank__lte=DIRECTORY_PARTNERS_SHOWN)
            .select_related("partner")
            .order_by(*by_name)
        )
        return (
            self.public()
            .select_related("unit")
            .prefetch_related(
                models.Prefetch("subjects", to_attr="subject_list"),
                models.Prefetch("assignments", followed, to_attr="followed"),
            )
        )


class StaffMember(Sourced):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        verbose_name=_("login account"),
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="members", verbose_name=_("unit"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_('Function, e.g. "Bilateral Relations".')
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. fr, nl, en."),
    )
    is_head = models.BooleanField(_("head of the unit"), default=False)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="staff_members", verbose_name=_("subjects followed")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = StaffMemberQuerySet.as_manager()
    rights = Rights(public=models.Q(is_public=True), private=["user"])

    class Meta:
        ordering = ["unit__order", "-is_head", "order", "last_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(fields=["first_name", "last_name"], name="unique_staff_member_name"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("public:directory") + f"#staff-{self.pk}"

    def language_list(self):
        """The languages spoken, as (code, name in that language), e.g. ("nl", "Nederlands")."""
        codes = [code.strip().lower() for code in self.languages.split(",") if code.strip()]
        return [(code, _language_name(code)) for code in codes]


def _language_name(code):
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
