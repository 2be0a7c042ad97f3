from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from core.rights import Rights, RightsQuerySet


class ChoiceLabels:
    """`get_<field>_display()` that translates the label it shows, and no other.

    Django's own hashes every label of the field's choices on each call, and hashing a lazy
    label translates it: an activity's kind has 20 labels, so a programme of ten items cost
    200 translations. Mixed into every model with choices (through Sourced for most).
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = next((label for choice, label in field.flatchoices if choice == value), value)
        return force_str(label, strings_only=True)


class Sourced(ChoiceLabels, models.Model):
    """Where a record comes from: a seed document, a person's entry, or sample data."""

    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The document this record was taken from, e.g. a seed document."),
    )
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Generated for benchmarks or demonstrations; not real."),
    )

    class Meta:
        abstract = True


class Organisation(Sourced):
    """The office that runs this Liaison: one row, shown in every page's header."""

    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region or city"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Filled in by staff: the public directory shows what is there and invents nothing.
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = RightsQuerySet.as_manager()
    rights = Rights(public=models.Q())

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return self.name

    @property
    def has_contact(self):
        return any([self.address, self.phone, self.email])


class SeedRecord(models.Model):
    """A record of the data file that the import has loaded once, and will never touch again.

    From its first load a record belongs to the database: staff may edit or delete it, and the
    import, finding its key here, leaves it as it is.
    """

    key = models.CharField(_("key"), max_length=300, unique=True, help_text=_('e.g. "partners.partner:berlin".'))
    object_id = models.PositiveBigIntegerField(_("row id"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("first loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loaded seed record")
        verbose_name_plural = _("loaded seed records")

    def __str__(self):
        return self.key
