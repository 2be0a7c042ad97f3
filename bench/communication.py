"""Benchmarks of the communication module: prints figures, asserts nothing.

For SQLite and PostgreSQL: builds a database with the Brussels data plus 100,000 sample news
items and 1,000,000 sample subscribers (100,000 of them confirmed, the others pending or
unsubscribed), then
- measures in-process the p50/p95 time and queries of the news list, an article, the home
  page and the feeds;
- sends an edition to the confirmed subscribers with 2 workers (`manage.py worker`) through
  a local SMTP sink (core/smtp_sink.py, discarding) and reports messages per second;
- serves the home page with gunicorn (2 workers) and counts requests per second from 4 client
  threads, first idle, then while an edition is sending.

Usage: make bench   (BENCH_NEWS, BENCH_SUBSCRIBERS, BENCH_CONFIRMED, BENCH_SECONDS, BENCH_DATABASES)
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from production import PRODUCTION  # bench/production.py: the scripts run from bench/

ROOT = Path(__file__).resolve().parent.parent
NEWS = int(os.environ.get("BENCH_NEWS", "100000"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "1000000"))
CONFIRMED = int(os.environ.get("BENCH_CONFIRMED", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# Stop timing the edition after this many seconds (0: until every message is sent).
SEND_SECONDS = int(os.environ.get("BENCH_SEND_SECONDS", "0"))
DATABASES = {
    "sqlite": f"sqlite:///{ROOT / 'bench' / 'results' / 'communication.sqlite3'}",
    "postgresql": os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/liaison_bench_communication"
    ),
}
SELECTED = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PY = sys.executable

GENERATE = """
import os, random
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
import django
django.setup()
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from communication.models import Article, Subscriber
from partners.models import Partner, Theme

now = timezone.now()
rng = random.Random(9)
themes = list(Theme.objects.values_list("pk", flat=True))
partners = list(Partner.objects.values_list("pk", flat=True))
Through = Article.themes.through
PartnerThrough = Article.partners.through
for start in range(0, NEWS, 5000):
    with transaction.atomic():
        batch = Article.objects.bulk_create(
            Article(
                slug=f"sample-news-{n}", title_en=f"Sample news {n}", title_fr=f"Actualité d'exemple {n}",
                summary_en="A sample news item for the benchmark.", body_en="<p>Sample body.</p>",
                state="published", publish_at=now - timedelta(minutes=n), is_sample=True,
            )
            for n in range(start, min(start + 5000, NEWS))
        )
        Through.objects.bulk_create(Through(article_id=a.pk, theme_id=rng.choice(themes)) for a in batch)
        PartnerThrough.objects.bulk_create(
            PartnerThrough(article_id=a.pk, partner_id=rng.choice(partners)) for a in batch
        )
states = ["pending", "unsubscribed"]
for start in range(0, SUBSCRIBERS, 20000):
    with transaction.atomic():
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"reader{n}@example.org", language=("fr", "nl", "en", "de")[n % 4], token=f"bench-{n}",
                state="confirmed" if n < CONFIRMED else states[n % 2], is_sample=True, source="benchmark",
            )
            for n in range(start, min(start + 20000, SUBSCRIBERS))
        )
"""

MEASURE = """
import os, statistics, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from communication.models import Article

