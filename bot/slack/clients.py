"""Slack Web API clients: pointed at SLACK_API_URL, quiet about payloads, patient with 429s.

slack_sdk logs every request and response body at DEBUG, and Bolt logs request bodies at
INFO when a signature is wrong: report text and user ids would reach the logs. LearnLoop's
Slack loggers are therefore pinned above those levels whatever the root logger says.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from learning.settings import Settings

# Warnings and errors only: Bolt's INFO and DEBUG lines may carry request bodies.
BOLT_LOGGER = "learnloop.slack.bolt"
# INFO keeps "rate limited, retrying" lines; DEBUG would print whole payloads.
WEB_API_LOGGER = "learnloop.slack.web_api"
# Seconds a call made while Slack waits for our answer may take.
QUICK_TIMEOUT = 2


def quiet_loggers() -> tuple[logging.Logger, logging.Logger]:
    bolt = logging.getLogger(BOLT_LOGGER)
    bolt.setLevel(logging.WARNING)
    web_api = logging.getLogger(WEB_API_LOGGER)
    web_api.setLevel(logging.INFO)
    return bolt, web_api


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """For work done after the ack: waits out a 429's Retry-After and tries again."""
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        logger=logging.getLogger(WEB_API_LOGGER),
        retry_handlers=[ConnectionErrorRetryHandler(),
                        RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def quick_client(settings: Settings, token: str | None) -> WebClient:
    """For the rare call made before the ack: short timeout, no waiting out a rate limit."""
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=QUICK_TIMEOUT,
        logger=logging.getLogger(WEB_API_LOGGER),
        retry_handlers=[],
    )
