"""Statistics of a period, computed from the case file (never typed twice): visits, people
interviewed in aggregate, allegations, referrals, recommendations issued, and the compliance of
recommendations issued in earlier years.

Only counts leave this module: no interview code, note or identity is ever part of a result, so
what `stats`, the statistics view and the annual report show cannot name anyone.
"""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from npmdesk.services.session import Session
from npmdesk.storage import statistics_queries as queries

# The compliance levels reported (SIMORE-style "nivel de cumplimiento"), in the order shown.
COMPLIANCE = ("cumplida", "parcialmente_cumplida", "en_proceso", "incumplida", "pendiente")
# A recommendation repeated in a later report ("reiterada") was repeated because it was not met.
_AS_COMPLIANCE = {"reiterada": "incumplida"}


@dataclass(frozen=True)
class Period:
    start: str  # ISO date, inclusive
    end: str    # ISO date, inclusive

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(f"{year:04d}-01-01", f"{year:04d}-12-31")

    def holds(self, day: str) -> bool:
        return bool(day) and self.start <= day[:10] <= self.end


@dataclass
class Compliance:
    """Counts per compliance level for one group (an authority or a year of issue)."""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMPLIANCE, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, level: str) -> float:
        """Share of the group at `level`, 0..1 (0 for an empty group)."""
        return self.counts[level] / self.total if self.total else 0.0

    def to_json(self) -> dict:
        return {"total": self.total, "counts": dict(self.counts),
                "rates": {k: round(self.rate(k), 4) for k in COMPLIANCE}}


@dataclass
class Statistics:
    period: Period
    visits: int = 0
    places_visited: int = 0
    visits_by_place_kind: dict[str, int] = field(default_factory=dict)
    visits_by_province: dict[str, int] = field(default_factory=dict)
    visits_by_kind: dict[str, int] = field(default_factory=dict)
    visits_by_announcement: dict[str, int] = field(default_factory=dict)  # anunciada / no_anunciada
    interviews: int = 0
    interviews_by_kind: dict[str, int] = field(default_factory=dict)
    interviews_by_sex: dict[str, int] = field(default_factory=dict)
    interviews_by_age: dict[str, int] = field(default_factory=dict)
    interviews_by_group: dict[str, int] = field(default_factory=dict)  # one interview may count in several
    interviews_with_allegations: int = 0
    allegations: dict[str, int] = field(default_factory=dict)  # interviews raising each allegation
    referrals: int = 0
    recommendations: int = 0
    recommendations_by_authority: dict[str, int] = field(default_factory=dict)
    recommendations_by_priority: dict[str, int] = field(default_factory=dict)
    recommendations_by_area: dict[str, int] = field(default_factory=dict)
    compliance_total: Compliance = field(default_factory=Compliance)
    compliance_by_authority: dict[str, Compliance] = field(default_factory=dict)
    compliance_by_year: dict[str, Compliance] = field(default_factory=dict)
    # Days from a recommendation's issue to the response that answers it (responses of the
    # period); {authority: [days]}, by authority.
    response_days: dict[str, list[int]] = field(default_factory=dict)

    def median_response_days(self, authority: str | None = None) -> float | None:
        """Median days to a response (of `authority`, or of all); None with no response."""
        days = self.response_days.get(authority, []) if authority else [
            d for found in self.response_days.values() for d in found]
        return median(days) if days else None

    def to_json(self) -> dict:
        """The documented JSON of `npmdesk stats --json` (docs/estadisticas.md)."""
        return {
            "format": "npmdesk-estadisticas", "version": 1,
            "period": {"start": self.period.start, "end": self.period.end},
            "visits": {"total": self.visits, "places": self.places_visited,
                       "by_place_kind": self.visits_by_place_kind,
                       "by_province": self.visits_by_province, "by_kind": self.visits_by_kind,
                       "by_announcement": self.visits_by_announcement},
            "interviews": {"total": self.interviews, "by_kind": self.interviews_by_kind,
                           "by_sex": self.interviews_by_sex, "by_age_range": self.interviews_by_age,
                           "by_vulnerable_group": self.interviews_by_group,
                           "with_allegations": self.interviews_with_allegations,
                           "allegations": self.allegations, "referrals": self.referrals},
            "recommendations": {"total": self.recommendations,
                                "by_authority": self.recommendations_by_authority,
                                "by_priority": self.recommendations_by_priority,
                                "by_area": self.recommendations_by_area},
            "compliance": {"total": self.compliance_total.to_json(),
                           "by_authority": {k: v.to_json() for k, v in self.compliance_by_authority.items()},
                           "by_year": {k: v.to_json() for k, v in self.compliance_by_year.items()}},
            "responses": {"answered": sum(len(d) for d in self.response_days.values()),
                          "median_days": self.median_response_days(),
                          "by_authority": {a: {"answered": len(d), "median_days": self.median_response_days(a)}
                                           for a, d in self.response_days.items()}},
        }


