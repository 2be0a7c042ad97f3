"""A model field's choices are read in one plain query per form, never through a cursor."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.forms import ActivityFilterForm
from communication.forms import SubscribeForm
from partners.tests.factories import ThemeFactory
from public.forms import PartnerFilterForm


def test_the_theme_choices_are_read_once_per_form_in_a_plain_query(db):
    ThemeFactory(slug="water", name_en="Water")
    ThemeFactory(slug="culture", name_en="Culture")
    for form, name in ((PartnerFilterForm(), "theme"), (ActivityFilterForm(), "theme"), (SubscribeForm(), "topics")):
        with CaptureQueriesContext(connection) as queries:
            first, again = str(form[name]), str(form[name])
        assert first == again and "Water" in first and "Culture" in first
        assert len(queries) == 1
        assert not any("DECLARE" in query["sql"] for query in queries.captured_queries)


def test_a_chosen_theme_is_still_checked_against_the_table(db):
    ThemeFactory(slug="water")
    assert PartnerFilterForm({"theme": "water"}).is_valid()
    form = PartnerFilterForm({"theme": "no-such-theme"})
    assert not form.is_valid() and "theme" in form.errors
