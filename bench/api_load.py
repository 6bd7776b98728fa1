"""Load test of the HTTP API: single-entity /match requests on loopback, bounded.

Usage: python bench/api_load.py [--requests 20000] [--clients 8] [--time-cap 180]
       [--store PATH] [--workers N]
       python bench/api_load.py --soak 300 --rate 100 [--clients 8] [--workers N]

Builds a temporary store with the bundled lists (or copies --store), makes an API key,
starts ``moneytrail serve`` on 127.0.0.1 with a free port and the per-key rate limit
off, then sends --requests /match requests (one example each: names from the sample
customers plus generated innocent names) from --clients keep-alive connections. Stops
at --time-cap seconds whatever the count. Prints p50/p99 latency, requests/s, errors
and the server's RSS sampled every second. Stops only the server it started, by pid.

``--soak SECONDS`` runs at a steady ``--rate`` (requests/s over all clients) for that
long instead, sampling RSS every 10 s, and prints the growth from the first sample to
the last (target under 5 %) beside p99.

Targets (2 cores, bundled lists): p99 <= 50 ms, >= 300 requests/s, no errors, flat RSS.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from moneytrail.alerts import AuditLog, DuckDBRepository, Role, add_user
from moneytrail.services.lists import load_bundled
from moneytrail.store import Store
from moneytrail.store.snapshots import copy_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "moneytrail" / "data" / "samples" / "customers.jsonl"
GIVEN = ["Anna", "Peter", "Ahmed", "Maria", "Li", "Olga", "John", "Fatima", "Carlos", "Yuki"]
FAMILY = ["Schmidt", "Haddad", "Garcia", "Chen", "Ivanova", "Smith", "Okafor", "Tanaka"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """RSS of the server and its worker processes (``serve --workers``)."""
    total = rss_mb(pid)
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in status and "resource_tracker" not in status:
            total += rss_mb(int(child.name))
    return total


def bodies(n: int, seed: int = 7) -> list[bytes]:
    """Request bodies: a quarter listed-looking customers, the rest innocent names."""
    rng = random.Random(seed)
    samples = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    out = []
    for i in range(n):
        if i % 4 == 0:
            example = dict(rng.choice(samples))
        else:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            example = {"schema": "Person", "properties": {"name": [name]}}
        example.pop("id", None)
        out.append(json.dumps({"queries": {f"q{i}": example}}).encode())
    return out


def prepare_store(source: Path | None, workdir: Path) -> Path:
    path = workdir / "bench.duckdb"
    if source is not None:
        copy_store(source, path)
    else:
        with Store(path) as store:
            load_bundled(store)
    return path


def make_key(store: Path) -> str:
    repo = DuckDBRepository(store)
    try:
        return add_user(repo, AuditLog(repo), "bench", Role.ANALYST, "bench")[1]
    finally:
        repo.close()


def start_server(store: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MONEYTRAIL_API_RATE": "0", "MONEYTRAIL_PROGRESS": "0"}
    cmd = [sys.executable, "-m", "moneytrail", "--store", str(store), "serve", "--port", str(port),
           "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start within 120 s")


class Load:
    """Shared counters of the client threads."""

    def __init__(self, work: list[bytes], cap_at: float) -> None:
        self.work = work
        self.cap_at = cap_at
        self.next = 0
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()

    def take(self) -> bytes | None:
        with self.lock:
            if self.next >= len(self.work) or time.monotonic() > self.cap_at:
                return None
            self.next += 1
            return self.work[self.next - 1]

    def client(self, port: int, key: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json", "X-API-Key": key}
        while (body := self.take()) is not None:
            start = time.perf_counter()
            try:
                conn.request("POST", "/match/default", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                outcome = None if resp.status == 200 else f"HTTP {resp.status}"
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - start
            with self.lock:
                self.latencies.append(elapsed)
                if outcome is not None:
                    self.errors[outcome] = self.errors.get(outcome, 0) + 1


class SteadyLoad(Load):
    """Requests at a steady total rate until ``cap_at``, cycling through the bodies."""

    def __init__(self, work: list[bytes], cap_at: float, rate: float) -> None:
        super().__init__(work, cap_at)
        self.interval = 1.0 / rate
        self.due = time.monotonic()

    def take(self) -> bytes | None:
        with self.lock:
            now = time.monotonic()
            if now > self.cap_at:
                return None
            self.due = max(self.due + self.interval, now - 1.0)  # no catching-up burst
            wait = self.due - now
            body = self.work[self.next % len(self.work)]
            self.next += 1
        if wait > 0:
            time.sleep(wait)
        return body


def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mt-api-load-"))
    proc = None
    try:
        store = prepare_store(args.store, workdir)
        key = make_key(store)
        port = free_port()
        t0 = time.monotonic()
        proc = start_server(store, port, args.workers)
        print(f"server pid {proc.pid} on 127.0.0.1:{port}, ready in {time.monotonic() - t0:.1f} s")
        warm = Load(bodies(200, seed=1), time.monotonic() + 30)
        warm.client(port, key)
        if args.soak:
            load: Load = SteadyLoad(bodies(5000), time.monotonic() + args.soak, args.rate)
        else:
            load = Load(bodies(args.requests), time.monotonic() + args.time_cap)
        every = 10.0 if args.soak else 1.0
        rss: list[tuple[float, float]] = [(0.0, tree_rss_mb(proc.pid))]
        threads = [
            threading.Thread(target=load.client, args=(port, key)) for _ in range(args.clients)
        ]
        start = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(every)
            rss.append((time.monotonic() - start, tree_rss_mb(proc.pid)))
        for t in threads:
            t.join()
        report(load, time.monotonic() - start, rss, args)
    finally:
        if proc is not None and proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def report(
    load: Load, seconds: float, rss: list[tuple[float, float]], args: argparse.Namespace
) -> None:
    lat = sorted(load.latencies)
    n = len(lat)
    if not n:
        print("no requests completed")
        return
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(n - 1, int(n * 0.99))] * 1000
    print(f"requests:   {n} of {args.requests} from {args.clients} clients in {seconds:.1f} s")
    print(f"throughput: {n / seconds:.0f} requests/s")
    print(f"latency:    p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {lat[-1] * 1000:.1f} ms")
    print(f"errors:     {sum(load.errors.values())} {load.errors or ''}")
    step = max(1, len(rss) // 10)
    series = ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in rss[::step])
    print(f"server RSS (MB): {series}, end {rss[-1][1]:.0f}")
    half = rss[len(rss) // 2][1]
    print(f"RSS growth over the second half: {rss[-1][1] - half:+.1f} MB")
    if args.soak:
        first, last = rss[1][1] if len(rss) > 1 else rss[0][1], rss[-1][1]
        growth = (last - first) / first * 100 if first else 0.0
        print(f"soak: {args.soak:.0f} s at {args.rate:g} requests/s asked, "
              f"{n / seconds:.0f} served; RSS {first:.0f} -> {last:.0f} MB ({growth:+.1f} %, "
              f"target < 5 %); p99 {p99:.1f} ms (target <= 50 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-cap", type=float, default=180.0, help="seconds")
    parser.add_argument("--store", type=Path, default=None, help="copy this store")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds at a steady rate")
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s in a soak")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
