"""The session memo (ui/cache.py) keeps what the current script run uses, however large, and
evicts older runs' results first when it holds more than its bound (issue 17: Root causes at 1M
evicted its own first results while computing its last, and every rerun computed all again)."""
from streamlit.testing.v1 import AppTest


def script():
    import numpy as np
    import streamlit as st

    from ui import cache
    cache.MAX_BYTES = 1_500          # three 800-byte results pass it
    cache.new_run()
    computed = st.session_state.setdefault("computed", [])
    for name in st.session_state.get("names", []):
        cache.memo(name, cache, (), lambda name=name: computed.append(name) or np.zeros(100))


def test_this_runs_results_stay_and_older_runs_go_first():
    at = AppTest.from_function(script)
    at.session_state["names"] = ["a", "b", "c"]
    at.run()
    assert at.session_state["computed"] == ["a", "b", "c"]        # over the bound, all kept: this run's
    at.run()
    assert at.session_state["computed"] == ["a", "b", "c"]        # a rerun computes nothing again
    at.session_state["names"] = ["d"]
    at.run()                                                        # a new run's result pushes out the old
    kept = {key[0] for key in at.session_state["_memo"]}
    assert "d" in kept and len(kept) <= 2 and "a" not in kept
