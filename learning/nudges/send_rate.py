"""How fast LearnLoop may write to a chat platform: per conversation and per workspace/tenant.

Each key is paced with the generic cell rate algorithm (a token bucket that needs no timer):
a send may go at its "theoretical arrival time" less the burst allowance. The pace lives in
the clock process, which is the one process that sends nudges; a second sender (the web
app's replies) stays within the platform's limit through the 429 + Retry-After path.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.vocabulary import Platform


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: int = 1

    @property
    def interval(self) -> timedelta:
        return timedelta(seconds=1 / self.per_second)


@dataclass(frozen=True)
class Limits:
    conversation: Rate
    workspace: Rate


# The platforms' published limits, read conservatively:
# Slack chat.postMessage: about 1 message a second per channel, "several hundred a minute"
# per workspace (api.slack.com/docs/rate-limits). Teams (Bot Framework, per bot per
# conversation): 7 in 1 s but only 1,800 an hour, so 0.5 a second sustained with a burst of 7;
# 50 requests a second per bot per tenant.
PUBLISHED_LIMITS: dict[Platform, Limits] = {
    Platform.SLACK: Limits(conversation=Rate(1.0), workspace=Rate(5.0, burst=5)),
    Platform.TEAMS: Limits(conversation=Rate(0.5, burst=7), workspace=Rate(50.0, burst=10)),
}


def conversation_key(platform: Platform, address: dict[str, Any]) -> str:
    if platform is Platform.SLACK:
        return f"slack:{address.get('team_id', '')}:{address.get('channel', '')}"
    return f"teams:{(address.get('conversation') or {}).get('id', '')}"


def workspace_key(platform: Platform, address: dict[str, Any]) -> str:
    if platform is Platform.SLACK:
        return f"slack:{address.get('team_id', 'default')}"
    return f"teams:{(address.get('conversation') or {}).get('tenantId', 'default')}"


class SendRate:
    """Thread-safe pacing shared by every sender thread in a process."""

    def __init__(self, limits: dict[Platform, Limits] | None = None) -> None:
        self._limits = limits or PUBLISHED_LIMITS
        self._next: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def reserve(self, platform: Platform, address: dict[str, Any], now: datetime,
                longest: timedelta) -> timedelta:
        """How long to wait before this send may go (zero: now). A wait up to `longest` is
        booked on both keys; a longer one books nothing, and the caller comes back later.
        """
        limits = self._limits[platform]
        keys = ((conversation_key(platform, address), limits.conversation),
                (workspace_key(platform, address), limits.workspace))
        with self._lock:
            at = max(self._earliest(key, rate, now) for key, rate in keys)
            if at - now > longest:
                return at - now
            for key, rate in keys:
                self._next[key] = max(self._next.get(key, at), at) + rate.interval
            return max(at - now, timedelta(0))

    def pause(self, platform: Platform, address: dict[str, Any], until: datetime) -> None:
        """The platform said wait (429 Retry-After): nothing more goes to this workspace before."""
        limits = self._limits[platform]
        with self._lock:
            for key, rate in ((conversation_key(platform, address), limits.conversation),
                              (workspace_key(platform, address), limits.workspace)):
                # Beyond `until` by the burst allowance, so the first send after is not early.
                self._next[key] = max(self._next.get(key, until),
                                      until + rate.interval * (rate.burst - 1))

    def _earliest(self, key: str, rate: Rate, now: datetime) -> datetime:
        tat = self._next.get(key)
        if tat is None:
            return now
        return max(now, tat - rate.interval * (rate.burst - 1))
