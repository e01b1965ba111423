"""Ordinary pages while the site is attacked as in issue 17: not part of the test suite.

    .venv/bin/python bench/under_attack.py [--seconds 30] [--clients 4] [--keep]

A fresh SQLite database in a scratch folder (the plan and seed_demo's data, and a draft of Thanh
Xuân's final review with every narrative section at its 20.000-character limit), static files
collected, then gunicorn started as the README starts it (`gunicorn config.wsgi --workers 2`,
DEBUG off, PLAIN_HTTP=1 on 127.0.0.1). Users log in through the login form. Two phases of
`--seconds` each, `--clients` threads requesting ordinary pages in a loop (the login page, the
officer's ward page, the district dashboard, the admin list of yearly figures):

1. the ordinary pages alone;
2. the same while, each in a loop, the officer posts the stalling .xlsx upload (16 MB of XML
   comment in 20 KiB of file), a client declares a 300 MB body on the dossier upload, and
   LĐ-TB&XH (the report's drafter) asks for the long draft's PDF.

It prints each phase's requests, p50 and p99 of the ordinary pages, and what each attack got.
"""

import argparse
import collections
import http.client
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wrkload import (  # noqa: E402 (bench/ is not a package)
    OFFICER, OFFICER_WARD, PYTHON, ROOT, BenchError, base_env, children, cookies_of, free_port, http_get, log,
    login, manage, run,
)

LONG_DRAFT = r"""
import datetime, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.contrib.auth import get_user_model
from campaign.models import Campaign
from reports.models import NARRATIVE_MAX_CHARS, ReviewReport
from reports.services import review_report_save

paragraph = "Phòng LĐ-TB&XH tổng hợp kết quả thực hiện kế hoạch của các phường trên địa bàn quận. "
text = "\n".join([paragraph * 10] * 100)[:NARRATIVE_MAX_CHARS]
report = ReviewReport(
    campaign=Campaign.objects.plan_255(), kind=ReviewReport.Kind.FINAL, number="86/BC-UBND",
    dated_on=datetime.date(2025, 6, 5), signer_name="Đặng Khánh Hòa",
    **{name: text for name in ReviewReport.NARRATIVE_FIELDS},
)
review_report_save(report=report, user=get_user_model().objects.get(username="ldtbxh"))
print(report.pk)
"""

STALLING_COMMENT = 16_000_000  # bytes of XML comment: 20 KiB zipped, seconds of expat before the fix


def stalling_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Mã phường", "Năm"])
    book.active.append([OFFICER_WARD, 2022])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="1"', b"<!--" + b"a" * STALLING_COMMENT + b'--><row r="1"', 1)
            target.writestr(item, data)
    return output.getvalue()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.999999) - 1)]


