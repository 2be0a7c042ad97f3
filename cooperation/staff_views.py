"""The back office's screens of the grant process that the admin's lists do not draw.

- a call's evaluation screen: the applications with each evaluator's total, the weighted
  average, the ranking, the envelope used and left, and the decisions, taken once the call has
  closed and only after a confirmation page that shows the envelope before and after;
- the ranking as XLSX and as CSV for the reader's spreadsheet;
- the preparation of a selected application's grant, with its tranches and reports;
- a grant's page, where its officers approve the reports the grant holder sends and finance
  records the payments of the tranches that may be paid.

Each checks the rights of core.rights (an application withheld from the user, by their own
conflict of interest, is in none of them) and writes through cooperation.services.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation import services
from cooperation.models import Application, Call, Grant, Report, Tranche
from core.exports import csv_response, xlsx_response
from core.widgets import DateInput

DECISIONS = [("", gettext_lazy("no change"))] + [(value, label) for value, label in Application.Decision.choices]


def _call_for_staff(request, pk):
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("cooperation.view_application"):
        raise PermissionDenied
    return call


def _may_decide(call, user):
    return user.has_perm("cooperation.change_application") and call.rights.is_editable(call, user)


class DecisionsForm(forms.Form):
    """A decision per application of the ranking; an empty choice changes nothing."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            application = row["application"]
            self.fields[f"decision_{application.pk}"] = forms.ChoiceField(
                label=application.reference,
                choices=DECISIONS,
                required=False,
                disabled=hasattr(application, "grant"),  # a grant was awarded on it: it stands
            )
        self.rows = rows

    def plan(self):
        """[(application, decision)] for the decisions that change something."""
        planned = []
        for row in self.rows:
            application = row["application"]
            decision = self.cleaned_data.get(f"decision_{application.pk}")
            if decision and decision != application.decision:
                planned.append((application, decision))
        return planned


def envelope_after(call, plan):
    """What the selected applications would commit once the planned decisions are taken."""
    committed = call.selected_amount()
    for application, decision in plan:
        if application.decision == Application.Decision.SELECTED:
            committed -= application.requested_amount
        if decision == Application.Decision.SELECTED:
            committed += application.requested_amount
    return committed


@staff_member_required
def call_desk(request, pk):
    call = _call_for_staff(request, pk)
    rows = services.ranking(call, reader=request.user)
    may_decide = _may_decide(call, request.user)
    closed = timezone.now() >= call.closes_at
    form = DecisionsForm(request.POST or None, rows=rows)
    for row in rows:
        row["field"] = form[f"decision_{row['application'].pk}"]
    context = {
        **site.each_context(request),
        "title": _("Evaluation and decisions: %(call)s") % {"call": call},
        "call": call,
        "rows": rows,
        "form": form,
        "may_decide": may_decide and closed,
        "closed": closed,
        "selected": call.selected_amount(),
        "left": call.envelope - call.selected_amount(),
        "withheld": services.ranking_size(call) - len(rows),
    }
    if request.method != "POST":
        return render(request, "admin/cooperation/call_desk.html", context)
    if not (may_decide and closed):
        raise PermissionDenied
    if form.is_valid():
        plan = form.plan()
        if not plan:
            form.add_error(None, _("Choose at least one decision."))
        elif "confirm" in request.POST:
            try:
                services.decisions_take(plan=plan, decided_by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)  # a rule of a record, not of this form's fields
            else:
                message = _("%(count)s decisions recorded; each applicant is sent the decision letter.")
                messages.success(request, message % {"count": len(plan)})
                return redirect("cooperation:call-desk", pk=call.pk)
        else:
            after = envelope_after(call, plan)
            context |= {
                "plan": plan,
                "after": after,
                "after_left": call.envelope - after,
                "over": after > call.envelope,
            }
            return render(request, "admin/cooperation/call_decisions_confirm.html", context)
    return render(request, "admin/cooperation/call_desk.html", context, status=400)


def _ranking_table(call, user):
    header = [
        _("Rank"),
        _("Reference"),
        _("Project"),
        _("Organisation"),
        _("Weighted total"),
        _("Evaluations"),
        _("Under the threshold"),
        _("Amount requested (EUR)"),
        _("Decision"),
    ]
    rows = [
        [
            rank,
            row["application"].reference,
            row["application"].title,
            row["application"].organisation.name,
            row["total"],
            row["evaluations"],
            _("yes") if row["flagged"] else _("no"),
            row["application"].requested_amount,
            row["application"].get_decision_display(),
        ]
        for rank, row in enumerate(services.ranking(call, reader=user), start=1)
    ]
    return header, rows


@staff_member_required
def ranking_csv(request, pk):
    """The ranking as CSV for the reader's spreadsheet: the same rows as the screen."""
    call = _call_for_staff(request, pk)
    header, rows = _ranking_table(call, request.user)
    return csv_response(f"ranking-call-{call.pk}.csv", header, rows)


@staff_member_required
def ranking_xlsx(request, pk):
    call = _call_for_staff(request, pk)
    header, rows = _ranking_table(call, request.user)
    return xlsx_response(f"ranking-call-{call.pk}.xlsx", _("Ranking"), header, rows)


class GrantForm(forms.Form):
    awarded_on = forms.DateField(label=gettext_lazy("Awarded on"), widget=DateInput())


class TrancheForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Tranche amount (EUR)"), min_value=Decimal("0.01"), max_digits=13, decimal_places=2
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=Report.Kind.choices)
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DateInput())


TrancheFormSet = formset_factory(TrancheForm, extra=0, min_num=1, validate_min=True, max_num=6)
ReportFormSet = formset_factory(ReportForm, extra=0, max_num=6)


@staff_member_required
def grant_prepare(request, pk):
    """A selected application's grant: tranche n > 1 is paid once report n - 1 is approved."""
    application = get_object_or_404(Application.objects.visible_to(request.user).select_related("call"), pk=pk)
    if not request.user.has_perm("cooperation.add_grant") or not _may_decide(application.call, request.user):
        raise PermissionDenied
    if application.decision != Application.Decision.SELECTED or hasattr(application, "grant"):
        messages.info(request, _("Only a selected application without a grant gets one prepared."))
        return redirect("admin:cooperation_application_change", application.pk)
    data = request.POST or None
    form = GrantForm(data, initial={"awarded_on": timezone.localdate()})
    half = (application.requested_amount / 2).quantize(Decimal("0.01"))
    tranches = TrancheFormSet(
        data, prefix="tranches", initial=[{"amount": half}, {"amount": application.requested_amount - half}]
    )
    reports = ReportFormSet(data, prefix="reports", initial=[{"kind": Report.Kind.NARRATIVE}])
    if request.method == "POST" and form.is_valid() and tranches.is_valid() and reports.is_valid():
        try:
            grant = services.grant_award(
                application=application,
                tranches=[f.cleaned_data["amount"] for f in tranches.forms if f.cleaned_data],
                reports=[(f.cleaned_data["kind"], f.cleaned_data["due_on"]) for f in reports.forms if f.cleaned_data],
                awarded_on=form.cleaned_data["awarded_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The grant is prepared with its tranches and reports."))
            return redirect("cooperation:grant-desk", grant.pk)
    context = {
        **site.each_context(request),
        "title": _("Prepare the grant: %(application)s") % {"application": application},
        "application": application,
        "form": form,
        "tranches": tranches,
        "reports": reports,
    }
    return render(
        request, "admin/cooperation/grant_prepare.html", context, status=400 if request.method == "POST" else 200
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (EUR)"), min_value=Decimal("0.01"), max_digits=13, decimal_places=2
    )
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DateInput())
    reference = forms.CharField(label=gettext_lazy("Payment reference"), max_length=100, required=False)


def _may_approve(grant, user):
    return user.has_perm("cooperation.change_report") and Grant.rights.is_editable(grant, user)


def _may_pay(tranche, user):
    return user.has_perm("cooperation.add_payment") and Tranche.rights.is_editable(tranche, user)


@staff_member_required
def grant_desk(request, pk):
    """A grant as its officers and finance follow it: the tranches with what is paid and what
    waits for a report, the reports with the file the grant holder sent, the letters."""
    if not request.user.has_perm("cooperation.view_grant"):
        raise PermissionDenied  # a grant is public, its follow-up is not
    grant = get_object_or_404(
        Grant.objects.visible_to(request.user).select_related("application__call", "application__organisation"), pk=pk
    )
    may_approve = _may_approve(grant, request.user)
    tranches = list(grant.tranches.select_related("after_report").prefetch_related("payments"))
    reports = list(grant.reports.all())
    forms_by_tranche = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            report = next((r for r in reports if str(r.pk) == request.POST.get("report")), None)
            if not may_approve or report is None:
                raise PermissionDenied
            try:
                services.report_approve(report=report)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The report is approved."))
            return redirect("cooperation:grant-desk", grant.pk)
        if action == "pay":
            tranche = next((t for t in tranches if str(t.pk) == request.POST.get("tranche")), None)
            if tranche is None or not _may_pay(tranche, request.user):
                raise PermissionDenied
            form = PaymentForm(request.POST, prefix=f"tranche-{tranche.pk}")
            if form.is_valid():
                try:
                    services.payment_record(tranche=tranche, recorded_by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("The payment is recorded."))
                    return redirect("cooperation:grant-desk", grant.pk)
            forms_by_tranche[tranche.pk] = form
            status = 400
        else:
            raise PermissionDenied
    for tranche in tranches:
        tranche.paid_amount = sum((payment.amount for payment in tranche.payments.all()), Decimal(0))
        tranche.left = tranche.amount - tranche.paid_amount
        waits = tranche.after_report is not None and not tranche.after_report.is_approved()
        tranche.waits_for = tranche.after_report if waits else None
        if tranche.left > 0 and tranche.waits_for is None and _may_pay(tranche, request.user):
            tranche.payment_form = forms_by_tranche.get(tranche.pk) or PaymentForm(
                prefix=f"tranche-{tranche.pk}", initial={"amount": tranche.left, "paid_on": timezone.localdate()}
            )
    context = {
        **site.each_context(request),
        "title": _("Grant: %(application)s") % {"application": grant.application},
        "grant": grant,
        "tranches": tranches,
        "reports": reports,
        "letters": grant.application.letters.all(),
        "may_approve": may_approve,
        "paid": sum((tranche.paid_amount for tranche in tranches), Decimal(0)),
    }
    return render(request, "admin/cooperation/grant_desk.html", context, status=status)
