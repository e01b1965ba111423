"""Benchmark runner (started by bench/run): the product's figures at district scale and at city and
nation scale, on SQLite and on PostgreSQL, written to bench/RESULTS.md beside the targets.

For each database and each scale: a fresh database, migrate, the scale's data (district: the plan
and the demo data of seed_demo and seed_demo_awards; city and nation: seed_scale, which loads the
plan and builds the rest around Thanh Xuân), Thanh Xuân's final review report (a draft, then
issued through reports.services), collectstatic into a scratch folder, then gunicorn (2 workers,
DEBUG off) on a free port. Each user logs in once through the real login form; every URL is
checked to answer 200 to its user before and after wrk loads it, and during the load wrk must see
no error status, no socket error and responses of the page's size (so a redirect to the login page
cannot pass for the page). A URL the product does not have yet is reported as not available. The
gunicorn workers' memory is sampled from /proc during the load. Then the in-process benchmarks
(bench/render_reports.py, bench/import_figures.py) run once on the same kind of database.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The demo accounts' password (demo/management/commands/seed_demo.py), which seed_scale's
# accounts share (demo/scale.py): the same users log in at every scale.
PASSWORD = "ThiDua@2025"
OFFICER = "phuong-khuong-dinh"
OFFICER_WARD = "00364"  # Khương Đình
DISTRICT = "009"  # Thanh Xuân
CITY = "01"  # Hà Nội


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    # The first of these paths that the product routes is measured ("{report}": the issued
    # review report's id); when none is, the page is reported as not available.
    paths: tuple[str, ...]
    user: str | None  # None: anonymous
    target: float | None = None  # requests/s as a ratio of /healthz's in the same run
    p99_ms: float | None = None  # and a p99 latency below this


@dataclass(frozen=True)
class Scale:
    key: str
    title: str
    data: str  # what the database holds, in words, for RESULTS.md


def _pages(*, city_user: str, admin_targets: list[tuple[str, str, float | None, float | None]],
           targets: dict[str, float]) -> tuple[Page, ...]:
    return (
        Page("healthz", "baseline", ("/healthz",), None),
        Page("login", "login page", ("/dang-nhap/",), None),
        Page("ward", "ward officer's page", (f"/phuong/{OFFICER_WARD}/",), OFFICER, targets.get("ward")),
        Page("dashboard", "district dashboard", (f"/tong-quan/quan/{DISTRICT}/", "/tong-quan/"), "ldtbxh",
             targets.get("dashboard")),
        Page("city", "city dashboard", (f"/tong-quan/tinh/{CITY}/",), city_user, targets.get("city")),
        *(Page(key, label, ("/admin/wards/yearlycount/",), user, target, p99)
          for key, label, user, target, p99 in admin_targets),
        Page("queue", "Nội vụ's appraisal queue", ("/khen-thuong/tham-dinh/",), "noivu", targets.get("queue")),
        Page("pdf", "issued review report PDF", ("/bao-cao/{report}/tai-pdf/",), "noivu", targets.get("pdf")),
    )


SCALES = {
    "district": Scale(
        "district", "District scale",
        "Thanh Xuân's plan and 11 wards with the demo data of `seed_demo` and `seed_demo_awards`",
    ),
    "city": Scale(
        "city", "City scale",
        "`seed_scale --level city`: Hà Nội's 30 districts and 580 wards (Thanh Xuân's 11 real ones "
        "among them), four years of figures in every state, 10,000 nominations",
    ),
    "nation": Scale(
        "nation", "Nation scale",
        "`seed_scale --level nation`: 63 provinces, 700 districts, 10,600 wards, four years of "
        "figures in every state, criteria assessments, 100,000 nominations with their documents",
    ),
}
# The issue's targets; a scale without targets (city) is measured and shown, not judged.
PAGES = {
    "district": _pages(
        city_user="so-ldtbxh",
        admin_targets=[("admin", "admin change list of yearly figures", "ldtbxh", 0.25, None)],
        targets={"ward": 0.40, "dashboard": 0.35, "pdf": 0.50},
    ),
    "city": _pages(
        city_user=f"so-ldtbxh-{CITY}",
        admin_targets=[
            ("admin", "admin change list of yearly figures: every ward, 100 rows a page", "quantri", None, None),
            ("admin-district", "admin change list of yearly figures: one district", "ldtbxh", None, None),
        ],
        targets={},
    ),
    "nation": _pages(
        city_user=f"so-ldtbxh-{CITY}",
        admin_targets=[
            ("admin", "admin change list of yearly figures: every ward, 100 rows a page", "quantri", 0.15, 250.0),
            ("admin-district", "admin change list of yearly figures: one district", "ldtbxh", None, None),
        ],
        targets={"ward": 0.40, "dashboard": 0.35, "city": 0.25, "queue": 0.20, "pdf": 0.50},
    ),
}
RENDER_TARGET_S = 2.0  # district final review PDF, median (district scale)
CITY_RENDER_TARGET_S = 15.0  # city-scale final review PDF, median (nation scale)
IMPORT_TARGET_S = 30.0
IMPORT_FULL_WARDS = 2500  # 10,000 rows: 2,500 wards × 4 years
IMPORT_SMALL_WARDS = 250
MEMORY_TARGET_MB = 400

# Prints wrk's figures as one JSON line (latencies in microseconds). Only `done` is defined: a
# `response` function would make wrk hand every response to Lua, which slows wrk itself down (to
# a third on the PDF) and would measure wrk rather than the site. Redirects are caught instead by
# the checks around each load and by the bytes per response (see wrk()).
WRK_SCRIPT = """
function done(summary, latency, requests)
  local e = summary.errors
  local f = math.floor
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "status": %d, "connect": %d, '
    .. '"read": %d, "write": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
    .. '"max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, f(latency:percentile(50)), f(latency:percentile(90)), f(latency:percentile(99)),
    f(latency.max)))
