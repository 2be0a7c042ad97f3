"""Accounts named as colleagues know them, wherever staff pick or read a user."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist


def name_of(user):
    """The directory's name of the account's staff member, else the account's full name, else its
    login (an outside evaluator may have nothing more)."""
    try:
        member = user.staff_member
    except (AttributeError, ObjectDoesNotExist):
        member = None
    if member is not None:
        return f"{member.full_name} ({user.get_username()})"
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def named(formfield):
    """A form field that picks accounts, labelled with their names (read with one query)."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and queryset.model is get_user_model():
        formfield.queryset = queryset.select_related("staff_member")
        formfield.label_from_instance = name_of
    return formfield
