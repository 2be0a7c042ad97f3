"""One rights layer for every module: each model declares once who may see and change it.

A model states how it reaches its owner and who may see it::

    class Partner(models.Model):
        rights = Rights(holders="assignments__staff_member__user", everything="partners.change_all_partners",
                        public=~Q(state="ended"))

    class Agreement(models.Model):
        rights = Rights(owner="partner", public=Q(is_public=True))

    class Signatory(models.Model):
        rights = Rights(owner="agreement")

From that one declaration come the querysets (`Model.objects.visible_to(user)`,
`editable_by(user)`, `public()`), the admin mixin (core.admin.RightsAdmin), the audit's
visibility and timelines (core.audit) and the public views. docs/rights.md has a worked example.

The rules:
- Model permissions (from the roles each app declares in its AppConfig) come first: without
  `app.view_model` a user sees only the public rows, without `app.change_model` changes nothing.
- A record with an owner is changed only by the users who hold the record at the root of its
  owner chain (an officer holds the partners of their portfolio), or by users with the root's
  `everything` permission (the head of unit).
- `holders_see=True` on a root lets its holders see their own records without the view
  permission (an applicant organisation and its applications).
- `held_only=True` narrows the view permission to the records the user holds (or all of them,
  with the root's `everything` permission), for this model and everything it owns: a protocol
  file is read by the officers of the activity's partners, not by every officer of the role.
- `readers` names, per user, rows that user reads without the view permission (an evaluator
  the application assigned to them, once they declared no conflict of interest).
- `withheld_from` names, per user, rows withheld from that user whatever their role, with
  everything those rows own (an application from an evaluator who declared a conflict of
  interest with it, or has not declared yet). It is part of every check: the querysets, the
  object checks of the back office, the audit, exports and feeds never disagree on it.

Both are functions of the user that return a `Q` on the model, for one user at a time:
`lambda user: Q(evaluations__evaluator=user, evaluations__conflict="none")`. Conditions on a
multi-valued relation in one `Q` apply to the same related row, so another user's declaration
never hides a row from this one.
"""

import operator
from functools import reduce

from django.db import models
from django.db.models import Q

ACTIONS = ("view", "add", "change", "delete")


