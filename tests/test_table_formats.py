"""The one rule for how tables write their numbers (ui.widgets.table): each column's kind gives
its printf format (Streamlit's sprintf-js, "," for thousands), shares are shown ×100, the first
column is pinned, text columns are as wide as their longest text. Expected formats are written
out by hand from the rule in the issue (counts "11,685", percents "72.5 %", changes "+3.2 pp")."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui import widgets as w


def formats(frame: pd.DataFrame, kinds=None, **kwargs) -> dict[str, str | None]:
    return {c: (conf.get("type_config") or {}).get("format") for c, conf in w.column_formats(frame, kinds, **kwargs).items()}


def test_each_kind_writes_its_numbers_by_the_rule():
    frame = pd.DataFrame({"label": ["a"], "count": [11683], "row": [3297], "pct": [72.5], "share": [0.39],
                          "pp": [3.2], "share_change": [0.032], "time": [4489.83], "r": [0.41], "p": ["< 0.001"]})
    kinds = {"label": w.LABEL, "count": w.COUNT, "row": w.NUMBER, "pct": w.PERCENT, "share": w.SHARE,
             "pp": w.POINTS, "share_change": w.SHARE_CHANGE, "time": w.DURATION, "r": w.decimals(3),
             "p": w.FIGURE}
    assert formats(frame, kinds) == {"label": None, "count": "%,d", "row": "%d", "pct": "%,.1f %%",
                                     "share": "%,.1f %%", "pp": "%+,.1f pp", "share_change": "%+,.1f pp",
                                     "time": "%,.1f", "r": "%,.3f", "p": None}
    config = w.column_formats(frame, kinds)
    assert config["p"]["alignment"] == "right"            # figures as text line up like numbers
    assert config["label"]["pinned"] is True and all(not config[c].get("pinned") for c in list(kinds)[1:])


def test_percentage_points_in_the_readers_language():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_pp_in_chinese)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.markdown[0].value == "%+,.1f 个百分点"


def _pp_in_chinese():
    import streamlit as st

    from ui import widgets
    st.markdown(widgets.number_format(widgets.POINTS))


def test_a_column_not_named_is_read_from_its_values():
    frame = pd.DataFrame({"n": pd.array([1, None, 30000], dtype="Int64"), "whole": [1.0, 2.0, np.nan],
                          "small": [0.412, 0.08, 0.5], "mid": [4.18, 3.9, 5.0], "big": [72.5, 36.19, 100.0],
                          "text": ["x", "y", "z"], "flag": [True, False, True]})
    assert formats(frame) == {"n": "%,d", "whole": "%,d", "small": "%,.3f", "mid": "%,.2f", "big": "%,.1f",
                              "text": None, "flag": None}


def test_shares_are_shown_in_percent_and_the_frame_is_left_alone():
    frame = pd.DataFrame({"cause": ["a", "b"], "share": [0.3859649, 0.6140351], "change": [-0.032, 0.0]})
    shown = w.shown_values(frame, {"share": w.SHARE, "change": w.SHARE_CHANGE})
    np.testing.assert_allclose(shown["share"], [38.59649, 61.40351])
    np.testing.assert_allclose(shown["change"], [-3.2, 0.0])
    assert frame["share"].tolist() == [0.3859649, 0.6140351]        # the caller's frame is not changed
    assert w.shown_values(frame, {"share": w.PERCENT}) is frame     # a percent is already 0–100


def test_a_shown_index_is_pinned_by_streamlit_not_the_first_column():
    wide = pd.DataFrame({"Phone": [0.61], "Email": [0.55]}, index=pd.Index(["Attitude"], name="Driver"))
    config = w.column_formats(wide, pin_first=False)
    assert not any(c.get("pinned") for c in config.values())


def test_text_columns_are_as_wide_as_their_longest_text():
    latin = w.text_width(pd.Series(["Request type (inquiry, complaint …)", "Agent"]), "Feeds")
    assert latin == int(35 * w.LATIN_PX + 1 * w.TALL_EXTRA_PX + w.PADDING_PX)    # one capital
    chinese = w.text_width(pd.Series(["需求类型（咨询、投诉…）"]), "字段")
    assert chinese == int(11 * w.WIDE_PX + 1 * w.LATIN_PX + w.PADDING_PX)   # "…" is not a wide character
    assert w.text_width(pd.Series(["x" * 400]), "h") == w.WIDEST_PX
    assert w.text_width(pd.Series(["a"]), "b") == w.NARROWEST_PX
    assert w.text_width(pd.Series([1.5]), "n") is None


@pytest.mark.parametrize("extra, expected", [
    ({"label": "Tickets"}, {"label": "Tickets", "format": "%,d", "pinned": None}),
    ("Tickets", {"label": "Tickets", "format": "%,d", "pinned": None}),
    (None, None),
])
def test_a_pages_column_config_adds_to_the_rule(extra, expected, monkeypatch):
    drawn = {}
    monkeypatch.setattr(w.st, "dataframe", lambda data, column_config, **kw: drawn.update(column_config))
    w.table(pd.DataFrame({"id": ["T1"], "n": [5]}), column_config={"n": extra})
    got = drawn["n"]
    if expected is None:
        assert got is None
    else:
        assert got["label"] == expected["label"] and got["type_config"]["format"] == expected["format"]
    assert drawn["id"]["pinned"] is True


def test_durations_read_in_the_unit_their_median_reads_in():
    frame = pd.DataFrame({"late_min": [1_050_575.6, 5_000.0, 6_000.0], "id": ["a", "b", "c"]})
    shown, unit = w.in_reading_unit(frame, ["late_min"])
    assert unit == "d"                       # median 6,000 min = 100 h, beyond three days
    np.testing.assert_allclose(shown["late_min"], frame["late_min"] / 1440.0)
    hours, unit = w.in_reading_unit(pd.DataFrame({"age_h": [1.0, 2.0, 3.0]}), ["age_h"], minutes_per_value=60.0)
    assert unit == "h" and hours["age_h"].tolist() == [1.0, 2.0, 3.0]


def test_metric_kinds_follow_the_metrics_unit():
    assert w.metric_kind("%") == w.PERCENT and w.metric_kind("%", change=True) == w.POINTS
    assert w.number_format(w.metric_kind("tickets", change=True)) == "%+,d"
    assert w.number_format(w.metric_kind("min")) == "%,.1f"
    assert w.number_format(w.metric_kind("points", pd.Series([4.18, 4.2]))) == "%,.2f"
    assert w.number_format(w.metric_kind("points", pd.Series([40.1, 38.5]), change=True)) == "%+,.1f"


def test_a_missing_value_is_written_as_the_house_dash_not_none():
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd

        from ui import widgets
        widgets.table(pd.DataFrame({"Agent": ["Ann", "Bo"], "CSAT %": [81.5, None]}))
    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.dataframe[0].proto.placeholder == "–"
    assert at.dataframe[0].value["CSAT %"].isna().tolist() == [False, True]     # the number stays missing


def test_a_text_columns_width_is_the_same_measured_one_by_one_or_all_at_once():
    from hypothesis import given, settings, strategies as hs

    alphabet = hs.sampled_from(list("abcXYZ019 ,.-") + ["客", "服", "（", "）"])

    def at_once(values, header) -> int:
        texts = pd.concat([values.dropna().astype("string"), pd.Series([str(header)], dtype="string")])
        px = texts.str.len() * w.LATIN_PX + texts.str.count(w.TALL) * w.TALL_EXTRA_PX \
            + texts.str.count(w.WIDE) * (w.WIDE_PX - w.LATIN_PX)
        return int(min(w.WIDEST_PX, max(w.NARROWEST_PX, float(px.max()) + w.PADDING_PX)))

    @settings(max_examples=60, deadline=None)
    @given(hs.lists(hs.one_of(hs.none(), hs.text(alphabet, max_size=40)), max_size=30), hs.integers(1, 40))
    def check(texts, repeat):
        values = pd.Series(texts * repeat, dtype=object)     # past FEW_TEXTS with enough repeats
        assert w.text_width(values, "Header") == at_once(values, "Header")
    check()