client = Client()
middle = Article.objects.for_list()[NEWS // 2].slug
pages = [
    ("home page", "/en/"),
    ("news list, page 1", "/en/news/"),
    ("news list, page 2000", "/en/news/?page=2000"),
    ("news list, theme", "/en/news/?theme=human-rights"),
    ("news list, partner", "/en/news/?partner=berlin"),
    ("article page", f"/en/news/{middle}/"),
    ("partner page (Berlin)", "/en/partners/berlin/"),
    ("RSS feed", "/fr/news/rss.xml"),
    ("Atom feed", "/nl/news/atom.xml"),
]
for name, path in pages:
    client.get(path)
    times = []
    for _ in range(30):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  {name:<30} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  {len(queries):3d} queries")
"""

SCHEDULE = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
import django
django.setup()
from communication import services
from communication.models import Article, Campaign
# An edition left sending by an earlier run would be sent first: close it.
Campaign.objects.exclude(state="sent").update(state="sent")
campaign = Campaign.objects.create(subject_en="Benchmark", subject_fr="Banc d'essai", subject_nl="Benchmark",
                                   subject_de="Benchmark")
campaign.articles.set(Article.objects.for_list()[:5])
services.campaign_schedule(campaign=campaign)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(url, **extra):
    sizes = {"NEWS": str(NEWS), "SUBSCRIBERS": str(SUBSCRIBERS), "CONFIRMED": str(CONFIRMED)}
    return {**os.environ, **sizes, "DATABASE_URL": url, **extra}


def python(code, env):
    constants = f"NEWS={NEWS}\nSUBSCRIBERS={SUBSCRIBERS}\nCONFIRMED={CONFIRMED}\n"
    subprocess.run([PY, "-c", constants + code], cwd=ROOT, env=env, check=True)


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(url):
    env = environment(url)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("import_seed_data", env=env)
    started = time.perf_counter()
    python(GENERATE, env)
    elapsed = time.perf_counter() - started
    # As autovacuum would after a while: the planner needs statistics of the new rows.
    python(
        "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'liaison.settings')\n"
        "django.setup()\nfrom django.db import connection\nconnection.cursor().execute('ANALYZE')",
        env,
    )
    return elapsed


def sent_count(url):
    """Messages sent and deliveries queued for the latest edition."""
    latest = "campaign_id = (SELECT max(id) FROM communication_campaign)"
    queries = [
        f"SELECT count(*) FROM communication_delivery WHERE {latest} AND state = 'sent'",
        f"SELECT count(*) FROM communication_delivery WHERE {latest}",
    ]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            return tuple(db.execute(query).fetchone()[0] for query in queries)
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return tuple(db.execute(query).fetchone()[0] for query in queries)


class Sending:
    """A local SMTP sink and two workers sending an edition to every confirmed subscriber."""

    def __init__(self, url, folder):
        port = free_port()
        self.sink = subprocess.Popen(
            [PY, "-P", "core/smtp_sink.py", f"--port={port}", f"--folder={folder}", "--discard"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(1)
        env = environment(url, EMAIL_URL=f"smtp://127.0.0.1:{port}", **PRODUCTION)
        python(SCHEDULE, env)
        self.started = time.perf_counter()
        worker = [PY, "manage.py", "worker", "--interval=0.5"]
        self.workers = [subprocess.Popen(worker, cwd=ROOT, env=env, stdout=subprocess.DEVNULL) for _ in range(2)]

    def stop(self):
        for process in (*self.workers, self.sink):
            process.send_signal(signal.SIGTERM)
            process.wait()


def send_edition(url):
    sending = Sending(url, ROOT / "bench" / "results" / "mail")
    try:
        while True:
            time.sleep(2)
            sent, total = sent_count(url)
            if total and sent >= total:
                break
            if SEND_SECONDS and time.perf_counter() - sending.started > SEND_SECONDS:
                break
        elapsed = time.perf_counter() - sending.started
    finally:
        sending.stop()
    rate = sent / elapsed
    print(
        f"  edition to {total:,} subscribers, 2 workers, local SMTP sink: {sent:,} sent in {elapsed:.0f} s "
        f"(from the workers' start, queueing included), {rate:.0f} messages/s"
    )


def hammer(port, path):
    target = f"http://127.0.0.1:{port}{path}"
    counts, errors, stop = [0] * 4, [0], time.monotonic() + SECONDS

    def client(i):
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(target, timeout=10) as response:
                    response.read()
                counts[i] += 1
            except OSError:
                errors[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS, errors[0]


def home_page_under_sending(url):
    env = environment(url, **PRODUCTION)
    manage("collectstatic", "--noinput", env=env)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "liaison.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        idle, idle_errors = hammer(port, "/en/")
        print(
            f"  home page via gunicorn, 2 workers, 4 client threads, idle: {idle:.0f} requests/s ({idle_errors} errors)"
        )
        sending = Sending(url, ROOT / "bench" / "results" / "mail")
        try:
            for _ in range(60):  # until the workers are sending
                if sent_count(url)[0]:
                    break
                time.sleep(0.5)
            before = sent_count(url)[0]
            busy, busy_errors = hammer(port, "/en/")
            sent, total = sent_count(url)
        finally:
            sending.stop()
        print(
            f"  home page while an edition is sending: {busy:.0f} requests/s ({busy_errors} errors), "
            f"{busy / idle if idle else 0:.2f} × idle; "
            f"meanwhile {(sent - before) / SECONDS:.0f} messages/s ({sent:,} of {total:,} sent by then)"
        )
    finally:
        server.terminate()
        server.wait()


def main():
    print(
        f"Liaison communication benchmark: {NEWS:,} news items, {SUBSCRIBERS:,} subscribers ({CONFIRMED:,} confirmed)"
    )
    for name in SELECTED:
        url = DATABASES[name]
        print(f"\n{name}:")
        seconds = prepare(url)
        print(f"  generating the news and subscribers took {seconds:.1f} s")
        python(MEASURE, environment(url, ALLOWED_HOSTS="testserver"))
        send_edition(url)
        home_page_under_sending(url)


if __name__ == "__main__":
    main()
