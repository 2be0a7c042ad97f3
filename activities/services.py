import difflib

from django.conf import settings
from django.utils.translation import get_language

from core.text import normalize

# Names at least this close (difflib's ratio on normalised names) are offered as possible duplicates.
SIMILARITY = 0.85


def similar_names(model, name, limit=5):
    """Names of existing people or organisations close to `name` ("Rudi Vervort" -> "Rudi Vervoort")."""
    wanted = normalize(name)
    # An organisation's name is in four languages: each is compared ("Musée Gazhane", "Gazhane Museum").
    # The reader's language comes first: it is the one the name is shown in.
    languages = dict.fromkeys([get_language() or "en", *settings.MODELTRANSLATION_FALLBACK_LANGUAGES])
    fields = [f"name_{code}" for code in languages] if hasattr(model, "name_en") else ["name"]
    # And its other names, one a line ("Management Centre Europe" for "Management Center Europe").
    others = ["other_names"] if hasattr(model, "other_names") else []
    close = []
    for row in model.objects.values_list(*fields, *others).iterator():
        names = [*row[: len(fields)], *(row[len(fields)] or "").splitlines()] if others else row
        shown = next((existing for existing in names if existing), "")
        if any(
            existing and difflib.SequenceMatcher(None, wanted, normalize(existing)).ratio() >= SIMILARITY
            for existing in names
        ):
            close.append(shown)
            if len(close) == limit:
                break
    return close
