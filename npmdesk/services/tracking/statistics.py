"""Statistics of a period, computed from the case file (never typed twice): visits, people
interviewed in aggregate, allegations, referrals, recommendations issued, and the compliance of
recommendations issued in earlier years.

Only counts leave this module: no interview code, note or identity is ever part of a result, so
what `stats`, the statistics view and the annual report show cannot name anyone.
"""

from dataclasses import dataclass, field

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session

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
        }


def status_on(rec: model.Recommendation, day: str) -> str:
    """The recommendation's status at the end of `day`: its latest follow-up dated on or before
    it; with no follow-up at all, its own status field (which carries no date).

    The one place statistics read a recommendation's status, so moving to a dated status
    history changes only this function.
    """
    if not rec.follow_ups:
        return rec.status
    dated = [f for f in rec.follow_ups if f.date[:10] <= day]
    return max(dated, key=lambda f: f.date).status if dated else "pendiente"


def compliance_level(status: str) -> str:
    level = _AS_COMPLIANCE.get(status, status)
    return level if level in COMPLIANCE else "pendiente"


def _count(counter: dict[str, int], key: str) -> None:
    counter[key] = counter.get(key, 0) + 1


def _ordered(counter: dict[str, int]) -> dict[str, int]:
    """Largest first, then by key, so tables and JSON read the same every time."""
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def compute(session: Session, period: Period) -> Statistics:
    places = {p.id: p for p in records.select(session, model.Place)}
    visits = {v.id: v for v in records.select(session, model.Visit)}
    stats = Statistics(period)
    in_period = {vid: v for vid, v in visits.items() if period.holds(v.start_date)}
    _visits(stats, in_period, places)
    _interviews(stats, records.select(session, model.Interview), in_period)
    _recommendations(stats, records.select(session, model.Recommendation), visits)
    return stats


def _visits(stats: Statistics, visits: dict[str, model.Visit], places: dict[str, model.Place]) -> None:
    by_kind, by_province, by_visit_kind, announced = {}, {}, {}, {}
    for visit in visits.values():
        place = places.get(visit.place_id)
        _count(by_kind, place.kind if place else "otro")
        _count(by_province, (place.province if place else "") or "")
        _count(by_visit_kind, visit.kind)
        _count(announced, "anunciada" if visit.announced else "no_anunciada")
    stats.visits = len(visits)
    stats.places_visited = len({v.place_id for v in visits.values()})
    stats.visits_by_place_kind = _ordered(by_kind)
    stats.visits_by_province = _ordered(by_province)
    stats.visits_by_kind = _ordered(by_visit_kind)
    stats.visits_by_announcement = _ordered(announced)


def _interviews(stats: Statistics, interviews: list[model.Interview], visits: dict) -> None:
    by_kind, by_sex, by_age, by_group, allegations = {}, {}, {}, {}, {}
    for interview in interviews:
        if interview.visit_id not in visits:
            continue
        stats.interviews += 1
        _count(by_kind, interview.kind)
        _count(by_sex, interview.sex)
        _count(by_age, interview.age_range)
        for group in set(interview.vulnerable_groups):
            _count(by_group, group)
        for allegation in set(interview.allegations):
            _count(allegations, allegation)
        stats.interviews_with_allegations += bool(interview.allegations)
        stats.referrals += bool(interview.referral_needed)
    stats.interviews_by_kind = _ordered(by_kind)
    stats.interviews_by_sex = _ordered(by_sex)
    stats.interviews_by_age = _ordered(by_age)
    stats.interviews_by_group = _ordered(by_group)
    stats.allegations = _ordered(allegations)


def _recommendations(stats: Statistics, recs: list[model.Recommendation], visits: dict) -> None:
    by_authority, by_priority, by_area = {}, {}, {}
    first_day = stats.period.start
    for rec in recs:
        visit = visits.get(rec.visit_id)
        issued = visit.start_date[:10] if visit else ""
        if stats.period.holds(issued):
            stats.recommendations += 1
            _count(by_authority, rec.authority)
            _count(by_priority, rec.priority)
            _count(by_area, rec.area or "")
        elif issued and issued < first_day:
            level = compliance_level(status_on(rec, stats.period.end))
            for group in (stats.compliance_total,
                          stats.compliance_by_authority.setdefault(rec.authority, Compliance()),
                          stats.compliance_by_year.setdefault(issued[:4], Compliance())):
                group.counts[level] += 1
    stats.recommendations_by_authority = _ordered(by_authority)
    stats.recommendations_by_priority = _ordered(by_priority)
    stats.recommendations_by_area = _ordered(by_area)
    stats.compliance_by_authority = dict(sorted(stats.compliance_by_authority.items()))
    stats.compliance_by_year = dict(sorted(stats.compliance_by_year.items()))

