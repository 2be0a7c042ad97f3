import unicodedata


def normalize(text):
    """Fold text for searching: no accents, no case, single spaces ("Kyjiw" -> "kyjiw")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in stripped)
    return " ".join(cleaned.split())


def search_text(names):
    """One string holding every name, each word preceded by a space.

    Searching for " " + normalize(query) then finds a name by the start of any of its
    words, whatever the accents or case, on SQLite and PostgreSQL alike.
    """
    unique = dict.fromkeys(normalize(name) for name in names if normalize(name))
    return " " + " | ".join(unique) + " "


def search_query(query):
    normalized = normalize(query)
    return " " + normalized if normalized else ""
