"""Public pages served from the cache until a governed record changes.

One content version stands for everything the public site shows. Any write to a model that
declares `rights` (core.rights), from the back office, an import or a shell, replaces it
(post_save, post_delete and m2m_changed, and again once the transaction commits), so every
page cached under the old version is stale at once, in every language. Writes that send no
signal (bulk_create, QuerySet.update) call `content_changed()` themselves.

`public_page` caches a view's page for visitors only: a request that carries a session or a
messages cookie (a staff member, a visitor with a pending message) gets a page rendered for
it, marked private, and that page is never stored. Cached pages carry an ETag and answer a
conditional request with 304.

Some pages change with time alone: an activity becomes past at midnight, a call for projects
opens at its moment. Their view says when with `stale_at(response, moment)`, and the cached
copy is served until then at most.

A page with a form holds values that differ for each visitor (a CSRF token, the time the form
was shown). Its view renders `fresh_marker(name)` in their place, and `public_page(fill=...)`
puts each request's own values there when it serves the page, cached or not.

`remember(name, compute)` keeps a value computed from the database (the map's drawing) until
the next change, for views that share work between languages. What it computes should read
a bounded number of rows (partners.tally for the partner counts): it runs again after every
change, and for every page when the cache is empty.

The cache is Django's (CACHE_URL in the settings): a directory of files on one server, so
that every worker and every command see the same version; Redis with several servers.
"""

import datetime
import hashlib
import threading
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

VERSION_KEY = "liaison:content-version"
# A cached page is dropped after this long even if nothing changed, so the cache does not
# keep pages nobody asks for.
PAGE_SECONDS = 24 * 3600
# Headers of the view's response that a cached copy keeps.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "X-Robots-Tag")
# Each process keeps the pages it served last, so that a hit reads only the version from
# the shared cache, not the page (a 100 kB map costs its decompression on every request).
LOCAL_PAGES = 200
_local_pages = OrderedDict()
_local_lock = threading.Lock()


def content_version():
    """The current version; a new one if the cache lost it (flushed, restarted, evicted).

    Never a fixed default: pages kept by a process under the version before a flush would
    otherwise match again.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed():
    """Make every cached page and value stale, now and once the current transaction commits.

    Now, so that the next request in this process sees the change; after the commit too, so
    that a page rendered by another process from the data before the commit is dropped.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _is_governed(model):
    from core.rights import Rights

    return isinstance(getattr(model, "rights", None), Rights)


def _on_write(sender, **kwargs):
    if _is_governed(sender):
        content_changed()


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_governed(type(instance)):
        content_changed()


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="core.cache.save")
    post_delete.connect(_on_write, dispatch_uid="core.cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="core.cache.m2m")


def remember(name, compute):
    """compute(), computed once per content version and shared by all processes."""
    key = f"liaison:value:{name}"
    version, entry = _get_pair(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(key, (version, value), PAGE_SECONDS)
    return value


def _get_pair(key):
    found = cache.get_many([VERSION_KEY, key])
    return found.get(VERSION_KEY) or content_version(), found.get(key)


def is_anonymous_request(request):
    """True when the page cannot depend on who asks: no session, no pending message."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _page_key(request):
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"liaison:page:{get_language()}:{digest}"


def stale_at(response, moment):
    """The page shows something that changes at `moment` by time alone: its cached copy is
    served until then at most (the earliest moment wins when a view gives several)."""
    if moment is not None:
        current = getattr(response, "stale_at", None)
        response.stale_at = moment if current is None else min(current, moment)
    return response


def next_midnight():
    """The start of tomorrow in the site's time zone, when "upcoming" and "past" move on a day."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def _is_current(entry, version):
    return entry is not None and entry[0] == version and (entry[4] is None or timezone.now() < entry[4])


def _store(request, response, key, version):
    """The cache entry for a response, or None if the response must not be shared."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.has_header("Cache-Control"):
        return None
    if hasattr(response, "render"):
        response.render()
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    etag = '"' + hashlib.sha1(response.content).hexdigest() + '"'
    until = getattr(response, "stale_at", None)
    entry = (version, etag, response.content, headers, until)
    seconds = PAGE_SECONDS if until is None else (until - timezone.now()).total_seconds()
    if seconds <= 0:
        return None
    cache.set(key, entry, min(PAGE_SECONDS, int(seconds) + 1))
    return entry


def _local_entry(key, version):
    with _local_lock:
        entry = _local_pages.get(key)
        if not _is_current(entry, version):
            return None
        _local_pages.move_to_end(key)
        return entry


def _keep_locally(key, entry):
    with _local_lock:
        _local_pages[key] = entry
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def _from_entry(entry):
    _version, etag, content, headers, _until = entry
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["ETag"] = etag
    return response


def fresh_marker(name):
    """The place of a per-request value in a page (see public_page's `fill`): unguessable, so that
    no content can contain it, and the same in every worker."""
    digest = hashlib.sha256(f"liaison-fresh-value:{settings.SECRET_KEY}".encode()).hexdigest()[:24]
    return f"fresh-{name}-{digest}"


def _fill(request, response, fill):
    content = response.content
    for name, compute in fill.items():
        content = content.replace(fresh_marker(name).encode(), escape(compute(request)).encode())
    response.content = content
    if response.has_header("ETag"):
        del response["ETag"]  # the page is now this visitor's own
    patch_cache_control(response, private=True, no_cache=True)
    return response


def public_page(view=None, *, fill=None):
    """Serve the view's page to visitors from the cache until the content changes.

    `fill`: {name: function(request) -> str} for the values that differ for each request; the
    page is cached with their markers (fresh_marker) and served with the request's own values."""
    if view is None:
        return lambda view: public_page(view, fill=fill)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
            response = view(request, *args, **kwargs)
            if fill and hasattr(response, "render"):
                response.render()
            if fill and not response.streaming:
                return _fill(request, response, fill)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _page_key(request)
        entry = _local_entry(key, content_version())
        if entry is None:
            version, entry = _get_pair(key)
            if not _is_current(entry, version):
                response = view(request, *args, **kwargs)
                entry = _store(request, response, key, version)
                if entry is None:
                    return _fill(request, response, fill) if fill and not response.streaming else response
            _keep_locally(key, entry)
        response = _from_entry(entry)
        if fill:
            return _fill(request, response, fill)
        # Shared caches and browsers ask again each time (the ETag makes that cheap), and a
        # request with a session cookie gets another page.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return cached_view
