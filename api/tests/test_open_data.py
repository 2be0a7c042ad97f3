"""Open data: no file before the licence is set; every package passes `frictionless validate`;
no private field in any export; grants valid against the 360Giving schema; P190 statements."""

import io
import json
from pathlib import Path

import pytest
from django.core.cache import cache

from api import opendata
from api.models import ApiToken
from communication.tests.factories import PublishedArticleFactory
from cooperation.tests.factories import GrantFactory, IatiPublisherFactory, ProjectFactory
from core.models import Organisation
from core.rights import governed_models
from partners.models import Agreement, Partner
from protocol.tests.factories import GiftFactory

DATA = Path(__file__).parent / "data"
MARKER = "PRIVATE-7f3a"


@pytest.fixture
def licensed(seed):
    organisation = Organisation.objects.first()
    organisation.open_data_licence = "Sample licence for the tests"
    organisation.open_data_licence_url = "https://example.org/licence"
    organisation.save()
    return organisation


@pytest.fixture
def grant(licensed):
    IatiPublisherFactory(organisation=licensed, prefix="BE-BCE_KBO", registration_number="0000000097")
    licensed.gift_threshold = 50
    licensed.save()
    GiftFactory(description="=HYPERLINK(1)")  # a cell that would be a formula in a spreadsheet
    PublishedArticleFactory()
    ProjectFactory()
    return GrantFactory(
        note=MARKER, application__organisation__email=f"{MARKER}@example.org", application__organisation__address=MARKER
    )


