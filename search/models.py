"""The search index: one entry per record, one text per record and language (search.indexer).

Derived data, rewritten by the indexer on every write of an indexed record; never edited.
The full-text and trigram indexes over these tables are the database's own (search.backends):
they are created by the migrations with SQL, not declared here.
"""

from django.db import models


class Entry(models.Model):
    """A record of one kind as the search sees it: its names and its facets."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    # Every name and alias, folded (core.text.normalize), as "| kyiv | kiev | kyjiw |": the
    # exact-name match and the trigram similarity read it.
    names = models.TextField(blank=True, default="")
    year = models.SmallIntegerField(null=True)
    country = models.CharField(max_length=2, blank=True, default="")
    # Primary keys, as " 12 40 ": a record may have several partners and themes.
    partners = models.TextField(blank=True, default="")
    themes = models.TextField(blank=True, default="")
    # Whether the public may see it, as the rights said when it was indexed. Only narrows the
    # candidates: the rights layer decides again on every search (search.service).
    public = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Text(models.Model):
    """An entry's words in one language: its title and the rest of its text."""

    entry = models.ForeignKey(Entry, models.CASCADE, related_name="texts")
    language = models.CharField(max_length=5)
    title = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    public = models.BooleanField(default=False)  # the entry's, here too so that the text index filters on it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="search_text_unique")]

    def __str__(self):
        return f"{self.entry} ({self.language})"
