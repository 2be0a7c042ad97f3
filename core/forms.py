"""Form fields shared by the modules."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoices(ModelChoiceIterator):
    """A model field's choices read in one plain query, and kept for the form.

    Django reads them with .iterator(), which on PostgreSQL opens a server-side cursor: three
    round trips (DECLARE, FETCH, CLOSE) for a dozen themes, read again for each rendering,
    and one more way for a page to fail while the database restarts.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


class ListedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoices
