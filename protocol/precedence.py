"""Guests in order of precedence: the order in force on the occasion's day, then the tie rules.

- A guest ranks by their office, or by the office of the person they represent (and is shown
  "representing …"); a representative named in an answer takes the invited guest's place.
- Offices that rotate exchange their ranks on the rotation's date (PrecedenceList.ranks).
- Among holders of the same rank under the Vienna rule, heads of diplomatic missions come by
  class, then by the date they took up their functions (Vienna Convention on Diplomatic
  Relations, 1961, art. 16 §1); otherwise by name.
- Guests whose office the order does not rank come after those it ranks, by name.
"""

import datetime

from protocol.models import Guest, PrecedenceEntry

_LAST = datetime.date.max


def _name(guest):
    return (guest.last_name.casefold(), guest.first_name.casefold(), guest.pk or 0)


def ordered(guests, precedence_list, on):
    """`guests` (an iterable of Guest) sorted by `precedence_list` as in force on the day `on`."""
    ranks = precedence_list.ranks(on) if precedence_list else {}

    def key(guest):
        office_id = guest.representing_office_id or guest.office_id
        rank, rule = ranks.get(office_id, (None, None))
        if rank is None:
            return (1, 0, 0, _LAST, _name(guest))
        if rule == PrecedenceEntry.TieRule.VIENNA:
            return (0, rank, guest.mission_class or 9, guest.took_up_functions_on or _LAST, _name(guest))
        return (0, rank, 0, _LAST, _name(guest))

    return sorted(guests, key=key)


def for_file(protocol_file, guests=None):
    """The file's guests (or `guests`) in the order in force on the file's date."""
    if guests is None:
        guests = Guest.objects.filter(protocol_file=protocol_file).for_list()
    return ordered(guests, protocol_file.precedence_list(), protocol_file.date)
