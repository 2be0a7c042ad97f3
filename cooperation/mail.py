"""The module's e-mails, each rendered in its recipient's language (pretix: `with language(...)`)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _recipients(application):
    organisation = application.organisation
    emails = [user.email for user in organisation.members.all() if user.email]
    return emails or ([organisation.email] if organisation.email else [])


def _send(to, template, context, language, attachments=()):
    with translation.override(language):
        subject = render_to_string(f"cooperation/emails/{template}-subject.txt", context).strip()
        body = render_to_string(f"cooperation/emails/{template}-body.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        for attachment in attachments:
            message.attach(*attachment)
        message.send()


def _site_link(name, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(name)


def send_verification(user, link, language):
    _send([user.email], "verify", {"link": link, "user": user}, language)


def send_already_registered(user, language):
    """Someone asked for an account with an address that has one: say so to its owner only."""
    context = {
        "login": _site_link("cooperation:login", language),
        "reset": _site_link("cooperation:password-reset", language),
    }
    _send([user.email], "already-registered", context, language)


def send_staff_address_refused(email, language):
    _send([email], "staff-address", {"email": email}, language)


def send_receipt(application):
    language = application.organisation.language
    _send(_recipients(application), "receipt", {"application": application}, language)


def send_decision(letter):
    """The decision, with its letter as kept (cooperation.models.Letter) attached."""
    application = letter.application
    with letter.file.open("rb") as kept:
        pdf = kept.read()
    context = {"application": application, "space": _site_link("cooperation:applicant-home", letter.language)}
    name = f"{application.reference}.pdf"
    _send(_recipients(application), "decision", context, letter.language, [(name, pdf, "application/pdf")])


def send_report_reminder(report, is_late):
    application = report.grant.application
    space = _site_link("cooperation:applicant-home", application.organisation.language)
    context = {"report": report, "application": application, "is_late": is_late, "space": space}
    _send(_recipients(application), "report-reminder", context, application.organisation.language)
