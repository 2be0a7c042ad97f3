"""Protocol: the file of an occasion, its guests, precedence, seating and the gifts register.

A protocol file belongs to an activity (core.rights: it is held as the activity is, and the
protocol officer and the head of unit change them all through `activities.change_all_activities`).
Guests belong to a file; what is private about a guest (diet, accessibility, security data,
contact details) is a record of its own, `GuestPrivate`, that only the protocol role may see.
Venues, titles with their forms of address and orders of precedence are shared data the office
keeps; none is invented: the office fills them in.
"""

from protocol.models.events import EventBudgetLine, MajorEvent
from protocol.models.files import (
    SECURITY_FIELDS,
    ChecklistItem,
    ChecklistTemplateItem,
    Guest,
    GuestPrivate,
    Occasion,
    ProtocolFile,
    Seat,
    SeatingPlan,
    _token,
)
from protocol.models.gifts import Gift
from protocol.models.shared import (
    LANGUAGE_CHOICES,
    FormOfAddress,
    Office,
    PrecedenceEntry,
    PrecedenceList,
    Room,
    Rotation,
    Title,
    Venue,
)

__all__ = [
    "LANGUAGE_CHOICES",
    "SECURITY_FIELDS",
    "ChecklistItem",
    "ChecklistTemplateItem",
    "EventBudgetLine",
    "FormOfAddress",
    "Gift",
    "Guest",
    "GuestPrivate",
    "MajorEvent",
    "Occasion",
    "Office",
    "PrecedenceEntry",
    "PrecedenceList",
    "ProtocolFile",
    "Room",
    "Rotation",
    "Seat",
    "SeatingPlan",
    "Title",
    "Venue",
    "_token",
]
