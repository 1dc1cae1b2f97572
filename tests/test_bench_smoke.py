"""The benchmark generator writes the same case file, encrypted or plain (no timings here)."""

import pytest

from bench import synthetic
from npmdesk.storage import search
from npmdesk.storage.casefile import CaseFile

SCALE = 0.003


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    written = {}
    for name, create in (("encrypted", synthetic.create_encrypted), ("plain", synthetic.create_plain)):
        case = create(folder / name)
        try:
            written[name] = synthetic.populate(case, SCALE, seed=7)
        finally:
            case.close()
    encrypted = CaseFile.open(folder / "encrypted", synthetic.BENCH_PASSPHRASE)
    plain = synthetic.open_plain(folder / "plain")
    yield written, encrypted, plain
    encrypted.close()
    plain.close()


def test_both_files_hold_the_same_records(both):
    written, encrypted, plain = both
    assert written["encrypted"] == written["plain"]
    stored = synthetic.stored_counts(encrypted.conn)
    assert stored == synthetic.stored_counts(plain.conn)
    # one report per visit, plus the 40-section report of the GUI benchmarks
    assert stored["visit"] == 9 and stored["report"] == 10 and stored["section"] == 9 * 15 + 40
    assert stored["recommendation"] == 60 and stored["attachment_blobs"] == 6
    # status histories and the authorities' responses, with their action plans (issue 16)
    assert stored["status_changes"] > stored["recommendation"] and 0 < stored["response"] < 60
    assert stored["audit"] == sum(written["encrypted"].values())  # one bitácora entry each


def test_only_the_encrypted_file_hides_its_text(both):
    _, encrypted, plain = both
    assert (plain.path.read_bytes()[:16]) == b"SQLite format 3\x00"
    assert b"hacinamiento" not in encrypted.path.read_bytes()
    assert b"hacinamiento" in plain.path.read_bytes()


@pytest.mark.parametrize("query", ["hacinamiento", "nino", "atencion medica", "celd", "Fotografía"])
def test_a_search_finds_the_same_hits_in_both(both, query):
    _, encrypted, plain = both
    found = {name: sorted(h.entity_id for h in search.search(case.conn, query))
             for name, case in (("encrypted", encrypted), ("plain", plain))}
    assert found["encrypted"], query
    assert found["encrypted"] == found["plain"]


def test_accents_do_not_matter_to_search(both):
    _, encrypted, _ = both
    with_accents = {h.entity_id for h in search.search(encrypted.conn, "niño atención médica")}
    assert with_accents == {h.entity_id for h in search.search(encrypted.conn, "nino atencion medica")}
