"""`k17 run`, `k17 web` and `k17 socket`: k17 as a local console, an HTTP server or Socket Mode."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.errors import CliError
from bot.cli.moments import parse_now
from bot.config import Settings, configure_logging, environment
from bot.core.knowledge import KnowledgeBase, load_knowledge


def register(commands: Any) -> None:
    """Add `run`, `web` and `socket` to the parser."""
    run = commands.add_parser(
        "run",
        help="start k17: Slack with credentials (HTTP or Socket Mode), else a local console",
    )
    run.add_argument(
        "--now",
        type=parse_now,
        help="answer as of this moment, e.g. 2017-08-10 (console only; for trying the schedule)",
    )
    run.add_argument("--console", action="store_true", help="the local console even with tokens")
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
    """Console without credentials, else Socket Mode (app token) or the HTTP server."""
    settings = Settings.from_env(environment())
    configure_logging(settings.log_level)
    kb = load(settings)
    if args.console or not settings.has_slack_credentials:
        from bot.slack.console import run_console

        interactive = sys.stdin.isatty()

        def prompt() -> None:
            print("you> ", end="", flush=True)

        return run_console(
            settings,
            kb,
            sys.stdin,
            sys.stdout,
            now=args.now,
            prompt=prompt if interactive else None,
        )
    if args.now is not None:
        raise CliError("--now only applies to the local console (add --console)")
    if settings.socket_mode:
        from bot.slack.socket import run_socket_mode

        return run_socket_mode(settings, kb)
    from bot.slack.server import serve_http

    return serve_http(settings, kb)


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
    if not settings.slack_signing_secret:
        raise CliError("k17 web serves HTTP and needs SLACK_SIGNING_SECRET (see .env.example)")
    kb = load(settings)
    from bot.slack.server import serve_http

    return serve_http(settings, kb, host=args.host)