end
"""
# Which of the given paths the product routes: one line, 1 or 0, per path.
ROUTED = """
import sys
import django
django.setup()
from django.urls import Resolver404, resolve
for path in sys.argv[1:]:
    try:
        resolve(path)
        print(1)
    except Resolver404:
        print(0)
"""


class BenchError(Exception):
    """A step failed: the run stops rather than report a figure of the wrong thing."""


@dataclass
class UrlResult:
    page: Page
    path: str
    available: bool = True
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    ratio: float | None = None
    peak_rss_mb: float = 0.0

    @property
    def met(self) -> bool | None:
        """Whether the page meets its target; None without a target or a measure."""
        if self.page.target is None or not self.available:
            return None
        return self.ratio >= self.page.target and (self.page.p99_ms is None or self.p99_ms < self.page.p99_ms)


@dataclass
class ScaleResult:
    scale: Scale
    urls: list[UrlResult] = field(default_factory=list)
    worker_peak_mb: dict[int, float] = field(default_factory=dict)
    render_samples: list[float] = field(default_factory=list)
    issue_s: float | None = None
    pdf_kib: float = 0.0
    setup_s: float = 0.0
    seed_s: float | None = None  # seed_scale's own time (city, nation)
    seed_rows: str = ""  # seed_scale's rows per table

    def url(self, key: str) -> UrlResult | None:
        return next((url for url in self.urls if url.page.key == key), None)


@dataclass
class DbResult:
    name: str
    version: str = ""
    scales: list[ScaleResult] = field(default_factory=list)
    render_reports: list[dict] = field(default_factory=list)
    render_reports_text: str = ""
    imports: dict = field(default_factory=dict)
    import_text: str = ""
    seconds: float = 0.0

    def scale(self, key: str) -> ScaleResult | None:
        return next((s for s in self.scales if s.scale.key == key), None)


def log(message: str) -> None:
    print(message, flush=True)


def run(command: list[str], env: dict, *, timeout: float = 1800) -> str:
    """Runs a command in the project folder; its output, or BenchError with the output."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def manage(env: dict, *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env)


# --- databases -----------------------------------------------------------------------------------

def postgres_connect(url: str, dbname: str | None = None):
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username,
        password=urllib.parse.unquote(parts.password or ""), dbname=dbname or parts.path.lstrip("/"),
        connect_timeout=5,
    )


