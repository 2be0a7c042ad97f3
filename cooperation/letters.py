"""Documents printed to PDF with WeasyPrint: the decision letter and the annual report."""

import base64
import mimetypes

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from cooperation import figures
from core.models import Organisation


def pdf_from_template(template, context):
    return HTML(string=render_to_string(template, context)).write_pdf()


def logo_data(office):
    """The office's logo as a data: address, so that the PDF needs no file path or network."""
    if office is None or not office.logo:
        return None
    try:
        with office.logo.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return None
    kind = mimetypes.guess_type(office.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def annual_report_pdf(year, language, report=None, preview=False):
    """The annual report of a year in one language, A4, with its cover, contents and page numbers;
    `preview` marks every page as not published."""
    with translation.override(language):
        office = Organisation.objects.first()
        context = {
            **figures.report_context(year, report, preview),
            "office": office,
            "logo": logo_data(office),
            "language": language,
        }
        return pdf_from_template("cooperation/annual_report_print.html", context)


def decision_letter_pdf(application):
    """The decision letter, in the applicant's language, with reference, amount and means of appeal."""
    with translation.override(application.organisation.language):
        context = {
            "application": application,
            "office": Organisation.objects.first(),
            "language": application.organisation.language,
        }
        return pdf_from_template("cooperation/decision_letter.html", context)