def status_on(status: str, history: list[tuple[str, str]], day: str) -> str:
    """A recommendation's status at the end of `day`: the latest of its dated statuses
    (`history`, (date, status) oldest first) on or before it; with no dated status at all, its
    own status field (which carries no date).

    The one place statistics decide a recommendation's status, so moving to a dated status
    history changes only this function and storage/statistics_queries.status_history.
    """
    if not history:
        return status
    dated = [s for d, s in history if d[:10] <= day]
    return dated[-1] if dated else "pendiente"


def compliance_level(status: str) -> str:
    level = _AS_COMPLIANCE.get(status, status)
    return level if level in COMPLIANCE else "pendiente"


def _count(counter: dict[str, int], key: str) -> None:
    counter[key] = counter.get(key, 0) + 1


def _ordered(counter: dict[str, int]) -> dict[str, int]:
    """Largest first, then by key, so tables and JSON read the same every time."""
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def compute(session: Session, period: Period) -> Statistics:
    with session.case.lock:
        conn = session.case.conn
        visits = queries.visits(conn, period.start, period.end)
        interviews = queries.interview_profiles(conn, period.start, period.end)
        recs = queries.recommendations(conn, period.end)
        history = queries.status_history(conn)
        responses = queries.response_times(conn, period.start, period.end)
    stats = Statistics(period)
    _visits(stats, visits)
    _interviews(stats, interviews)
    _recommendations(stats, recs, history)
    _responses(stats, responses)
    return stats


def _responses(stats: Statistics, responses: list[tuple[str, str, str]]) -> None:
    found: dict[str, list[int]] = {}
    for authority, answered, issued in responses:
        try:
            days = (date.fromisoformat(answered) - date.fromisoformat(issued)).days
        except ValueError:  # an issue date never recorded: no time to count
            continue
        found.setdefault(authority, []).append(max(days, 0))
    stats.response_days = {a: sorted(days) for a, days in sorted(found.items())}


def _visits(stats: Statistics, visits: list[tuple]) -> None:
    by_kind, by_province, by_visit_kind, announced = {}, {}, {}, {}
    for _place, kind, province, visit_kind, is_announced in visits:
        _count(by_kind, kind)
        _count(by_province, province)
        _count(by_visit_kind, visit_kind)
        _count(announced, "anunciada" if is_announced else "no_anunciada")
    stats.visits = len(visits)
    stats.places_visited = len({v[0] for v in visits})
    stats.visits_by_place_kind = _ordered(by_kind)
    stats.visits_by_province = _ordered(by_province)
    stats.visits_by_kind = _ordered(by_visit_kind)
    stats.visits_by_announcement = _ordered(announced)


def _interviews(stats: Statistics, interviews: list[tuple]) -> None:
    by_kind, by_sex, by_age, by_group, allegations = {}, {}, {}, {}, {}
    for kind, sex, age, groups, raised, referral in interviews:
        _count(by_kind, kind)
        _count(by_sex, sex)
        _count(by_age, age)
        for group in set(groups):
            _count(by_group, group)
        for allegation in set(raised):
            _count(allegations, allegation)
        stats.interviews_with_allegations += bool(raised)
        stats.referrals += referral
    stats.interviews = len(interviews)
    stats.interviews_by_kind = _ordered(by_kind)
    stats.interviews_by_sex = _ordered(by_sex)
    stats.interviews_by_age = _ordered(by_age)
    stats.interviews_by_group = _ordered(by_group)
    stats.allegations = _ordered(allegations)


def _recommendations(stats: Statistics, recs: list[tuple], history: dict) -> None:
    by_authority, by_priority, by_area = {}, {}, {}
    first_day, last_day = stats.period.start, stats.period.end
    for rec_id, issued, authority, priority, area, status in recs:
        if issued >= first_day:
            stats.recommendations += 1
            _count(by_authority, authority)
            _count(by_priority, priority)
            _count(by_area, area or "")
            continue
        level = compliance_level(status_on(status, history.get(rec_id, []), last_day))
        for group in (stats.compliance_total,
                      stats.compliance_by_authority.setdefault(authority, Compliance()),
                      stats.compliance_by_year.setdefault(issued[:4], Compliance())):
            group.counts[level] += 1
    stats.recommendations_by_authority = _ordered(by_authority)
    stats.recommendations_by_priority = _ordered(by_priority)
    stats.recommendations_by_area = _ordered(by_area)
    stats.compliance_by_authority = dict(sorted(stats.compliance_by_authority.items()))
    stats.compliance_by_year = dict(sorted(stats.compliance_by_year.items()))
