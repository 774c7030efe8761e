"""Slash commands through the production server: k17 against a bare Bolt app that only acks.

Starts a stand-in Slack, then the same gunicorn server (`k17 web`'s configuration) twice: once
hosting a bare Bolt app whose `/k17` listener only acknowledges, once hosting k17. A threaded
load generator on loopback keeps 32 signed `/k17 <question>` requests in flight for a while
and the script prints throughput, p50/p99 latency, errors, the k17/bare throughput ratio
(target >= 0.9), k17's p99 (target < 250 ms) and the resident memory of one web worker.
Both servers are measured `--rounds` times, alternating which goes first, and the median ratio
is the figure: on a small machine one run's ratio swings by a quarter either way.
It prints figures and never asserts.

By default every question is different: chatty questions composed by `chatty.py`, more than k17
remembers matches for, so each one is matched afresh. `--repeated` cycles a handful of short
questions instead, which k17 answers from its memory of recent matches: the easy case.

    .venv/bin/python bench/slack_http.py [--seconds 10] [--concurrency 32] [--repeated]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatty import chatty_questions  # noqa: E402 -- bench/ is on the path when run as a script

from bot.slack import payloads  # noqa: E402 -- the path above makes the package importable
from bot.slack.app import REMEMBERED_MATCHES  # noqa: E402 -- as above

SECRET = "bench-signing-secret"
QUESTIONS = (
    "When was Kubernetes 1.7 released?",
    "what is network policy",
    "encrypt secrets at rest",
    "statefulset updates",
    "when is kubecon",
    "what's new in 1.9",
    "help",
    "events",
)


# Each worker remembers its own REMEMBERED_MATCHES matches: the texts cycled are this many times
# more than all the workers remember together, so that none is ever remembered, however the
# requests are shared between the workers. (4,096 texts, exactly what two workers remember,
# let a round's throughput triple when the requests happened to split evenly.)
DISTINCT_PER_REMEMBERED = 4


def question_texts(repeated: bool, workers: int) -> list[str]:
    """The texts the load sends, in order: distinct chatty questions unless `repeated`."""
    if repeated:
        return list(QUESTIONS)
    count = DISTINCT_PER_REMEMBERED * REMEMBERED_MATCHES * workers
    return chatty_questions(count, random.Random(17))


@dataclass
class Figures:
    """What one load run measured."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    worker_rss_mib: float
    p50_ms: float | None = None  # given directly when wrk measured the run
    p99_ms: float | None = None

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        """Latency at `fraction` (0.5 = median), in milliseconds."""
        given = {0.5: self.p50_ms, 0.99: self.p99_ms}.get(fraction)
        if given is not None:
            return given
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_bare(port: int, api_url: str, database_url: str, workers: int) -> None:
    """The same gunicorn server hosting a Bolt app whose `/k17` listener only acknowledges."""
    from concurrent.futures import ThreadPoolExecutor

    from slack_bolt import Ack, App

    from bot.config import Settings
    from bot.core.knowledge import load_knowledge
    from bot.slack.client import create_web_client
    from bot.slack.server import WebServer
    from bot.slack.web import SlackWebApp

    settings = Settings(
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=api_url,
        database_url=database_url,
        port=port,
        web_concurrency=workers,
        log_level="WARNING",
    )

    class BareServer(WebServer):
        def load(self) -> SlackWebApp:
            app = App(
                client=create_web_client(settings),
                signing_secret=SECRET,
                token_verification_enabled=False,
                listener_executor=ThreadPoolExecutor(max_workers=32),
            )

            @app.command("/k17")
            def only_ack(ack: Ack) -> None:
                ack()

            self._served = SlackWebApp(app, SECRET)
            return self._served

    BareServer(settings, load_knowledge(settings.knowledge_dir), host="127.0.0.1").run()


def serve_standin(port: int) -> None:
    """A stand-in Slack in its own process, so that it does not slow the load generator."""
    from bot.slack.standin import StandInSlack

    with StandInSlack(port):
        signal.sigwait({signal.SIGTERM, signal.SIGINT})


def wait_healthy(port: int, path: str, timeout: float = 30) -> None:
    """Poll until the server answers 200 on `path`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()  # closing with the body unread would reset the connection
            if response.status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def children_rss_mib(pid: int) -> float:
    """Resident memory of the first gunicorn worker (a child of `pid`), in MiB."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid):
            return int(fields["VmRSS"].split()[0]) / 1024
    return float("nan")


