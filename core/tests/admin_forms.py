"""What a test posts back to an admin change form."""

import datetime


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
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            elif isinstance(value, (datetime.date, datetime.time)):
                data[form.add_prefix(name)] = value.isoformat()
            elif hasattr(value, "pk"):
                data[form.add_prefix(name)] = value.pk
            elif name == "file" or hasattr(value, "url"):
                continue
            else:
                data[form.add_prefix(name)] = value
    return data
