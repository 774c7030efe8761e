"""Socket Mode: k17 connects out to Slack over a WebSocket, no public URL needed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.config import Settings, SettingsError
from bot.core.knowledge import KnowledgeBase
from bot.errors import UnavailableError
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.web import readable_by_bolt
from bot.stopping import stop_signals

log = logging.getLogger(__name__)


class GuardedSocketModeHandler(SocketModeHandler):
    """Bolt's Socket Mode handler; an envelope Bolt cannot read is acknowledged and dropped.

    Over HTTP such a request gets 400. Here Bolt would fail without acknowledging it, and Slack
    would take it as unanswered and deliver it again, to fail again."""

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]  # as in Bolt's own handler, whose base takes any client
        """Dispatch `req` to the app, or acknowledge it unread when Bolt cannot read it."""
        if readable_by_bolt(req.payload):
            super().handle(client, req)
            return
        log.info("acknowledged a malformed Slack payload type=%s", req.type)
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))


def run_socket_mode(settings: Settings, kb: KnowledgeBase) -> int:
    """Serve k17 over Socket Mode until SIGTERM or SIGINT, then close the connection cleanly."""
    with stop_signals() as requested, socket_mode_connection(settings, kb):
        requested.wait()
        log.info("stopping signal=%s", requested.signal_name())
    return 0


@contextmanager
def socket_mode_connection(settings: Settings, kb: KnowledgeBase) -> Iterator[None]:
    """k17's listeners connected over Socket Mode while the block runs, closed cleanly after."""
    app = create_app(settings, kb, create_web_client(settings))
    handler = GuardedSocketModeHandler(app, app_token=settings.slack_app_token)
    try:
        try:
            handler.connect()  # type: ignore[no-untyped-call]  # Bolt leaves it unannotated
        except SlackApiError as error:
            # A refused app token is a configuration mistake: one clear line, no traceback.
            raise SettingsError(
                [
                    "Slack refused to open a Socket Mode connection "
                    f"({error.response.get('error', 'unknown error')}): SLACK_APP_TOKEN must be "
                    "a valid app-level token (xapp-...) with the connections:write scope."
                ]
            ) from None
        except OSError as error:  # urllib's URLError, a refused or timed-out connection
            reason = getattr(error, "reason", None) or error
            raise UnavailableError(
                f"cannot reach Slack at {settings.slack_api_url} to open a Socket Mode "
                f"connection ({reason}): check the network, or SLACK_API_URL"
            ) from None
        log.info("connected mode=socket")
        yield
    finally:
        handler.close()  # type: ignore[no-untyped-call]  # Bolt leaves it unannotated
        # Let answers already being written reach Slack before the process exits.
        app.listener_runner.listener_executor.shutdown(wait=True)
