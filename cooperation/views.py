"""Applicants' and evaluators' pages. Each view checks rights, binds a form, makes one call, renders.

Applicants are not staff: they reach only their own organisation's records, through the Rights
declaration (holders_see); anything else is a 404, so a guessed address tells nothing.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation import accounts, services
from cooperation.forms import (
    STAFF_NOT_APPLICANTS,
    ApplicantLoginForm,
    ApplicantPasswordResetForm,
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    DeclarationForm,
    OrganisationForm,
    RegistrationForm,
    ReportUploadForm,
    ScoresForm,
)
from cooperation.models import ApplicantOrganisation, Application, Attachment, Call, Evaluation, Grant, Letter, Report
from core.net import client_ip
from core.throttle import over_limit
from core.uploads import upload_response

PER_PAGE = 25


# Account


def _next(request):
    """The page the applicant was going to (a call's application form), kept through registration,
    confirmation and login; only an address of this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return wanted if url_has_allowed_host_and_scheme(wanted, {request.get_host()}) else ""


def register(request):
    """The same answer for every address; the mail says what happened (cooperation.accounts)."""
    form = RegistrationForm(request.POST or None)
    wanted = _next(request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if over_limit("applicant-register", client_ip(request), settings.APPLICANT_REGISTRATIONS_PER_HOUR) or (
            over_limit("applicant-register-email", email, settings.APPLICANT_REGISTRATIONS_PER_EMAIL_PER_HOUR)
        ):
            form.add_error(None, _("Too many registrations were asked for from here. Please try again in an hour."))
            return render(request, "cooperation/register.html", {"form": form, "next": wanted}, status=429)
        accounts.registration_request(
            email=email,
            password=form.cleaned_data["password"],
            language=get_language(),
            link=lambda user: request.build_absolute_uri(
                reverse("cooperation:verify", args=accounts.confirmation_path_args(user))
                + (f"?{urlencode({'next': wanted})}" if wanted else "")
            ),
        )
        return render(request, "cooperation/register_done.html", {"email": email})
    return render(request, "cooperation/register.html", {"form": form, "next": wanted})


def verify(request, uidb64, token):
    if accounts.confirmation_use(uidb64=uidb64, token=token) is None:
        return render(request, "cooperation/verify_failed.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. You may log in."))
    wanted = _next(request)
    login = reverse("cooperation:login")
    return redirect(f"{login}?{urlencode({'next': wanted})}" if wanted else login)


class LoginView(auth_views.LoginView):
    template_name = "cooperation/login.html"
    authentication_form = ApplicantLoginForm
    next_page = reverse_lazy("cooperation:applicant-home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("cooperation:call-list")


class PasswordResetView(auth_views.PasswordResetView):
    """A reset link by e-mail (Django's token generator), in the language of the page."""

    form_class = ApplicantPasswordResetForm
    template_name = "cooperation/password_reset.html"
    email_template_name = "cooperation/emails/password-reset-body.txt"
    subject_template_name = "cooperation/emails/password-reset-subject.txt"
    success_url = reverse_lazy("cooperation:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "cooperation/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "cooperation/password_reset_confirm.html"
    success_url = reverse_lazy("cooperation:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "cooperation/password_reset_done.html"


# Applicant space


def applicant_required(view):
    """A page of the applicant space: for applicants, logged in; a staff account is sent to the
    back office (staff never apply, so none can apply to a call they handle)."""

    @login_required(login_url="cooperation:login")
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_staff:
            messages.info(request, STAFF_NOT_APPLICANTS)
            return redirect("admin:index")
        return view(request, *args, **kwargs)

    return wrapped


def _organisation(user):
    return ApplicantOrganisation.objects.filter(members=user).first()


def _own_application(user, pk):
    held = Application.objects.visible_to(user).held_by(user)
    return get_object_or_404(held.select_related("call", "organisation"), pk=pk)


@applicant_required
def applicant_home(request):
    applications = Application.objects.held_by(request.user).select_related("call").order_by("-pk")
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    context = {"organisation": _organisation(request.user), "page": page}
    return render(request, "cooperation/applicant_home.html", context)


@applicant_required
def organisation_edit(request):
    organisation = _organisation(request.user)
    # A new organisation writes, until it says otherwise, in the language it registers in.
    initial = {"language": get_language()} if organisation is None else None
    form = OrganisationForm(request.POST or None, instance=organisation, initial=initial)
    wanted = _next(request)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        organisation.members.add(request.user)
        messages.success(request, _("Your organisation's profile is saved."))
        return redirect(wanted or "cooperation:applicant-home")
    return render(request, "cooperation/organisation_form.html", {"form": form, "next": wanted})


@applicant_required
def application_new(request, call_pk):
    call = get_object_or_404(Call.objects.public(), pk=call_pk)
    organisation = _organisation(request.user)
    if organisation is None:
        messages.info(request, _("Describe your organisation first: you come back to your application after."))
        return redirect(f"{reverse('cooperation:organisation')}?{urlencode({'next': request.path})}")
    if not call.is_open():
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.call = call
        application.organisation = organisation
        application.save()
        return redirect("cooperation:application-edit", pk=application.pk)
    return render(request, "cooperation/application_form.html", {"form": form, "call": call})


@applicant_required
def application_edit(request, pk):
    application = _own_application(request.user, pk)
    if not application.is_editable_by_applicant():
        return redirect("cooperation:application-detail", pk=pk)
    data = request.POST or None
    form = ApplicationForm(data, instance=application, call=application.call)
    lines = BudgetLineFormSet(data, instance=application)
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        form.save()
        lines.save()
        messages.success(request, _("Draft saved."))
        return redirect("cooperation:application-detail", pk=pk)
    context = {"form": form, "lines": lines, "call": application.call, "application": application}
    return render(request, "cooperation/application_form.html", context)


def _detail_context(application, attachment_form=None):
    """An application in its holder's space: what was sent, and once granted, the grant holder's
    view of it: tranches paid and due, reports due and sent, letters received."""
    grant = Grant.objects.filter(application=application).first()
    context = {
        "application": application,
        "attachment_form": attachment_form or AttachmentForm(),
        "lines": application.lines.all(),
        "attachments": application.attachments.all(),
        "letters": application.letters.all(),
        "grant": grant,
    }
    if grant is not None:
        context |= {
            "tranches": grant.tranches.select_related("after_report").prefetch_related("payments"),
            "reports": grant.reports.all(),
            "report_form": ReportUploadForm(),
        }
    return context


@applicant_required
def application_detail(request, pk):
    application = _own_application(request.user, pk)
    return render(request, "cooperation/application_detail.html", _detail_context(application))


@applicant_required
@require_POST
def application_submit(request, pk):
    application = _own_application(request.user, pk)
    try:
        services.application_submit(application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cooperation:application-detail", pk=pk)
    messages.success(request, _("Your application is submitted; a receipt is on its way by e-mail."))
    return redirect("cooperation:application-detail", pk=pk)


@applicant_required
@require_POST
def attachment_upload(request, pk):
    application = _own_application(request.user, pk)
    if not application.is_editable_by_applicant():
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES, instance=Attachment(application=application))
    if form.is_valid():
        form.save()
        messages.success(request, _("Document attached."))
        return redirect("cooperation:application-detail", pk=pk)
    return render(request, "cooperation/application_detail.html", _detail_context(application, form), status=400)


def attachment(request, pk):
    """An attachment for whoever may see it (core.rights): its organisation's members, staff with
    the right, evaluators cleared to read it; never someone it is withheld from."""
    found = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return upload_response(found.file, Attachment.FILE_KINDS)


# Evaluators


@login_required
def evaluation_list(request):
    evaluations = Evaluation.objects.filter(evaluator=request.user).select_related(
        "application__organisation", "application__call"
    )
    page = Paginator(evaluations.order_by("-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cooperation/evaluation_list.html", {"page": page})


def _own_evaluation(user, pk):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("application__organisation", "application__call"), pk=pk, evaluator=user.pk
    )
    if evaluation.conflict == Evaluation.Conflict.CONFLICT:
        raise PermissionDenied
    return evaluation


@login_required
def evaluation_detail(request, pk):
    """Before the declaration: the title and applicant only. After "no conflict": all, and the grid."""
    evaluation = _own_evaluation(request.user, pk)
    if not evaluation.may_read_application():
        form = DeclarationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.conflict_declare(
                evaluation=evaluation, has_conflict=form.cleaned_data["conflict"] == Evaluation.Conflict.CONFLICT
            )
            return redirect("cooperation:evaluation-list" if evaluation.conflict == "conflict" else request.path)
        return render(request, "cooperation/evaluation_declare.html", {"evaluation": evaluation, "form": form})
    application = evaluation.application
    grid = list(application.call.grid.all())
    initial = {f"score_{s.criterion_id}": s.score for s in evaluation.scores.all()}
    initial |= {f"comment_{s.criterion_id}": s.comment for s in evaluation.scores.all()}
    form = ScoresForm(request.POST or None, grid=grid, initial={**initial, "comment": evaluation.comment})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scores_record(
                    evaluation=evaluation, scores=form.scores(), comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Scores saved."))
                return redirect(request.path)
        status = 400
    context = {
        "evaluation": evaluation,
        "application": application,
        "form": form,
        "lines": application.lines.all(),
        "attachments": application.attachments.all(),
    }
    return render(request, "cooperation/evaluation_detail.html", context, status=status)


# Grant holders' files and reports


def letter(request, pk):
    """A letter as sent, for whoever may see it: its organisation's members, staff with the right."""
    found = get_object_or_404(Letter.objects.visible_to(request.user), pk=pk)
    return upload_response(found.file, Letter.FILE_KINDS)


def report_file(request, pk):
    found = get_object_or_404(Report.objects.visible_to(request.user).exclude(file=""), pk=pk)
    return upload_response(found.file, Report.FILE_KINDS)


@applicant_required
@require_POST
def report_submit(request, pk):
    """A grant holder sends a report (PDF, checked by its content like every upload)."""
    report = get_object_or_404(Report.objects.held_by(request.user).select_related("grant__application"), pk=pk)
    form = ReportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_submit(report=report, file=form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your report is sent; the call's officers will read it."))
    else:
        for message in form.errors.get("file", []):
            messages.error(request, message)
    return redirect("cooperation:application-detail", pk=report.grant.application_id)
