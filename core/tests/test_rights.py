"""Rights of every role over every governed model, generated from the declarations.

For each model that declares its Rights (core.rights) and each role, these tests build a
record inside the user's portfolio ("mine") and one outside it ("theirs"), and check through
the back office that allowed users can, and refused users cannot: view, change and delete it,
add inline children to it, pick it in an autocomplete, and read its history and audit entries.
One case renders a record's page once and checks everything on it, the records edited inline
in it included: the matrix costs a page per model, role and portfolio, not per check.

What is expected comes from the roles' permissions and from OWNED_THROUGH below, which pins
the ownership chains: dropping a model's owner from its declaration fails the pin, and a
rights layer that stops checking fails the generated cases.
"""

import importlib

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityDocument, FeedToken, FollowUp, Outcome, Participant, ProgrammeItem
from api.models import ApiToken
from communication.models import ArticleImage, Consent, Delivery
from cooperation import models as cooperation
from core import roles
from core.rights import governed_models
from directory.tests.factories import StaffMemberFactory
from partners.models import Agreement, AgreementDocument, Assignment, Counterpart, Partner, PartnerAlias, Signatory
from partners.tests.factories import AssignmentFactory, PartnerFactory
from protocol import models as protocol

# Which records are held through another, and through which path to their root.
OWNED_THROUGH = {
    PartnerAlias: "partner",
    Counterpart: "partner",
    Assignment: "partner",
    Agreement: "partner",
    Signatory: "agreement__partner",
    AgreementDocument: "agreement__partner",
    ProgrammeItem: "activity",
    Participant: "activity",
    Outcome: "activity",
    FollowUp: "activity",
    ActivityDocument: "activity",
    ArticleImage: "article",
    Consent: "subscriber",
    Delivery: "campaign",
    cooperation.Criterion: "call",
    cooperation.Application: "organisation",
    cooperation.BudgetLine: "application__organisation",
    cooperation.Attachment: "application__organisation",
    cooperation.Evaluation: "application__organisation",
    cooperation.Score: "evaluation__application__organisation",
    cooperation.Grant: "application__organisation",
    cooperation.Tranche: "grant__application__organisation",
    cooperation.Report: "grant__application__organisation",
    cooperation.Payment: "tranche__grant__application__organisation",
    cooperation.Letter: "application__organisation",
    cooperation.Disbursement: "project",
    protocol.Room: "venue",
    protocol.FormOfAddress: "title",
    protocol.PrecedenceEntry: "precedence_list",
    protocol.Rotation: "precedence_list",
    protocol.ProtocolFile: "activity",
    protocol.ChecklistItem: "protocol_file__activity",
    protocol.Guest: "protocol_file__activity",
    protocol.GuestPrivate: "guest__protocol_file__activity",
    protocol.SeatingPlan: "protocol_file__activity",
    protocol.Seat: "plan__protocol_file__activity",
    protocol.MajorEvent: "activity",
    protocol.EventBudgetLine: "event__activity",
}
# How a user comes to hold a root record.
HOLD = {
    Partner: lambda partner, user: AssignmentFactory(partner=partner, staff_member=user.staff_member),
    Activity: lambda activity, user: activity.partners.add(HOLD[Partner](PartnerFactory(), user).partner),
    FeedToken: lambda token, user: FeedToken.objects.filter(pk=token.pk).update(user=user),
    ApiToken: lambda token, user: ApiToken.objects.filter(pk=token.pk).update(user=user),
    cooperation.Call: lambda call, user: call.officers.add(user),
    cooperation.ApplicantOrganisation: lambda organisation, user: organisation.members.add(user),
    cooperation.Project: lambda project, user: project.officers.add(user),
}

MODELS = sorted(governed_models(), key=lambda model: model._meta.label)


def factory_for(model):
    module = importlib.import_module(f"{model._meta.app_label}.tests.factories")
    return getattr(module, f"{model.__name__}Factory")


def root_path(model):
    """The declared path from a model to its root record, walked by hand from the declarations."""
    path = []
    while model.rights.owner:
        path.append(model.rights.owner)
        model = model._meta.get_field(model.rights.owner).related_model
    return "__".join(path)


def root_model(model):
    while model.rights.owner:
        model = model._meta.get_field(model.rights.owner).related_model
    return model


def scoped(model):
    return root_model(model).rights.holders is not None


# Roots that only applicants hold: a staff account never joins an applicant organisation
# (cooperation.models.members_are_applicants), so no staff role has one of "mine".
HELD_BY_APPLICANTS_ONLY = {cooperation.ApplicantOrganisation}


def whose_cases(model):
    if not scoped(model):
        return ("any",)
    return ("theirs",) if root_model(model) in HELD_BY_APPLICANTS_ONLY else ("mine", "theirs")


def cases():
    """Every (model, role, whose) of the models with their own admin: the inline-only models
    are walked through their parent's page."""
    return [
        pytest.param(model, role, whose, id=f"{model._meta.label_lower}-{role}-{whose}")
        for model in MODELS
        if model in admin.site._registry
        for role in roles.STAFF_ROLES
        for whose in whose_cases(model)
    ]


