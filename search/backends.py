"""The database's own indexes behind the search, and the queries that read them.

SQLite: an FTS5 table over the texts' titles and bodies (unicode61, diacritics removed:
"Brüssel" finds "Brussel"), and an FTS5 trigram table over the entries' names. Both are external-content tables
that follow their tables through triggers; Django rebuilds a SQLite table (dropping its
triggers) when a migration alters it, so the triggers are checked after every migrate.

PostgreSQL: a `vector` column generated from the title (weight A) and the body (weight B)
with the language's text search configuration (french, dutch, english, german, each with
unaccent first), GIN-indexed per language; pg_trgm's GIN index over the names.

The indexes only find candidates: the search ranks them (search.service) and the rights layer
decides who sees them.
"""

from core.text import normalize

SQLITE_TEXTS = "search_text_fts"
SQLITE_NAMES = "search_entry_names"
SQLITE_VOCABULARY = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_NAMES}_vocabulary USING fts5vocab({SQLITE_NAMES}, 'row')"
)
SQLITE_INDEX = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TEXTS} USING fts5(
        title, body, content='search_text', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXTS}_insert AFTER INSERT ON search_text BEGIN
        INSERT INTO {SQLITE_TEXTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXTS}_delete AFTER DELETE ON search_text BEGIN
        INSERT INTO {SQLITE_TEXTS}({SQLITE_TEXTS}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXTS}_update AFTER UPDATE OF title, body ON search_text BEGIN
        INSERT INTO {SQLITE_TEXTS}({SQLITE_TEXTS}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {SQLITE_TEXTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_NAMES} USING fts5(
        names, content='search_entry', content_rowid='id', tokenize='trigram')""",
    # How many names hold each trigram: a search leaves out the commonest (similar_names).
    SQLITE_VOCABULARY,
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_NAMES}_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO {SQLITE_NAMES}(rowid, names) VALUES (new.id, new.names); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_NAMES}_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO {SQLITE_NAMES}({SQLITE_NAMES}, rowid, names) VALUES ('delete', old.id, old.names); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_NAMES}_update AFTER UPDATE OF names ON search_entry BEGIN
        INSERT INTO {SQLITE_NAMES}({SQLITE_NAMES}, rowid, names) VALUES ('delete', old.id, old.names);
        INSERT INTO {SQLITE_NAMES}(rowid, names) VALUES (new.id, new.names); END""",
]
SQLITE_TRIGGERS = 6

# The language's text search configuration; names and other languages: simple.
CONFIGURATIONS = {"fr": "french", "nl": "dutch", "en": "english", "de": "german"}


def configuration(language):
    return f"liaison_{language}" if language in CONFIGURATIONS else "liaison_simple"


