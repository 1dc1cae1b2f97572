"""SIGKILL at spread instants of each operation that writes a case file (tests/fault_harness.py):
a few kills each here, the long runs marked slow and in bench/fault_harness.py."""

import pytest

import fault_harness as harness


def _clean(tally) -> None:
    assert tally.clean, (tally.corrupt, tally.lost, tally.unclear, tally.notes)
    assert tally.runs


def test_autosave_killed(tmp_path):
    tally = harness.autosave(tmp_path, kills=4, seed=18)
    _clean(tally)
    assert tally.outcomes["commits"] > 0


def test_passwd_killed(tmp_path):
    tally = harness.passwd(tmp_path, kills=6, seed=18)
    _clean(tally)
    assert tally.outcomes.get("old") and tally.outcomes.get("new"), tally.outcomes
    assert not [p for p in tmp_path.iterdir() if "-rekey" in p.name], "the next open removed the copy"


def test_backup_killed(tmp_path):
    _clean(harness.backup_kills(tmp_path, kills=4, seed=18))


def test_restore_killed(tmp_path):
    _clean(harness.restore_kills(tmp_path, kills=4, seed=18))


@pytest.mark.parametrize("command,kills", [("init", 4), ("import", 5), ("package", 4)])
def test_creation_killed_leaves_nothing_or_a_whole_file(tmp_path, command, kills):
    """Before the atomic creation, 6 of 60 kills of an import left a 0-byte file with a -journal
    or a file `check` refused at the target path."""
    tally = harness.creation_kills(tmp_path, kills=kills, seed=18, command=command, count=120)
    _clean(tally)
    assert tally.outcomes.get("absent"), tally.outcomes  # kills landed before the rename


def test_bit_flips_anywhere_are_found_never_opened_as_sound(tmp_path):
    tally = harness.bitflips(tmp_path, flips=12, seed=18)
    _clean(tally)
    assert tally.runs == 12 and tally.outcomes.get("damaged"), tally.outcomes


@pytest.mark.slow
@pytest.mark.parametrize("name,kills", [("autosave", 20), ("passwd", 50), ("backup", 15),
                                        ("restore", 15), ("import", 20), ("init", 15),
                                        ("package", 15), ("bitflips", 100)])
def test_many_kills(tmp_path, name, kills):
    _clean(harness.EXPERIMENTS[name](tmp_path, kills, 2026))
