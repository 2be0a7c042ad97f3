from rest_framework.permissions import SAFE_METHODS, BasePermission

ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class RightsPermission(BasePermission):
    """Reads: what the queryset let through. Writes: the role's model permission, then the
    record's object right, both from the model's Rights declaration."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        rights = view.queryset.model.rights
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm(rights.perm(ACTIONS.get(request.method, "change")))
        )

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = "delete" if request.method == "DELETE" else "change"
        return obj.rights.is_editable(obj, request.user, action)
