"""Development cooperation's section of the data file: the policy frame (modalities, legal texts
and the elements of the policy)."""

from cooperation.models import LegalText, Modality, PolicyElement
from core.seeds import translated


def load(load, data):
    """Each record once, through the seed ledger (core.seeds.SeedLoader), never overwritten."""
    data = data.get("cooperation")
    if not data:
        return
    for record in data["modalities"]:
        values = {"source": load.source(record), "order": record["order"], **translated("name", record["name"])}
        load.row(Modality, record["slug"], {"slug": record["slug"]}, values)
    for record in data["legal_texts"]:
        values = {
            "source": load.source(record),
            "kind": record["kind"],
            "order": record["order"],
            "year": record.get("year"),
            **translated("title", record.get("title")),
        }
        load.row(LegalText, record["key"], {"key": record["key"]}, values)
    for record in data["policy_elements"]:
        values = {
            "source": load.source(record),
            "kind": record["kind"],
            "order": record["order"],
            **translated("text", record.get("text")),
        }
        load.row(PolicyElement, record["key"], {"key": record["key"]}, values)
