"""Opening a report from the navigator, and filtering the recommendations view.

Report: a mouse click on the report's row in the real navigator, until the view the main
window shows for it has its content and is painted; against the storage read of the same
report with its sections (`services.get` + `services.select`, as bench/workload.py).

Recommendations: the real view (npmdesk/ui/tracking/overview.py) over every
recommendation of the case file, opened three times (until its first paint), against the
storage read of every recommendation as records and against the one query it runs; each filter change (place, authority, status, overdue, and
the four together) until the table and charts are painted; against a plain Python list
filter of the same rows.
"""

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench import gui_common as g
from npmdesk.domain import model
from npmdesk.services.records import edit as services
from npmdesk.services.tracking.recommendations import RecRow
from npmdesk.storage import recommendation_rows
from npmdesk.ui.common import ops
from npmdesk.ui.shell.navigator import KeyRole, record_key
from npmdesk.ui.drafting.report_view import ReportView
from npmdesk.ui.records.summary import GroupPage, SummaryView

REPORT_TARGET_S = 0.300
FILTER_TARGET_S = 0.100
LOAD_TARGET_S = 0.5  # issue 16: the first paint over 20,000 recommendations (3.8 s before)


def _click(tree, index) -> None:
    tree.scrollTo(index)
    g.painted()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     tree.visualRect(index).center())


def open_report(app, report_id: str, repeat: int = 15) -> dict:
    """Click the report in the navigator `repeat` times (its Informes group in between)."""
    controller = app.main_controller
    controller.reveal("report", report_id, open_it=False)
    g.wait_until(lambda: controller.model.index_for(record_key("report", report_id)).isValid(),
                 what="the report in the navigator")
    g.settle()
    tree = app.window.tree
    clicks, reads = [], []
    for _ in range(repeat):
        index = controller.model.index_for(record_key("report", report_id))
        _click(tree, index.parent())
        g.wait_until(lambda: isinstance(controller.current_view, GroupPage), what="the group page")
        g.settle()
        started = time.perf_counter()
        services.get(app.ctx.session, model.Report, report_id)
        sections = services.select(app.ctx.session, model.Section, report_id=report_id)
        reads.append(time.perf_counter() - started)
        group_page = controller.current_view
        started = time.perf_counter()
        _click(tree, index)
        # shown = the new view is in place and every read it started has reported back
        g.wait_until(lambda: controller.current_view is not group_page and ops.running() == 0,
                     what="the report view")
        clicks.append(g.painted() - started)
        assert controller.current_key == index.data(KeyRole)
    view = controller.current_view
    summary = view.summary if isinstance(view, ReportView) else view
    shown = [summary.form.itemAt(n, summary.form.ItemRole.LabelRole).widget().text()
             for n in range(summary.form.rowCount())] if isinstance(summary, SummaryView) else []
    listed = view.sections.topLevelItemCount() if isinstance(view, ReportView) else 0
    g.settle()
    return {"sections": len(sections), "click_s": clicks, "read_s": reads,
            "view": type(view).__name__, "fields_shown": shown, "sections_listed": listed}


def _plain_filter(rows: list[RecRow], place: str, authority: str, status: str, overdue: bool):
    out = []
    for r in rows:
        if place and r.place_id != place:
            continue
        if authority and r.rec.authority != authority:
            continue
        if status and r.status != status:
            continue
        if overdue and not r.overdue:
            continue
        out.append(r)
    return out


def _steps(view) -> list[tuple[str, object, object]]:
    """(kind, widget, value) in order; each step changes one filter."""
    steps = []
    for combo, kind in ((view.place, "place"), (view.authority, "authority"), (view.status, "status")):
        for n in range(1, min(combo.count(), 6)):
            steps.append((kind, combo, n))
        steps.append((kind, combo, 0))
    steps += [("overdue", view.overdue, True), ("overdue", view.overdue, False)]
    steps += [("all four", view.place, 1), ("all four", view.authority, 1),
              ("all four", view.status, 1), ("all four", view.overdue, True)]
    steps += [("all four", view.overdue, False), ("all four", view.status, 0),
              ("all four", view.authority, 0), ("all four", view.place, 0)]
    return steps


