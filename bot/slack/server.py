"""The production HTTP server: gunicorn with threaded workers serving the Slack WSGI app."""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.core.librarian import build_librarian
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.web import SlackWebApp
from bot.store.db import connect, open_database

THREADS_PER_WORKER = 16
# Heroku sends SIGKILL 30 s after SIGTERM: finish in-flight requests well before that.
GRACEFUL_SECONDS = 25

log = logging.getLogger(__name__)


class WebServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn, configured in code: `k17 web` needs no config file."""

    def __init__(self, settings: Settings, kb: KnowledgeBase, host: str = "0.0.0.0") -> None:  # noqa: S104 -- a web dyno must listen on every interface
        self._settings = settings
        self._kb = kb
        self._host = host
        # Built once before forking, so workers share the index copy-on-write.
        self._matcher = build_librarian(kb, settings.knowledge_dir)
        self._served: SlackWebApp | None = None
        super().__init__()

    def load_config(self) -> None:
        """Bind, workers and timeouts from the settings."""
        options: dict[str, Any] = {
            "bind": f"{self._host}:{self._settings.port}",
            "workers": self._settings.web_concurrency,
            "worker_class": "gthread",
            "threads": THREADS_PER_WORKER,
            "timeout": 30,
            "graceful_timeout": GRACEFUL_SECONDS,
            "keepalive": 5,
            "loglevel": self._settings.log_level.lower(),
            "accesslog": None,
            "errorlog": "-",
            "proc_name": "k17-web",
            "worker_exit": self._finish_answers,
        }
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self) -> SlackWebApp:
        """Build the app inside each worker: database connections never cross a fork."""
        engine = connect(self._settings.database_url)
        client = create_web_client(self._settings)
        app = create_app(self._settings, self._kb, client, engine=engine, matcher=self._matcher)
        self._served = SlackWebApp(app, self._settings.slack_signing_secret)
        return self._served

    def _finish_answers(self, _arbiter: Any, _worker: Any) -> None:
        # Events are acknowledged before they are answered: let those answers reach Slack.
        if self._served is not None:
            self._served.app.listener_runner.listener_executor.shutdown(wait=True)


def serve_http(settings: Settings, kb: KnowledgeBase, host: str = "0.0.0.0") -> int:  # noqa: S104 -- see WebServer
    """Create the schema, then serve HTTP on PORT until SIGTERM (graceful) or SIGINT."""
    open_database(settings.database_url).dispose()
    log.info(
        "serving mode=http host=%s port=%d workers=%d",
        host,
        settings.port,
        settings.web_concurrency,
    )
    WebServer(settings, kb, host).run()
    return 0
