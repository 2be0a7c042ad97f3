"""Bulk import from CSV or XLSX: every line checked and its changes shown before anything is
written, then the whole file written in one transaction, or nothing.

The import runs as the user: each line is checked against the rights layer (core.rights) as the
back office would check it (a record the user may not change, an owner they may not change, a
kind of record they may not add), validated by the model's own form (its fields, `clean()` and
constraints, errors in the user's language), and written through the model's `save()` inside
the request, so that the audit records every change as theirs.

Each importable kind is a `Spec` declared in its app (`partners/imports.py`...) and listed in
SPECS. A spec names the model, the columns that identify an existing record (`key`), the fields
a file may set, and the column that names the owner, if any. The checks read the records the
file names in a few queries for the whole file, not a query per line for the rights.
"""

import contextlib
import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SPECS = [
    "partners.imports.PartnerSpec",
    "partners.imports.AliasSpec",
    "partners.imports.CounterpartSpec",
    "activities.imports.PersonSpec",
    "activities.imports.OrganisationSpec",
    "cooperation.imports.PaymentSpec",
]
MAX_LINES = 50_000


class FileError(Exception):
    """The file cannot be read as a table (not CSV or XLSX, no header, too many lines)."""


def specs():
    return {spec.name: spec for spec in (import_string(path)() for path in SPECS)}


# Reading


def read_table(upload_name, content):
    """[{column: text}] of a CSV (comma or semicolon, UTF-8) or XLSX file, the header first."""
    if upload_name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif upload_name.lower().endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise FileError(_("Send a CSV or XLSX file."))
    try:
        header = [str(cell or "").strip().lower() for cell in next(rows)]
    except StopIteration:
        raise FileError(_("The file is empty.")) from None
    if not any(header):
        raise FileError(_("The first line must name the columns."))
    table = []
    for row in rows:
        values = ["" if cell is None else str(cell).strip() for cell in row]
        if any(values):
            table.append(dict(zip(header, values, strict=False)))
        if len(table) > MAX_LINES:
            raise FileError(_("A file holds %(count)s lines at most.") % {"count": MAX_LINES})
    return header, table


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("Save the CSV file in UTF-8.")) from None
    first = text.split("\n", 1)[0]
    return iter(csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","))


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileError(_("This is not an XLSX file that can be read.")) from None
    sheet = workbook.worksheets[0]
    return (["" if cell is None else _xlsx_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True))


def _xlsx_text(value):
    if hasattr(value, "date") and hasattr(value, "hour"):  # a datetime cell holding a date
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Checking


@dataclass
class Line:
    number: int  # as the spreadsheet numbers it: the header is line 1
    action: str = ""  # "create", "update" or "unchanged"
    label: str = ""
    changes: list = field(default_factory=list)  # (field label, before, after)
    errors: list = field(default_factory=list)
    form: forms.ModelForm = None


@dataclass
class Plan:
    spec: object
    lines: list

    @property
    def errors(self):
        return [line for line in self.lines if line.errors]

    @property
    def is_valid(self):
        return bool(self.lines) and not self.errors

    def count(self, action):
        return sum(1 for line in self.lines if line.action == action)


class Spec:
    """An importable kind of record (see the module's docstring)."""

    name = ""
    model = None
    key = ()  # the columns that find an existing record
    fields = ()  # the model fields a line may set
    owner = None  # (column, owner model, its natural key field) for an owned record
    required = ()  # columns a file must have

    @property
    def label(self):
        """What the page calls these records: the model's plural name, unless a spec says otherwise."""
        return self.model._meta.verbose_name_plural

    def columns(self):
        owner = [self.owner[0]] if self.owner else []
        return list(dict.fromkeys([*owner, *self.key, *self.fields]))

    def form_class(self):
        owner = [self.owner[0]] if self.owner else []
        return forms.modelform_factory(self.model, fields=[*owner, *self.fields])

    def owners(self, table, user):
        """{natural key: (owner, may change it)} of the owners the file names: two queries."""
        if not self.owner:
            return {}
        column, model, natural = self.owner
        keys = {row.get(column, "") for row in table}
        found = {getattr(o, natural): o for o in model._default_manager.filter(**{f"{natural}__in": keys})}
        editable = set(
            model.objects.editable_by(user).filter(pk__in=[o.pk for o in found.values()]).values_list("pk", flat=True)
        )
        return {key: (owner, owner.pk in editable) for key, owner in found.items()}

    def lookup(self, row, owners):
        """The filter that finds the line's existing record, or None when the line names none."""
        values = {name: row.get(name, "") for name in self.key}
        if not all(values.values()):
            return None
        if self.owner:
            owner = owners.get(row.get(self.owner[0], ""))
            if owner is None:
                return None
            values[self.owner[0]] = owner[0]
        return values

    def existing(self, lookups):
        """{key tuple: record} of the records the file names, in one query."""
        if not lookups:
            return {}
        names = [*([self.owner[0]] if self.owner else []), *self.key]
        found = self.model._default_manager.filter(**{f"{self.key[0]}__in": {lk[self.key[0]] for lk in lookups}})
        return {self._key(record, names): record for record in found}

    def _key(self, values, names):
        read = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
        return tuple(getattr(v, "pk", v) for v in (read(name) for name in names))

    def data(self, row, instance, owner):
        data = model_to_dict(instance, fields=self.fields)  # a new record: the model's defaults
        data = {name: "" if value is None else value for name, value in data.items()}
        # An empty cell keeps what the record holds: a file updates, it does not clear.
        data.update({name: row[name] for name in self.fields if name in row and (row[name] or not instance.pk)})
        if self.owner:
            data[self.owner[0]] = owner.pk if owner else None
        return data

    def new(self, user):
        """The record a line that names no existing one creates, before the line's values."""
        return self.model()

    def writing(self):
        """A context for writing the whole file (partners count their countries once, at the end)."""
        return contextlib.nullcontext()

    def may_write(self, form, user):
        """A last check on the line as validated (the owner and the record are checked before)."""
        return True

    def save(self, form, user):
        return form.save()


