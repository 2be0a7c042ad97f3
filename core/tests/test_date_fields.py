"""Every date and date-time field of every form, public and admin, keeps its value through an
edit in each of the four languages: the value the page gives is the value a browser sends back.

A browser empties an `<input type="date">` whose value is not ISO 8601 (and a
`datetime-local` one likewise), and the next save stores nothing: the test sends back what a
browser would, not what the page wrote.
"""

import datetime
import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone, translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DAY = datetime.date(2027, 6, 1)  # day before month would read 06/01 the other way round
BROWSER_VALUES = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
}


class Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.found.append(dict(attrs))


def sent_back_by_a_browser(html):
    parser = Inputs()
    parser.feed(html)
    data = {}
    for attributes in parser.found:
        value = attributes.get("value") or ""
        pattern = BROWSER_VALUES.get(attributes.get("type"))
        data[attributes["name"]] = value if pattern is None or pattern.match(value) else ""
    return data


def date_fields(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
            yield name, field


def ours(app_config):
    path = str(app_config.path)
    return path.startswith(str(settings.BASE_DIR)) and "site-packages" not in path


def project_forms():
    """Every form class defined in a module of the project's apps (forms, views, staff views…)."""
    for config in filter(ours, apps.get_app_configs()):
        for module_info in pkgutil.walk_packages([str(config.path)], prefix=f"{config.name}."):
            if not re.search(r"\.(forms|\w*views|accounts)$", module_info.name):
                continue  # forms live in forms, views and accounts modules
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                defined_here = getattr(value, "__module__", None) == module.__name__
                if defined_here and isinstance(value, type) and issubclass(value, forms.BaseForm):
                    if getattr(getattr(value, "_meta", None), "model", True) is None:
                        continue  # a model form left abstract
                    yield f"{module.__name__}.{value.__name__}", value


def admin_forms(request):
    """The change form of every model registered in the admin, and the forms of its inlines."""
    for model, model_admin in admin.site._registry.items():
        if not ours(model._meta.app_config):
            continue
        yield f"admin {model._meta.label}", model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield f"admin {model._meta.label} inline {inline.model._meta.label}", inline.get_formset(request).form


def value_for(field):
    if isinstance(field, forms.DateField):
        return DAY
    return timezone.make_aware(datetime.datetime(2027, 6, 1, 14, 30))


def round_trip(field, value, language):
    with translation.override(language):
        html = str(field.widget.render("when", field.prepare_value(value)))
        data = sent_back_by_a_browser(html)
        return field.clean(field.widget.value_from_datadict(data, {}, "when"))


@pytest.fixture
def every_form(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    found = list(project_forms()) + list(admin_forms(request))
    return [(f"{label}.{name}", field) for label, form_class in found for name, field in date_fields(form_class)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_field_of_every_form_keeps_its_value_through_an_edit(every_form, language):
    assert len(every_form) > 20  # public forms and the admin's
    lost = {}
    for label, field in every_form:
        value = value_for(field)
        try:
            kept = round_trip(field, value, language)
        except forms.ValidationError as error:
            kept = error.messages
        if kept != value:
            lost[label] = kept
    assert lost == {}


def test_the_browser_is_simulated_as_it_behaves():
    """The check itself: a date written in a language's format is lost, as in a browser."""
    field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%d/%m/%Y"), required=False)
    assert round_trip(field, DAY, "fr") is None
    from core.widgets import DateInput

    assert round_trip(forms.DateField(widget=DateInput()), DAY, "fr") == DAY
