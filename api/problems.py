"""Errors as RFC 9457 problem details (application/problem+json), in the request's language."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: _("Invalid request"),
    401: _("Authentication needed"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Format not available"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
}


def _detail(data):
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return None


def problem_handler(exc, context):
    # A rule a model's save() refuses (core.rules) is the client's error, not the server's.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    request = context["request"]
    problem = {
        "type": "about:blank",
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "instance": request.path,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = str(_("Some fields are not valid: see errors."))
        problem["errors"] = response.data
    else:
        problem["detail"] = _detail(response.data) or problem["title"]
    response.data = problem
    response.content_type = CONTENT_TYPE
    return response