def postgres_recreate(url: str) -> str:
    """Drops and creates the benchmark database; returns the server's version."""
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if "bench" not in name or not re.fullmatch(r"[a-z0-9_]+", name):
        raise BenchError(f"refusing to drop {name!r}: the benchmark database's name must contain 'bench'")
    connection = postgres_connect(url, "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def postgres_drop(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    connection = postgres_connect(url, "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    connection.close()


def postgres_reachable(url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        postgres_connect(url, "postgres").close()
    except Exception as error:  # any failure to connect means: skip PostgreSQL
        return str(error).strip().splitlines()[0]
    return None


# --- HTTP ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, cookie: str = "", timeout: float = 300):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def cookies_of(headers) -> dict[str, str]:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        found[name.strip()] = value.strip()
    return found


def login(port: int, username: str) -> str:
    """Logs in through the login form, as a browser does; returns the Cookie header to send."""
    status, headers, body = http_get(port, "/dang-nhap/")
    if status != 200:
        raise BenchError(f"GET /dang-nhap/ answered {status}")
    csrf_cookie = cookies_of(headers).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf_cookie or not match:
        raise BenchError("the login page carries no CSRF token")
    form = urllib.parse.urlencode({
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1).decode(),
        "next": "",
    })
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/dang-nhap/", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}",
        })
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    session = cookies_of(response.headers).get("sessionid")
    if response.status != 302 or not session:
        raise BenchError(f"login of {username} failed: {response.status}, no session cookie")
    return f"sessionid={session}"


def check_200(port: int, path: str, cookie: str, user: str | None, *, pdf: bool = False) -> bytes:
    """The page answers 200 to this user (not a redirect to the login page, not a 403)."""
    status, headers, body = http_get(port, path, cookie)
    who = user or "anonymous"
    if status != 200:
        raise BenchError(f"GET {path} as {who} answered {status} {headers.get('Location', '')}: "
                         "refusing to benchmark anything but the page itself")
    content_type = headers.get("Content-Type", "")
    if pdf and not (content_type == "application/pdf" and body.startswith(b"%PDF")):
        raise BenchError(f"GET {path} as {who} is not a PDF ({content_type})")
    return body


# --- gunicorn and its workers' memory -------------------------------------------------------------

def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: the fields after it are fixed.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory_kb(pid: int) -> dict[str, int]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value = line.split(":")
                values[name] = int(value.split()[0])
    except OSError:
        pass
    return values


class MemorySampler:
    """Samples the workers' resident memory every 100 ms; keeps each worker's peak, overall and
    for the current phase. VmHWM (the kernel's own high-water mark) is read too, so a peak between
    two samples is not missed."""

    def __init__(self, master: int):
        self.master = master
        self.peak_kb: dict[int, int] = {}
        self.phase_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self):
        self._thread.start()

    def sample(self):
        for pid in children(self.master):
            values = memory_kb(pid)
            rss = values.get("VmRSS", 0)
            self.phase_kb = max(self.phase_kb, rss)
            self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), rss, values.get("VmHWM", 0))

    def _loop(self):
        while not self._stop.wait(0.1):
            self.sample()

    def new_phase(self) -> int:
        peak, self.phase_kb = self.phase_kb, 0
        return peak

    def stop(self):
        self.sample()
        self._stop.set()
        self._thread.join()


class Gunicorn:
    def __init__(self, env: dict, folder: Path, workers: int = 2):
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "300", "--error-logfile", str(self.log)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if http_get(self.port, "/healthz", timeout=5)[0] == 200 and len(children(self.process.pid)) >= workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- wrk -----------------------------------------------------------------------------------------

