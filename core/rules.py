"""Rules of the domain that hold whatever writes a record.

A model mixes in `Ruled` and lists what a record as it stands would break in `broken_rules()`:
`{field name or None: message}` (an envelope under what is already selected, payments beyond a
grant, an application moved to another call). The mixin makes the rules hold everywhere:

- `clean()` reports them, so every form shows them, in the user's language: at their field
  when the form has it, at the top of the form when it does not (a field the back office shows
  read-only). No rule of a model can become a 500 in a form;
- `save()` refuses a record that breaks them with the same ValidationError, so an import, a
  shell or a screen that skipped the form cannot write it.

A rule over several rows (the payments of a grant) is checked again by the service that writes,
inside its transaction, after it locked the row they share. `QuerySet.update()` and
`bulk_create()` skip `save()`: code that writes with them keeps the rules itself.

A state that moves only through a service (an application's decision) is written by a model
method that names the move (`Application.decide()`): `transition` says which, and the rules
refuse the same change made any other way.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class Ruled:
    transition = None  # set by the model method that makes a documented move, for its save()

    def broken_rules(self):
        return {}

    def stored(self, *fields):
        """The values of `fields` as the database holds them, or None for a new record."""
        if self._state.adding or self.pk is None:
            return None
        return type(self)._default_manager.filter(pk=self.pk).values(*fields).first()

    def _check_rules(self):
        broken = {field or NON_FIELD_ERRORS: message for field, message in self.broken_rules().items() if message}
        if broken:
            raise ValidationError(broken)

    def clean(self):
        super().clean()
        self._check_rules()

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        except ValidationError as error:
            raise at_fields_shown(error, exclude or ()) from None

    def save(self, *args, **kwargs):
        self._check_rules()
        super().save(*args, **kwargs)
        self.transition = None


def at_fields_shown(error, hidden):
    """The error with the messages of fields a form does not show moved to the top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    moved = {}
    for field, errors in error.error_dict.items():
        key = NON_FIELD_ERRORS if field in hidden else field
        moved.setdefault(key, []).extend(errors)
    return ValidationError(moved)