def load(
    port: int, response_url: str, seconds: float, concurrency: int, texts: list[str]
) -> tuple[int, int, list[float]]:
    """Keep `concurrency` signed slash commands in flight for `seconds`; count and time them."""
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        sent = 0
        while time.monotonic() < stop:
            body = payloads.slash_command(
                texts[(index + sent * concurrency) % len(texts)], response_url
            )
            headers = payloads.signed_headers(SECRET, body, "application/x-www-form-urlencoded")
            started = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            if ok:
                latencies[index].append((time.perf_counter() - started) * 1000)
            else:
                errors[index] += 1
            sent += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flat = [value for per_client in latencies for value in per_client]
    return len(flat), sum(errors), flat


WRK_THREADS = 2
WRK_SCRIPT = """
local bodies = {%(bodies)s}
local signatures = {%(signatures)s}
local sent = 0
-- Each of wrk's threads takes every other body, so no text is sent twice in a row.
tid = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  local k = ((sent * %(threads)s + tid) %% #bodies) + 1
  sent = sent + 1
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-Slack-Request-Timestamp"] = "%(timestamp)s"
  wrk.headers["X-Slack-Signature"] = signatures[k]
  return wrk.format("POST", "/slack/events", nil, bodies[k])
end
"""


def load_with_wrk(
    wrk: str,
    port: int,
    response_url: str,
    seconds: float,
    concurrency: int,
    workdir: str,
    texts: list[str],
) -> tuple[int, int, float, float, float]:
    """The same load from wrk: (requests, errors, seconds, p50 ms, p99 ms)."""
    timestamp = str(int(time.time()))  # valid for Slack's five minutes, longer than a run
    bodies = [payloads.slash_command(q, response_url).decode() for q in texts]
    signatures = [payloads.signature(SECRET, timestamp, b.encode()) for b in bodies]
    script = Path(workdir) / "k17.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "bodies": ", ".join(f"[==[{b}]==]" for b in bodies),
            "signatures": ", ".join(f'"{s}"' for s in signatures),
            "timestamp": timestamp,
            "threads": WRK_THREADS,
        }
    )
    output = subprocess.run(
        [
            wrk,
            f"-t{WRK_THREADS}",
            f"-c{concurrency}",
            f"-d{seconds:g}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def number(pattern: str) -> float:
        found = re.search(pattern, output)
        return float(found.group(1)) if found else 0.0

    def millis(label: str) -> float:
        found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
        if not found:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
        return float(found.group(1)) * scale

    total = int(number(r"(\d+) requests in"))
    errors = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    elapsed = number(r"requests in ([\d.]+)s")
    if "requests in" in output and re.search(r"requests in [\d.]+m", output):
        elapsed *= 60
    return total - errors, errors, elapsed or seconds, millis("50%"), millis("99%")


def measure(
    name: str,
    command: list[str],
    env: dict[str, str],
    port: int,
    standin_port: int,
    args: argparse.Namespace,
) -> Figures:
    """Start one server, warm it up, load it, read its worker's memory, stop it."""
    server = subprocess.Popen(command, env=env, cwd=env.get("K17_BENCH_DIR"))
    try:
        wait_healthy(port, "/healthz")
        response_url = f"http://127.0.0.1:{standin_port}/webhook/bench"
        texts = question_texts(args.repeated, args.workers)
        load(port, response_url, args.warmup, args.concurrency, texts)
        wrk = shutil.which("wrk") if args.generator != "python" else None
        if wrk:
            count, errors, elapsed, p50, p99 = load_with_wrk(
                wrk,
                port,
                response_url,
                args.seconds,
                args.concurrency,
                env["K17_BENCH_DIR"],
                texts,
            )
            figures = Figures(name, count, errors, elapsed, [], 0.0, p50, p99)
        else:
            started = time.perf_counter()
            count, errors, latencies = load(
                port, response_url, args.seconds, args.concurrency, texts
            )
            figures = Figures(name, count, errors, time.perf_counter() - started, latencies, 0.0)
        figures.worker_rss_mib = children_rss_mib(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return figures


def main() -> int:
    """Run both servers under the same load and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure both servers this many times, alternating which goes first (median kept)",
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument(
        "--generator",
        choices=["wrk", "python"],
        default="wrk",
        help="load generator: wrk when installed (default), else a threaded Python client",
    )
    parser.add_argument(
        "--repeated",
        action="store_true",
        help="cycle a handful of short questions, answered from k17's memory of recent matches",
    )
    parser.add_argument(
        "--database-url", help="the servers' DATABASE_URL (default: a fresh SQLite file)"
    )
    parser.add_argument("--serve-bare", nargs=3, metavar=("PORT", "API_URL", "DATABASE_URL"))
    parser.add_argument("--serve-standin", type=int, metavar="PORT")
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(int(args.serve_bare[0]), args.serve_bare[1], args.serve_bare[2], args.workers)
        return 0
    if args.serve_standin:
        serve_standin(args.serve_standin)
        return 0

    python = sys.executable
    k17 = str(Path(python).parent / "k17")
    standin_port = free_port()
    standin = subprocess.Popen([python, __file__, "--serve-standin", str(standin_port)])
    wait_healthy(standin_port, "/api/auth.test")
    api_url = f"http://127.0.0.1:{standin_port}/api/"
    rounds: list[tuple[Figures, Figures]] = []
    with tempfile.TemporaryDirectory() as workdir:
        database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "SLACK_API_URL": api_url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "DATABASE_URL": database_url,
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_LEVEL": "WARNING",
            "K17_BENCH_DIR": workdir,
            # Empty: the servers read no .env file, so a developer's settings never leak in.
            "K17_ENV_FILE": "",
        }

        def run_bare() -> Figures:
            port = free_port()
            command = [python, __file__, "--workers", str(args.workers), "--serve-bare"]
            command += [str(port), api_url, database_url]
            return measure("bare Bolt (ack only)", command, env, port, standin_port, args)

        def run_k17() -> Figures:
            port = free_port()
            command = [k17, "web", "--host", "127.0.0.1"]
            return measure("k17", command, {**env, "PORT": str(port)}, port, standin_port, args)

        try:
            for number in range(args.rounds):
                # Alternate which server goes first, so a machine warming up or slowing down
                # during the run favours neither.
                if number % 2 == 0:
                    bare = run_bare()
                    rounds.append((bare, run_k17()))
                else:
                    k17_figures = run_k17()
                    rounds.append((run_bare(), k17_figures))
        finally:
            standin.send_signal(signal.SIGTERM)
            standin.wait(timeout=10)

    generator = "wrk" if args.generator == "wrk" and shutil.which("wrk") else "Python threads"
    print(
        f"\nslash commands over loopback: {args.concurrency} concurrent, {args.seconds:g} s, "
        f"gunicorn gthread, {args.workers} workers, {os.cpu_count()} CPUs, "
        f"database {(args.database_url or 'sqlite').split(':', 1)[0]}, "
        f"load from {generator}, "
        f"{f'{len(QUESTIONS)} questions repeated' if args.repeated else 'distinct questions'}, "
        f"{args.rounds} round{'s' if args.rounds != 1 else ''}"
    )
    print(
        f"{'round':<6}{'server':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'worker RSS MiB':>16}{'k17/bare':>10}"
    )
    ratios = []
    for number, (bare, ours) in enumerate(rounds, start=1):
        ratio = ours.throughput / bare.throughput if bare.throughput else float("nan")
        ratios.append(ratio)
        for figures, shown in ((bare, ""), (ours, f"{ratio:.2f}")):
            print(
                f"{number:<6}{figures.name:<22}{figures.throughput:>9.0f}"
                f"{figures.percentile(0.5):>9.1f}{figures.percentile(0.99):>9.1f}"
                f"{figures.errors:>8}{figures.worker_rss_mib:>16.1f}{shown:>10}"
            )
    p99 = statistics.median(ours.percentile(0.99) for _, ours in rounds)
    print(
        f"k17 / bare throughput, median of {len(ratios)}: {statistics.median(ratios):.2f} "
        f"(range {min(ratios):.2f}-{max(ratios):.2f}; target >= 0.9)"
    )
    print(f"k17 p99, median: {p99:.1f} ms (target < 250 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
