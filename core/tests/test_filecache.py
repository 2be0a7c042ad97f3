"""The file cache of one server: full-directory listings on a few writes only, and still bounded."""

from core.filecache import FileCache
from liaison.settings import envcache


def make_cache(tmp_path, max_entries, check_every):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CHECK_EVERY": check_every}})


def count_listings(cache, monkeypatch):
    listings = []
    list_files = cache._list_cache_files

    def counted():
        listings.append(1)
        return list_files()

    monkeypatch.setattr(cache, "_list_cache_files", counted)
    return listings


def test_a_write_lists_the_directory_once_in_check_every_writes(tmp_path, monkeypatch):
    cache = make_cache(tmp_path, max_entries=50000, check_every=100)
    listings = count_listings(cache, monkeypatch)
    for number in range(1000):
        cache.set(f"page-{number}", "x" * 100)
    assert len(listings) == 10
    assert cache.get("page-999") == "x" * 100


def test_the_cache_stays_bounded_by_max_entries_and_check_every(tmp_path):
    cache = make_cache(tmp_path, max_entries=50, check_every=10)
    for number in range(1000):
        cache.set(f"page-{number}", number)
    entries = len(list(tmp_path.glob("*.djcache")))
    assert 0 < entries <= 50 + 10
    assert cache.get("page-999") == 999


def test_a_file_cache_url_selects_this_cache(tmp_path):
    config = envcache("NO_SUCH_VARIABLE", f"file://{tmp_path}")
    assert config["BACKEND"] == "core.filecache.FileCache"
    assert config["OPTIONS"]["MAX_ENTRIES"] == 50000
