"""bench/package_bench.py still runs against the current code (no timings are checked here)."""

from bench import package_bench
from npmdesk.crypto import package as sealing


def test_the_sealing_benchmark_runs_and_round_trips():
    rows = package_bench.measure_crypto({"after": sealing}, mib=0, rounds=1)
    assert [name for name, _seal, _open in rows] == ["after", "bare AES-256-GCM + zlib + JSON"]
    assert all(seal > 0 and opened > 0 for _name, seal, opened in rows)