class Rights:
    def __init__(
        self,
        *,
        owner=None,
        holders=None,
        everything=None,
        public=None,
        holders_see=False,
        readers=None,
        withheld_from=None,
        held_only=False,
        private=(),
    ):
        self.owner = owner
        self.held_only = held_only
        self.holders = holders
        self.everything = everything
        self._public = public
        self.holders_see = holders_see
        self.readers = readers
        self.withheld_from = withheld_from
        # Fields never published, whatever the row: no API answer, export or feed carries them.
        self.private = tuple(private)
        self.model = None

    @property
    def public(self):
        """The Q of the public rows; a declaration may give a function that returns it, for a rule
        that names a model defined after this one."""
        return self._public() if callable(self._public) else self._public

    def contribute_to_class(self, model, name):
        self.model = model
        setattr(model, name, self)

    # What the declaration implies

    def perm(self, action):
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    @property
    def owner_field(self):
        """The field that links a record to its owner: the first step of the owner path."""
        return self.model._meta.get_field(self.owner.split("__")[0]) if self.owner else None

    @property
    def root(self):
        """The Rights of the record at the end of the owner chain (a model's own, if it has no owner)."""
        rights = self
        while rights.owner:
            rights = rights.owner_field.related_model.rights
        return rights

    def holder_path(self):
        """The lookup from this model to the users who hold it, or None if nobody holds it."""
        path, rights = [], self
        while rights.owner:
            path.append(rights.owner)
            rights = rights.owner_field.related_model.rights
        if not rights.holders:
            return None
        return "__".join([*path, rights.holders])

    def owner_of(self, obj):
        """The record's direct owner, or None."""
        return getattr(obj, self.owner_field.name) if self.owner else None

    def owners_of(self, obj):
        """The chain of owners from the direct owner to the root."""
        chain, rights = [], self
        while rights.owner and obj is not None:
            obj = rights.owner_of(obj)
            if obj is not None:
                chain.append(obj)
            rights = rights.owner_field.related_model.rights
        return chain

    def levels(self):
        """(lookup from this model, Rights) of this model and of each owner up to the root."""
        prefix, rights = "", self
        levels = [(prefix, rights)]
        while rights.owner:
            prefix += f"{rights.owner}__"
            rights = rights.owner_field.related_model.rights
            levels.append((prefix, rights))
        return levels

    def withheld(self, user):
        """A Q of the rows withheld from `user` (theirs or an owner's `withheld_from`), or None."""
        if not user.is_authenticated:
            return None
        rules = [
            Q(**{f"{prefix}pk__in": rights.model._default_manager.filter(rights.withheld_from(user)).values("pk")})
            for prefix, rights in self.levels()
            if rights.withheld_from is not None
        ]
        return reduce(operator.or_, rules) if rules else None

    def reads_held_only(self, user):
        """Whether the view permission reaches only the records `user` holds: `held_only` on this
        model or an owner, without the root's `everything` permission."""
        if not any(rights.held_only for _prefix, rights in self.levels()):
            return False
        everything = self.root.everything
        return not (everything and user.has_perm(everything))

    # Querysets

    def visible(self, queryset, user):
        withheld = self.withheld(user)
        if withheld is not None:
            queryset = queryset.exclude(withheld)
        viewer = user.is_active and user.has_perm(self.perm("view"))
        if viewer and not self.reads_held_only(user):
            return queryset
        if self.public is not None and not self.public:
            return queryset  # Q(): every row is public
        rules = [] if self.public is None else [self.public]
        if (viewer or self.root.holders_see) and user.is_authenticated and self.holder_path():
            own = self.model._default_manager.filter(**{self.holder_path(): user}).values("pk")
            rules.append(Q(pk__in=own))
        if self.readers is not None and user.is_authenticated:
            rules.append(Q(pk__in=self.model._default_manager.filter(self.readers(user)).values("pk")))
        return queryset.filter(reduce(operator.or_, rules)) if rules else queryset.none()

    def editable(self, queryset, user, action="change"):
        if not user.is_active or not user.has_perm(self.perm(action)):
            return queryset.none()
        withheld = self.withheld(user)
        if withheld is not None:
            queryset = queryset.exclude(withheld)
        root = self.root
        path = self.holder_path()
        if path is None or (root.everything and user.has_perm(root.everything)):
            return queryset
        return queryset.filter(pk__in=self.model._default_manager.filter(**{path: user}).values("pk"))

    def is_visible(self, obj, user):
        return self.visible(self.model._default_manager.filter(pk=obj.pk), user).exists()

    def is_editable(self, obj, user, action="change"):
        return self.editable(self.model._default_manager.filter(pk=obj.pk), user, action).exists()


class RightsQuerySet(models.QuerySet):
    """The querysets every governed model gets from its Rights declaration."""

    def visible_to(self, user):
        return self.model.rights.visible(self, user)

    def editable_by(self, user):
        return self.model.rights.editable(self, user)

    def deletable_by(self, user):
        return self.model.rights.editable(self, user, action="delete")

    def public(self):
        rule = self.model.rights.public
        return self.filter(rule) if rule is not None else self.none()


def governed_models():
    """Every model that declares its rights, in every installed app."""
    from django.apps import apps

    return [model for model in apps.get_models() if isinstance(getattr(model, "rights", None), Rights)]


def crud(app_label, *model_names, actions=ACTIONS):
    """Permission names for the roles: crud("partners", "theme") -> ["partners.view_theme", ...]."""
    return [f"{app_label}.{action}_{name}" for name in model_names for action in actions]
