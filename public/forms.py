from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListedModelChoiceField
from core.gazetteer import CONTINENTS
from partners.models import Partner, Theme


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    continent = forms.ChoiceField(label=_("Continent"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = ListedModelChoiceField(
        label=_("Theme"), required=False, queryset=Theme.objects.all(), to_field_name="slug", empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["continent"].choices = everything + [(c, n) for c, n in CONTINENTS.items() if c != "AN"]
        self.fields["kind"].choices = everything + Partner.Kind.choices

    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def filter(self, partners):
        if not self.is_bound:
            return partners
        if not self.is_valid():
            return partners.none()
        data = self.cleaned_data
        if data["q"]:
            partners = partners.search(data["q"])
        if data["continent"]:
            partners = partners.filter(continent=data["continent"])
        if data["kind"]:
            partners = partners.filter(kind=data["kind"])
        if data["theme"]:
            partners = partners.filter(themes=data["theme"])
        return partners
