"""Tests of analysis/workspace.py that need other processes: an append killed in the middle of its
transaction leaves the dataset as before; two processes appending at once end with every row
exactly once; a save killed mid-transaction leaves none of its rows readable in the file."""
from __future__ import annotations

import os
import pickle
import signal

import numpy as np
import pandas as pd

from analysis.workspace import IN_TRANSACTION_MARK, SLEEP_ENV, WRITING_MARK, Workspace
from tests.test_workspace import en, part, run_child, ws  # noqa: F401  (fixtures)


def killed_inside_transaction(action: str, name: str, pickled) -> None:
    """Run Workspace().<action>(name, <the pickled dataset>) in another process and SIGKILL it
    inside its transaction, after its writes and before the commit."""
    child = run_child(f"""
        import pickle, sys
        from analysis.workspace import Workspace
        Workspace().{action}({name!r}, pickle.loads(open(sys.argv[1], "rb").read()))
        print("finished")
    """, str(pickled), env={SLEEP_ENV: "120", "FUPAN_DATA_DIR": os.environ["FUPAN_DATA_DIR"]})
    try:
        line = ""
        while IN_TRANSACTION_MARK not in line:
            line = child.stderr.readline()
            assert line, "the child ended before its transaction"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL


def test_an_append_killed_mid_transaction_leaves_the_dataset_as_before(ws, en, tmp_path):
    ws.save("year", part(en, "2024-01-01", "2024-03-01"))
    before = ws.open("year")
    pickled = tmp_path / "month.pkl"
    pickled.write_bytes(pickle.dumps(part(en, "2024-02-15", "2024-05-01")))
    killed_inside_transaction("append", "year", pickled)
    after = Workspace().open("year")
    pd.testing.assert_frame_equal(after.tickets, before.tickets)
    pd.testing.assert_frame_equal(after.survey, before.survey)
    # and the store takes the append afterwards
    assert ws.append("year", pickle.loads(pickled.read_bytes())).written


def test_two_processes_appending_at_once_keep_every_row_exactly_once(ws, en, tmp_path):
    ws.save("year", part(en, "2024-01-01", "2024-02-01"))
    months = {"a": part(en, "2024-01-15", "2024-03-15"), "b": part(en, "2024-03-01", "2024-05-01")}
    for who, ds in months.items():
        (tmp_path / f"{who}.pkl").write_bytes(pickle.dumps(ds))
    code = """
        import pickle, sys
        from analysis.store import Store
        from analysis.workspace import Workspace
        ws = Workspace(Store(lock_timeout=120))
        for _ in range(2):          # twice: the second time everything is already there
            r = ws.append("year", pickle.loads(open(sys.argv[1], "rb").read()))
        print(r.tickets.added, r.tickets.updated, r.tickets.unchanged)
    """
    children = [run_child(code, str(tmp_path / f"{who}.pkl")) for who in months]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        outputs.append(out.split())
    expected = set(part(en, "2024-01-01", "2024-05-01").tickets["ticket_id"])
    back = ws.open("year")
    assert len(back.tickets) == len(expected) and set(back.tickets["ticket_id"]) == expected
    assert back.survey["ticket_id"].is_unique
    assert outputs == [["0", "0", str(len(months[w].tickets))] for w in months]


def big(ds, rows: int, seed: int):
    """The sample's tickets repeated to `rows` tickets (distinct ids), no survey, each description
    a random 16-letter word (words with no common part are stored as they are, not compressed away):
    enough rows for DuckDB to write the save's blocks before its commit. Also a sample of the words."""
    from analysis.dataset import Dataset

    copies = -(-rows // len(ds.tickets))
    t = pd.concat([ds.tickets] * copies, ignore_index=True)
    t["ticket_id"] = t["ticket_id"].astype(str) + "-" + (t.index // len(ds.tickets)).astype(str)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    draws = letters[np.random.default_rng(seed).integers(0, len(letters), size=(len(t), 16))]
    t["description"] = draws.view("<U16").ravel()
    return Dataset(t, None, list(ds.drivers), ds.csat_scale, ds.nps_scale), list(t["description"][::100])


def readable(words: list[str], path) -> int:
    """How many of `words` stand as they are in the store's files (the database and its WAL)."""
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name) and p.is_file())
    return sum(w.encode() in raw for w in words)


def test_a_save_killed_mid_transaction_leaves_no_rows_readable_in_the_file(ws, en, tmp_path):
    # issue 18: the rows a killed save had written stay in the file's free space unless overwritten
    ws.save("keep", part(en, "2024-01-01", "2024-02-01"))
    kept = ws.open("keep")
    ds, words = big(en, 300_000, seed=1)
    pickled = tmp_path / "big.pkl"
    pickled.write_bytes(pickle.dumps(ds))
    killed_inside_transaction("save", "big", pickled)
    path = ws.store.path
    files = lambda: [p for p in path.parent.iterdir() if p.name.startswith(path.name)]  # noqa: E731
    assert any(WRITING_MARK in p.name for p in files())            # the killed save's marker is left
    # the test is only worth something if the killed save's rows did reach the disk
    assert readable(words, path) > 0
    again = Workspace()                                             # the next visitor's workspace
    assert readable(words, path) == 0
    assert not any(WRITING_MARK in p.name for p in files())
    assert again.names() == ["keep"]
    pd.testing.assert_frame_equal(again.open("keep").tickets, kept.tickets)
    assert again.save("after", part(en, "2024-02-01", "2024-03-01")).tickets > 0
