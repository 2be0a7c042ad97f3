"""Pages of a long list read through the list's index: the page's keys first, then its rows.

`OFFSET 4800 LIMIT 24` over whole rows makes the database read and skip 4,800 rows; with a
table of 10,000 partners PostgreSQL sorts them all instead (25 ms). The keys alone are in the
list's index (partners: `sort_key_<lang>, slug, state`), so reading the page's keys skips
4,800 index entries (under 2 ms), and the rows are then read by their 24 keys. Page 1 and
page 400 then cost the same.

The key must be unique (a slug, the primary key) and in the index that serves the order.
"""

from django.core.paginator import Paginator


class KeyedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.key = key

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.prefetch_related(None).values_list(self.key, flat=True)[bottom:top]
        # The list's own filters and order again: a row is shown only if the list holds it.
        rows = self.object_list.filter(**{f"{self.key}__in": list(keys)})
        return self._get_page(rows, number, self)
