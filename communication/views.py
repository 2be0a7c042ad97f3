import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from communication import links, services
from communication.forms import CONSENT_TEXT, NewsFilterForm, PreferencesForm, SubscribeForm, new_stamp
from communication.models import Article, ArticleImage, Campaign
from core.cache import fresh_marker, public_page
from core.net import client_ip
from core.throttle import over_limit
from core.uploads import upload_response

NEWS_PER_PAGE = 20
EDITIONS_PER_PAGE = 20


@require_safe
@public_page
def article_list(request):
    form = NewsFilterForm(request.GET or None)
    articles = form.filter(Article.objects.for_list()) if request.GET else Article.objects.for_list()
    page = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "communication/article_list.html", {"page": page, "query": query.urlencode()})


@require_safe
@public_page
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.public(), slug=slug)
    context = {
        "article": article,
        "images": article.images.all(),
        "partners": article.partners.public(),
        "themes": article.themes.all(),
        "activities": article.activities.public().for_timeline(),
    }
    return render(request, "communication/article_detail.html", context)


@require_GET
def image(request, pk):
    picture = ArticleImage.objects.filter(pk=pk).select_related("article").first()
    if picture is None or not ArticleImage.rights.is_visible(picture, request.user):
        raise Http404
    return upload_response(picture.image, ArticleImage.FILE_KINDS)


def _throttled(request):
    return over_limit("newsletter-subscribe", client_ip(request), settings.NEWSLETTER_SUBSCRIBE_PER_HOUR)


def _form_page(request, form, status=200):
    """The subscription form, with the places of its per-visitor values (filled by public_page)."""
    context = {"form": form, "csrf_marker": fresh_marker("csrf")}
    return render(request, "communication/subscribe.html", context, status=status)


# The page is cached like any public page; each visitor gets their own CSRF token and stamp.
FORM_VALUES = {"csrf": get_token, "stamp": new_stamp}


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(fill=FORM_VALUES)
def subscribe(request):
    if request.method != "POST":
        form = SubscribeForm(initial={"language": translation.get_language()}, stamp=fresh_marker("stamp"))
        return _form_page(request, form)
    if _throttled(request):
        return render(request, "communication/throttled.html", status=429)
    form = SubscribeForm(request.POST)
    if form.is_bot():
        # Said as to a person, so a bot learns nothing; nothing is stored or sent.
        return render(request, "communication/check_mailbox.html")
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["stamp"] = fresh_marker("stamp")  # a new stamp for the form sent back
        return _form_page(request, form, status=400)
    services.subscriber_request(
        email=form.cleaned_data["email"], language=form.cleaned_data["language"], topics=form.cleaned_data["topics"]
    )
    return render(request, "communication/check_mailbox.html")


def _invalid_link(request):
    return render(request, "communication/invalid_link.html", status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber = links.subscriber_for(token, links.CONFIRM, max_age=links.confirmation_age())
    except links.InvalidLink:
        return _invalid_link(request)
    if request.method == "POST":
        with translation.override(subscriber.language):
            text = str(CONSENT_TEXT)
        services.subscriber_confirm(subscriber=subscriber, consent_text=text, method=_("web form and e-mail link"))
        return render(request, "communication/confirmed.html", {"subscriber": subscriber})
    return render(request, "communication/confirm.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = links.subscriber_for(token, links.MANAGE)
    except links.InvalidLink:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "communication/unsubscribed.html")
    return render(request, "communication/unsubscribe.html", {"subscriber": subscriber})


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber = links.subscriber_for(token, links.MANAGE)
    except links.InvalidLink:
        return _invalid_link(request)
    form = PreferencesForm(request.POST or None, instance=subscriber)
    saved = request.method == "POST" and form.is_valid()
    if saved:
        form.save()
    context = {"form": form, "token": token, "saved": saved, "subscriber": subscriber}
    return render(request, "communication/preferences.html", context, status=400 if form.errors else 200)


@require_GET
def export(request, token):
    try:
        subscriber = links.subscriber_for(token, links.MANAGE)
    except links.InvalidLink:
        return _invalid_link(request)
    response = HttpResponse(
        json.dumps(services.subscriber_export(subscriber), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="brussels-globe-my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request, token):
    try:
        subscriber = links.subscriber_for(token, links.MANAGE)
    except links.InvalidLink:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscriber_erase(subscriber=subscriber)
        return render(request, "communication/erased.html")
    return render(request, "communication/erase.html", {"token": token})


@require_safe
@public_page
def archive(request):
    editions = Campaign.objects.public().order_by("-finished_at", "-pk")
    page = Paginator(editions, EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communication/archive.html", {"page": page})


@require_safe
@public_page
def archive_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.public(), pk=pk)
    context = {
        "campaign": campaign,
        "articles": campaign.published_articles(),
        "activities": campaign.activities.public().for_timeline().in_start_order(),
    }
    return render(request, "communication/archive_detail.html", context)