def wrk(port: int, path: str, cookie: str, *, seconds: int, threads: int, connections: int, script: Path,
        body_bytes: int) -> dict:
    """Loads one URL; its figures. `body_bytes` is the size of the page's 200 answer: responses
    that average less are not that page (a redirect to the login page is a few hundred bytes)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s",
               "--latency", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                          timeout=seconds + 120)
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line[len("BENCH "):])
    errors = {name: figures[name] for name in ("status", "connect", "read", "write", "timeout") if figures[name]}
    if errors:
        raise BenchError(f"wrk on {path}: {errors} (of {figures['requests']} requests)\n{done.stdout}")
    if not figures["requests"]:
        raise BenchError(f"wrk on {path}: no request completed")
    average = figures["bytes"] / figures["requests"]
    if average < 0.95 * body_bytes:
        raise BenchError(f"wrk on {path}: {average:.0f} bytes per response, the page is {body_bytes}: "
                         "some answers were not the page")
    return figures


# --- one scale on one database ------------------------------------------------------------------------

def base_env(database_url: str | None, folder: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({
        "DEBUG": "0", "PLAIN_HTTP": "1", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(folder / "media"), "LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare_data(result: ScaleResult, env: dict) -> None:
    """The scale's data in the freshly migrated database."""
    manage(env, "migrate", "--noinput")
    if result.scale.key == "district":
        manage(env, "loaddata", "plan_255")
        manage(env, "seed_demo", "--force")
        manage(env, "seed_demo_awards", "--force")
        return
    output = manage(env, "seed_scale", "--level", result.scale.key)
    took = re.search(r"Xong trong ([\d.]+) giây", output)
    result.seed_s = float(took.group(1)) if took else None
    rows = re.search(r"^Số dòng mỗi bảng:\n((?:  \S+ +[\d.]+\n)+)", output, re.M)
    result.seed_rows = rows.group(1).rstrip("\n") if rows else ""
    log(f"  seed_scale --level {result.scale.key}: {result.seed_s} s")


def routed(env: dict, paths: list[str]) -> set[str]:
    """The paths among `paths` that the product has a view for."""
    output = run([PYTHON, "-c", ROUTED, *paths], env).split()
    return {path for path, answer in zip(paths, output) if answer == "1"}


def http_benchmark(result: ScaleResult, database_url: str, folder: Path, args) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    env = base_env(database_url, folder)
    env.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(folder / "static")})
    started = time.perf_counter()
    prepare_data(result, env)
    report = int(run([PYTHON, "bench/prepare_report.py", "draft"], env).strip())
    manage(env, "collectstatic", "--noinput")
    result.setup_s = time.perf_counter() - started
    log(f"  database ready in {result.setup_s:.1f} s (migrate, data, report draft, static)")

    pages = PAGES[result.scale.key]
    candidates = [path.format(report=report) for page in pages for path in page.paths]
    available = routed(env, candidates)
    chosen = {}
    for page in pages:
        paths = [path.format(report=report) for path in page.paths]
        chosen[page.key] = next((path for path in paths if path in available), None)
        if chosen[page.key] is None:
            log(f"  {paths[0]} ({page.label}): not available, no such URL in this version")

    server = Gunicorn(env, folder)
    sampler = MemorySampler(server.process.pid)
    sampler.start()
    try:
        users = sorted({page.user for page in pages if page.user and chosen[page.key]} | {"ldtbxh"})
        cookies = {user: login(server.port, user) for user in users}
        log(f"  gunicorn on 127.0.0.1:{server.port}, workers {children(server.process.pid)}; logged in: "
            + ", ".join(cookies))

        # The district's final review rendered on request (the draft's PDF), as LĐ-TB&XH previews it.
        path = f"/bao-cao/{report}/tai-pdf/"
        check_200(server.port, path, cookies["ldtbxh"], "ldtbxh", pdf=True)
        for _ in range(args.renders):
            begun = time.perf_counter()
            check_200(server.port, path, cookies["ldtbxh"], "ldtbxh", pdf=True)
            result.render_samples.append(time.perf_counter() - begun)
        log(f"  final review PDF, draft rendered per request: median "
            f"{statistics.median(result.render_samples):.2f} s of {args.renders}")
        result.issue_s = float(run([PYTHON, "bench/prepare_report.py", "issue", str(report)], env).strip())
        log(f"  issued through reports.services in {result.issue_s:.2f} s")

        script = folder / "report.lua"
        script.write_text(WRK_SCRIPT)
        healthz_rps = None
        for page in pages:
            path = chosen[page.key]
            row = UrlResult(page, path or page.paths[0].format(report=report))
            result.urls.append(row)
            if path is None:
                row.available = False
                continue
            cookie = cookies[page.user] if page.user else ""
            body = check_200(server.port, path, cookie, page.user, pdf=page.key == "pdf")
            if page.key == "pdf":
                result.pdf_kib = len(body) / 1024
            load = dict(threads=args.threads, connections=args.connections, script=script, body_bytes=len(body))
            if args.warmup:
                wrk(server.port, path, cookie, seconds=args.warmup, **load)
            sampler.new_phase()
            figures = wrk(server.port, path, cookie, seconds=args.duration, **load)
            # Still the page after the load (the session did not end meanwhile).
            check_200(server.port, path, cookie, page.user, pdf=page.key == "pdf")
            row.requests = figures["requests"]
            row.rps = figures["requests"] / (figures["duration_us"] / 1e6)
            row.p50_ms, row.p99_ms = figures["p50_us"] / 1000, figures["p99_us"] / 1000
            row.peak_rss_mb = sampler.new_phase() / 1024
            if page.key == "healthz":
                healthz_rps = row.rps
            row.ratio = row.rps / healthz_rps
            log(f"  {path:<28} {page.user or 'anonymous':<20} {row.rps:8.1f} req/s  p50 {row.p50_ms:7.1f} ms  "
                f"p99 {row.p99_ms:7.1f} ms  ×{row.ratio:.2f} of /healthz  {mark(row)}")
    except BenchError as error:
        raise BenchError(f"{error}\n--- gunicorn log ---\n{server.tail()}") from None
    finally:
        sampler.stop()
        server.stop()
    result.worker_peak_mb = {pid: kb / 1024 for pid, kb in sorted(sampler.peak_kb.items())}
    log("  worker peak memory: " + ", ".join(f"pid {pid} {mb:.0f} MB" for pid, mb in result.worker_peak_mb.items()))