def form_token(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The Cookie header with a CSRF cookie, and the form's token, from the form page at `path`."""
    status, headers, body = http_get(port, path, cookie)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    csrf = cookies_of(headers).get("csrftoken")
    if not match or not csrf:
        raise BenchError(f"{path} carries no CSRF token")
    return f"{cookie}; csrftoken={csrf}", match.group(1).decode()


def post_file(port: int, path: str, cookie: str, token: str, fields: dict, name: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in {**fields, "csrfmiddlewaretoken": token}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", path, body=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie,
            "Referer": f"http://127.0.0.1:{port}{path}",
        })
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def declare_huge_body(port: int, path: str, cookie: str, token: str) -> int:
    """Announces a 300 MB multipart body, sends its first kilobyte, and waits for the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.putrequest("POST", path)
        for header, value in (("Content-Type", "multipart/form-data; boundary=x"), ("Cookie", cookie),
                              ("X-CSRFToken", token), ("Content-Length", str(300 * 1024 * 1024)),
                              ("Referer", f"http://127.0.0.1:{port}{path}")):
            connection.putheader(header, value)
        connection.endheaders()
        connection.send(b"--x\r\n" + b"0" * 1024)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Loop(threading.Thread):
    """Calls `attempt` until stopped; keeps (seconds, status or error) per call."""

    def __init__(self, attempt, stop: threading.Event):
        super().__init__(daemon=True)
        self.attempt, self.stop, self.results = attempt, stop, []

    def run(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                outcome = self.attempt()
            except OSError as error:
                outcome = type(error).__name__
            self.results.append((time.perf_counter() - started, outcome))


def ordinary_loop(port: int, pages: list[tuple[str, str]], offset: int):
    state = {"next": offset}

    def attempt():
        path, cookie = pages[state["next"] % len(pages)]
        state["next"] += 1
        return http_get(port, path, cookie, timeout=120)[0]

    return attempt


def phase(seconds: float, loops: list[Loop]) -> None:
    for loop in loops:
        loop.start()
    time.sleep(seconds)
    loops[0].stop.set()
    for loop in loops:
        loop.join(180)


def summary(label: str, results: list[tuple[float, object]], *, ordinary: bool = False) -> str:
    if not results:
        return f"{label}: no request completed"
    statuses = collections.Counter(outcome for _, outcome in results)
    times = [seconds for seconds, _ in results]
    text = (f"{label}: {len(results)} requests, statuses {dict(sorted(statuses.items(), key=str))}, "
            f"p50 {statistics.median(times) * 1000:.0f} ms")
    if ordinary:
        text += f", p99 {percentile(times, 0.99) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    else:
        text += f", max {max(times) * 1000:.0f} ms"
    return text


class Server:
    """gunicorn as the README starts it (2 sync workers, its default 30 s timeout)."""

    def __init__(self, env: dict, folder: Path):
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--error-logfile", str(self.log)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if http_get(self.port, "/healthz", timeout=5)[0] == 200 and len(children(self.process.pid)) >= 2:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase (30)")
    parser.add_argument("--clients", type=int, default=4, help="threads requesting ordinary pages (4)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="thidua-attack-"))
    env = base_env(f"sqlite:///{folder / 'attack.sqlite3'}", folder)
    env.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(folder / "static")})
    server = None
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "loaddata", "plan_255")
        manage(env, "seed_demo", "--force")
        report = int(run([PYTHON, "-c", LONG_DRAFT], env).strip().splitlines()[-1])
        manage(env, "collectstatic", "--noinput")
        log(f"database ready in {time.perf_counter() - started:.1f} s: SQLite, seed_demo, draft report {report}")

        server = Server(env, folder)
        port = server.port
        officer, drafter = login(port, OFFICER), login(port, "ldtbxh")
        pages = [("/dang-nhap/", ""), (f"/phuong/{OFFICER_WARD}/", officer),
                 ("/tong-quan/quan/009/", drafter), ("/admin/wards/yearlycount/", drafter)]
        for path, cookie in pages:
            if http_get(port, path, cookie)[0] != 200:
                raise BenchError(f"GET {path} does not answer 200")
        import_path = "/admin/wards/yearlycount/import/"
        import_cookie, import_token = form_token(port, import_path, officer)
        nomination = re.search(rb'href="/khen-thuong/(\d+)/"', http_get(port, "/khen-thuong/", officer)[2])
        upload_path = f"/khen-thuong/{nomination.group(1).decode() if nomination else 1}/ho-so/"
        content = stalling_xlsx()
        log(f"gunicorn on 127.0.0.1:{port} (workers {children(server.process.pid)}); stalling .xlsx of "
            f"{len(content):,} bytes; {args.clients} clients, {args.seconds:g} s a phase")

        stop = threading.Event()
        quiet = [Loop(ordinary_loop(port, pages, i), stop) for i in range(args.clients)]
        phase(args.seconds, quiet)

        stop = threading.Event()
        loud = [Loop(ordinary_loop(port, pages, i), stop) for i in range(args.clients)]
        upload = Loop(lambda: post_file(port, import_path, import_cookie, import_token,
                                        {"format": "0", "resource": "0"}, "so-lieu.xlsx", content), stop)
        huge = Loop(lambda: declare_huge_body(port, upload_path, import_cookie, import_token), stop)
        pdf = Loop(lambda: http_get(port, f"/bao-cao/{report}/tai-pdf/", drafter, timeout=120)[0], stop)
        phase(args.seconds, [*loud, upload, huge, pdf])

        lines = [
            f"under_attack.py, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: gunicorn --workers 2 "
            f"(sync, timeout 30 s), SQLite, {args.clients} clients, {args.seconds:g} s a phase",
            summary("ordinary pages alone", [r for loop in quiet for r in loop.results], ordinary=True),
            summary("ordinary pages under attack", [r for loop in loud for r in loop.results], ordinary=True),
            summary("  stalling .xlsx upload (officer)", upload.results),
            summary("  300 MB body declared on the dossier upload", huge.results),
            summary("  long draft's PDF (its drafter)", pdf.results),
        ]
        print("\n".join(lines), flush=True)
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"under_attack.py: {error}")
