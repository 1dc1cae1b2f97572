"""The statistics benchmark runs over a small synthetic case file (no timings checked)."""

from bench import stats_bench, synthetic


def test_the_statistics_benchmark_runs(tmp_path, capsys):
    path = tmp_path / "bench.npmcase"
    case = synthetic.create_encrypted(path)
    try:
        synthetic.populate(case, 0.003, seed=7)
    finally:
        case.close()
    assert stats_bench.main([str(path), "--year", "2020", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "statistics (compute + tables):" in out and "annual report (.docx" in out
    assert out.count("ratio") == 2
