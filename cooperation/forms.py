import functools

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cooperation import codelists
from cooperation.models import ApplicantOrganisation, Application, Attachment, BudgetLine, Evaluation, Score
from core import collation, dac
from core.throttle import ThrottledAuthenticationForm, account_name
from core.uploads import UploadValidator
from core.widgets import DateInput


class RegistrationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        # Whether the address has an account is said by e-mail to its owner, never here.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif data.get("password"):
            user = get_user_model()(username=account_name(data.get("email", "")), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class ApplicantPasswordResetForm(PasswordResetForm):
    """Django's reset by e-mail, for applicant accounts: staff logins are managed in the back office."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.is_staff)


STAFF_NOT_APPLICANTS = _("Staff accounts do not apply to calls for projects: log in to the back office.")


class ApplicantLoginForm(ThrottledAuthenticationForm):
    """The back office's throttled login, for applicants, who are not staff."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")  # an applicant logs in with their address

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if user.is_staff:  # staff never apply: their login is the back office's
            raise ValidationError(STAFF_NOT_APPLICANTS, code="staff")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = ApplicantOrganisation
        fields = ["name", "legal_form", "enterprise_number", "address", "iban", "email", "language"]


def country_choices(codes, empty):
    """Countries by name in the current language, as that language sorts them (Égypte among the
    E's in French), after an empty first choice: none is preselected."""
    named = [(code, countries.name(code) or code) for code in codes]
    return [("", empty), *collation.sorted_by(named, get_language(), key=lambda choice: str(choice[1]))]


def recipient_choices(call):
    return country_choices(call.country_codes() or dac.recipients(), _("Choose a country"))


def sector_choices(codes=None):
    """DAC sectors by name in the current language (English where the list has no translation);
    only those of `codes` when given."""
    named = _sectors_by_name(get_language())
    return [("", _("Any sector")), *(choice for choice in named if codes is None or choice[0] in codes)]


@functools.cache
def _sectors_by_name(language):
    named = [(code, codelists.name_in("Sector", code, language)[0]) for code in codelists.codes("Sector")]
    return collation.sorted_by(named, language, key=lambda choice: choice[1])


class ApplicationForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"))

    class Meta:
        model = Application
        fields = [
            "language",
            "title",
            "summary",
            "country",
            "city",
            "sectors",
            "duration_months",
            "starts_on",
            "objectives",
            "results",
            "indicators",
            "requested_amount",
        ]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = recipient_choices(call)
        # Asked, never assumed from the organisation: the IATI file tags the texts with it.
        self.fields["language"].required = True


BudgetLineFormSet = inlineformset_factory(
    Application,
    BudgetLine,
    fields=["label", "amount", "cofunding"],
    extra=3,
    can_delete=True,
    # Each cell's field is named for a screen reader as its column is for the eye.
    widgets={
        "label": forms.TextInput(attrs={"aria-label": _("Budget line")}),
        "amount": forms.NumberInput(attrs={"aria-label": _("Cost (EUR)")}),
        "cofunding": forms.NumberInput(attrs={"aria-label": _("Co-funding (EUR)")}),
    },
)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["label", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The report (PDF)"),
        validators=[UploadValidator(["pdf"])],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class DeclarationForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[(Evaluation.Conflict.NONE, _("No, I have none")), (Evaluation.Conflict.CONFLICT, _("Yes"))],
        widget=forms.RadioSelect,
    )


class ScoresForm(forms.Form):
    """One score (0 to 10) and one comment per criterion of the call's grid."""

    comment = forms.CharField(label=_("Overall comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        for criterion in grid:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name} ({criterion.weight} %)",
                min_value=0,
                max_value=Score.MAXIMUM,
                decimal_places=2,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def scores(self):
        data = self.cleaned_data
        return {c: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.grid}


class ProjectFilterForm(forms.Form):
    """The projects page's filters: a visitor picks among the countries and sectors of the
    listed grants and projects (`in_use`: their codes), not among every code of the lists."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, in_use=None, **kwargs):
        super().__init__(*args, **kwargs)
        countries, sectors = in_use or (None, None)
        recipients = [code for code in dac.recipients() if countries is None or code in countries]
        self.fields["country"].choices = country_choices(recipients, _("Any country"))
        self.fields["sector"].choices = sector_choices(sectors)
