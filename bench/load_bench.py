"""Web load: 50 concurrent connections on loopback against a runner with 3,000 activities.

DESIGN.md §7 target: the dashboard of an athlete with 3,000 activities answers with p95
< 150 ms, 50 concurrent connections on loopback, no errors, on 2 cores. This script

1. builds a fresh BACKSTRIDE_HOME (SQLite) with a screened runner and 3,000 activities,
2. starts ``backstride serve --no-worker`` (waitress) on a free local port,
3. runs a closed-loop load of N connections (threads with keep-alive, bounded in time)
   against ``/healthz`` first — the baseline: the same server, no page work — then the
   home page and the runs list,
4. prints p50/p95/max latency, requests/s and errors for each, the p95 ratio of each
   page to the baseline, and the server's CPU time per request (from /proc, Linux).

With no think time the loop keeps all N requests in flight, so latency is queueing: by
Little's law p50 ≈ N / throughput, whatever one request costs alone. The server's CPU
ms per request is the figure the code controls (and the one that survives a busy
machine); ``--think-ms`` gives each connection a pause between requests (0.5-1.5x, from
a random start), for latency below saturation. The verdict line names the load it judged:
the default, a closed loop with no think time, is the strict reading of DESIGN.md §7.

Run: ``.venv/bin/python bench/load_bench.py [--connections 50] [--seconds 10]
[--threads 8] [--think-ms 0]``. Traffic goes to 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SETUP = """
import datetime, hashlib, os
os.environ["DJANGO_SETTINGS_MODULE"] = "backstride_web.config.settings"
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", verbosity=0)
from backstride_web.accounts.services import create_account
from backstride_web.activities.models import Activity
from backstride_web.assessments.demo import build_intake
runner = create_account(email="load@example.org", password=None)
build_intake(runner, now=timezone.now())
start = timezone.now() - datetime.timedelta(days=3000)
Activity.objects.bulk_create(
    Activity(owner=runner, sport="running", start_utc=start + datetime.timedelta(days=i),
             elapsed_s=1800 + i % 900, moving_s=1750, distance_m=5000 + i % 5000,
             warmup_s=60, longest_continuous_s=1500, continuous_segments=2, walk_breaks=1,
             samples=1800, source_name=f"{i}.fit", source_format="fit",
             source_sha256=hashlib.sha256(str(i).encode()).hexdigest())
    for i in range(3000)
)
session = SessionStore()
session[SESSION_KEY] = str(runner.pk)
session[BACKEND_SESSION_KEY] = "backstride_web.accounts.backends.EmailBackend"
session[HASH_SESSION_KEY] = runner.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(
    port: int, path: str, cookie: str, connections: int, seconds: float, think_s: float
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal errors
        # Spread the connections out: each starts at a random point of the first think time
        # and pauses 0.5-1.5 think times, so the load is steady rather than 50-request bursts.
        rng = random.Random(index)
        time.sleep(rng.uniform(0, think_s))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - began)
            if think_s:
                time.sleep(rng.uniform(0.5, 1.5) * think_s)
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [float("nan")]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "max_ms": 1000 * ordered[-1],
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--think-ms", type=float, default=0.0, help="pause of each connection between requests"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="server threads (default: backstride serve's)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="backstride-load-") as home:
        env = {**os.environ, "BACKSTRIDE_HOME": home, "DEBUG": "0"}
        env.pop("DATABASE_URL", None)
        cookie = (
            subprocess.run(
                [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                *("-m", "backstride", "serve", "--no-worker", "--port", str(port)),
                *(("--threads", str(args.threads)) if args.threads else ()),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            results = {}
            for path in ("/healthz", "/", "/runs/"):
                cpu_before = cpu_s(server.pid)
                result = load(
                    port, path, cookie, args.connections, args.seconds, args.think_ms / 1000
                )
                used_s = cpu_s(server.pid) - cpu_before
                result["cpu_ms"] = 1000 * used_s / max(1.0, result["requests"])
                results[path] = result
        finally:
            server.terminate()
            server.wait(timeout=20)
    base = results["/healthz"]["p95_ms"]
    base_cpu = results["/healthz"]["cpu_ms"]
    nan = float("nan")
    print(
        f"{args.connections} connections, {args.seconds:g} s per page, think time "
        f"{args.think_ms:g} ms, server threads {args.threads or 'default'}, "
        "3,000 activities, SQLite"
    )
    for path, r in results.items():
        cpu_ratio = r["cpu_ms"] / base_cpu if base_cpu else nan
        print(
            f"{path:10s} {r['requests']:6.0f} req {r['rps']:7.1f} req/s  "
            f"p50 {r['p50_ms']:6.1f} ms  "
            f"p95 {r['p95_ms']:6.1f} ms  max {r['max_ms']:7.1f} ms  errors {r['errors']:.0f}  "
            f"p95 ratio to /healthz {r['p95_ms'] / base:4.1f}x  "
            f"server CPU {r['cpu_ms']:5.2f} ms/req ({cpu_ratio:4.1f}x)"
        )
    pages = [results["/"], results["/runs/"]]
    ok = all(r["p95_ms"] < 150 and r["errors"] == 0 for r in pages)
    load_kind = "closed loop" if not args.think_ms else f"{args.think_ms:g} ms think time"
    print(
        f"{'PASS' if ok else 'FAIL'}  p95 < 150 ms and no errors on the dashboard and runs list "
        f"({load_kind}, {args.connections} connections)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
