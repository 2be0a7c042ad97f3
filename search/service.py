"""One search over every kind of record, for the public or for a user of the back office.

`search(query, user, language, filters)` is the service the pages (search.views) and any
other output call:

1. **Candidates** from the index (search.backends): records whose names are exactly the query
   ("kiev" is an alias of Kyiv), records whose text in the language holds every word of the
   query, and, when the text finds fewer than a page, records whose names look like it
   (trigrams: "Kyiw", "Bratislawa").
2. **Rights**: the candidates of each kind are read again through the model's own rights
   (`Model.objects.public()` for the public, `visible_to(user)` in the back office), so what a
   record's declaration hides is never shown, whatever the index says.
3. **Ranking**: an exact name first, then the full-text rank (a year of the query that is the
   record's year counts as a match of its title), then the similarity of the names.
4. **Facets**: counts per kind, partner, year, theme and country of what was found.

At most `CANDIDATES` texts are read per search (the newest matching, then ranked): a word in
every record ("sample") gives the most relevant of the newest, and says so (`Found.capped`).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections, router
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.text import normalize
from search import backends
from search.kinds import KINDS
from search.models import Entry, Text

CANDIDATES = 500
SIMILAR = 50
SIMILAR_BELOW = 20  # texts found under which names are compared by trigrams too
SIMILARITY_THRESHOLD = 0.3
MAX_QUERY = 200  # characters read of a query: a name or a few words
FACETS = ("kind", "partner", "year", "theme", "country")
YEAR = re.compile(r"^(1[89]\d\d|2\d\d\d)$")


@dataclass
class Hit:
    kind: str
    object_id: int
    entry_id: int
    title: str = ""
    body: str = ""
    score: tuple = ()
    year: int | None = None
    country: str = ""
    partners: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    url: str | None = None
    obj: object = None

    @property
    def kind_label(self):
        return KINDS[self.kind].model._meta.verbose_name


@dataclass
class Found:
    query: str
    words: list
    hits: list
    facets: dict
    capped: bool = False


def clean_filters(filters):
    """The filters as {facet: value}, values as the index holds them; anything else dropped."""
    cleaned = {}
    for name, value in (filters or {}).items():
        value = str(value or "").strip()[:40]
        if name not in FACETS or not value:
            continue
        if name == "kind" and value not in KINDS:
            continue
        if name in ("partner", "theme", "year") and not value.isdigit():
            continue
        if name == "country" and not (len(value) == 2 and value.isalpha()):
            continue
        cleaned[name] = value.upper() if name == "country" else value
    return cleaned


def search(query, user=None, language="en", filters=None, *, public=None):
    """Every record matching `query` that `user` may see (the public's when `user` is None or
    `public` is true), best first, with facets. `filters`: {facet: value} (search.FACETS)."""
    words = backends.words_of((query or "")[:MAX_QUERY])[:12]
    public = public if public is not None else (user is None or not user.is_authenticated)
    filters = clean_filters(filters)
    if not words:
        return Found(query=query or "", words=[], hits=[], facets={})
    connection = connections[router.db_for_read(Entry)]

    exact = set(backends.exact_names(connection, words, public))
    texts = backends.full_text(connection, words, language, public, CANDIDATES)
    # Names that look like the query: for a misspelling, where the text finds little. A word
    # found in many records would otherwise rank every name sharing its trigrams, for results
    # that come after a page of better ones anyway.
    similar = backends.similar_names(connection, words, public, SIMILAR) if len(texts) < SIMILAR_BELOW else []
    folded = " ".join(words)
    similar = {entry: backends.similarity(folded, names) for entry, names in similar}
    similar = {entry: value for entry, value in similar.items() if value >= SIMILARITY_THRESHOLD}

    text_rank = {}
    for _text_id, entry_id, rank in texts:
        text_rank.setdefault(entry_id, rank)
    entry_ids = exact | set(text_rank) | set(similar)
    if not entry_ids:
        return Found(query=query, words=words, hits=[], facets={})
    rows = Entry.objects.filter(pk__in=entry_ids).values_list(
        "pk", "kind", "object_id", "year", "country", "partners", "themes"
    )
    years = {int(word) for word in words if YEAR.match(word)}

    hits = []
    for pk, kind, object_id, year, country, partners, themes in rows:
        hits.append(
            Hit(
                kind=kind,
                object_id=object_id,
                entry_id=pk,
                # Higher is better, compared in this order.
                score=(
                    pk in exact,
                    pk in text_rank,
                    1 if year in years else 0,
                    text_rank.get(pk, 0.0),
                    similar.get(pk, 0.0),
                    -KINDS[kind].order,
                ),
                year=year,
                country=country,
                partners=[int(value) for value in partners.split()],
                themes=[int(value) for value in themes.split()],
            )
        )
    hits = _visible(hits, user, public)
    hits.sort(key=lambda hit: hit.score, reverse=True)
    facets = _facets(hits, filters)
    hits = [hit for hit in hits if _passes(hit, filters)]
    return Found(query=query, words=words, hits=hits, facets=facets, capped=len(texts) >= CANDIDATES)


def _visible(hits, user, public):
    """The hits whose record the rights layer shows to `user` (or to the public): one query per kind."""
    by_kind = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, set()).add(hit.object_id)
    visible = set()
    for kind_name, ids in by_kind.items():
        manager = KINDS[kind_name].model._default_manager
        queryset = manager.public() if public else manager.visible_to(user)
        visible |= {(kind_name, pk) for pk in queryset.filter(pk__in=ids).values_list("pk", flat=True)}
    return [hit for hit in hits if (hit.kind, hit.object_id) in visible]


def _passes(hit, filters, skip=None):
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "kind" and hit.kind != value:
            return False
        if name == "year" and str(hit.year) != value:
            return False
        if name == "country" and hit.country != value:
            return False
        if name == "partner" and int(value) not in hit.partners:
            return False
        if name == "theme" and int(value) not in hit.themes:
            return False
    return True


def _facets(hits, filters):
    """{facet: Counter(value: count)}: each facet counted over the hits the *other* filters
    keep, so that choosing a year still shows the other years."""
    facets = {}
    for name in FACETS:
        counter = Counter()
        for hit in hits:
            if not _passes(hit, filters, skip=name):
                continue
            if name == "kind":
                counter[hit.kind] += 1
            elif name == "year" and hit.year:
                counter[str(hit.year)] += 1
            elif name == "country" and hit.country:
                counter[hit.country] += 1
            elif name == "partner":
                counter.update(str(pk) for pk in set(hit.partners))
            elif name == "theme":
                counter.update(str(pk) for pk in set(hit.themes))
        facets[name] = counter
    return facets


def attach(hits, language, back_office=False):
    """Give the hits of one page their text in the language, their record and address: one
    query for the texts, one per kind on the page."""
    texts = Text.objects.filter(language=language, entry_id__in=[hit.entry_id for hit in hits])
    texts = {entry: (title, body) for entry, title, body in texts.values_list("entry_id", "title", "body")}
    for hit in hits:
        hit.title, hit.body = texts.get(hit.entry_id, ("", ""))
    by_kind = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    for kind_name, kind_hits in by_kind.items():
        kind = KINDS[kind_name]
        objects = kind.shown().in_bulk([hit.object_id for hit in kind_hits])
        for hit in kind_hits:
            hit.obj = objects.get(hit.object_id)
            if hit.obj is not None:
                hit.url = kind.admin_url(hit.obj) if back_office else kind.public_url(hit.obj)
    return hits


# Highlighting

WORD = re.compile(r"\w+", re.UNICODE)


def _matches(word, wanted):
    folded = normalize(word)
    return any(folded.startswith(w) or (len(w) >= 5 and folded[:5] == w[:5]) for w in wanted)


def highlight(text, words):
    """The text, escaped, with the words of the query marked: <mark> is the only markup."""
    wanted = [w for w in words if len(w) >= 2]
    out, last = [], 0
    for match in WORD.finditer(text or ""):
        if _matches(match.group(), wanted):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))


def snippet(text, words, length=220):
    """A part of the text around the first word of the query, highlighted: from the first of
    its parts (lines: the description first, then places, partners' names, themes) that holds
    a word of the query."""
    wanted = [w for w in words if len(w) >= 2]
    parts = [part for part in (text or "").split("\n") if part.strip()]
    matching = [part for part in parts if any(_matches(m.group(), wanted) for m in WORD.finditer(part))]
    text = " ".join((matching or parts or [""])[0].split())
    start = 0
    for match in WORD.finditer(text):
        if _matches(match.group(), wanted):
            start = max(0, match.start() - 60)
            break
    part = text[start:]
    if start:
        part = "… " + part.split(" ", 1)[-1]
    return highlight(Truncator(part).chars(length), words)
