"""The demo's history in plausible time: work of May 2025 and October–November 2026, in office
hours in Panama, minutes apart, never going back (the bitácora is read in order)."""

from datetime import datetime, timedelta, timezone

PANAMA = timezone(timedelta(hours=-5))  # Panama keeps UTC−5 all year, without summer time


class DemoClock:
    """Called for each timestamp; `at()` moves on to the next working session."""

    def __init__(self, year: int, month: int, day: int, hour: int = 9, minute: int = 0):
        self._now = datetime(year, month, day, hour, minute, tzinfo=PANAMA)
        self._calls = 0

    def at(self, year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> None:
        self._now = max(self._now, datetime(year, month, day, hour, minute, tzinfo=PANAMA))

    def __call__(self) -> datetime:
        self._calls += 1
        # 25 s to ~4 min between steps, deterministic so every demo reads the same.
        self._now += timedelta(seconds=25 + (self._calls * 53) % 220)
        return self._now.astimezone(timezone.utc)