def _postgresql_index():
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm", "CREATE EXTENSION IF NOT EXISTS unaccent"]
    for language, dictionary in [*CONFIGURATIONS.items(), ("simple", "simple")]:
        stem = "simple" if dictionary == "simple" else f"{dictionary}_stem"
        statements.append(
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'liaison_{language}') THEN
                    CREATE TEXT SEARCH CONFIGURATION liaison_{language} (COPY = {dictionary});
                    ALTER TEXT SEARCH CONFIGURATION liaison_{language}
                        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stem};
                END IF; END $$"""
        )
    cases = " ".join(f"WHEN '{code}' THEN 'liaison_{code}'::regconfig" for code in CONFIGURATIONS)
    config = f"(CASE language {cases} ELSE 'liaison_simple'::regconfig END)"
    statements.append(
        f"""ALTER TABLE search_text ADD COLUMN IF NOT EXISTS vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector({config}, title), 'A') || setweight(to_tsvector({config}, body), 'B')) STORED"""
    )
    for code in CONFIGURATIONS:
        statements.append(
            f"CREATE INDEX IF NOT EXISTS search_text_vector_{code} ON search_text USING gin (vector) "
            f"WHERE language = '{code}'"
        )
    statements.append(
        "CREATE INDEX IF NOT EXISTS search_entry_names_trgm ON search_entry USING gin (names gin_trgm_ops)"
    )
    return statements


def ensure_index(connection):
    """Create the indexes where missing (idempotent): from the migration and after each migrate."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND (name LIKE %s OR name LIKE %s)",
                [f"{SQLITE_TEXTS}_%", f"{SQLITE_NAMES}_%"],
            )
            if cursor.fetchone()[0] == SQLITE_TRIGGERS:
                cursor.execute(SQLITE_VOCABULARY)  # added after the rest: for databases made before
                return
            for statement in SQLITE_INDEX:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {SQLITE_TEXTS}({SQLITE_TEXTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {SQLITE_NAMES}({SQLITE_NAMES}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            for statement in _postgresql_index():
                cursor.execute(statement)


def drop_index(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in (SQLITE_TEXTS, SQLITE_NAMES):
                for suffix in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {table}_vocabulary")
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_names_trgm")
            cursor.execute("ALTER TABLE search_text DROP COLUMN IF EXISTS vector")


def after_migrate(sender, using, **kwargs):
    from django.db import connections

    ensure_index(connections[using])


# Queries. Words are folded (core.text.normalize): letters and digits only, so never syntax.


def words_of(query):
    return normalize(query).split()


def full_text(connection, words, language, public_only, limit):
    """[(text id, entry id, rank)], best first: the texts in `language` holding every word,
    among the `limit` newest such texts.

    Whole words, no prefix: a prefix query merges the lists of every word it starts (a
    second, at a million records, for a common one). PostgreSQL matches stems ("partnerships"
    finds "partnership"); SQLite whole words, accents and case ignored.
    """
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The language and the flag are read from the texts' table, row by row in the
            # index's order, until `limit` rows passed: a column of the match would merge a
            # list of every text in that language. No bm25() either: it counts every row
            # holding each word, a million for a common one; the rank is the words' share of
            # the title (`title_rank`), the newest first among equals.
            public = "AND t.public = 1" if public_only else ""
            cursor.execute(
                f"""SELECT f.rowid, t.entry_id, t.title
                    FROM {SQLITE_TEXTS} f JOIN search_text t ON t.id = f.rowid
                    WHERE {SQLITE_TEXTS} MATCH %s AND t.language = %s {public}
                    ORDER BY f.rowid DESC LIMIT %s""",
                [" ".join(f'"{word}"' for word in words), language, limit],
            )
            rows = [(text, entry, title_rank(words, title)) for text, entry, title in cursor.fetchall()]
            return sorted(rows, key=lambda row: -row[2])
        elif connection.vendor == "postgresql":
            tsquery = " & ".join(words)
            public = "AND public" if public_only else ""
            cursor.execute(
                f"""SELECT t.id, t.entry_id, ts_rank_cd(t.vector, q, 1)
                    FROM (SELECT id, entry_id, vector FROM search_text
                          WHERE language = %s AND vector @@ to_tsquery(%s::regconfig, %s) {public}
                          ORDER BY id DESC LIMIT %s) t,
                         to_tsquery(%s::regconfig, %s) q""",
                [language, configuration(language), tsquery, limit, configuration(language), tsquery],
            )
        else:
            return []
        rows = cursor.fetchall()
    return sorted(rows, key=lambda row: -row[2])


def title_rank(words, title):
    """Between 0.1 (no word of the query in the title) and 1.1 (the title is the query)."""
    have = normalize(title).split()
    found = sum(1 for word in words if word in have)
    return 0.1 + found / max(len(words), len(have))


def trigrams(word):
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(query, names):
    """pg_trgm's word similarity, by name: the best of the query against each name and each
    of its words (0 to 1)."""
    wanted = set().union(*(trigrams(word) for word in query.split())) if query else set()
    if not wanted:
        return 0.0
    best = 0.0
    for name in names.strip("| ").split(" | "):
        for extent in [name, *name.split()]:
            have = set().union(*(trigrams(word) for word in extent.split())) if extent else set()
            if have:
                best = max(best, len(wanted & have) / len(wanted | have))
    return best


def similar_names(connection, words, public_only, limit):
    """[(entry id, names)] of the entries whose names look like the query (typos, other spellings)."""
    folded = " ".join(words)
    if len(folded) < 3:
        return []
    with connection.cursor() as cursor:
        public = "AND e.public" if public_only else ""
        if connection.vendor == "sqlite":
            grams = sorted({gram.strip("|") for word in words for gram in _sqlite_trigrams(word)})
            grams = [gram for gram in grams if len(gram) == 3]
            if not grams:
                return []
            # bm25() reads the list of every trigram it ranks: the commonest (" sa", "in ")
            # say little and would cost most. The rarest are kept, at least three.
            marks = ", ".join(["%s"] * len(grams))
            cursor.execute(f"SELECT term, doc FROM {SQLITE_NAMES}_vocabulary WHERE term IN ({marks})", grams)
            counts = dict(cursor.fetchall())
            grams = sorted((gram for gram in grams if gram in counts), key=lambda gram: counts[gram])
            grams = [gram for i, gram in enumerate(grams) if i < 3 or counts[gram] <= COMMON_TRIGRAM]
            if not grams:
                return []
            match = " OR ".join(f'"{gram}"' for gram in grams)
            public = "AND e.public = 1" if public_only else ""
            cursor.execute(
                f"""SELECT e.id, e.names FROM (SELECT rowid FROM {SQLITE_NAMES} WHERE names MATCH %s
                    ORDER BY rank LIMIT %s) f JOIN search_entry e ON e.id = f.rowid WHERE 1 {public}""",
                [match, limit],
            )
        elif connection.vendor == "postgresql":
            cursor.execute("SET pg_trgm.word_similarity_threshold = 0.3")
            cursor.execute(
                f"""SELECT e.id, e.names FROM search_entry e WHERE %s <%% e.names {public}
                    ORDER BY word_similarity(%s, e.names) DESC LIMIT %s""",
                [folded, folded, limit],
            )
        else:
            return []
        return cursor.fetchall()


COMMON_TRIGRAM = 2000  # names holding a trigram above which it is left out of a search (SQLite)


def _sqlite_trigrams(word):
    padded = f" {word} "  # names hold "| kyiv |": a word's start and end trigrams have a space
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def exact_names(connection, words, public_only):
    """Entry ids whose names include exactly the query ("kiev" -> Kyiv, by its alias)."""
    folded = " ".join(words)
    if len(folded) < 2:
        return []
    pattern = f"%| {folded} |%"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            public = "AND e.public = 1" if public_only else ""
            # A quoted string in a trigram table matches as a substring, through the index.
            cursor.execute(
                f"""SELECT e.id FROM search_entry e WHERE e.id IN (
                    SELECT rowid FROM {SQLITE_NAMES} WHERE {SQLITE_NAMES} MATCH %s) {public}""",
                [f'"| {folded} |"'],
            )
        else:
            public = "AND public" if public_only else ""
            cursor.execute(f"SELECT id FROM search_entry WHERE names LIKE %s {public}", [pattern])
        return [row[0] for row in cursor.fetchall()]
