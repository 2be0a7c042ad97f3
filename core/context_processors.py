from django.utils.functional import SimpleLazyObject

from core.cache import remember
from core.models import Organisation


def _organisation():
    return Organisation.objects.first() or Organisation(name="Liaison")


def organisation(request):
    """The office every page names in its header and footer, as `office` (a name no view uses
    for anything else: an applicant's `organisation` once replaced it): read once per change
    (it is governed, so an edit makes a new content version), not once per page."""
    return {"office": SimpleLazyObject(lambda: remember("organisation", _organisation))}