def _open_recommendations(controller) -> tuple[float, object]:
    """Open the view from the View menu's action; (seconds to its first paint with every row, view)."""
    started = time.perf_counter()
    controller.show_recommendations()
    view = controller.current_view
    g.wait_until(lambda: view.rows, 120, "the recommendations to load")
    return g.painted() - started, view


def filter_recommendations(app, opens: int = 3) -> dict:
    controller = app.main_controller
    loads, reads, queries = [], [], []
    for n in range(opens):
        if n:
            controller._show(None, None)
            g.settle()
        loaded, view = _open_recommendations(controller)
        loads.append(loaded)
        g.settle()
        started = time.perf_counter()
        stored = services.select(app.ctx.session, model.Recommendation)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        with app.ctx.session.case.lock:
            recommendation_rows.overview(app.ctx.session.case.conn)
        queries.append(time.perf_counter() - started)
    rows = view.rows
    times: dict[str, list[float]] = {}
    plain: dict[str, list[float]] = {}
    for kind, widget, value in _steps(view):
        started = time.perf_counter()
        if kind == "overdue" or widget is view.overdue:
            widget.setChecked(value)
        else:
            widget.setCurrentIndex(value)
        times.setdefault(kind, []).append(g.painted() - started)
        criteria = (view.place.currentData() or "", view.authority.currentData() or "",
                    view.status.currentData() or "", view.overdue.isChecked())
        started = time.perf_counter()
        expected = _plain_filter(rows, *criteria)
        plain.setdefault(kind, []).append(time.perf_counter() - started)
        if len(expected) != len(view.shown) or view.model.rowCount() != len(expected):
            raise AssertionError(f"the view shows {len(view.shown)} rows, the plain filter {len(expected)}")
    g.settle()
    app.main_controller._show(None, None)
    return {"records": len(rows), "stored": len(stored), "load_s": loads, "read_s": reads, "query_s": queries,
            "filter_s": times, "plain_s": plain}


def rows(report: dict | None, recs: dict) -> list[dict]:
    out = []
    if report is not None:  # bench/gui_bench.py --only recommendations leaves it out
        out += [g.row(f"open a report of {report['sections']} sections: click in the navigator → "
                      f"report view painted, median", g.median(report["click_s"]), g.median(report["read_s"]),
                      target=f"≤ {REPORT_TARGET_S * 1000:.0f} ms", met=max(report["click_s"]) <= REPORT_TARGET_S,
                      baseline_label="storage read of the report and its sections"),
                g.row("the same, slowest click", max(report["click_s"]), max(report["read_s"]),
                      baseline_label="storage read of the report and its sections")]
    loads = recs["load_s"]
    out.append(g.row(f"open the recommendations view ({recs['records']:,} records, first paint), median of "
                     f"{len(loads)}", g.median(loads), g.median(recs["read_s"]), unit="s",
                     target=f"≤ {LOAD_TARGET_S} s (slowest)", met=max(loads) <= LOAD_TARGET_S,
                     baseline_label="storage read of the recommendations as records"))
    out.append(g.row("the same, median", g.median(loads), g.median(recs["query_s"]), unit="s",
                     baseline_label="the one SQL query of its rows (storage/recommendation_rows.py)"))
    out.append(g.row("the same, slowest", max(loads), None, unit="s"))
    every = [t for values in recs["filter_s"].values() for t in values]
    for kind, values in recs["filter_s"].items():
        out.append(g.row(f"filter by {kind}, median of {len(values)}", g.median(values),
                         g.median(recs["plain_s"][kind]), baseline_label="plain Python list filter"))
    out.append(g.row(f"any filter change, slowest of {len(every)}", max(every),
                     max(t for values in recs["plain_s"].values() for t in values),
                     target=f"≤ {FILTER_TARGET_S * 1000:.0f} ms", met=max(every) <= FILTER_TARGET_S,
                     baseline_label="plain Python list filter"))
    return out
