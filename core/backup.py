"""Backup archives (manage.py backup / restore): written in this module, read by the health page."""

import datetime
from pathlib import Path

from django.utils import timezone

PREFIX = "liaison-"
SUFFIX = ".tar"


def archives(folder):
    """The archives of a folder, oldest first (their names sort by moment)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name.startswith(PREFIX) and path.name.endswith(SUFFIX))


def newest(folder):
    """When the newest archive of the folder was written, or None."""
    found = archives(folder)
    if not found:
        return None
    return datetime.datetime.fromtimestamp(found[-1].stat().st_mtime, tz=datetime.UTC)


def prune(folder, keep):
    """Remove all but the newest `keep` archives; returns how many went."""
    old = archives(folder)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return len(old)


def archive_name(now=None):
    return f"{PREFIX}{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}{SUFFIX}"
