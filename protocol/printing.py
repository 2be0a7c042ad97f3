"""The seating plan and the place cards, printed to PDF with WeasyPrint (as cooperation.letters).

The plan is in the reader's language; each place card is in its guest's language (the
"representing …" of a representative too), in the reader's when the guest's is not known.
"""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from protocol import seating


def _seats(plan):
    return list(plan.seats.select_related("guest__title").order_by("table", "pk"))


def plan_pdf(plan):
    tables = {}
    for seat in sorted(_seats(plan), key=lambda seat: seating.slot(plan, seat.table, seat.position)):
        tables.setdefault(seat.table, []).append(seat)
    context = {"plan": plan, "file": plan.protocol_file, "tables": sorted(tables.items())}
    return HTML(string=render_to_string("protocol/print_plan.html", context)).write_pdf()


def card_html(seat):
    """One place card, rendered in the guest's language."""
    language = seat.guest.language or translation.get_language()
    with translation.override(language):
        return render_to_string("protocol/_place_card.html", {"guest": seat.guest, "language": language})


def place_cards_pdf(plan):
    cards = [card_html(seat) for seat in _seats(plan)]
    html = render_to_string("protocol/print_cards.html", {"plan": plan, "cards": cards})
    return HTML(string=html).write_pdf()
