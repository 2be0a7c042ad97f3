"""Any one language is enough to save a translated record, whatever the module, and a required text
in no language is refused at its field in the user's language.

The models are modeltranslation's registry, each built by its app's factory: a model registered
later is walked too (and fails here until its app has a factory for it).
"""

import importlib
import os

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import translation
from factory.django import DjangoModelFactory
from modeltranslation.translator import translator

from core.admin import TranslatedAdmin, TranslatedInlineMixin
from core.tests.admin_forms import form_data

LANGUAGES = [code for code, _name in settings.LANGUAGES]
MODELS = sorted(translator.get_registered_models(), key=lambda model: model._meta.label)
MESSAGE = "Fill this in at least one language."


def factories():
    """{model: its factory}, from every app's tests/factories.py (ModelFactory for Model)."""
    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.factories")
        except ModuleNotFoundError as error:
            if not f"{config.name}.tests.factories".startswith(error.name):  # not a module the factories import
                raise
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DjangoModelFactory) and value._meta.model is not None:
                model = value._meta.get_model_class()
                if value.__name__ == f"{model.__name__}Factory":
                    found[model] = value
    return found


FACTORIES = factories()


def translated(model):
    return list(translator.get_options_for_model(model).all_fields)


def required(model):
    return [name for name in translated(model) if not model._meta.get_field(name).blank]


def text(model, language):
    return f"{model._meta.object_name} ({language})"


def editors():
    """[(model, admin of the form it is entered in, inline or None)] for every translated model
    the back office edits: in its own admin, or in an inline of another's."""
    found = []
    for model in MODELS:
        if model in admin.site._registry:
            found.append((model, admin.site._registry[model], None))
        for model_admin in admin.site._registry.values():
            for inline_class in model_admin.inlines:
                inline = inline_class(model_admin.model, admin.site)
                if inline.model is model and set(edited(inline)) & set(translated(model)):
                    found.append((model, model_admin, inline))
    return found


def edited(inline):
    return [name for name in (inline.fields or translated(inline.model)) if name not in inline.readonly_fields]


def editor_id(editor):
    model, model_admin, inline = editor
    where = f" in {model_admin.model._meta.label}" if inline else ""
    return f"{model._meta.label}{where}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_translated_model_has_a_factory(model):
    assert model in FACTORIES, f"{model._meta.label}: add {model.__name__}Factory to its app's tests/factories.py"


def test_every_form_of_a_translated_model_takes_any_language():
    """One rule: every admin and inline of a translated model is one of core's (core.admin)."""
    for model, model_admin, inline in editors():
        rule = TranslatedInlineMixin if inline else TranslatedAdmin
        assert isinstance(inline or model_admin, rule), editor_id((model, model_admin, inline))


def in_one_language(record, language):
    """The record with its required texts in `language` only, and no other translated text."""
    model = type(record)
    for name in translated(model):
        for code in LANGUAGES:
            setattr(record, f"{name}_{code}", "")
        if name in required(model):
            setattr(record, f"{name}_{language}", text(model, language))
    return record


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_a_record_in_any_one_language_is_valid(db, model, language):
    record = in_one_language(FACTORIES[model](), language)
    for reader in LANGUAGES:  # whatever the language of the person saving it
        with translation.override(reader):
            record.full_clean()
    record.save()
    record.refresh_from_db()
    for name in required(model):
        assert getattr(record, f"{name}_{language}") == text(model, language)


@pytest.mark.parametrize("model", [model for model in MODELS if required(model)], ids=lambda model: model._meta.label)
def test_a_record_in_no_language_is_invalid_at_its_field(db, model):
    record = FACTORIES[model]()
    for name in translated(model):
        for code in LANGUAGES:
            setattr(record, f"{name}_{code}", "")
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert set(required(model)) <= set(refused.value.message_dict)


# Through the back office: the add form of the record, or of the record it is entered in.


def change_form(client, model, model_admin, inline):
    """(owner, page, data, form): a record built by the factories (with one `model` in `inline`),
    its change form, what it sends back unchanged, and the form that holds `model`'s fields."""
    owner_model = model_admin.model
    owner = FACTORIES[owner_model]()
    if inline is not None:
        fk = next(f for f in model._meta.fields if f.is_relation and f.related_model is owner_model)
        FACTORIES[model](**{fk.name: owner})
    page = client.get(admin_url(model_admin, "change", owner.pk))
    assert page.status_code == 200
    data = {**form_data(page), "confirm_new": "on"}
    if inline is None:
        return owner, page, data, page.context["adminform"].form
    formset = next(fs.formset for fs in page.context["inline_admin_formsets"] if fs.opts.model is model)
    return owner, page, data, formset.forms[0]


