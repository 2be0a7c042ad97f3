from django.utils.functional import SimpleLazyObject

from core.models import Organisation


def organisation(request):
    return {"organisation": SimpleLazyObject(lambda: Organisation.objects.first() or Organisation(name="Liaison"))}
