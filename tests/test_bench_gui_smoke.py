"""The GUI benchmarks (bench/gui_bench.py) run end to end on a tiny synthetic case file, so they
cannot rot. No timings are asserted: speed lives in bench/ (DESIGN.md §8)."""

import pytest

from bench import gui_bench, synthetic
from npmdesk.domain import model, richtext
from npmdesk.storage import records
from npmdesk.storage.casefile import CaseFile


@pytest.fixture(scope="module")
def case_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("guibench") / "diez-anos.npmcase"
    case = synthetic.create_encrypted(path)
    try:
        synthetic.populate(case, 0.003, seed=11)
    finally:
        case.close()
    return path


def test_the_synthetic_file_has_a_report_of_40_sections_with_a_30_page_one(case_file):
    case = CaseFile.open(case_file, synthetic.BENCH_PASSPHRASE)
    try:
        report = [r for r in records.select(case.conn, model.Report)
                  if r.title == synthetic.LONG_REPORT_TITLE]
        assert len(report) == 1
        sections = records.select(case.conn, model.Section, {"report_id": report[0].id})
        assert len(sections) == 40 and all(s.body and s.guidance for s in sections)
        long_body = sections[0].body
        assert richtext.word_count(richtext.plain_text(long_body)) >= 15000
        clean = richtext.sanitize(long_body)  # the formatting survives what the editor keeps
        assert all(tag in clean for tag in ("<h3>", "<b>", "<i>", "<u>", "<ul>", "<table>"))
    finally:
        case.close()


def test_every_gui_benchmark_runs_and_its_table_is_written(qtbot, case_file, tmp_path):
    revisions_before = _revisions(case_file)
    results = gui_bench.measure(case_file, tmp_path, quick=True)
    editor, report, recs = results["editor"], results["report"], results["recommendations"]
    assert editor["section_words"] >= 15000
    typed = editor["rounds"] * editor["chars_per_round"]
    assert len(editor["key_s"]) == len(editor["bare_key_s"]) == len(editor["key_no_highlighter_s"]) == typed
    assert len(editor["autosave_latency_s"]) == editor["rounds"]  # every round's autosave committed
    # each autosave and each service save added a revision to the long section
    assert _revisions(case_file) == revisions_before + 2 * editor["rounds"]
    assert report["sections"] == 40 and report["view"] == "ReportView"
    assert report["sections_listed"] == 40  # the report page lists every section it opens
    assert "Número:" in report["fields_shown"]
    assert recs["records"] == recs["stored"] == 60  # 20,000 × 0.003
    assert set(recs["filter_s"]) == {"place", "authority", "status", "overdue", "all four"}
    table = gui_bench.table(results)
    assert "open a report of 40 sections" in table and "any filter change" in table
    assert "autosave: typing stops" in table


def _revisions(path) -> int:
    case = CaseFile.open(path, synthetic.BENCH_PASSPHRASE)
    try:
        return case.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    finally:
        case.close()
