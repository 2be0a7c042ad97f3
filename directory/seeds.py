"""The directory's section of the data file: units, portfolio subjects and staff members."""

from core.seeds import translated
from directory.models import StaffMember, Subject, Unit


def load(load, data):
    units = load.by_slug(Unit, data["units"], fields=["order"], translated_fields=["name", "description"])
    subjects = load.by_slug(Subject, data["subjects"])
    for record in data["staff"]:
        _staff_member(load, record, units, subjects, data["titles"])


def _staff_member(load, record, units, subjects, titles):
    """Keyed by the file's "key"; the name is looked up only for rows loaded before the ledger."""
    key, title, unit = record["key"], record["title"], units[record["unit"]]
    if unit is None:  # deleted by staff: its new members wait for a unit
        return
    member = load.row(
        StaffMember,
        key,
        {"first_name": record["first_name"], "last_name": record["last_name"]},
        {
            "source": load.source(record),
            "unit": unit,
            "is_head": record.get("is_head", False),
            "order": record["order"],
            "phone": record["phone"],
            "email": record["email"],
            "is_public": record.get("is_public", True),
            **translated("title", titles[title] if isinstance(title, str) else title),
        },
        inferred=record.get("inferred"),
    )
    for subject in record["subjects"]:
        load.link(f"{key}/{subject}", member, "subjects", subjects[subject])
