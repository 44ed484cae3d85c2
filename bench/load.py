"""Catalogue and search under load: requests/s and latency of the public pages, over HTTP.

Starts gunicorn with production settings on a free loopback port against the database the
runner filled (DATABASE_URL), then loads each page at each concurrency for a fixed time:
the floor (/bench/floor/: the base template, no queries), the catalogue (all of it, and one
district's), a Chinese and an English search, a programme page and the API list. Records
requests/s, p50/p95/p99 latency and errors (non-2xx answers and socket errors), and each
page's throughput as a fraction of the floor's at the same concurrency. The load comes from
wrk when it is installed, else from threads using http.client with keep-alive. gunicorn is
always stopped at the end.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import quote

from bench.common import ROOT, percentile, size, write

WRK = shutil.which("wrk")  # Debian's /usr/bin/wrk; `make bench` installs it as root
WORKER_CLASS = "sync"
THREADS = 4  # per worker, with gthread only
PAGES = {
    "floor": "/bench/floor/",
    "catalogue": "/programmes/",
    # What a returnee of one district sees: its programmes and the municipal ones.
    "catalogue_district": "/programmes/?district=500115",
    "search_zh": "/programmes/?q=" + quote("创业培训"),
    "search_en": "/programmes/?q=loan",
    "programme": "/programmes/bench-programme-1/",
    "api_list": "/api/v1/programmes/",
}
CONCURRENCY = {"small": (10, 50), "full": (10, 50, 100)}
WARM_SECONDS = 1
# wrk's done() hook: one line of figures, with non-2xx answers counted in every thread.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    bad, e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers() -> int:
    return min(4, 2 * (os.cpu_count() or 1))


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "FANXIANG_MANIFEST_STATIC": "false",
        "FANXIANG_BENCH_FLOOR": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        # WhiteNoise warns once per worker that staticfiles/ is missing: nothing is collected.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers()), "--worker-class", WORKER_CLASS]
    if WORKER_CLASS == "gthread":
        command += ["--threads", str(THREADS)]
    command += ["--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(server: subprocess.Popen, port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            if get(port, PAGES["floor"]) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds} s")


def load_with_wrk(port: int, path: str, connections: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        threads = min(connections, os.cpu_count() or 1)
        command = [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", "30s", "-s", script.name, f"http://127.0.0.1:{port}{path}"]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no figures:\n{output}")
    requests, micros, p50, p95, p99, bad, socket_errors = map(int, match.groups())
    return {
        "requests": requests,
        "rps": requests / (micros / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "errors": bad + socket_errors,
    }


def load_with_threads(port: int, path: str, connections: int, seconds: float) -> dict:
    """One thread per connection, each sending requests until the time is up."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        mine, bad = [], 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                bad += not 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                bad += 1
                connection.close()  # http.client opens a new connection on the next request
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "errors": errors[0],
    }


def print_table(figures: dict) -> None:
    print(
        f"\nLoad ({figures['generator']}, gunicorn {figures['worker_class']} x"
        f"{figures['workers']}, {figures['seconds']} s each)"
    )
    head = f"{'page':<11}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(head + f"{'errors':>8}{'vs floor':>10}")
    for name, by_concurrency in figures["pages"].items():
        for concurrency, row in by_concurrency.items():
            print(
                f"{name:<11}{concurrency:>5}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}"
                f"{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['errors']:>8}"
                f"{row['vs_floor']:>10.2f}"
            )


def run(scale: str) -> dict:
    seconds = size("load_seconds", scale)
    levels = CONCURRENCY["small" if scale == "small" else "full"]
    load = load_with_wrk if WRK else load_with_threads
    port = free_port()
    server = start_server(port)
    pages: dict[str, dict[str, dict]] = {name: {} for name in PAGES}
    try:
        wait_until_up(server, port)
        for name, path in PAGES.items():
            status = get(port, path)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answered {status}, not 200")
            # Every worker serves every page once before it is measured (jieba loads lazily).
            load(port, path, 2 * workers(), WARM_SECONDS)
        for concurrency in levels:
            for name, path in PAGES.items():
                row = load(port, path, concurrency, seconds)
                floor = pages["floor"].get(str(concurrency), row)  # the floor comes first
                row["vs_floor"] = row["rps"] / floor["rps"]
                pages[name][str(concurrency)] = {
                    key: round(value, 3) if isinstance(value, float) else value
                    for key, value in row.items()
                }
    finally:
        stop_server(server)
    figures = {
        "generator": "wrk" if load is load_with_wrk else "python-threads",
        "worker_class": WORKER_CLASS,
        "workers": workers(),
        "seconds": seconds,
        "urls": PAGES,
        "pages": pages,
    }
    print_table(figures)
    sizes = {"load_seconds": seconds, "concurrency": list(levels), "workers": workers()}
    write("load", scale=scale, sizes=sizes, figures=figures)
    return figures
