from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.models import Guest


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            (Guest.Rsvp.ACCEPTED, _("I will attend")),
            (Guest.Rsvp.DECLINED, _("I will not attend")),
            (Guest.Rsvp.REPRESENTED, _("I will be represented")),
        ],
    )
    representative_name = forms.CharField(
        label=_("Name and office of your representative"), max_length=200, required=False
    )
    plus_ones = forms.IntegerField(label=_("Accompanying persons"), min_value=0, initial=0, required=False)
    diet = forms.CharField(
        label=_("Dietary needs"),
        max_length=300,
        required=False,
        help_text=_("Read by the protocol office only, and given to the caterer without your other data."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("Read by the protocol office only, to welcome you as you need."),
    )

    def __init__(self, *args, guest, **kwargs):
        super().__init__(*args, **kwargs)
        self.guest = guest
        if guest.plus_ones_allowed:
            self.fields["plus_ones"].max_value = guest.plus_ones_allowed
            self.fields["plus_ones"].widget.attrs["max"] = guest.plus_ones_allowed
            self.fields["plus_ones"].help_text = _("At most %(count)d.") % {"count": guest.plus_ones_allowed}
        else:
            del self.fields["plus_ones"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rsvp") == Guest.Rsvp.REPRESENTED and not cleaned.get("representative_name"):
            self.add_error("representative_name", _("Name the person who will represent you."))
        plus_ones = cleaned.get("plus_ones") or 0
        if plus_ones > self.guest.plus_ones_allowed:
            self.add_error("plus_ones", _("At most %(count)d.") % {"count": self.guest.plus_ones_allowed})
        return cleaned
