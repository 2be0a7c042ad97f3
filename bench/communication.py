"""Benchmarks of the communication module: prints figures, asserts nothing.

For SQLite and PostgreSQL: builds a database with the Brussels data plus 100,000 sample news
items and 1,000,000 sample subscribers (100,000 of them confirmed, the others pending or
unsubscribed), then
- measures in-process the p50/p95 time and queries of the news list, an article, the home
  page and the feeds;
- sends an edition to the confirmed subscribers with 2 workers (`manage.py worker`, already
  running when it is scheduled) through a local SMTP sink (Postfix's smtp-sink, or
  core/smtp_sink.py, discarding) and reports messages per second and the CPU each process
  spent per message;
- serves the home page with gunicorn (2 workers) and counts requests per second from 4 client
  threads, first idle, then while an edition is sending.

Usage: make bench   (BENCH_NEWS, BENCH_SUBSCRIBERS, BENCH_CONFIRMED, BENCH_SECONDS, BENCH_DATABASES,
BENCH_SEND_SECONDS, BENCH_SMTP_SINK=postfix|python, BENCH_COMMUNICATION_REUSE=1, BENCH_SENDING_ONLY=1)
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
# Measure again on the database an earlier run built (its subscribers and news kept).
REUSE = os.environ.get("BENCH_COMMUNICATION_REUSE") == "1"
# Only the sending (no page timings, no gunicorn).
SENDING_ONLY = os.environ.get("BENCH_SENDING_ONLY") == "1"
TICK = os.sysconf("SC_CLK_TCK")
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
    # As autovacuum would after a while: the planner needs statistics of the new rows, and on
    # PostgreSQL a table freshly written has its rows' hint bits to set on first reading (the
    # first edition would pay for writing the million subscribers' pages again).
    # And the checkpoint the generation's writes have made due: the first edition would pay for
    # it (every page it touches written whole to the WAL once more), the following ones not.
    statements = ["VACUUM ANALYZE", "CHECKPOINT"] if url.startswith("postgres") else ["ANALYZE"]
    python(
        "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'liaison.settings')\n"
        "django.setup()\nfrom django.db import connection\n"
        + "".join(f"connection.cursor().execute('{statement}')\n" for statement in statements),
        env,
    )
    return elapsed


def query(url, *queries):
    """The first column of the first row of each query, on the benchmark's database."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            return tuple(db.execute(query).fetchone()[0] for query in queries)
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return tuple(db.execute(query).fetchone()[0] for query in queries)


def sent_count(url):
    """Messages sent and deliveries queued for the latest edition."""
    latest = "campaign_id = (SELECT max(id) FROM communication_campaign)"
    return query(
        url,
        f"SELECT count(*) FROM communication_delivery WHERE {latest} AND state = 'sent'",
        f"SELECT count(*) FROM communication_delivery WHERE {latest}",
    )


def cpu_seconds(pid):
    """User and system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def database_server_pids():
    pids = []
    for stat in Path("/proc").glob("[0-9]*/comm"):
        try:
            if stat.read_text().strip() in ("postgres", "postmaster"):
                pids.append(stat.parent.name)
        except OSError:
            pass
    return pids


def machine_cpu_seconds():
    """CPU time the whole machine spent busy, all cores together (softirq included, not the time
    the hypervisor gave to other machines)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:7]) - values[3] - values[4]) / TICK


def stolen_cpu_seconds():
    """CPU time the hypervisor gave to other machines while this one had work (steal)."""
    return int(Path("/proc/stat").read_text().splitlines()[0].split()[8]) / TICK


# The relay the workers send to: Postfix's smtp-sink (C, made to measure SMTP clients, from
# Debian's postfix package; `make bench` installs it), or ours on aiosmtpd (Python), which
# costs about 1.5 ms of CPU a message, more than a worker now does.
POSTFIX_SINK = "/usr/sbin/smtp-sink"
SINK = os.environ.get("BENCH_SMTP_SINK", "postfix" if Path(POSTFIX_SINK).exists() else "python")


