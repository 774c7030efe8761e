"""`k17 run`, `k17 web` and `k17 socket`: the local console, k17 on one machine, or its parts."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli.errors import CliError
from bot.cli.moments import parse_now
from bot.cli.terminal import typed_lines
from bot.config import Settings, configure_logging, environment, normalise_database_url
from bot.core.knowledge import KnowledgeBase, load_knowledge

HISTORY_FILE = ".k17_history"

log = logging.getLogger(__name__)


def register(commands: Any) -> None:
    """Add `run`, `web` and `socket` to the parser."""
    run = commands.add_parser(
        "run",
        help="start k17: with credentials its Slack listeners (HTTP or Socket Mode) and reminder "
        "clock together, else a local console",
    )
    run.add_argument(
        "--now",
        type=parse_now,
        metavar="ISO-DATE",
        help="answer as of this date (midday UTC) or time, e.g. 2017-08-10 (console only)",
    )
    run.add_argument("--console", action="store_true", help="the local console even with tokens")
    run.add_argument(
        "--database",
        metavar="URL",
        help="the console's store (default: a throwaway SQLite file, deleted when it ends)",
    )
    run.set_defaults(run=run_k17)
    web = commands.add_parser("web", help="the production HTTP server (gunicorn) on PORT")
    web.add_argument("--host", default="0.0.0.0", help="interface to listen on (default: all)")  # noqa: S104 -- a web dyno listens on every interface
    web.set_defaults(run=run_web)
    socket = commands.add_parser("socket", help="connect to Slack over Socket Mode (no public URL)")
    socket.set_defaults(run=run_socket)


def load(settings: Settings) -> KnowledgeBase:
    """The knowledge base; an invalid one stops k17 with the full report."""
    return load_knowledge(settings.knowledge_dir)


def run_k17(args: argparse.Namespace) -> int:
    """Console without credentials, else the listeners and the reminder sweep together."""
    settings = Settings.from_env(environment())
    configure_logging(settings.log_level)
    kb = load(settings)
    if args.console or not settings.has_slack_credentials:
        return run_local_console(settings, kb, args)
    if args.now is not None:
        raise CliError("--now only applies to the local console (add --console)")
    if args.database is not None:
        raise CliError("--database only applies to the local console; set DATABASE_URL")
    if not settings.socket_mode:
        settings.require_http()
    from bot.store.db import open_database

    open_database(settings.database_url).dispose()  # one clear line if it cannot be used
    return run_together(settings, kb)


def run_local_console(settings: Settings, kb: KnowledgeBase, args: argparse.Namespace) -> int:
    """The console, on a throwaway SQLite file unless --database names a store."""
    from bot.slack.console import run_console

    with tempfile.TemporaryDirectory(prefix="k17-console-") as scratch:
        store = args.database or f"sqlite:///{Path(scratch) / 'k17.db'}"
        local = dataclasses.replace(settings, database_url=normalise_database_url(store))
        if args.database is not None:
            from bot.store.db import open_database

            open_database(local.database_url, setting="--database").dispose()
        styled = sys.stdout.isatty()
        if not sys.stdin.isatty():
            return run_console(local, kb, sys.stdin, sys.stdout, now=args.now, styled=styled)
        with typed_lines("you> ", Path.home() / HISTORY_FILE) as lines:
            return run_console(local, kb, lines, sys.stdout, now=args.now, styled=styled)


def run_together(settings: Settings, kb: KnowledgeBase) -> int:
    """The listeners and the reminder clock from one command: k17 on one machine.

    The clock runs in the main thread, which owns SIGTERM and SIGINT, and returns on either.
    Socket Mode's listeners run in threads of this same process; HTTP's gunicorn runs as a child
    process, since its arbiter must own a main thread and its signals. The ledger makes any
    overlapping sweeper safe, so an extra `k17 clock` elsewhere would do no harm.
    """
    from bot.clock import run_clock

    if settings.socket_mode:
        from bot.slack.socket import socket_mode_connection

        with socket_mode_connection(settings, kb):
            run_clock(settings)
        return 0
    return _beside_web_server(lambda: run_clock(settings))


def _beside_web_server(run_clock: Callable[[], None]) -> int:
    """Run the clock while `k17 web` serves HTTP; when either stops, so does the other."""
    # The child reads the same environment and .env, and so the same settings.
    server = subprocess.Popen([sys.executable, "-m", "bot", "web"])
    stopping = threading.Event()

    def stop_clock_when_server_ends() -> None:
        server.wait()
        if not stopping.is_set():
            log.error("web server ended status=%s; stopping the clock", server.returncode)
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_clock_when_server_ends, daemon=True).start()
    try:
        run_clock()
    finally:
        stopping.set()
        if server.poll() is None:
            server.terminate()  # gunicorn's graceful stop: answers in flight reach Slack
        status = server.wait()
    return status if status > 0 else 0


def run_socket(args: argparse.Namespace) -> int:
    """Socket Mode; needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN."""
    settings = Settings.from_env(environment())
    configure_logging(settings.log_level)
    if not settings.socket_mode:
        raise CliError("k17 socket needs SLACK_APP_TOKEN (xapp-...) and SLACK_BOT_TOKEN")
    kb = load(settings)
    from bot.slack.socket import run_socket_mode

    return run_socket_mode(settings, kb)


def run_web(args: argparse.Namespace) -> int:
    """The production HTTP server; needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."""
    settings = Settings.from_env(environment())
    configure_logging(settings.log_level)
    if not settings.has_slack_credentials:
        raise CliError("k17 web needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see .env.example)")
    settings.require_http()
    kb = load(settings)
    from bot.slack.server import serve_http

    return serve_http(settings, kb, host=args.host)
