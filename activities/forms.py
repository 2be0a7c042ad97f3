from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.cache import remember
from core.forms import ListedModelChoiceField
from partners.models import Partner, Theme

# Up to this many partners with public activities, the partner filter is a list to choose from;
# beyond it (a list of thousands would weigh more than the page), a box to type the name in.
PARTNER_CHOICES_MAX = 200
LINKS_READ = 5_000


def _partner_choices():
    """(slug, name) of the public partners with public activities, as the language sorts them;
    None when there are too many for a list. Computed once per change and language.

    Read from the links first (a bounded number of them); only when many links name few
    partners are the partners checked one by one, in name order, up to the first 201."""
    public = Activity.objects.public()
    links = Activity.partners.through.objects.filter(Exists(public.filter(pk=OuterRef("activity_id"))))
    sample = list(links.values_list("partner_id", flat=True)[:LINKS_READ])
    named = set(sample)
    if len(named) > PARTNER_CHOICES_MAX:
        return None
    partners = Partner.objects.public().order_by(*Partner.objects.by_name())
    if len(sample) < LINKS_READ:  # every link was read: these are all the partners
        found = list(partners.filter(pk__in=named))
    else:
        found = list(partners.filter(Exists(public.filter(partners=OuterRef("pk"))))[: PARTNER_CHOICES_MAX + 1])
    if len(found) > PARTNER_CHOICES_MAX:
        return None
    return [(partner.slug, str(partner)) for partner in found]


class ActivityFilterForm(forms.Form):
    """The filters of the public lists; the calendar feed taken from a page follows them."""

    partner = forms.CharField(
        label=_("Partner"),
        required=False,
        max_length=200,
        help_text=_("Its name, as on its page."),
    )
    theme = ListedModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def __init__(self, *args, years=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Activity.Kind.choices]
        partners = remember(f"activities:partner-choices:{get_language()}", _partner_choices)
        if partners is not None:
            self.fields["partner"] = forms.ChoiceField(
                label=_("Partner"), required=False, choices=[("", _("All")), *partners]
            )
        if not years:
            del self.fields["year"]

    def clean_partner(self):
        """The partner, from its slug (the links and the list give it) or its name typed in the box."""
        value = self.cleaned_data["partner"].strip()
        if not value:
            return None
        partners = Partner.objects.public()
        partner = partners.filter(slug=value).first() or partners.search(value).order_by(*partners.by_name()).first()
        if partner is None:
            raise forms.ValidationError(_("No partner has this name."))
        return partner

    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def filter(self, activities):
        if not self.is_bound:
            return activities
        if not self.is_valid():
            return activities.none()
        data = self.cleaned_data
        if data["partner"]:
            activities = activities.filter(partners=data["partner"])
        if data["theme"]:
            activities = activities.filter(themes=data["theme"])
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
        if data.get("year"):
            activities = activities.filter(start_date__year=data["year"])
        return activities

    def feed_query(self):
        """The page's filters that a feed follows (partner, theme, kind), as a query string."""
        if not self.is_bound or not self.is_valid():
            return ""
        query = self.data.copy()
        for name in list(query):
            if name not in ("partner", "theme", "kind") or not query[name]:
                query.pop(name)
        if self.cleaned_data["partner"]:
            query["partner"] = self.cleaned_data["partner"].slug
        return query.urlencode()
