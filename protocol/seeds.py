"""Protocol's section of the data file: the venues and the protocol files of the occasions the
seeds describe, with what the seeds say of them and nothing more (no invented day, host, guest
list or language). Orders of precedence, titles and forms of address, checklists: none is in
the seeds, and none is loaded."""

import datetime

from activities.models import Activity, Person, ProgrammeItem
from protocol.models import Guest, ProtocolFile, Venue


def load(load, data):
    """Each record once, through the seed ledger (core.seeds.SeedLoader), never overwritten."""
    data = data.get("protocol")
    if not data:
        return {}
    venues = {
        record["key"]: load.row(
            Venue,
            record["key"],
            {"name": record["name"]},
            {"city": record.get("city", ""), "source": load.source(record)},
        )
        for record in data["venues"]
    }
    files = {}
    for record in data["files"]:
        files[record["key"]] = protocol_file = _file(load, record, venues)
        if protocol_file is None:
            continue
        for guest in record.get("guests", []):
            _guest(load, protocol_file, record["key"], guest)
    return files


def _file(load, record, venues):
    date = record.get("date")
    return load.row(
        ProtocolFile,
        record["key"],
        {"activity": load.get(Activity, record["activity"]), "title": record["title"]},
        {
            "source": load.source(record),
            "programme_item": load.get(ProgrammeItem, record["programme_item"]) if "programme_item" in record else None,
            "occasion": record["occasion"],
            "date": datetime.date.fromisoformat(date) if date else None,
            "host": record.get("host", ""),
            "guest_of_honour": record.get("guest_of_honour", ""),
            "venue": venues.get(record.get("venue")),
            "expected_guests": record.get("expected_guests"),
            "state": record["state"],
            "notes": record.get("notes", ""),
        },
        inferred=record.get("inferred"),
    )


def _guest(load, protocol_file, file_key, record):
    person = load.get(Person, record["person"])
    load.row(
        Guest,
        f"{file_key}/{record['person']}",
        {"protocol_file": protocol_file, "person": person},
        {
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "position": record["position"],
            "role": record.get("role", Guest.Role.GUEST),
            "rsvp": Guest.Rsvp.ACCEPTED,
        },
        inferred=record.get("inferred"),
    )
