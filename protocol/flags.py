"""The flags of the countries and entities present at an occasion, in the order a venue needs.

Two orders are offered: by precedence (the host's flag first, then each entity in the order of
its highest-ranked confirmed guest), or alphabetical in a language (the host's flag still first),
as venues that line flags up by name ask for.
"""

from core.collation import sorted_by
from protocol import precedence
from protocol.models import Guest

BY_PRECEDENCE = "precedence"
ALPHABETICAL = "alphabetical"


def flag_order(protocol_file, order=BY_PRECEDENCE, language="fr"):
    guests = [guest for guest in Guest.objects.filter(protocol_file=protocol_file).for_list() if guest.is_confirmed]
    ranked = precedence.for_file(protocol_file, guests)
    hosts = [guest.country for guest in ranked if guest.role == Guest.Role.HOST and guest.country]
    entities = []
    for country in hosts + [guest.country for guest in ranked if guest.country]:
        if country not in entities:
            entities.append(country)
    if order == ALPHABETICAL and entities:
        first = entities[:1] if hosts else []
        return first + sorted_by([entity for entity in entities if entity not in first], language)
    return entities
