"""The cache of a site on one server: Django's file cache, without a directory listing per write.

Django's FileBasedCache lists its whole directory on every write to learn whether it is full.
The directory holds a file per cached page and language (MAX_ENTRIES is 50,000 here), so a
write cost 3 ms at 3,000 entries and 32 ms at 30,000: paid by every page rendered for the
cache, and by every change (the content version is a write). This one looks at one write in
CHECK_EVERY per process, and culls as Django does when it looks; each process can so write at
most CHECK_EVERY entries past MAX_ENTRIES before the next look.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self.check_every = int(params.get("OPTIONS", {}).get("CHECK_EVERY", 100))
        self._writes = itertools.count()

    def _cull(self):
        if next(self._writes) % self.check_every == 0:
            super()._cull()
