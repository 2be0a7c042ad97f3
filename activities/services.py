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
    close = []
    for names in model.objects.values_list(*fields).iterator():
        shown = next((existing for existing in names if existing), "")
        if any(
            existing and difflib.SequenceMatcher(None, wanted, normalize(existing)).ratio() >= SIMILARITY
            for existing in names
        ):
            close.append(shown)
            if len(close) == limit:
                break
    return close
