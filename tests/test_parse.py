"""Value parsers: timestamps, durations, scores, booleans, labels."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis import parse, schema


def ts(*args):
    return pd.Timestamp(dt.datetime(*args))


@pytest.mark.parametrize("text", ["2024-05-01 14:30", "2024/5/1 14:30", "2024-05-0114:30", "2024年5月1日 14:30",
                                  "2024-05-01T14:30:00", "2024-05-01T14:30:00+08:00", "2024-05-01 14:30:00"])
def test_every_domain_timestamp_form_reads_as_the_same_moment(text):
    parsed = parse.parse_timestamps(pd.Series([text, None]))
    assert parsed.values[0] == ts(2024, 5, 1, 14, 30)
    assert not parsed.bad.any()


def test_mixed_formats_in_one_column_are_parsed_pass_by_pass():
    raw = pd.Series(["2024-05-01 14:30", "2024/5/2 09:05", "2024-05-0310:00", "N/A", "2024-13-45"])
    parsed = parse.parse_timestamps(raw)
    assert list(parsed.values[:3]) == [ts(2024, 5, 1, 14, 30), ts(2024, 5, 2, 9, 5), ts(2024, 5, 3, 10)]
    assert pd.isna(parsed.values[3]) and not parsed.bad[3]      # N/A is a blank, not an error
    assert parsed.bad[4] and pd.isna(parsed.values[4])          # month 13 is an error


def test_impossible_dates_are_flagged_not_rolled_over():
    parsed = parse.parse_timestamps(pd.Series(["2024-05-01 14:30:00", "2024-02-30 08:15:00", "2024-03-01 08:15:00"]))
    assert pd.isna(parsed.values[1]) and parsed.bad[1]
    assert parsed.values[2] == ts(2024, 3, 1, 8, 15)


def _arrow_text(values: list) -> pd.Series:
    """Text as intake hands it over (Arrow-backed strings, several chunks)."""
    import pyarrow as pa
    half = len(values) // 2
    return pd.Series(pa.chunked_array([pa.array(values[:half], pa.string()),
                                       pa.array(values[half:], pa.string())]).to_pandas())


def test_rolled_over_dates_are_refused_among_glued_and_unpadded_ones():
    raw = _arrow_text(["2024-03-01 00:09", "2024-03-0100:09", "2024/2/30 10:00", "2024/3/1 10:00",
                       "2024-04-31 10:00", "2024-05-01 10:00", "2024-12-0111:11", "2024-11-31 08:00"])
    parsed = parse.parse_timestamps(raw)
    assert list(parsed.bad) == [False, False, True, False, True, False, False, True]
    assert list(parsed.values[[0, 1, 3, 5, 6]]) == [ts(2024, 3, 1, 0, 9), ts(2024, 3, 1, 0, 9), ts(2024, 3, 1, 10),
                                                   ts(2024, 5, 1, 10), ts(2024, 12, 1, 11, 11)]


@pytest.mark.parametrize("values", [
    ["2024-05-01 14:30:00", None, "2023-12-31 23:59:59", "2024-03-01 00:00:00"],
    ["2024-05-01T14:30:00", "2024-02-29T00:00:00"],
    ["2024-05-01 14:30", "2024-05-02 08:00", None],
    ["2024-05-01", "2024-12-31"],
    ["2024-05-01 14:30:00", "1900-01-01 00:00:00"],      # an implausible year
    ["2024-05-01 14:30:00", "2024-02-30 00:00:00"],      # an impossible date
    ["2024-05-01 14:30:00", "N/A", "2024-05-01 14:30"],  # a blank spelled out, a second shape
])
def test_a_clean_iso_column_reads_as_the_general_search_reads_it(values):
    # Arrow-backed text of one ISO shape takes a single cast; object text takes the format search.
    fast = parse.parse_timestamps(_arrow_text(values))
    general = parse.parse_timestamps(pd.Series(values, dtype=object))
    pd.testing.assert_series_equal(fast.values, general.values)
    assert list(fast.bad) == list(general.bad)
    assert fast.formats == general.formats


def test_an_iso_column_with_strays_reads_slice_by_slice_as_strptime_reads_it_whole(monkeypatch):
    # Over CAST_SLICE rows, slices without strays take Arrow's cast and the others strptime;
    # the values, flags and formats must be those of one strptime pass over the whole column.
    monkeypatch.setattr(parse, "CAST_SLICE", 100)
    base = pd.Timestamp("2024-01-01")
    values = [(base + pd.Timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M:%S") for i in range(1000)]
    strays = {5: "2024-02-30 08:15:00", 250: "TBD", 251: "2024-13-45 10:00:00", 600: "1900-01-01 00:00:00",
              601: " 2024-05-01 10:00:00 ", 777: "2024-05-01T10:00:00", 990: "N/A", 991: "2024/05/01 10:00"}
    for i, stray in strays.items():
        values[i] = stray
    sliced = parse.parse_timestamps(_arrow_text(values))
    monkeypatch.setattr(parse, "CAST_SLICE", 10**9)
    whole = parse.parse_timestamps(_arrow_text(values))
    pd.testing.assert_series_equal(sliced.values, whole.values)
    assert list(sliced.bad) == list(whole.bad) and sliced.formats == whole.formats
    assert sliced.bad[[5, 250, 251, 600]].all() and not sliced.bad[[601, 990, 991]].any()
    assert sliced.values[601] == ts(2024, 5, 1, 10) and sliced.values[991] == ts(2024, 5, 1, 10)


def test_zoned_timestamps_are_shown_in_their_own_offset():
    parsed = parse.parse_timestamps(pd.Series(["2024-05-01T06:30:00Z", "2024-05-01T14:30:00+08:00"]))
    # Both are the same instant; the most common offset (a tie: the first by mode order) is used.
    assert parsed.values[0] == parsed.values[1]
    assert parsed.utc_offset in ("+00:00", "+08:00")


def test_excel_serial_numbers_as_numbers_and_as_text():
    # 45413 is 2024-05-01 in Excel's 1900 system; .5 is noon.
    assert parse.parse_timestamps(pd.Series([45413.5])).values[0] == ts(2024, 5, 1, 12)
    assert parse.parse_timestamps(pd.Series(["45413.5"])).values[0] == ts(2024, 5, 1, 12)


def test_day_first_told_from_month_first_by_the_values():
    day_first = parse.parse_timestamps(pd.Series(["22-09-2020", "05-09-2020", "01-10-2020"])).values
    assert list(day_first) == [ts(2020, 9, 22), ts(2020, 9, 5), ts(2020, 10, 1)]
    month_first = parse.parse_timestamps(pd.Series(["09/22/2020 10:00", "05/09/2020 11:00"])).values
    assert list(month_first) == [ts(2020, 9, 22, 10), ts(2020, 5, 9, 11)]


def test_two_digit_year_first_dates_read_as_the_shortest_plausible_span():
    # 22-04-15, 22-05-03, 22-06-10: as yy-mm-dd they span two months of 2022; as dd-mm-yy they
    # would scatter over 2003–2015.
    values = parse.parse_timestamps(pd.Series(["22-04-15", "22-05-03", "22-06-10"])).values
    assert list(values) == [ts(2022, 4, 15), ts(2022, 5, 3), ts(2022, 6, 10)]


@pytest.mark.parametrize("text,minutes", [("5分32秒", 5 + 32 / 60), ("3.2小时", 192), ("14小时36分钟", 14 * 60 + 36),
                                          ("00:05:32", 5 + 32 / 60), ("1h 30m", 90), ("2 days 3 hours", 51 * 60),
                                          ("45 min", 45), ("30s", 0.5)])
def test_duration_strings(text, minutes):
    parsed = parse.parse_durations(pd.Series([text]))
    assert parsed.minutes[0] == pytest.approx(minutes)
    assert not parsed.bad[0]


def test_plain_numbers_take_the_confirmed_unit_and_excel_day_fractions():
    assert parse.parse_durations(pd.Series(["12"]), "hours").minutes[0] == 720
    assert parse.parse_durations(pd.Series([12.0]), "seconds").minutes[0] == pytest.approx(0.2)
    excel = parse.parse_durations(pd.Series([0.25, 0.5]), from_excel=True)
    assert list(excel.minutes) == [360, 720]
    assert parse.guess_plain_unit("处理时长(秒)", "handle_time") == "seconds"
    assert parse.guess_plain_unit("Resolution", "resolution_time") == "hours"


def test_unreadable_duration_is_flagged():
    parsed = parse.parse_durations(pd.Series(["abc", None, "5分"]))
    assert list(parsed.bad) == [True, False, False]


def test_scores_in_every_written_form():
    raw = pd.Series(["5", "5分", "5.0", "2 - Satisfied", "99 - Don't know", "", "6", "x"])
    parsed = parse.parse_scores(raw, header="满意度评分(1-5分)")
    assert parsed.scale == (1, 5)
    assert list(parsed.values[:4]) == [5, 5, 5, 2]
    assert parsed.missing[4] and parsed.missing[5]          # "don't know" counts as missing
    assert parsed.out_of_range[6] and np.isnan(parsed.values[6])
    assert parsed.bad[7]


def test_labelled_scales_zh_and_en():
    zh = parse.parse_scores(pd.Series(["非常满意", "满意", "一般", "不满意", "非常不满意"]))
    assert list(zh.values) == [5, 4, 3, 2, 1] and zh.scale == (1, 5)
    en = parse.parse_scores(pd.Series(["Very satisfied", "Neutral", "Dissatisfied"]))
    assert list(en.values) == [5, 3, 2]


@pytest.mark.parametrize("codes,scale", [([1, 2, 3, 3], (1, 3)), ([1, 4, 5], (1, 5)), ([1, 6, 7], (1, 7)),
                                         ([1, 8, 10], (1, 10)), ([0, 7, 10], (0, 10))])
def test_scale_detection(codes, scale):
    assert parse.detect_scale(pd.Series(codes, dtype=float)) == scale


def test_a_stray_typo_does_not_widen_the_scale():
    codes = pd.Series([5, 4, 3] * 100 + [55], dtype=str)
    parsed = parse.parse_scores(codes)
    assert parsed.scale == (1, 5)
    assert parsed.out_of_range.sum() == 1


def test_satisfied_codes_top_two_box():
    assert schema.satisfied_codes(1, 5) == [4, 5]
    assert schema.satisfied_codes(1, 3) == [3]
    assert schema.satisfied_codes(0, 10) == [9, 10]


def test_booleans():
    values, bad = parse.parse_bool(pd.Series(["是", "否", "Y", "n", "TRUE", "0", "maybe", None]))
    assert list(values[:6]) == [True, False, True, False, True, False]
    assert bad.tolist() == [False] * 6 + [True, False]


def test_channel_and_priority_labels_normalised_keeping_nothing_else():
    channels = parse.normalise_labels(pd.Series(["电话", "在线客服", "Online chat", "E-mail", "社交媒体", "fax"]),
                                      schema.CHANNEL_INDEX, "other")
    assert channels.tolist() == ["phone", "online", "online", "email", "social", "other"]
    priorities = parse.normalise_labels(pd.Series(["紧急", "高", "Critical", "Low"]), schema.PRIORITY_INDEX)
    assert priorities.tolist() == ["urgent", "high", "urgent", "low"]
