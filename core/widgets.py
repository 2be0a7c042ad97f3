"""Widgets whose values a browser reads whatever the page's language.

An `<input type="date">` takes its value as ISO 8601 (2027-06-01), never in the language's
format: given "01/06/2027" a browser shows an empty field, and the next save stores nothing.
Every form of the project uses these for its date and date-time fields (a test checks it).
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
