from django.utils.functional import SimpleLazyObject

from core.cache import remember
from core.models import Organisation


def _organisation():
    return Organisation.objects.first() or Organisation(name="Liaison")


def organisation(request):
    """The organisation every page names in its header and footer: read once per change (it is
    governed, so an edit makes a new content version), not once per page."""
    return {"organisation": SimpleLazyObject(lambda: remember("organisation", _organisation))}
