"""The statistics of a period as labelled tables: what `npmdesk stats`, the statistics view and
the annual report show, built once so the three never disagree.

`tr` translates the labels: `_` for the person's language (command line, GUI), `es_` for the
Spanish of the annual report.
"""

from dataclasses import dataclass
from typing import Callable

from npmdesk.domain import vocabulary
from npmdesk.export import spanish
from npmdesk.i18n import N_, _
from npmdesk.services.tracking.statistics import COMPLIANCE, Compliance, Statistics

ANNOUNCEMENT = {"anunciada": N_("Anunciada"), "no_anunciada": N_("No anunciada")}
COMPLIANCE_LABELS = {k: vocabulary.REC_STATUSES[k] for k in COMPLIANCE}


@dataclass(frozen=True)
class Table:
    key: str           # stable name (the JSON section it comes from)
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # (label, count) of a table with one count per row, drawn as a bar chart; () for none.
    counts: tuple[tuple[str, int], ...] = ()
    # (group label, one count per series) for a stacked bar chart, with the series' labels.
    stacks: tuple[tuple[str, tuple[int, ...]], ...] = ()
    series: tuple[str, ...] = ()


def _label(vocab: dict, code: str, tr: Callable, empty: str) -> str:
    if not code:
        return tr(empty)
    return tr(vocab[code]) if code in vocab else code


def _simple(key: str, title: str, counter: dict[str, int], tr, vocab: dict | None = None,
            empty: str = N_("Sin dato"), first: str = N_("Categoría")) -> Table:
    counts = tuple((_label(vocab or {}, code, tr, empty), n) for code, n in counter.items())
    return Table(key, tr(title), (tr(first), tr("Número")),
                 tuple((label, spanish.number(n)) for label, n in counts), counts)


def percent(rate: float) -> str:
    return spanish.number(round(rate * 100, 1)) + "\u00a0%"  # never split from its number


def _compliance(key: str, title: str, first: str, groups: dict[str, Compliance],
                total: Compliance, tr) -> Table:
    headers = (tr(first),) + tuple(tr(COMPLIANCE_LABELS[k]) for k in COMPLIANCE) + (
        tr("Total"), tr("% cumplidas"))
    rows = []
    for name, group in list(groups.items()) + [(tr("Total"), total)]:
        rows.append((name,) + tuple(spanish.number(group.counts[k]) for k in COMPLIANCE)
                    + (spanish.number(group.total), percent(group.rate("cumplida"))))
    stacks = tuple((name, tuple(group.counts[k] for k in COMPLIANCE)) for name, group in groups.items())
    return Table(key, tr(title), headers, tuple(rows), stacks=stacks, series=headers[1:1 + len(COMPLIANCE)])


def tables(stats: Statistics, tr: Callable = _) -> list[Table]:
    """Every table of the statistics, in the order they are shown."""
    overview = Table("summary", tr("Resumen del período"), (tr("Indicador"), tr("Número")), tuple(
        (tr(label), spanish.number(n)) for label, n in (
            (N_("Visitas realizadas"), stats.visits),
            (N_("Lugares visitados"), stats.places_visited),
            (N_("Entrevistas"), stats.interviews),
            (N_("Entrevistas con alegaciones"), stats.interviews_with_allegations),
            (N_("Derivaciones"), stats.referrals),
            (N_("Recomendaciones emitidas"), stats.recommendations),
            (N_("Recomendaciones de años anteriores en seguimiento"), stats.compliance_total.total))))
    return [
        overview,
        _simple("visits.by_place_kind", N_("Visitas por tipo de lugar"), stats.visits_by_place_kind,
                tr, vocabulary.PLACE_KINDS, first=N_("Tipo de lugar")),
        _simple("visits.by_province", N_("Visitas por provincia"), stats.visits_by_province, tr,
                empty=N_("Sin provincia"), first=N_("Provincia")),
        _simple("visits.by_kind", N_("Visitas por tipo de visita"), stats.visits_by_kind, tr,
                vocabulary.VISIT_KINDS, first=N_("Tipo de visita")),
        _simple("visits.by_announcement", N_("Visitas anunciadas y no anunciadas"),
                stats.visits_by_announcement, tr, ANNOUNCEMENT, first=N_("Modalidad")),
        _simple("interviews.by_sex", N_("Entrevistas por sexo"), stats.interviews_by_sex,
                tr, vocabulary.SEXES, first=N_("Sexo")),
        _simple("interviews.by_age_range", N_("Entrevistas por rango de edad"),
                stats.interviews_by_age, tr, vocabulary.AGE_RANGES, first=N_("Rango de edad")),
        _simple("interviews.by_vulnerable_group", N_("Entrevistas por grupo en situación de vulnerabilidad"),
                stats.interviews_by_group, tr, vocabulary.VULNERABLE_GROUPS, first=N_("Grupo")),
        _simple("interviews.allegations", N_("Alegaciones por tipo"), stats.allegations, tr,
                vocabulary.ALLEGATIONS, first=N_("Tipo de alegación")),
        _simple("recommendations.by_authority", N_("Recomendaciones emitidas por autoridad"),
                stats.recommendations_by_authority, tr, first=N_("Autoridad")),
        _simple("recommendations.by_priority", N_("Recomendaciones emitidas por prioridad"),
                stats.recommendations_by_priority, tr, vocabulary.REC_PRIORITIES, first=N_("Prioridad")),
        _simple("recommendations.by_area", N_("Recomendaciones emitidas por área temática"),
                stats.recommendations_by_area, tr, vocabulary.THEMATIC_AREAS,
                empty=N_("Sin área"), first=N_("Área temática")),
        _compliance("compliance.by_authority",
                    N_("Cumplimiento de recomendaciones de años anteriores, por autoridad"),
                    N_("Autoridad"), stats.compliance_by_authority, stats.compliance_total, tr),
        _compliance("compliance.by_year",
                    N_("Cumplimiento de recomendaciones de años anteriores, por año de emisión"),
                    N_("Año"), stats.compliance_by_year, stats.compliance_total, tr),
    ]


def as_text(table: Table, tr: Callable = _) -> str:
    """A plain-text table for the terminal: title, underline, aligned columns."""
    widths = [max(len(str(c)) for c in column) for column in zip(table.headers, *table.rows)]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    lines = [table.title, "=" * len(table.title), line(table.headers),
             "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in table.rows] or [tr("(sin datos en el período)")]
    return "\n".join(lines)