def add_form(client, model, model_admin, inline):
    """(data, form): what the add form receives to create again the record of change_form(), files
    included; the record is deleted."""
    owner, page, data, target = change_form(client, model, model_admin, inline)
    forms = [page.context["adminform"].form]
    for formset in page.context["inline_admin_formsets"]:
        data[formset.formset.management_form.add_prefix("INITIAL_FORMS")] = 0
        for form in formset.formset.forms:
            data.pop(form.add_prefix("id"), None)
            data.pop(form.add_prefix(formset.formset.fk.name), None)
            forms.append(form)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, FieldFile) and value:
                with value.open("rb"):
                    data[form.add_prefix(name)] = SimpleUploadedFile(os.path.basename(value.name), value.read())
    owner.delete()
    return data, target


def with_texts(data, model, form, language):
    """The form's data with `model`'s required texts in `language` only, and no other translated text."""
    for name in translated(model):
        for code in LANGUAGES:
            if f"{name}_{code}" in form.fields:
                wanted = code == language and name in required(model)
                data[form.add_prefix(f"{name}_{code}")] = text(model, language) if wanted else ""
    return data


def admin_url(model_admin, view, *args):
    return reverse(f"admin:{model_admin.model._meta.app_label}_{model_admin.model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("editor", editors(), ids=editor_id)
def test_a_record_in_any_one_language_saves_through_the_admin(client, admin_user, editor, language):
    model, model_admin, inline = editor
    client.force_login(admin_user)
    data, form = add_form(client, model, model_admin, inline)
    before = model.objects.count()
    response = client.post(admin_url(model_admin, "add"), with_texts(data, model, form, language))
    assert response.status_code == 302, errors(response)
    assert model.objects.count() == before + 1
    for name in required(model):
        assert model.objects.filter(**{f"{name}_{language}": text(model, language)}).exists()


# Each form in one reader's language, the languages in turn: every form and every language.
REFUSALS = [(editor, LANGUAGES[i % len(LANGUAGES)]) for i, editor in enumerate(e for e in editors() if required(e[0]))]


@pytest.mark.parametrize(
    ("editor", "reader"), REFUSALS, ids=lambda value: editor_id(value) if isinstance(value, tuple) else value
)
def test_a_record_in_no_language_is_refused_at_its_field_in_the_readers_language(client, admin_user, editor, reader):
    """A new record refused on the add form; a row of an inline refused when its texts are
    cleared (a new row left blank is no row: Django's formsets skip it)."""
    model, model_admin, inline = editor
    client.force_login(admin_user)
    if inline is None:
        data, form = add_form(client, model, model_admin, None)
        url = admin_url(model_admin, "add")
    else:
        owner, _page, data, form = change_form(client, model, model_admin, inline)
        url = admin_url(model_admin, "change", owner.pk)
    before = list(model.objects.values_list(*[f"{name}_{code}" for name in translated(model) for code in LANGUAGES]))
    response = client.post(url, with_texts(data, model, form, None), HTTP_ACCEPT_LANGUAGE=reader)
    assert response.status_code == 200, response
    with translation.override(reader):
        message = translation.gettext(MESSAGE)
    assert reader == "en" or message != MESSAGE
    refused = response.context["adminform"].form
    if inline is not None:
        formsets = response.context["inline_admin_formsets"]
        refused = next(fs.formset for fs in formsets if fs.opts.model is model).forms[0]
    for name in required(model):
        assert message in refused.errors[f"{name}_{reader}"]
    after = list(model.objects.values_list(*[f"{name}_{code}" for name in translated(model) for code in LANGUAGES]))
    assert after == before


def errors(response):
    if response.context is None or "adminform" not in response.context:
        return response
    formsets = [fs.formset for fs in response.context["inline_admin_formsets"]]
    form_errors = [form.errors for formset in formsets for form in formset]
    return [response.context["adminform"].form.errors, *form_errors, *[fs.non_form_errors() for fs in formsets]]