def smtp_sink(port, folder):
    if SINK == "postfix":
        # -u: the user it runs as once its socket is open (it refuses to run as root).
        return subprocess.Popen([POSTFIX_SINK, "-u", "postfix", f"127.0.0.1:{port}", "1000"])
    return subprocess.Popen(
        [PY, "-P", "core/smtp_sink.py", f"--port={port}", f"--folder={folder}", "--discard"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


class Sending:
    """A local SMTP sink and two workers sending an edition to every confirmed subscriber."""

    def __init__(self, url, folder):
        port = free_port()
        self.sink = smtp_sink(port, folder)
        time.sleep(1)
        env = environment(url, EMAIL_URL=f"smtp://127.0.0.1:{port}", **PRODUCTION)
        # As in production, the workers are running when the edition is scheduled: the time is
        # the edition's, from its scheduling to its last message, not the workers' start.
        running = "SELECT count(*) FROM core_workerbeat WHERE stopped_at IS NULL"
        before = query(url, running)[0]
        worker = [PY, "manage.py", "worker", "--interval=0.5"]
        self.workers = [subprocess.Popen(worker, cwd=ROOT, env=env, stdout=subprocess.DEVNULL) for _ in range(2)]
        while query(url, running)[0] < before + 2:
            time.sleep(0.2)
        time.sleep(2)  # their first round: the routines due at start
        python(SCHEDULE, env)
        self.started = time.perf_counter()
        self.workers_before = sum(cpu_seconds(worker.pid) for worker in self.workers)
        self.sink_before = cpu_seconds(self.sink.pid)
        self.database_before = {pid: cpu_seconds(pid) for pid in database_server_pids()}
        self.machine_before = machine_cpu_seconds()
        self.stolen_before = stolen_cpu_seconds()

    def cpu(self):
        """CPU seconds used so far by the workers, the sink, the database server and the machine."""
        database = sum(cpu_seconds(pid) - self.database_before.get(pid, 0) for pid in database_server_pids())
        return {
            "workers": sum(cpu_seconds(worker.pid) for worker in self.workers) - self.workers_before,
            "SMTP sink": cpu_seconds(self.sink.pid) - self.sink_before,
            "database server": database,
            "whole machine": machine_cpu_seconds() - self.machine_before,
            "stolen by the hypervisor": stolen_cpu_seconds() - self.stolen_before,
        }

    def stop(self):
        for process in (*self.workers, self.sink):
            process.send_signal(signal.SIGTERM)
            process.wait()


def send_edition(url):
    sending = Sending(url, ROOT / "bench" / "results" / "mail")
    try:
        # The steady rate: from the first messages sent (the workers started, the edition queued).
        while not sent_count(url)[0]:
            time.sleep(0.2)
        steady_started, steady_sent, steady_cpu = time.perf_counter(), sent_count(url)[0], sending.cpu()
        while True:
            time.sleep(2)
            sent, total = sent_count(url)
            if total and sent >= total:
                break
            if SEND_SECONDS and time.perf_counter() - sending.started > SEND_SECONDS:
                break
        ended = time.perf_counter()
        cpu = sending.cpu()
    finally:
        sending.stop()
    elapsed = ended - sending.started
    print(
        f"  edition to {total:,} subscribers, 2 workers, SMTP sink ({SINK}): {sent:,} sent in {elapsed:.0f} s "
        f"(from its scheduling, the 2 workers running: queueing included), {sent / elapsed:.0f} messages/s"
    )
    steady = sent - steady_sent
    if steady:
        print(
            f"  once sending: {steady:,} sent in {ended - steady_started:.0f} s, "
            f"{steady / (ended - steady_started):.0f} messages/s"
        )
        shares = ", ".join(f"{name} {(cpu[name] - steady_cpu[name]) * 1000 / steady:.2f} ms" for name in cpu)
        print(f"  CPU per message meanwhile: {shares} (of {os.cpu_count()} cores)")


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
        if not REUSE:
            seconds = prepare(url)
            print(f"  generating the news and subscribers took {seconds:.1f} s")
        if not SENDING_ONLY:
            python(MEASURE, environment(url, ALLOWED_HOSTS="testserver"))
        send_edition(url)
        if not SENDING_ONLY:
            home_page_under_sending(url)


if __name__ == "__main__":
    main()
