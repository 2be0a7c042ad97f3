"""Documents printed to PDF with WeasyPrint: the decision letter and the annual report."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from core.models import Organisation


def pdf_from_template(template, context):
    return HTML(string=render_to_string(template, context)).write_pdf()


def decision_letter_pdf(application):
    """The decision letter, in the applicant's language, with reference, amount and means of appeal."""
    with translation.override(application.organisation.language):
        context = {
            "application": application,
            "office": Organisation.objects.first(),
            "language": application.organisation.language,
        }
        return pdf_from_template("cooperation/decision_letter.html", context)
