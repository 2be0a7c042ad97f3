"""What a test posts back to an admin change form."""

import datetime

from django import forms as django_forms
from django.db.models.fields.files import FieldFile


def form_data(response):
    """What the change form would send back unchanged: the main form and every inline formset."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(field, django_forms.MultiValueField) and not isinstance(value, (list, tuple)):
                # A date and a time in two inputs (the admin's date-time), in the current time zone.
                for index, part in enumerate(field.widget.decompress(value)):
                    data[form.add_prefix(f"{name}_{index}")] = part.isoformat() if part else ""
            elif isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            elif isinstance(value, (datetime.date, datetime.time)):
                data[form.add_prefix(name)] = value.isoformat()
            elif hasattr(value, "pk"):
                data[form.add_prefix(name)] = value.pk
            elif name == "file" or isinstance(value, FieldFile):
                continue
            else:
                data[form.add_prefix(name)] = value
    return data