def test_without_a_licence_the_page_says_so_and_offers_no_file(client, seed):
    assert not Organisation.objects.first().has_open_data_licence  # the seeds give none
    page = client.get("/fr/open-data/")
    assert page.status_code == 200
    assert "datapackage.json" not in page.content.decode()
    assert "licence" in page.content.decode().lower()
    for url in [
        "/open-data/partners/datapackage.json",
        "/open-data/partners/partners.csv",
        "/open-data/partners/partners.xlsx",
        "/open-data/funded-projects/360giving.json",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_the_page_lists_every_dataset_in_each_language(client, licensed, language):
    page = client.get(f"/{language}/open-data/").content.decode()
    for dataset in opendata.DATASETS:
        assert f"/open-data/{dataset.slug}/datapackage.json" in page
    assert "Sample licence for the tests" in page
    assert "360giving.json" not in page  # no IATI publisher, no public grant: not offered


def _download(client, tmp_path, slug):
    package = client.get(f"/open-data/{slug}/datapackage.json").json()
    for resource in package["resources"]:
        response = client.get(f"/open-data/{slug}/{resource['path']}")
        assert response.status_code == 200
        (tmp_path / resource["path"]).write_bytes(b"".join(response.streaming_content))
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    return package


def test_every_data_package_passes_frictionless_validate(client, grant, tmp_path):
    from frictionless import validate

    for dataset in opendata.DATASETS:
        folder = tmp_path / dataset.slug
        folder.mkdir()
        package = _download(client, folder, dataset.slug)
        assert package["licenses"][0]["title"] == "Sample licence for the tests" and package["created"]
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, (dataset.slug, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        lines = (folder / f"{dataset.slug}.csv").read_bytes().count(b"\r\n") - 1
        assert all(resource["rows"] == dataset.count() for resource in package["resources"])
        assert lines >= dataset.count()  # a text with a line break spans two lines of the file
        assert all(field["description"] for field in package["resources"][0]["schema"]["fields"])
        assert dataset.count() > 0, dataset.slug  # each is checked with rows, not a header alone
    assert "'=HYPERLINK(1)" in (tmp_path / "gifts" / "gifts.csv").read_text()


def test_no_private_field_appears_in_any_export(client, grant, tmp_path, officer):
    from openpyxl import load_workbook

    Partner.objects.filter(slug="berlin").update(internal_notes=MARKER)
    Agreement.objects.public().update(internal_notes=MARKER)
    from activities.models import Activity

    Activity.objects.public().update(internal_notes=MARKER)
    licensed = Organisation.objects.first()
    licensed.wikidata_id = "Q1"
    licensed.save()
    Partner.objects.filter(slug="berlin").update(wikidata_id="Q64")
    ApiToken.issue(officer, MARKER)
    private = {model: set(model.rights.private) for model in governed_models()}
    texts = []
    for dataset in opendata.DATASETS:
        columns = {column.source for column in dataset.columns}
        assert not columns & private[dataset.model], dataset.slug
        for resource in _download(client, tmp_path, dataset.slug)["resources"]:
            content = (tmp_path / resource["path"]).read_bytes()
            if resource["format"] == "xlsx":
                sheet = load_workbook(io.BytesIO(content), read_only=True).active
                texts.append(" ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row))
            else:
                texts.append(content.decode())
    assert "/open-data/funded-projects/360giving.json" in client.get("/en/open-data/").content.decode()
    texts.append(client.get("/open-data/funded-projects/360giving.json").content.decode())
    statements = client.get("/open-data/partners/quickstatements.txt").content.decode()
    assert "Q1\tP190\tQ64\t" in statements
    texts.append(statements)
    for resource in [
        "partners",
        "agreements",
        "activities",
        "news",
        "calls",
        "funded-projects",
        "projects",
        "directory",
    ]:
        texts.append(client.get(f"/api/{resource}/?page_size=200").content.decode())
    cache.clear()
    for text in texts:
        assert MARKER not in text
        assert "BE71096123456769" not in text  # an applicant's IBAN


def test_grants_validate_against_the_360giving_schema(client, grant):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    grant_schema = json.loads((DATA / "360-giving-schema.json").read_text())
    package_schema = json.loads((DATA / "360-giving-package-schema.json").read_text())
    registry = Registry().with_resources(
        [
            (grant_schema["$id"], Resource(grant_schema, DRAFT202012)),
            # The package schema of 1.4.3 still refers to the grant schema by its 1.4.2 address.
            (grant_schema["$id"].replace("1.4.3", "1.4.2"), Resource(grant_schema, DRAFT202012)),
        ]
    )
    package = client.get("/open-data/funded-projects/360giving.json").json()
    errors = list(
        Draft202012Validator(
            package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        ).iter_errors(package)
    )
    assert not errors, errors[0].message
    item = package["grants"][0]
    assert item["recipientOrganization"][0]["id"] == "BE-BCE_KBO-0403170701"
    assert item["fundingOrganization"][0]["id"] == "BE-BCE_KBO-0000000097"


def test_partnerships_as_p190_statements_from_checked_identifiers_only(client, licensed):
    import json as json_module

    checked = json_module.loads((Path(__file__).resolve().parents[2] / "data" / "wikidata.json").read_text())
    assert "github.com/dr5hn/countries-states-cities-database" in checked["source"]
    loaded = dict(Partner.objects.exclude(wikidata_id="").values_list("slug", "wikidata_id"))
    assert loaded == checked["partners"]  # nothing but what the cited source gave
    assert Partner.objects.get(slug="chennai").wikidata_id == ""  # not in the source: left empty
    assert licensed.wikidata_id == "Q240"
    lines = client.get("/open-data/partners/quickstatements.txt").content.decode().splitlines()
    berlin = next(line for line in lines if "\tQ64\t" in line).split("\t")
    assert berlin[:5] == ["Q240", "P190", "Q64", "P580", "+1992-06-01T00:00:00Z/11"]
    assert berlin[-2] == "S854" and berlin[-1].endswith('/partners/berlin/"')
    assert len(lines) == Partner.objects.public().exclude(wikidata_id="").count()


def test_a_fact_the_data_file_only_infers_is_published_once_staff_confirm_it(client, licensed, head_of_unit):
    from auditlog.context import set_actor

    from core.seeds import unconfirmed

    berlin = Partner.objects.get(slug="berlin")
    assert "state" in unconfirmed(berlin)  # the seeds infer the partnerships' state
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"type": "null"} in schema["components"]["schemas"]["Partner"]["properties"]["state"]["oneOf"]
    assert client.get("/api/partners/berlin/").json()["state"] is None
    listed = {row["slug"]: row for row in client.get("/api/partners/?page_size=100").json()["results"]}
    assert listed["berlin"]["state"] is None and listed["berlin"]["name"]
    rows = list(opendata.table_rows(opendata.BY_SLUG["partners"]))
    names = [column.name for column in opendata.BY_SLUG["partners"].columns]
    [row] = [row for row in rows if row[names.index("slug")] == "berlin"]
    assert row[names.index("state")] is None and row[names.index("name_fr")]

    with set_actor(head_of_unit):
        berlin.state = Partner.State.DORMANT
        berlin.save()
    cache.clear()
    assert client.get("/api/partners/berlin/").json()["state"] == "dormant"
    rows = list(opendata.table_rows(opendata.BY_SLUG["partners"]))
    [row] = [row for row in rows if row[names.index("slug")] == "berlin"]
    assert row[names.index("state")] == "dormant"
