"""The Slack Web API client k17 uses everywhere: base URL from settings, retries on failures.

It retries on 429, 5xx and connection errors.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings


def create_web_client(settings: Settings, token: str | None = None, timeout: int = 15) -> WebClient:
    """A WebClient on SLACK_API_URL retrying 429 (after Retry-After), 5xx and lost connections."""
    return WebClient(
        token=token if token is not None else settings.slack_bot_token or "xoxb-k17-local",
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
