"""A bounded load run of `handouts serve` on loopback: cached PDF downloads and fresh renders.

Starts the server in a subprocess on 127.0.0.1 with a free port, measures the first builder
PDF right after start (the pool warms its workers at start: this one must not pay for it), then
runs three phases one after the other, each for a fixed time and at most a fixed number of
requests, then stops it:

  cached   GET of article PDFs that are already in the server's cache (every clinic, every article)
  builder  POST of the builder form as a physiotherapist sends it while the patient waits: four
           exercises, two doses changed with the fields, a name and a note; one at a time
  fresh    POST of the builder form, 2–5 exercises, several at once: the pool under load

and prints requests/s, p50 and p99 latency, errors (anything but 200 or 503, or a failed
connection; must be 0) and 503s (the pool refusing work when full) for each phase. The
builder's target is p50 ≤ 0.8 s on 2 cores; the load average before and after is printed too,
since other work on the machine shows up in every figure.

    .venv/bin/python benchmarks/load.py                       # 20 s per phase
    .venv/bin/python benchmarks/load.py --duration 5 --fresh-concurrency 8 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, whatever the arguments say
MAX_REQUESTS_PER_PHASE = 50_000
BUILDER_TARGET_SECONDS = 0.8  # a 4-exercise programme PDF, p50, on 2 cores (issue 15)


@dataclass
class Phase:
    name: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    busy: int = 0
    elapsed: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        ok = sorted(self.latencies)

        def quantile(q: float) -> float:
            return ok[min(len(ok) - 1, int(q * len(ok)))] * 1000 if ok else float("nan")

        return {
            "phase": self.name,
            "concurrency": self.concurrency,
            "seconds": round(self.elapsed, 1),
            "ok": len(ok),
            "requests_per_s": round(len(ok) / self.elapsed, 1) if self.elapsed else 0.0,
            "p50_ms": round(quantile(0.50), 1),
            "p99_ms": round(quantile(0.99), 1),
            "mean_ms": round(statistics.fmean(ok) * 1000, 1) if ok else float("nan"),
            "errors": self.errors,
            "busy_503": self.busy,
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, queue: int | None, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "handouts",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--render-workers",
        str(workers),
    ]
    if queue is not None:
        command += ["--queue", str(queue)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HANDOUTS_CONTENT", None)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting; see its log")
        try:
            if httpx.get(base + "/", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start in time")


async def run_phase(
    phase: Phase, duration: float, request: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]
) -> None:
    limits = httpx.Limits(max_connections=phase.concurrency, max_keepalive_connections=phase.concurrency)
    sent = 0
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        started = time.monotonic()
        stop_at = started + duration

        async def user() -> None:
            nonlocal sent
            while time.monotonic() < stop_at and sent < MAX_REQUESTS_PER_PHASE:
                sent += 1
                begun = time.perf_counter()
                try:
                    response = await request(client)
                except httpx.HTTPError as exc:
                    phase.errors += 1
                    phase.error_samples.append(repr(exc))
                    continue
                took = time.perf_counter() - begun
                if response.status_code == 200 and response.content.startswith(b"%PDF-"):
                    phase.latencies.append(took)
                elif response.status_code == 503:
                    phase.busy += 1
                    await asyncio.sleep(min(1.0, float(response.headers.get("retry-after", "1")) / 4))
                else:
                    phase.errors += 1
                    phase.error_samples.append(f"{response.status_code} {response.request.url.path}")

        await asyncio.gather(*(user() for _ in range(phase.concurrency)))
        phase.elapsed = time.monotonic() - started


BUILDER_FOUR = ["siddende-nerveglidning", "bird-dog", "kat-ko", "knae-til-bryst"]


def builder_form(rng: random.Random) -> dict:
    """The builder's POST for a four-exercise programme with two doses changed by the fields."""
    fields: dict = {
        "exercise": BUILDER_FOUR,
        "order": BUILDER_FOUR,
        "weeks": "2",
        "action": "pdf",
        "patient": f"Testperson {rng.randint(1, 10**6)}",
        "note": "Husk at trække vejret roligt.",
        "therapist": "Lone",
    }
    doses = {
        "siddende-nerveglidning": ("1", "12", "reps", False, "1", "day"),
        "bird-dog": (str(rng.randint(2, 4)), "12", "reps", True, "1", "day"),
        "kat-ko": ("1", "10", "reps", False, str(rng.randint(2, 5)), "week"),
        "knae-til-bryst": ("3", "30", "s", True, "1", "day"),
    }
    for slug, (sets, amount, unit, side, times, per) in doses.items():
        fields |= {
            f"sets-{slug}": sets,
            f"amount-{slug}": amount,
            f"unit-{slug}": unit,
            f"times-{slug}": times,
            f"per-{slug}": per,
        }
        if side:
            fields[f"side-{slug}"] = "1"
    return fields


