"""What a bulk import (core.imports) may bring into cooperation: grant payments, as finance
records them (cooperation.services.payment_record), each on a grant's tranche."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation import services
from cooperation.models import Payment, Tranche
from core.imports import Spec


class PaymentForm(forms.ModelForm):
    """A payment on the tranche named by the grant's application reference and its number."""

    grant = forms.CharField(label=gettext_lazy("grant"))
    tranche_number = forms.IntegerField(label=gettext_lazy("tranche"), min_value=1)

    class Meta:
        model = Payment
        fields = ["amount", "paid_on", "reference"]

    def clean(self):
        data = super().clean()
        reference, number = data.get("grant"), data.get("tranche_number")
        if reference and number:
            tranche = Tranche.objects.filter(grant__application__reference=reference, order=number).first()
            if tranche is None:
                raise forms.ValidationError(
                    _("No tranche %(number)s of grant %(reference)s.") % {"number": number, "reference": reference}
                )
            self.instance.tranche = tranche
        return data


class PaymentSpec(Spec):
    """Always a new payment: a payment recorded is corrected in the back office, not by a file."""

    name = "payments"
    model = Payment
    key = ()
    fields = ("grant", "tranche_number", "amount", "paid_on", "reference")
    required = ("grant", "tranche_number", "amount", "paid_on")

    @property
    def label(self):
        return _("grant payments")

    def form_class(self):
        return PaymentForm

    def lookup(self, row, owners):
        return None

    def data(self, row, instance, owner):
        return {name: row.get(name, "") for name in self.fields}

    def new(self, user):
        return Payment(recorded_by=user)  # finance records it: the rules ask who did

    def may_write(self, form, user):
        tranche = form.instance.tranche
        return Tranche.rights.is_editable(tranche, user)

    def save(self, form, user):
        data = form.cleaned_data
        return services.payment_record(
            tranche=form.instance.tranche,
            amount=data["amount"],
            paid_on=data["paid_on"],
            reference=data.get("reference", ""),
            recorded_by=user,
        )
