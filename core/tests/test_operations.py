"""/health/?deep=1 and the operations page: what they say of workers, routines, backlog and backup."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.tests.factories import CampaignFactory, SubscriberFactory
from core import backup, routines
from core.models import Routine, WorkerBeat

TOKEN = "a-long-random-monitoring-token"


@pytest.fixture
def monitored(settings):
    settings.MONITORING_TOKEN = TOKEN
    settings.WORKER_HEARTBEAT_SECONDS = 30
    return settings


def deep(client, token=TOKEN):
    return client.get("/health/?deep=1", headers={"authorization": f"Bearer {token}"} if token else {})


def test_health_without_deep_stays_what_load_balancers_ask(client, db, monitored):
    response = client.get("/health/")
    assert response.status_code == 200 and response.content == b"ok"


def test_deep_health_needs_the_token_and_is_off_without_one(client, db, settings):
    settings.MONITORING_TOKEN = ""
    assert deep(client).status_code == 404
    settings.MONITORING_TOKEN = TOKEN
    assert deep(client, token=None).status_code == 403
    assert deep(client, token="wrong").status_code == 403
    assert client.get(f"/health/?deep=1&token={TOKEN}").status_code in (200, 503)


def test_a_worker_that_stops_beating_is_reported_within_two_heartbeats(client, db, monitored):
    now = timezone.now()
    heartbeat = timedelta(seconds=30)
    # Beat at every heartbeat so far: running. The other's last beat was 1.9 heartbeats ago:
    # it missed one, so it is reported, before a second one is missed.
    routines.beat("alive", now - heartbeat * 0.9, doing="", started=True)
    routines.beat("killed", now - heartbeat * 1.9, doing="report_reminders", started=True)
    routines.beat("left", now - heartbeat * 5, started=True)
    routines.stopped("left", now - heartbeat * 5)
    response = deep(client)
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    found = response.json()
    assert not found["ok"] and found["problems"] == ["worker killed not responding"]
    states = {worker["name"]: (worker["state"], worker["doing"]) for worker in found["workers"]}
    assert states == {
        "alive": ("running", ""),
        "killed": ("not responding", "report_reminders"),
        "left": ("stopped", ""),
    }
    assert found["database"]["ok"] and found["cache"]["ok"]

    WorkerBeat.objects.filter(name="killed").delete()
    found = deep(client).json()
    assert found["ok"] and found["problems"] == []


def test_deep_health_shows_the_backlog_the_routines_and_the_last_backup(client, db, monitored, tmp_path):
    monitored.BACKUP_FOLDER = str(tmp_path)
    now = timezone.now()
    routines.beat("worker", now, started=True)
    SubscriberFactory.create_batch(3)
    services.campaign_start(campaign=services.campaign_schedule(campaign=CampaignFactory()))
    routines.ensure_rows(now)
    Routine.objects.filter(name="iati_statuses").update(
        last_outcome="failed", failures=2, last_result="RuntimeError: boom", last_started_at=now
    )
    found = deep(client).json()
    assert found["backlog"]["to_send"] == 3 and found["backlog"]["editions_sending"] == 1
    by_name = {routine["name"]: routine for routine in found["routines"]}
    assert set(by_name) == {spec.name for spec in routines.ROUTINES}
    assert by_name["iati_statuses"]["failures"] == 2 and by_name["iati_statuses"]["result"] == "RuntimeError: boom"
    assert by_name["nightly_backup"]["enabled"] and not by_name["process_bounces"]["enabled"]
    assert found["backup"]["last_at"] is None and found["backup"]["late"]
    assert found["problems"] == ["routine iati_statuses failing", "backup late"]

    (tmp_path / backup.archive_name(now)).write_bytes(b"archive")
    found = deep(client).json()
    assert 0 <= found["backup"]["age_hours"] < 0.1 and not found["backup"]["late"]


def test_the_operations_page_is_for_the_head_of_unit(client, head_of_unit, officer, monitored):
    routines.beat("worker-on-host", timezone.now() - timedelta(minutes=10), started=True)
    url = reverse("admin:core_routine_changelist")
    client.force_login(officer)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("admin:index")).content.decode()
    client.force_login(head_of_unit)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    # In the head of unit's language (French here).
    assert "worker-on-host" in page and "ne répond plus" in page
    assert "Rappels des rapports de subvention" in page and "aucun dossier de sauvegarde défini" in page
    assert url in client.get(reverse("admin:index")).content.decode()
