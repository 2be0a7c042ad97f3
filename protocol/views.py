"""The two public pages of protocol: a guest's personal answer page, and the gifts register."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from core.cache import public_page
from core.models import Organisation
from protocol import services
from protocol.forms import RsvpForm
from protocol.models import Gift, Guest

PER_PAGE = 20


def _personal(response):
    """A guest's page is theirs alone: never stored, never indexed. Its address goes to no other
    site (the site's Referrer-Policy is same-origin; "no-referrer" would make the browser send
    the answer's form with Origin: null, which the CSRF check refuses)."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def rsvp(request, token):
    guest = Guest.objects.select_related("protocol_file__venue", "title").filter(token=token).first()
    if guest is None:
        raise Http404
    if guest.language and translation.get_language() != guest.language:
        with translation.override(guest.language):
            return redirect(reverse("protocol:rsvp", args=[token]))
    form = RsvpForm(request.POST or None, guest=guest)
    context = {"guest": guest, "file": guest.protocol_file, "form": form, "address": guest.form_of_address()}
    if guest.is_locked:
        return _personal(render(request, "protocol/rsvp_answered.html", context))
    if not guest.link_is_open():
        return _personal(render(request, "protocol/rsvp_closed.html", context, status=410))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.guest_answer(
                token=token,
                rsvp=data["rsvp"],
                representative_name=data["representative_name"],
                plus_ones=data.get("plus_ones") or 0,
                diet=data["diet"],
                accessibility=data["accessibility"],
            )
        except services.LinkClosed:
            return _personal(render(request, "protocol/rsvp_closed.html", context, status=410))
        return redirect(request.path)
    status = 400 if form.errors else 200
    return _personal(render(request, "protocol/rsvp.html", context, status=status))


@require_safe
@public_page
def gift_register(request):
    gifts = Gift.objects.for_register()
    page = Paginator(gifts, PER_PAGE).get_page(request.GET.get("page"))
    threshold = Organisation.objects.values_list("gift_threshold", flat=True).first()
    context = {"page": page, "threshold": threshold, "today": timezone.localdate()}
    return render(request, "protocol/gift_register.html", context)
