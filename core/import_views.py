"""The bulk import's page (core.imports): choose a kind and a file, read the preview of every
line, then write the whole file or nothing."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import imports
from core.uploads import validate_upload_size

KEPT_SECONDS = 3600  # a previewed file waits this long for its confirmation


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        validators=[validate_upload_size],
        help_text=gettext_lazy("CSV (UTF-8, comma or semicolon) or XLSX; the first line names the columns."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(spec.name, capfirst(spec.label)) for spec in kinds.values()]


def _kinds(user):
    """The kinds this user may add or change at all (the rights say which records, line by line)."""
    return {
        name: spec
        for name, spec in imports.specs().items()
        if any(user.has_perm(spec.model.rights.perm(action)) for action in ("add", "change"))
    }


def _page(request, context, status=200):
    context = {**site.each_context(request), "title": _("Bulk import"), **context}
    return render(request, "admin/bulk_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_member_required
def bulk_import(request):
    kinds = _kinds(request.user)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, kinds)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method != "POST" or not form.is_valid():
        return _page(request, {"form": form, "kinds": kinds}, status=400 if form.errors else 200)
    spec = kinds[form.cleaned_data["kind"]]
    upload = form.cleaned_data["file"]
    content = upload.read()
    plan, error = _plan(spec, upload.name, content, request.user)
    if error:
        form.add_error("file", error)
        return _page(request, {"form": form, "kinds": kinds}, status=400)
    token = ""
    if plan.is_valid:
        token = secrets.token_urlsafe(16)
        cache.set(f"liaison:import:{token}", (request.user.pk, spec.name, upload.name, content), KEPT_SECONDS)
    return _page(request, {"form": form, "kinds": kinds, "plan": plan, "token": token}, status=200 if token else 400)


def _plan(spec, name, content, user):
    try:
        header, table = imports.read_table(name, content)
    except imports.FileError as error:
        return None, str(error)
    if not table:
        return None, _("The file holds no line under its header.")
    return imports.check(spec, header, table, user), None


def _confirm(request, kinds):
    kept = cache.get(f"liaison:import:{request.POST['token']}")
    if kept is None or kept[0] != request.user.pk or kept[1] not in kinds:
        messages.error(request, _("This preview has expired: send the file again."))
        return redirect("bulk-import")
    _user, kind, name, content = kept
    plan, error = _plan(kinds[kind], name, content, request.user)  # checked again: data may have changed
    try:
        if error:
            raise imports.Refused(plan)
        counts = imports.write(plan, request.user)
    except imports.Refused:
        form = ImportForm(kinds=kinds, initial={"kind": kind})
        return _page(request, {"form": form, "kinds": kinds, "plan": plan, "token": ""}, status=400)
    cache.delete(f"liaison:import:{request.POST['token']}")
    messages.success(
        request,
        _("Imported: %(create)s new, %(update)s changed, %(unchanged)s unchanged.") % counts,
    )
    return redirect("bulk-import")