@pytest.fixture
def actor(db, django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(username=f"user-{role}", password="x" * 20, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        StaffMemberFactory(user=user)
        return user

    return make


def build(model, whose, user, sent=True):
    """A record of `model`: under a root the user holds (mine), or one they do not (theirs);
    `sent`: as its applicant submitted it (see sent())."""
    root_class = root_model(model)
    if not scoped(model):
        obj = factory_for(model)()
    else:
        root = factory_for(root_class)()
        if whose == "mine":
            HOLD[root_class](root, user)
        obj = root if model is root_class else factory_for(model)(**{root_path(model): root})
    return sent_as_is(obj) if sent else obj


def sent_as_is(obj):
    """The record, its application submitted if it has one: a draft is its applicant's alone
    (cooperation.models.unsent), and its budget table and documents are written only before.
    Stored as data loaded from elsewhere would be: the services make this move otherwise."""
    for record in [obj, *type(obj).rights.owners_of(obj)]:
        if isinstance(record, cooperation.Application) and record.state == cooperation.Application.State.DRAFT:
            cooperation.Application.objects.filter(pk=record.pk).update(
                state=cooperation.Application.State.SUBMITTED, submitted_at=timezone.now(), reference=f"S-{record.pk}"
            )
            record.refresh_from_db()
    return obj


class Expected:
    """What a role may do with a record, from its permissions and whether it holds the record."""

    def __init__(self, role, model, whose):
        self.perms = set(roles.permissions()[role])
        self.model = model
        root = root_model(model).rights
        self.in_scope = whose != "theirs" or (root.everything is not None and root.everything in self.perms)
        # held_only: the view permission reaches only what the user holds (core.rights).
        self.held_only = any(rights.held_only for _prefix, rights in model.rights.levels())

    def has(self, action, model=None):
        opts = (model or self.model)._meta
        return f"{opts.app_label}.{action}_{opts.model_name}" in self.perms

    @property
    def view(self):
        return (self.has("view") or self.has("change")) and (self.in_scope or not self.held_only)

    @property
    def change(self):
        return self.has("change") and self.in_scope

    @property
    def delete(self):
        return self.has("delete") and self.in_scope


def refused(response):
    """403, or the admin's answer to a record it does not show: the index, as if it did not exist."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("admin:index"))


def admin_url(obj, action):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


def test_every_governed_model_is_pinned_and_has_a_factory():
    owned = {model for model in MODELS if model.rights.owner}
    assert owned == set(OWNED_THROUGH)
    for model, path in OWNED_THROUGH.items():
        assert root_path(model) == path
        holders = root_model(model).rights.holders
        assert model.rights.holder_path() == (f"{path}__{holders}" if holders else None)
    for model in MODELS:
        assert factory_for(model)
        assert root_model(model) in HOLD or not scoped(model)


def inline_of(model):
    """The parent model and inline through which an inline-only model is edited."""
    for parent_model, model_admin in admin.site._registry.items():
        for inline in model_admin.inlines:
            if inline.model is model and model._meta.get_field(model.rights.owner).related_model is parent_model:
                return parent_model, inline
    return None, None


def test_every_governed_model_is_edited_somewhere_and_is_audited():
    for model in MODELS:
        assert model in admin.site._registry or inline_of(model)[1], model
    assert set(MODELS) == {model for model in auditlog.get_models() if hasattr(model, "rights")}


def test_every_permission_the_roles_name_exists(db):
    for _role, names in roles.permissions().items():
        for name in names:
            app_label, codename = name.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), name


def inline_only(parent_model):
    """The governed models edited only through an inline of parent_model's admin."""
    return [
        inline.model
        for inline in admin.site._registry[parent_model].inlines
        if inline.model in MODELS
        and inline.model not in admin.site._registry
        and inline.model._meta.get_field(inline.model.rights.owner).related_model is parent_model
    ]


def test_every_inline_only_model_is_walked_through_its_parent():
    walked = {child for parent in admin.site._registry if parent in MODELS for child in inline_only(parent)}
    assert walked == {model for model in MODELS if model not in admin.site._registry}


def root_of(obj):
    for step in root_path(type(obj)).split("__") if type(obj).rights.owner else []:
        obj = getattr(obj, step)
    return obj


@pytest.mark.parametrize(("model", "role", "whose"), cases())
def test_role_may_view_change_and_delete_only_what_it_is_allowed(client, actor, model, role, whose):
    """One record's admin page with one record of each model edited inline in it: the record,
    its inline records and inline forms, its history and audit entries; then a deletion.

    The inline records share the record's root, so they are "mine" or "theirs" with it; one
    page and one history answer for all of them.
    """
    user = actor(role)
    obj = build(model, whose, user, sent=False)
    children = [factory_for(child)(**{child.rights.owner: obj}) for child in inline_only(model)]
    sent_as_is(obj)
    expected = Expected(role, model, whose)
    client.force_login(user)

    page = client.get(admin_url(obj, "change"))
    assert page.status_code == 200 if expected.view else refused(page)
    if expected.view:
        assert (b'name="_save"' in page.content) == expected.change
        formsets = {formset.opts.model: formset for formset in page.context["inline_admin_formsets"]}
    else:
        formsets = {}
    for inline in admin.site._registry[model].inlines:
        may_add = expected.has("add", inline.model) and expected.change
        if inline.fields and set(inline.fields) <= set(inline.readonly_fields):
            may_add = False  # a read-only listing, such as a partner's agreements
        offered = inline.model in formsets and formsets[inline.model].has_add_permission
        assert offered == may_add, f"add {inline.model.__name__} through {model.__name__}"
    for child in children:
        child_expected = Expected(role, type(child), whose)
        formset = formsets.get(type(child))
        assert bool(formset) == child_expected.view, f"see {type(child).__name__}"
        if formset:
            assert child in [form.instance for form in formset.formset.forms if form.instance.pk]
            assert formset.has_change_permission == child_expected.change, f"change {type(child).__name__}"
            assert formset.has_delete_permission == child_expected.delete, f"delete {type(child).__name__}"
            assert str(child) in page.content.decode()

    # An empty form: refused with 403, or allowed and sent back with its errors (nothing saved).
    response = client.post(admin_url(obj, "change"), {})
    assert response.status_code == 200 if expected.change else refused(response)
    history = client.get(admin_url(obj, "history"))
    assert history.status_code == 200 if expected.view else refused(history)

    # Audit entries, read on the root's history: this record's and its inline records'.
    root = root_of(obj)
    if root != obj:
        history = client.get(admin_url(root, "history"))
    if refused(history):
        assert not Expected(role, type(root), whose).view
    else:
        shown = {entry.pk for entry in history.context["log_entries"]}
        for record in [obj, *children]:
            entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE)
            assert (entry.pk in shown) == Expected(role, type(record), whose).view, f"audit {type(record).__name__}"

    # Deleted on a record of its own, as built: its inline records may hold it (a declared
    # evaluation stays).
    spare = build(model, whose, user)
    response = client.post(admin_url(spare, "delete"), {"post": "yes"})
    assert response.status_code == 302 if expected.delete else refused(response)
    assert model.objects.filter(pk=spare.pk).exists() != expected.delete


def _autocomplete_cases():
    """Per linked model, role and whose: every (source, field) that picks it in an autocomplete."""
    sources = {}
    for _source_model, model_admin in admin.site._registry.items():
        for source_admin in [model_admin, *model_admin.inlines]:
            source = source_admin.model
            for field_name in source_admin.autocomplete_fields:
                target = source._meta.get_field(field_name).related_model
                if target in MODELS and (source, field_name) not in sources.setdefault(target, []):
                    sources[target].append((source, field_name))
    for target, fields in sources.items():
        for role in roles.STAFF_ROLES:
            for whose in whose_cases(target):
                yield pytest.param(target, tuple(fields), role, whose, id=f"{target._meta.label_lower}-{role}-{whose}")


def autocomplete_cases():
    return list(_autocomplete_cases())


@pytest.mark.parametrize(("target_model", "sources", "role", "whose"), autocomplete_cases())
def test_role_may_pick_in_an_autocomplete_only_what_it_may_link(client, actor, target_model, sources, role, whose):
    user = actor(role)
    target = build(target_model, whose, user)
    expected = Expected(role, target_model, whose)
    client.force_login(user)
    term = str(target).split()[-1]
    for source, field_name in sources:
        if source.rights.owner == field_name:
            may_pick = expected.change  # attaching a record to an owner is changing that owner
        else:
            may_pick = expected.view
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field_name,
                "term": term,
            },
        )
        if response.status_code == 403:
            assert not expected.view, f"{source.__name__}.{field_name}"
            continue
        picked = {int(result["id"]) for result in response.json()["results"]}
        assert (target.pk in picked) == may_pick, f"{source.__name__}.{field_name}"


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
def test_only_the_head_of_unit_reads_the_global_audit_log(client, actor, role):
    client.force_login(actor(role))
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == (200 if role == roles.HEAD_OF_UNIT else 403)


def text_field(model):
    """A field to change: plain text, else the path of a stored file (a letter is only a file)."""
    for kinds in (("CharField", "TextField"), ("FileField",)):
        for field in model._meta.concrete_fields:
            if field.get_internal_type() in kinds and field.editable and not field.unique:
                if not field.choices and not field.name.endswith(("_fr", "_nl", "_en", "_de")):
                    return field.name
    raise AssertionError(f"{model.__name__} has no plain text field to change")


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label_lower for model in MODELS])
def test_a_change_to_every_audited_model_is_recorded_with_its_author(db, django_user_model, model):
    author = django_user_model.objects.create_user(username="author", password="x" * 20)
    with set_actor(author):
        obj = factory_for(model)()
        field = text_field(model)
        value = "Changed for the audit"[: model._meta.get_field(field).max_length]
        setattr(obj, field, value)
        obj.save()
    entry = LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == author
    assert entry.changes_dict[field][1] == value
