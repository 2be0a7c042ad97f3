"""get_<field>_display() translates the label it shows, and only that one."""

import pytest
from django.db import models
from django.utils import translation

from activities.models import Activity, Participant, ProgrammeItem
from partners.models import Partner


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
@pytest.mark.parametrize("model, name", [(Activity, "kind"), (Participant, "role"), (Partner, "state")])
def test_every_label_is_the_one_django_gives_in_every_language(model, name, language):
    field = model._meta.get_field(name)
    with translation.override(language):
        for value, _label in field.flatchoices:
            record = model(**{name: value})
            assert record._get_FIELD_display(field) == models.Model._get_FIELD_display(record, field)
        unknown = model(**{name: "no-such-choice"})
        assert unknown._get_FIELD_display(field) == "no-such-choice"


def test_a_label_costs_one_translation_not_one_per_choice(monkeypatch):
    translations = []
    gettext = translation._trans.gettext
    monkeypatch.setattr(translation._trans, "gettext", lambda message: translations.append(message) or gettext(message))
    item = ProgrammeItem(kind=Activity.Kind.RECEPTION)
    with translation.override("fr"):
        assert item.get_kind_display() == "réception"
    assert len(ProgrammeItem._meta.get_field("kind").flatchoices) == 20
    assert translations == ["reception"]
