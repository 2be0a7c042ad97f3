from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from partners.models import Partner, Theme


class ActivityFilterForm(forms.Form):
    """The filters of the public lists; the calendar feed taken from a page follows them."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        required=False,
        queryset=Partner.objects.public(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def __init__(self, *args, years=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Activity.Kind.choices]
        if not years:
            del self.fields["year"]

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
        return query.urlencode()
