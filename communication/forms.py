import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from communication.models import Subscriber
from core.forms import ListedModelMultipleChoiceField
from partners.models import Partner, Theme

CONSENT_TEXT = _(
    "I agree to receive The Brussels Globe, the e-newsletter of Brussels International, at this "
    "address, in the language and on the topics I chose. I can change my choices or unsubscribe "
    "at any time with the links in every edition."
)
# A person takes longer than this to fill in the form; a bot posting at once does not.
MINIMUM_SECONDS = 2
FORM_STAMP = "communication.subscribe-form"


def new_stamp(request=None):
    """When the form was shown, signed: a form sent back sooner than MINIMUM_SECONDS is a bot's."""
    return signing.dumps(time.time(), salt=FORM_STAMP)


class NewsFilterForm(forms.Form):
    partner = forms.SlugField(required=False)
    theme = forms.SlugField(required=False)

    def filter(self, articles):
        if not self.is_valid():
            return articles.none()
        if self.cleaned_data["partner"]:
            articles = articles.filter(partners__in=Partner.objects.public().filter(slug=self.cleaned_data["partner"]))
        if self.cleaned_data["theme"]:
            articles = articles.filter(themes__slug=self.cleaned_data["theme"])
        return articles


class PreferencesForm(forms.ModelForm):
    topics = ListedModelMultipleChoiceField(
        Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )

    class Meta:
        model = Subscriber
        fields = ["language", "topics"]
        labels = {"language": _("Language of the newsletter")}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    topics = ListedModelMultipleChoiceField(
        Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )
    consent = forms.BooleanField(label=CONSENT_TEXT)
    # Left empty by people (it is hidden from them), filled in by many bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, stamp=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamp"].initial = stamp or new_stamp()

    def is_bot(self):
        """A filled-in trap field, a missing or forged stamp, or a form sent too fast."""
        if self.data.get("website"):
            return True
        try:
            shown = signing.loads(self.data.get("stamp", ""), salt=FORM_STAMP, max_age=24 * 3600)
        except (signing.BadSignature, TypeError, ValueError):
            return True
        return time.time() - float(shown) < MINIMUM_SECONDS
