"""The activities' section of the data file: funding programmes, people, organisations and
activities, with their delegation, programme and outcomes, linked to the partners, themes,
networks and agreements that the partners' section loaded before."""

import datetime

from activities.models import Activity, FundingProgramme, Organisation, Outcome, Participant, Person, ProgrammeItem
from core.seeds import english as _english
from core.seeds import translated as _translated
from partners.models import Agreement, Network, Partner, Theme


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(load, data):
    """Each record once, through the seed ledger (core.seeds.SeedLoader), never overwritten."""
    programmes = {}
    for record in data.get("funding_programmes", []):
        values = {"source": load.source(record), "acronym": record["acronym"], "funder": record["funder"]}
        values.update(_translated("name", record["name"]))
        programmes[record["slug"]] = load.row(FundingProgramme, record["slug"], {"slug": record["slug"]}, values)
    people = {
        record["key"]: load.row(
            Person,
            record["key"],
            {"name": record["name"]},
            {**_translated("office", record["office"]), "source": load.source(record)},
        )
        for record in data.get("people", [])
    }
    organisations = {
        record["key"]: load.row(
            Organisation,
            record["key"],
            {"name_en": _english(record["name"])},
            {
                **{field: value for field, value in _translated("name", record["name"]).items() if field != "name_en"},
                **_translated("city", record["city"]),
                "other_names": "\n".join(record.get("other_names", [])),
                "kind": record["kind"],
                "country": record["country"],
                "source": load.source(record),
            },
            inferred=record.get("inferred"),
        )
        for record in data.get("organisations", [])
    }
    activities = {}
    agreements = {record["key"]: load.get(Agreement, record["key"]) for record in data["agreements"]}
    refs = {"people": people, "organisations": organisations, "agreements": agreements}
    linked = {"partners": Partner, "themes": Theme, "networks": Network}
    for record in data.get("activities", []):
        activities[record["slug"]] = _import_activity(load, record, activities, programmes, refs)
        if activities[record["slug"]] is None:  # deleted by staff: its parts stay deleted too
            continue
        for field, model in linked.items():
            for slug in record.get(field, []):
                load.link(f"{record['slug']}/{slug}", activities[record["slug"]], field, load.get(model, slug))
    return activities


def _import_activity(load, record, activities, programmes, refs):
    slug = record["slug"]
    activity = load.row(
        Activity,
        slug,
        {"slug": slug},
        {
            "source": load.source(record),
            "kind": record["kind"],
            "parent": activities.get(record.get("parent")),
            "start_date": _date(record["start_date"]),
            "end_date": _date(record.get("end_date")),
            "date_precision": record["date_precision"],
            "time_zone": record.get("time_zone", "Europe/Brussels"),
            **_translated("venue", record.get("venue", "")),
            **_translated("city", record.get("city", "")),
            "country": record.get("country", ""),
            "state": record["state"],
            "visibility": record["visibility"],
            "funding_programme": programmes.get(record.get("funding_programme")),
            "attendance": record.get("attendance"),
            **_translated("title", record["title"]),
            **_translated("description", record.get("description", {})),
            **_translated("state_reason", record.get("state_reason", {})),
        },
        inferred=record.get("inferred"),
    )
    if activity is None:
        return None
    for order, participant in enumerate(record.get("participants", [])):
        _import_participant(load, activity, order, participant, refs)
    for order, item in enumerate(record.get("programme", [])):
        _import_programme_item(load, activity, order, item, refs)
    for outcome in record.get("outcomes", []):
        _import_outcome(load, activity, outcome, refs)
    return activity


def _import_participant(load, activity, order, record, refs):
    lookup = {"activity": activity}
    if "person" in record:
        lookup["person"] = refs["people"][record["person"]]
    if "organisation" in record:
        lookup["organisation"] = refs["organisations"][record["organisation"]]
    if "group" in record:
        lookup["group_en"] = _english(record["group"])
    # A group is keyed by its English name as first loaded: a corrected name keeps its key.
    who = record.get("key") or record.get("person") or record.get("organisation") or _english(record["group"])
    load.row(
        Participant,
        f"{activity.slug}/{who}",
        lookup,
        {
            "role": record["role"],
            "side": record["side"],
            "headcount": record.get("headcount", 1),
            **_translated("office", record.get("office", "")),
            **{
                field: value
                for field, value in _translated("group", record.get("group", "")).items()
                if field != "group_en"
            },
            "order": order,
        },
    )


def _import_programme_item(load, activity, order, record, refs):
    key = f"{activity.slug}/{record['key']}"
    title = _translated("title", record["title"])
    item = load.row(
        ProgrammeItem,
        key,
        {"activity": activity, "title_en": title["title_en"]},
        {
            "kind": record["kind"],
            "date": _date(record.get("date")),
            **_translated("venue", record.get("venue", "")),
            **_translated("city", record.get("city", "")),
            "order": order,
            **{field: value for field, value in title.items() if field != "title_en"},
            **_translated("description", record.get("description", {})),
        },
    )
    for person in record.get("people", []):
        load.link(f"{key}/{person}", item, "people", refs["people"][person])
    for organisation in record.get("organisations", []):
        load.link(f"{key}/{organisation}", item, "organisations", refs["organisations"][organisation])


def _import_outcome(load, activity, record, refs):
    key = f"{activity.slug}/{record['key']}"
    title = _translated("title", record["title"])
    outcome = load.row(
        Outcome,
        key,
        {"activity": activity, "title_en": title["title_en"]},
        {
            "kind": record["kind"],
            "agreement": refs["agreements"].get(record.get("agreement")),
            **{field: value for field, value in title.items() if field != "title_en"},
            **_translated("description", record.get("description", {})),
        },
    )
    for party in record.get("parties", []):
        load.link(f"{key}/{party}", outcome, "parties", refs["organisations"][party])