async def first_builder_pdf(base: str) -> Phase:
    """One builder PDF right after start: the pre-warmed pool must answer it like any other."""
    phase = Phase("first builder PDF", 1)
    async with httpx.AsyncClient(timeout=120) as client:
        started = time.perf_counter()
        response = await client.post(base + "/nord/programme", data=builder_form(random.Random(1)))
        phase.elapsed = time.perf_counter() - started
    if response.status_code == 200 and response.content.startswith(b"%PDF-"):
        phase.latencies.append(phase.elapsed)
    else:
        phase.errors += 1
        phase.error_samples.append(f"{response.status_code} first builder PDF")
    return phase


async def main_async(args: argparse.Namespace, base: str) -> list[Phase]:
    clinics = ["demo", "nord", "sund-ryg"]
    first = await first_builder_pdf(base)
    async with httpx.AsyncClient(timeout=120) as client:
        articles = re.findall(r'href="/nord/([a-z0-9-]+)\.pdf"', (await client.get(base + "/nord/")).text)
        cached_paths = [f"/{clinic}/{slug}.pdf" for clinic in clinics for slug in articles]
        for path in cached_paths:  # fill the cache first: the phase measures cached downloads only
            response = await client.get(base + path)
            response.raise_for_status()
    exercises = [
        "bird-dog",
        "kat-ko",
        "knae-til-bryst",
        "baekkenkip",
        "baekkenloeft",
        "piriformisstraek",
        "siddende-nerveglidning",
        "liggende-nerveglidning",
    ]
    rng = random.Random(7)

    async def cached(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get(base + rng.choice(cached_paths))

    async def fresh(client: httpx.AsyncClient) -> httpx.Response:
        form = {
            "exercise": rng.sample(exercises, rng.randint(2, 5)),
            "weeks": str(rng.randint(1, 4)),
            "patient": f"Testperson {rng.randint(1, 10**6)}",
            "action": "pdf",
        }
        return await client.post(base + f"/{rng.choice(clinics)}/programme", data=form)

    async def builder(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post(base + "/nord/programme", data=builder_form(rng))

    phases = [
        Phase("cached PDF (GET)", args.cached_concurrency),
        Phase("builder 4-exercise PDF", 1),
        Phase("fresh programme (POST)", args.fresh_concurrency),
    ]
    await run_phase(phases[0], args.duration, cached)
    await run_phase(phases[1], args.duration, builder)
    await run_phase(phases[2], args.duration, fresh)
    return [first, *phases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds per phase (at most 120)")
    parser.add_argument("--cached-concurrency", type=int, default=8)
    parser.add_argument("--fresh-concurrency", type=int, default=4)
    parser.add_argument("--render-workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=None, help="server's queue places (default: its own)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    args.duration = max(1.0, min(args.duration, 120.0))
    args.cached_concurrency = max(1, min(args.cached_concurrency, 64))
    args.fresh_concurrency = max(1, min(args.fresh_concurrency, 64))

    log_path = ROOT / ".benchmark" / "server.log"
    log_path.parent.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(port, args.render_workers, args.queue, log_path)
    load_before = os.getloadavg()
    try:
        wait_until_up(base, server)
        phases = asyncio.run(main_async(args, base))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    load_after = os.getloadavg()
    rows = [phase.summary() for phase in phases]
    if args.json:
        print(
            json.dumps(
                {
                    "phases": rows,
                    "load_average_before": load_before,
                    "load_average_after": load_after,
                    "targets": {
                        "first_builder_pdf_ms": rows[0]["p50_ms"],
                        "builder_p50_ms": rows[2]["p50_ms"],
                        "target_ms": BUILDER_TARGET_SECONDS * 1000,
                    },
                },
                indent=2,
            )
        )
    else:
        print(
            f"handouts serve on {HOST}, {args.render_workers} render workers, {os.cpu_count()} CPU cores, "
            f"{args.duration:.0f} s per phase (server log: {log_path.relative_to(ROOT)}); load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
        )
        header = f"{'phase':<26}{'conc':>5}{'ok':>7}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'503s':>6}"
        print(header)
        for row in rows:
            print(
                f"{row['phase']:<26}{row['concurrency']:>5}{row['ok']:>7}{row['requests_per_s']:>8}"
                f"{row['p50_ms']:>9}{row['p99_ms']:>9}{row['errors']:>8}{row['busy_503']:>6}"
            )
    first, builder = rows[0], rows[2]
    targets = [
        ("first builder PDF after start (the workers are warm)", first["p50_ms"]),
        ("builder 4-exercise PDF, p50", builder["p50_ms"]),
    ]
    if not args.json:
        print()
        for what, ms in targets:
            verdict = "PASS" if ms <= BUILDER_TARGET_SECONDS * 1000 else "MISS"
            print(f"{verdict}  {what}: {ms:.0f} ms (target <= {BUILDER_TARGET_SECONDS * 1000:.0f} ms)")
    for phase in phases:
        for sample in phase.error_samples[:5]:
            print(f"error in {phase.name}: {sample}", file=sys.stderr)
    if any(phase.errors for phase in phases):
        sys.exit(1)


if __name__ == "__main__":
    main()
