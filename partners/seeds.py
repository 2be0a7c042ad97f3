"""The partners' section of the data file: themes, partners, agreements, city networks, and the
portfolio assignments of the staff members that the directory's section loaded before."""

import datetime
from decimal import Decimal

from core import gazetteer
from core.seeds import translated, wikidata
from directory.models import StaffMember
from partners.models import Agreement, Assignment, Counterpart, Network, Partner, PartnerAlias, Signatory, Theme


def load(load, data):
    themes = load.by_slug(Theme, data["themes"])
    partners = {record["slug"]: _partner(load, record, themes) for record in data["partners"]}
    for record in data["agreements"]:
        _agreement(load, record, partners, themes)
    networks = load.by_slug(
        Network, data["networks"], fields=["acronym", "is_member"], translated_fields=["name", "description"]
    )
    for record in data["networks"]:
        for slug in record["partners"]:
            load.link(f"{record['slug']}/{slug}", networks[record["slug"]], "partners", partners[slug])
    for record in data["staff"]:
        member = load.get(StaffMember, record["key"])
        for slug in record["partners"]:
            load.row(
                Assignment,
                f"{slug}/{record['key']}",
                {"partner": partners[slug], "staff_member": member},
                {"source": load.source(record)},
            )


def _partner(load, record, themes):
    slug = record["slug"]
    place = gazetteer.place(record["geonames_id"])
    partner = load.row(
        Partner,
        slug,
        {"slug": slug},
        {
            "source": load.source(record),
            "kind": record["kind"],
            "country": record["country"],
            "geonames_id": record["geonames_id"],
            "wikidata_id": wikidata()["partners"].get(slug, ""),
            "latitude": round(Decimal(str(place["latitude"])), 5),
            "longitude": round(Decimal(str(place["longitude"])), 5),
            **({"state": record["state"]} if "state" in record else {}),
            **translated("name", record["name"]),
            **translated("description", record.get("description", {})),
        },
        inferred=record.get("inferred"),
    )
    for alias in record["aliases"]:
        load.row(PartnerAlias, f"{slug}/{alias}", {"partner": partner, "name": alias}, {})
    for theme in record.get("themes", []):
        load.link(f"{slug}/{theme}", partner, "themes", themes[theme])
    for counterpart in record.get("counterparts", []):
        load.row(
            Counterpart,
            f"{slug}/{counterpart['name']}",
            {"partner": partner, "name": counterpart["name"]},
            {"office": counterpart["office"], "source": load.source(counterpart)},
        )
    return partner


def _agreement(load, record, partners, themes):
    """Keyed by the file's "key"; the English title is looked up only for rows loaded before the ledger."""
    title = translated("title", record["title"])
    agreement = load.row(
        Agreement,
        record["key"],
        {"partner": partners[record["partner"]], "title_en": title["title_en"]},
        {
            "source": load.source(record),
            "kind": record["kind"],
            "signed_on": datetime.date.fromisoformat(record["signed_on"]),
            "signed_on_precision": record["signed_on_precision"],
            **translated("signed_at", record["signed_at"]),
            "signing_mode": record["signing_mode"],
            **{field: value for field, value in title.items() if field != "title_en"},
            **translated("summary", record.get("summary", {})),
        },
    )
    for theme in record["themes"]:
        load.link(f"{record['key']}/{theme}", agreement, "themes", themes[theme])
    for order, signatory in enumerate(record["signatories"]):
        load.row(
            Signatory,
            f"{record['key']}/{signatory['name']}",
            {"agreement": agreement, "name": signatory["name"]},
            {"side": signatory["side"], "order": order, **translated("office", signatory["office"])},
        )
    return agreement
