from django.http import HttpResponse
from django.urls import path

from liaison.urls import urlpatterns as site


def bare(request):
    """A page that reads nothing: what the server and the middleware alone cost."""
    return HttpResponse("bare")


urlpatterns = [path("bench/bare/", bare), *site]