def check(spec, header, table, user):
    """The plan of the file: each line's action, changes and errors, nothing written."""
    missing = [name for name in spec.required if name not in header]
    unknown = [name for name in header if name and name not in spec.columns()]
    if missing or unknown:
        line = Line(1)
        if missing:
            line.errors.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        if unknown:
            line.errors.append(
                _("Unknown columns: %(names)s. The columns are: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(spec.columns())}
            )
        return Plan(spec, [line])
    owners = spec.owners(table, user)
    lookups = [spec.lookup(row, owners) for row in table]
    existing = spec.existing([lookup for lookup in lookups if lookup])
    names = [*([spec.owner[0]] if spec.owner else []), *spec.key]
    editable = set(
        spec.model.objects.editable_by(user)
        .filter(pk__in=[record.pk for record in existing.values()])
        .values_list("pk", flat=True)
    )
    may_add = user.has_perm(spec.model.rights.perm("add"))
    form_class = spec.form_class()  # once: a form class with a country field costs milliseconds
    seen, lines = {}, []
    for number, (row, lookup) in enumerate(zip(table, lookups, strict=True), start=2):
        line = Line(number, label=" · ".join(row[name] for name in names if row.get(name)))
        lines.append(line)
        owner = None
        if spec.owner:
            column = spec.owner[0]
            found = owners.get(row.get(column, ""))
            if found is None:
                line.errors.append(
                    _("%(column)s: nothing found for “%(value)s”.") % {"column": column, "value": row.get(column, "")}
                )
                continue
            owner, may_change_owner = found
            if not may_change_owner:
                line.errors.append(_("You may not change %(record)s.") % {"record": owner})
                continue
        key = spec._key(lookup, names) if lookup else None
        if key is not None and key in seen:
            line.errors.append(_("The same record as line %(number)s.") % {"number": seen[key]})
            continue
        if key is not None:
            seen[key] = number
        instance = existing.get(key) if key is not None else None
        if instance is not None and instance.pk not in editable:
            line.errors.append(_("You may not change %(record)s.") % {"record": instance})
            continue
        if instance is None and not may_add:
            line.errors.append(_("Your role may not add: %(kinds)s.") % {"kinds": spec.model._meta.verbose_name_plural})
            continue
        _check_line(spec, form_class, line, row, instance, owner, user)
    return Plan(spec, lines)


def _field_error(form, name, message):
    """An error named by the file's column and the field's label, with the values a list of
    choices accepts (a file gives codes: `city`, not "Ville")."""
    field = form.fields.get(name)
    if field is None:
        return message
    accepted = [str(value) for value, _label in getattr(field, "choices", []) if value not in ("", None)]
    if accepted and len(accepted) <= 30:
        message = _("%(message)s Accepted: %(values)s.") % {"message": message, "values": ", ".join(accepted)}
    return _("%(column)s (%(label)s): %(message)s") % {"column": name, "label": field.label, "message": message}


def _check_line(spec, form_class, line, row, instance, owner, user):
    record = instance if instance is not None else spec.new(user)
    before = {name: getattr(record, name, None) for name in spec.fields} if instance is not None else {}
    form = form_class(data=spec.data(row, record, owner), instance=record)
    if not form.is_valid():
        for name, messages in form.errors.items():
            line.errors += [_field_error(form, name, message) for message in messages]
        return
    if not spec.may_write(form, user):
        line.errors.append(_("You may not change %(record)s.") % {"record": form.instance})
        return
    line.form = form
    line.label = str(form.instance)
    if instance is None:
        line.action = "create"
        line.changes = [
            (name, "", _shown(form.cleaned_data.get(name))) for name in spec.fields if row.get(name, "") != ""
        ]
        return
    line.changes = [
        (name, _shown(before[name]), _shown(form.cleaned_data.get(name)))
        for name in spec.fields
        if row.get(name, "") != "" and _shown(before[name]) != _shown(form.cleaned_data.get(name))
    ]
    line.action = "update" if line.changes else "unchanged"


def _shown(value):
    if value is None:
        return ""
    return str(getattr(value, "code", value))


# Writing


class Refused(Exception):
    def __init__(self, plan):
        self.plan = plan


def write(plan, user):
    """Every line of a valid plan, in one transaction: a line the database or a rule refuses
    undoes the whole file, and is reported."""
    if not plan.is_valid:
        raise Refused(plan)
    try:
        with transaction.atomic(), plan.spec.writing():
            for line in plan.lines:
                if line.action == "unchanged":
                    continue
                try:  # no savepoint per line: a line refused undoes the whole file anyway
                    plan.spec.save(line.form, user)
                except (forms.ValidationError, PermissionDenied, ValueError) as error:
                    messages = getattr(error, "messages", None) or [
                        _("You may not change %(record)s.") % {"record": line.label}
                    ]
                    line.errors += messages
                    raise Refused(plan) from error
    except Refused:
        raise
    return {action: plan.count(action) for action in ("create", "update", "unchanged")}


ACTIONS = {
    "create": gettext_lazy("new"),
    "update": gettext_lazy("changed"),
    "unchanged": gettext_lazy("unchanged"),
}