RENDER_LINE = re.compile(
    r"^(?P<label>\S.*?)\s+data\s+(?P<data>\d+) ms\s+html\s+(?P<html>\d+) ms\s+pdf\s+(?P<pdf>[\d.]+) s\s+"
    r"total\s+(?P<total>[\d.]+) s\s+(?P<pages>\d+) pages\s+(?P<kib>\d+) KiB"
)


def in_process(result: DbResult, database_url: str | None, folder: Path, args, recreate) -> None:
    env = base_env(database_url, folder)
    env["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    if recreate:
        recreate()
    output = run([PYTHON, "bench/render_reports.py", "--repeat", str(args.repeat)], env)
    result.render_reports_text = "\n".join(line for line in output.splitlines() if not line.startswith("AXES"))
    result.render_reports = [match.groupdict() for line in output.splitlines() if (match := RENDER_LINE.match(line))]
    log("  bench/render_reports.py:\n    " + result.render_reports_text.replace("\n", "\n    "))

    wards = IMPORT_FULL_WARDS if args.full else IMPORT_SMALL_WARDS
    if recreate:
        recreate()
    output = run([PYTHON, "bench/import_figures.py", "--wards", str(wards)], env)
    result.import_text = "\n".join(line for line in output.splitlines() if not line.startswith("AXES"))
    rows = int(re.search(r"file: ([\d,]+) rows", output).group(1).replace(",", ""))
    preview = float(re.search(r"preview \(dry run\): ([\d.]+) s", output).group(1))
    confirmed = float(re.search(r"confirmed import:\s+([\d.]+) s", output).group(1))
    result.imports = {"rows": rows, "preview": preview, "confirmed": confirmed}
    log(f"  bench/import_figures.py --wards {wards}:\n    " + result.import_text.replace("\n", "\n    "))


# --- verdicts and the report ------------------------------------------------------------------------

def verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def mark(row: UrlResult) -> str:
    return "—" if row.met is None else verdict(row.met)


def target_text(page: Page) -> str:
    if page.target is None:
        return "—"
    return f"≥ {page.target:.2f}" + (f", p99 < {page.p99_ms:g} ms" if page.p99_ms else "")


def machine() -> list[tuple[str, str]]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    count = len(re.findall(r"^processor\s*:", cpuinfo, re.M))
    mem_kb = int(re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1))
    os_release = Path("/etc/os-release").read_text()
    os_name = re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release, re.M).group(1)
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0]
    return [
        ("CPU", f"{models[0] if models else platform.processor()} × {count}"),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("OS", f"{os_name}, Linux {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django", metadata.version("Django")),
        ("gunicorn", metadata.version("gunicorn")),
        ("WeasyPrint", metadata.version("weasyprint")),
        ("wrk", wrk_version.replace("wrk", "").strip()),
    ]


def fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def page_cell(url: UrlResult | None) -> str:
    if url is None or not url.available:
        return "not available: no such URL in this version — **not measured**"
    cell = f"×{url.ratio:.2f} ({fmt(url.rps)} req/s"
    cell += f", p99 {fmt(url.p99_ms)} ms)" if url.page.p99_ms else ")"
    return f"{cell} — {verdict(url.met)}"


def memory_cell(scale: ScaleResult | None) -> str:
    if scale is None:
        return "not measured"
    peak = max(scale.worker_peak_mb.values())
    return f"{peak:.0f} MB — {verdict(peak <= MEMORY_TARGET_MB)}"


def render_median(result: DbResult, prefix: str) -> float | None:
    line = next((r for r in result.render_reports if r["label"].startswith(prefix)), None)
    return float(line["total"]) if line else None


def targets_table(lines: list[str], key: str, results: list[DbResult], args) -> None:
    """The issue's targets of one scale, one column per database."""
    names = [result.name for result in results]
    lines += [
        "| measure | target | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]

    def row(label: str, target: str, cells: list[str]) -> None:
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")

    for page in PAGES[key]:
        if page.target is None:
            continue
        cells = []
        for result in results:
            scale = result.scale(key)
            cells.append(page_cell(scale.url(page.key)) if scale else "not measured")
        target = f"≥ {page.target:.2f} of /healthz req/s" + (f", p99 < {page.p99_ms:g} ms" if page.p99_ms else "")
        row(page.label, target, cells)
    if key == "district":
        cells = []
        for result in results:
            samples = result.scale(key).render_samples
            median = statistics.median(samples)
            cells.append(f"{median:.2f} s median of {len(samples)} — {verdict(median <= RENDER_TARGET_S)}")
        row("district final review PDF render (draft PDF requested over HTTP)", f"≤ {RENDER_TARGET_S:g} s median",
            cells)
        for step, label in (("preview", "preview (checked dry run)"), ("confirmed", "confirmed import")):
            cells = []
            for result in results:
                if not result.imports:
                    cells.append("not measured")
                    continue
                rows, took = result.imports["rows"], result.imports[step]
                if rows >= 10_000:
                    cells.append(f"{took:.1f} s — {verdict(took <= IMPORT_TARGET_S)}")
                else:
                    cells.append(f"not judged: {rows:,} rows in {took:.1f} s (run with `--full`)")
            row(f"10,000-row import of yearly figures: {label}", f"≤ {IMPORT_TARGET_S:g} s", cells)
    if key == "nation":
        cells = []
        for result in results:
            median = render_median(result, "city scale")
            cells.append("not measured" if median is None else
                         f"{median:.2f} s median of {args.repeat} — {verdict(median <= CITY_RENDER_TARGET_S)}")
        row("city-scale final review PDF render (580 wards, `bench/render_reports.py`)",
            f"≤ {CITY_RENDER_TARGET_S:g} s median", cells)
    row("gunicorn worker peak memory (RSS)", f"≤ {MEMORY_TARGET_MB} MB",
        [memory_cell(result.scale(key)) for result in results])


def write_results(path: Path, results: list[DbResult], skipped: dict[str, str], args, total_s: float) -> None:
    today = datetime.datetime.now().astimezone()
    measured = [key for key in SCALES if any(result.scale(key) for result in results)]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run {' '.join(sys.argv[1:])}`".rstrip() + f" on {today:%Y-%m-%d %H:%M %Z}; "
        f"the whole run took {total_s / 60:.1f} minutes. Scales measured:",
        "",
        *(f"- {SCALES[key].title.lower()}: {SCALES[key].data}." for key in measured),
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value} |" for name, value in machine()]
    for result in results:
        lines.append(f"| {result.name} | {result.version} |")
    for name, why in skipped.items():
        lines.append(f"| {name} | skipped: {why} |")
    lines += [
        "",
        f"Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` per URL, after a "
        f"{args.warmup} s warm-up, from the same machine; gunicorn 2 sync workers (`config.wsgi`), "
        "DEBUG off, static files collected and served by whitenoise, the login lockout on. Each "
        "user logs in once through the login form; each URL is checked to answer 200 to its user "
        "before and after the load, and during it wrk must see no error, no socket error and "
        "responses of the page's size (none of a redirect's). wrk shares the CPUs with "
        "gunicorn, so the ratios to `/healthz`, measured in the same run, are the figures to compare. "
        "Each scale has its own fresh database and its own gunicorn.",
    ]
    for key, heading in (("district", "District-scale targets"), ("nation", "Nation-scale targets")):
        if key in measured:
            lines += ["", f"## {heading}", ""]
            targets_table(lines, key, results, args)
    if "city" in measured:
        lines += ["", "## City scale", "",
                  "The issue sets no target of its own at city scale: its pages are measured and shown "
                  "below, beside the others."]

    seeded = [(result, scale) for result in results for scale in result.scales if scale.seed_rows]
    if seeded:
        lines += ["", "## Scale data", ""]
        for result, scale in seeded:
            lines.append(f"- `seed_scale --level {scale.scale.key}` on {result.name}: {scale.seed_s} s "
                         f"(the database ready, migrations and static files included, in {scale.setup_s:.0f} s).")
        lines += ["", "Rows per table (the same on every database: the data is seeded):", "", "```",
                  seeded[-1][1].seed_rows, "```"]

    for result in results:
        for scale in result.scales:
            lines += [
                "",
                f"## {result.name}, {scale.scale.title.lower()}: pages under load",
                "",
                "| URL | user | req/s | p50 | p99 | × /healthz | target | | peak worker RSS while loaded |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
            for url in scale.urls:
                if not url.available:
                    lines.append(f"| `{url.path}` ({url.page.label}) | {url.page.user or 'anonymous'} | "
                                 "not available: no such URL in this version | | | | "
                                 f"{target_text(url.page)} | not measured | |")
                    continue
                lines.append(
                    f"| `{url.path}` ({url.page.label}) | {url.page.user or 'anonymous'} | {fmt(url.rps)} | "
                    f"{fmt(url.p50_ms)} ms | {fmt(url.p99_ms)} ms | {url.ratio:.2f} | {target_text(url.page)} | "
                    f"{mark(url)} | {url.peak_rss_mb:.0f} MB |"
                )
            lines += [
                "",
                "Worker peak memory over the whole run (max of VmRSS samples every 100 ms and VmHWM): "
                + ", ".join(f"pid {pid}: {mb:.0f} MB" for pid, mb in scale.worker_peak_mb.items()) + ".",
                f"Thanh Xuân's final review PDF ({scale.pdf_kib:.0f} KiB) rendered on request, seconds: "
                + ", ".join(f"{s:.2f}" for s in scale.render_samples)
                + f"; issuing it (render, .xlsx, store) took {scale.issue_s:.2f} s.",
            ]
        if result.render_reports_text:
            lines += [
                "",
                f"## {result.name}: in process",
                "",
                f"`bench/render_reports.py --repeat {args.repeat}` and "
                f"`bench/import_figures.py --wards {IMPORT_FULL_WARDS if args.full else IMPORT_SMALL_WARDS}`"
                + ("" if args.full else " (a smaller import than the target's 10,000 rows: run `bench/run --full`)")
                + f", on a fresh {result.name} database:",
                "",
                "```",
                result.render_reports_text,
                result.import_text,
                "```",
            ]
    # The profiled causes of the misses are written by hand in bench/CAUSES.md and kept with the figures.
    causes = ROOT / "bench" / "CAUSES.md"
    if causes.exists():
        lines += ["", causes.read_text(encoding="utf-8").rstrip("\n")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- main ---------------------------------------------------------------------------------------------

def scales_argument(value: str) -> list[str]:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    unknown = [key for key in keys if key not in SCALES]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(f"scales are {', '.join(SCALES)}, comma-separated")
    return [key for key in SCALES if key in keys]


def main():
    parser = argparse.ArgumentParser(description="The product's benchmarks; writes bench/RESULTS.md.")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 s per URL, 1 s warm-up, fewer renders")
    parser.add_argument("--full", action="store_true",
                        help="district and nation scale, the import benchmark at 10,000 rows (about 20 minutes)")
    parser.add_argument("--scale", type=scales_argument,
                        help="scales to measure, comma-separated: district, city, nation; "
                             "default district (district,nation with --full)")
    parser.add_argument("--duration", type=int, help="seconds of load per URL; default 10 (3 with --quick)")
    parser.add_argument("--warmup", type=int, help="seconds of unmeasured load per URL first; default 2 (1 with --quick)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads; default 2")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections; default 8")
    parser.add_argument("--renders", type=int, help="final review PDFs requested for the median; default 5 (3 with --quick)")
    parser.add_argument("--repeat", type=int, help="bench/render_reports.py --repeat; default 3 (1 with --quick)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", "postgres://thidua:thidua@127.0.0.1:5432/thidua_bench"),
                        help="PostgreSQL database to (re)create and use; its name must contain 'bench'")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    parser.add_argument("--no-in-process", action="store_true", help="skip render_reports.py and import_figures.py")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders and the PostgreSQL database")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    args.duration = args.duration or (3 if args.quick else 10)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)
    args.renders = args.renders or (3 if args.quick else 5)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.scale = args.scale or (["district", "nation"] if args.full else ["district"])
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run bench/run, which installs it")

    began = time.perf_counter()
    results, skipped = [], {}
    for name in ("sqlite", "postgresql"):
        if args.only and args.only != name:
            continue
        started = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix=f"thidua-bench-{name}-"))
        try:
            if name == "sqlite":
                import sqlite3

                result = DbResult("SQLite", f"SQLite {sqlite3.sqlite_version} (a file in a scratch folder)")
                log(f"SQLite: {folder}")
                for key in args.scale:
                    log(f" {SCALES[key].title}")
                    scale = ScaleResult(SCALES[key])
                    http_benchmark(scale, f"sqlite:///{folder}/{key}.sqlite3", folder / key, args)
                    result.scales.append(scale)
                if not args.no_in_process:
                    in_process(result, None, folder, args, recreate=None)
            else:
                why = postgres_reachable(args.postgres)
                if why:
                    skipped["PostgreSQL"] = f"not reachable at {urllib.parse.urlsplit(args.postgres).hostname} ({why})"
                    log(f"PostgreSQL: skipped, not reachable ({why})")
                    continue
                result = DbResult("PostgreSQL")
                for key in args.scale:
                    result.version = "PostgreSQL " + postgres_recreate(args.postgres)
                    log(f"{result.version}, {SCALES[key].title.lower()}: database "
                        f"{urllib.parse.urlsplit(args.postgres).path.lstrip('/')}, created afresh")
                    scale = ScaleResult(SCALES[key])
                    http_benchmark(scale, args.postgres, folder / key, args)
                    result.scales.append(scale)
                if not args.no_in_process:
                    in_process(result, args.postgres, folder, args,
                               recreate=lambda: postgres_recreate(args.postgres))
                if not args.keep:
                    postgres_drop(args.postgres)
        except BenchError as error:
            sys.exit(f"\nBENCHMARK FAILED ({name}): {error}")
        finally:
            if args.keep:
                log(f"  kept {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)
        result.seconds = time.perf_counter() - started
        log(f"  {result.name}: {result.seconds / 60:.1f} minutes")
        results.append(result)
    if not results:
        sys.exit("no database was benchmarked")
    if args.no_in_process:
        log("(--no-in-process: RESULTS.md not written, it needs the in-process figures too)")
        return
    total = time.perf_counter() - began
    write_results(args.output, results, skipped, args, total)
    log(f"\n{args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output} written; "
        f"whole run {total / 60:.1f} minutes.\n")
    print(args.output.read_text(encoding="utf-8").split("\n## Scale data")[0].split("\n## SQLite")[0])


if __name__ == "__main__":
    main()
