"""Overview page: the cards equal analysis.kpis on the same filtered data, the change against the
previous range, Chinese labels, a filter change, a dataset lacking columns, and the CLI's JSON
against kpi_report on the same files ("one engine, two faces")."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from analysis.kpis import (NO_EARLIER_DATA, NO_RANGE, breakdown, compare_to_previous, kpi_report, kpis_payload,
                           overview_kpis, report_as_of)
from analysis.load import load_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
TIMEOUT = 120
TINY = (b"Ticket ID,Created at,Channel\nT1,2024-01-01 09:00,Phone\nT2,2024-01-02 10:00,Email\n"
        b"T3,2024-01-03 11:00,Phone\n")


def load_sample(lang: str = "en"):
    names = ["tickets_en.csv", "survey_en.csv"] if lang == "en" else ["tickets_zh.csv", "survey_zh.xlsx"]
    return load_files([(n, (SAMPLE / n).read_bytes()) for n in names]).dataset


def open_page(page: str, sample_label: str = "Use sample data (English)", lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if lang != "en":
        # AppTest cannot re-read the Data page's Chinese role radio after a load (its options are
        # formatted, its value is not), so the Chinese sample is put in the session directly
        at.session_state["lang"] = lang
        at.session_state["dataset"] = load_sample(lang)
    else:
        next(b for b in at.button if b.label == sample_label).click().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def cards(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


# Formatting written out here rather than borrowed from ui.cards, so a slip there shows.
def fmt(value, unit):
    if value is None:
        return "–"
    if unit == "tickets":
        return f"{value:,.0f}"
    digits = 2 if unit in ("points", "min", "h") and abs(value) < 10 else 1
    text = f"{value:,.{digits}f}"
    return {"%": f"{text} %", "min": f"{text} min", "h": f"{text} h"}.get(unit, text)


LABELS = {"tickets": "Tickets", "frt_median_min": "First response (median)",
          "resolution_median_h": "Resolution time (median)", "handle_median_min": "Handling time (median)",
          "fcr_pct": "First-contact resolution", "csat_pct": "CSAT % (satisfied)",
          "csat_mean": "Mean satisfaction score", "nps": "NPS", "complaint_rate_pct": "Complaint rate",
          "repeat_contact_pct": "Repeat-contact rate", "reopen_pct": "Reopen rate"}


# --- the analysis function behind the cards --------------------------------------------------
def test_overview_kpis_equal_kpi_report_and_compare_to_previous():
    ds = load_sample()
    t, r = ds.tickets, ds.responses()
    whole = overview_kpis(t, r)
    report = kpi_report(t, r)
    assert whole.problem == NO_RANGE and all(c is None for c in whole.changes.values())
    for key, result in report.items():
        assert whole.current[key] == result
    ranged = overview_kpis(t, r, start="2025-06-01", end="2025-06-30")
    expected = compare_to_previous(t, r, start="2025-06-01", end="2025-06-30")
    in_june = kpi_report(t, r, start="2025-06-01", end="2025-06-30")
    assert ranged.problem is None and ranged.previous_start == pd.Timestamp("2025-05-02")
    for key in expected:
        assert ranged.changes[key] == expected[key]
        assert ranged.current[key] == in_june[key]


def test_backlog_card_and_the_previous_range_rule_worked_by_hand():
    # five tickets; the backlog at an instant is counted row by row below
    created = pd.DatetimeIndex(["2026-03-01 09:00", "2026-03-03 10:00", "2026-03-05 11:00", "2026-03-06 12:00",
                              "2026-03-08 08:00"])
    resolved = pd.DatetimeIndex(["2026-03-02 09:00", None, "2026-03-07 11:00", None, "2026-03-08 09:00"])
    created, resolved = created.as_unit("ns"), resolved.as_unit("ns")
    ds = load_files([("t.csv", b"Ticket ID,Created at\nX,2026-03-01 09:00\n")]).dataset
    proto = ds.tickets.iloc[[0] * 5].reset_index(drop=True)
    tickets = proto.assign(ticket_id=pd.Series(list("abcde"), dtype="str"), created_at=created,
                           resolved_at=resolved, first_response_at=pd.NaT,
                           resolution_h=(resolved - created).total_seconds() / 3600,
                           is_open=resolved.isna())
    empty = tickets.iloc[:0]

    def open_by_hand(at):
        return sum(1 for c, s in zip(created, resolved) if c <= at and (pd.isna(s) or s > at))

    out = overview_kpis(tickets, empty, start="2026-03-05", end="2026-03-08")
    # [Mar 5, Mar 9): the previous 4 days start on Mar 1, the data's first day: comparable
    assert out.problem is None and out.previous_start == pd.Timestamp("2026-03-01")
    assert out.current["open_backlog"].value == open_by_hand(pd.Timestamp("2026-03-08 09:00"))   # data end
    assert out.changes["open_backlog"].previous == open_by_hand(pd.Timestamp("2026-03-05")) == 1
    assert out.current["tickets"].value == 3 and out.changes["tickets"].previous == 2
    # more tickets is "up is good" for volume; a bigger backlog is bad
    assert out.changes["tickets"].improved is True and out.changes["open_backlog"].improved is False
    # [Mar 4, Mar 9): the previous range would start on Feb 28, before the data: no comparison
    early = overview_kpis(tickets, empty, start="2026-03-04", end="2026-03-08")
    assert early.problem == NO_EARLIER_DATA and all(c is None for c in early.changes.values())
    # the backlog of a range ending before the data's end is taken at the range's end
    assert report_as_of(tickets, "2026-03-05") == pd.Timestamp("2026-03-06")
    assert overview_kpis(tickets, empty, start="2026-03-03", end="2026-03-05").current["open_backlog"].value == \
        open_by_hand(pd.Timestamp("2026-03-06"))


# --- the page -----------------------------------------------------------------------------------
def test_cards_equal_kpi_report_on_the_english_sample():
    at = open_page("pages/overview.py")
    shown = cards(at)
    ds = at.session_state["dataset"]
    report = kpi_report(ds.tickets, ds.responses())
    for key, label in LABELS.items():
        assert shown[label][0] == fmt(report[key].value, report[key].unit), key
    assert shown["Open backlog"][0] == f"{kpis_payload(ds)['open_backlog']:,}"
    captions = "\n".join(c.value for c in at.caption)
    frt = report["frt_median_min"]
    # first response is Kaplan–Meier now: its P90, the solved-only median and the open tickets
    # counted as still waiting sit under the figure
    assert (f"P90 {fmt(frt.p90, 'min')} · solved only {fmt(frt.solved, 'min')} · {frt.censored:,} still waiting "
            f"· n {frt.n:,}") in captions
    assert any(f"mean {fmt(frt.mean, 'min')}" in (m.help or "") for m in at.metric)
    # the breakdown tables and the notes are there
    frames = [d.value for d in at.dataframe]
    channel = next(f for f in frames if "Channel" in f.columns)
    assert channel["Tickets"].sum() == report["tickets"].value
    assert any("How is this computed?" == e.label for e in at.expander)


def test_date_range_shows_the_change_against_the_previous_range():
    at = open_page("pages/overview.py")
    at.date_input(key="filter_dates").set_value((dt.date(2025, 6, 1), dt.date(2025, 6, 30))).run()
    assert not at.exception
    ds = at.session_state["dataset"]
    change = compare_to_previous(ds.tickets, ds.responses(), start="2025-06-01", end="2025-06-30")
    shown = cards(at)
    csat = change["csat_pct"]
    assert shown[LABELS["csat_pct"]] == (fmt(csat.current, "%"), f"{csat.change:+.1f} pp")
    vol = change["tickets"]
    assert shown["Tickets"] == (f"{vol.current:,.0f}", f"{vol.change:+,.0f} ({vol.change_pct:+.1f} %)")
    frt = change["frt_median_min"]
    assert shown[LABELS["frt_median_min"]][1].startswith(f"{frt.change:+,.2f} min")
    # the colour knows which way is good: times and complaints up is bad
    from streamlit.proto.Metric_pb2 import Metric as MetricProto
    want = {True: MetricProto.GREEN, False: MetricProto.RED, None: MetricProto.GRAY}
    colours = {m.label: m.proto.color for m in at.metric}
    for key in ("tickets", "frt_median_min", "handle_median_min", "complaint_rate_pct", "csat_pct"):
        assert colours[LABELS[key]] == want[change[key].improved], key
    arrows = {m.label: m.proto.direction for m in at.metric}
    assert arrows[LABELS["handle_median_min"]] == (MetricProto.DOWN if change["handle_median_min"].change < 0
                                                   else MetricProto.UP)


def test_filter_change_recomputes_on_the_filtered_rows():
    at = open_page("pages/overview.py")
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    assert not at.exception
    ds = at.session_state["dataset"]
    keep = (ds.tickets["channel"] == "Phone").to_numpy()
    tickets = ds.tickets[keep].reset_index(drop=True)
    survey = ds.survey[ds.survey["ticket_id"].isin(tickets["ticket_id"].dropna())]
    responses = type(ds)(tickets=tickets, survey=survey, csat_scale=ds.csat_scale).responses()
    report = kpi_report(tickets, responses)
    shown = cards(at)
    assert shown["Tickets"][0] == f"{report['tickets'].value:,.0f}"
    assert shown[LABELS["csat_pct"]][0] == fmt(report["csat_pct"].value, "%")
    assert shown[LABELS["repeat_contact_pct"]][0] == fmt(report["repeat_contact_pct"].value, "%")
    # the repeat-contact window is editable and changes the figure
    at.number_input(key="overview_repeat_days").set_value(30).run()
    wide = kpi_report(tickets, responses, repeat_window_days=30)["repeat_contact_pct"]
    assert cards(at)[LABELS["repeat_contact_pct"]][0] == fmt(wide.value, "%")
    at.segmented_control(key="overview_grain").set_value("M").run()
    assert not at.exception


def test_breakdown_by_another_dimension_equals_the_analysis():
    at = open_page("pages/overview.py")
    at.segmented_control(key="overview_by").set_value("priority").run()
    assert not at.exception
    ds = at.session_state["dataset"]
    want = breakdown(ds.tickets, ds.responses(), "priority")
    shown = next(d.value for d in at.dataframe if "Priority" in d.value.columns)
    assert shown["Priority"].tolist() == want["priority"].astype(str).tolist()
    assert shown["Tickets"].tolist() == want["tickets"].tolist()
    np.testing.assert_array_equal(shown["CSAT %"].to_numpy(), want["csat_pct"].to_numpy())


def test_chinese_sample_in_chinese():
    at = open_page("pages/overview.py", "使用示例数据（中文）", lang="zh")
    labels = [m.label for m in at.metric]
    assert "工单量" in labels and "满意率" in labels and "一次性解决率" in labels
    assert any(s.value == "趋势" for s in at.subheader)
    assert any("计算方法说明" == e.label for e in at.expander)


def test_data_without_scores_priority_or_dates_gives_clear_messages():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.file_uploader[0].set_value([("t.csv", TINY, "text/csv")]).run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any("no satisfaction scores" in i.value for i in at.info)
    shown = cards(at)
    assert shown["Tickets"][0] == "3" and shown[LABELS["csat_pct"]][0] == "–"
    assert "NPS" not in shown and "Reopen rate" not in shown
    assert shown["Open backlog"][0] == "–"      # no resolution time or status: unknown, not 0
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value([("u.csv", b"Ticket ID,Channel\nT1,Phone\nT2,Email\n", "text/csv")]).run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any("No ticket has a creation time" in i.value for i in at.info)


# --- the command line ----------------------------------------------------------------------------
def test_cli_json_equals_kpi_report_to_the_digit():
    files = [str(SAMPLE / "tickets_en.csv"), str(SAMPLE / "survey_en.csv")]
    out = subprocess.run([sys.executable, "-m", "analysis", "kpis", *files, "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    payload = json.loads(out.stdout)
    ds = load_sample()
    report = kpi_report(ds.tickets, ds.responses(), csat_scale=tuple(ds.csat_scale))
    for key in ("csat_pct", "csat_mean", "nps", "frt_median_min", "frt_p90_min", "resolution_median_h",
                "resolution_p90_h", "handle_median_min", "fcr_pct", "complaint_rate_pct", "repeat_contact_pct"):
        assert payload[key] == report[key].value, key      # exact: the same floats, not approximately
    assert payload["tickets"] == int(report["tickets"].value)
    page = overview_kpis(ds.tickets, ds.responses(), csat_scale=tuple(ds.csat_scale))
    assert payload["open_backlog"] == page.current["open_backlog"].value
    assert payload["excluded"]["csat_blank"] == report["csat_pct"].excluded["csat_blank"]
    assert all(v is None or np.isfinite(v) for k, v in payload.items() if isinstance(v, float))


def test_december_resolution_card_is_kaplan_meier_with_the_solved_only_figure_beside():
    """45 % of December's tickets are still open: the card shows the Kaplan–Meier median (open
    tickets counted as still waiting), about 22 h, not the 0.21 h of the resolved ones alone; the
    solved-only figure is beside it, labelled, and the P90 that the curve never reaches says so."""
    from statsmodels.duration.survfunc import SurvfuncRight

    at = open_page("pages/overview.py")
    at.date_input(key="filter_dates").set_value((dt.date(2025, 12, 1), dt.date(2025, 12, 31))).run()
    assert not at.exception
    ds = at.session_state["dataset"]
    t = ds.tickets
    # independent: statsmodels on the December rows, the open ones at their clock wait to the
    # latest timestamp of the export
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    dec = t[(t["created_at"] >= "2025-12-01") & (t["created_at"] < "2026-01-01")]
    still_open = dec["is_open"].astype(bool) & dec["resolution_h"].isna()
    hours = np.where(still_open, (now - dec["created_at"]).dt.total_seconds() / 3600, dec["resolution_h"])
    keep = ~np.isnan(hours)
    km = SurvfuncRight(hours[keep], (~still_open).to_numpy()[keep].astype(float))
    expected, solved = km.quantile(0.5), float(np.median(dec["resolution_h"].dropna()))
    assert 15 < expected < 35 and solved < 0.25
    shown = cards(at)["Resolution time (median)"][0]
    assert shown == fmt(expected, "h")
    captions = "\n".join(c.value for c in at.caption)
    assert f"P90 not reached · solved only {fmt(solved, 'h')} · {int(still_open.sum()):,} still waiting" in captions
    help_text = next(m.help for m in at.metric if m.label == "Resolution time (median)")
    assert "Kaplan–Meier" in help_text and "Solved only" in help_text


def test_chinese_cards_say_not_reached_and_solved_only():
    at = open_page("pages/overview.py", lang="zh")
    at.date_input(key="filter_dates").set_value((dt.date(2025, 12, 1), dt.date(2025, 12, 31))).run()
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert "仅已完成" in captions and "仍在等待" in captions


def test_a_load_reads_the_observations_ahead_for_the_first_page(monkeypatch):
    # issue 17: the repeat-contact order and every metric's rows are read on a thread of their own
    # as soon as the load is ready, so the Overview (the first page after the Data page) finds them
    from analysis import memory
    from analysis import observations as module
    from ui import prefetch, state
    monkeypatch.setattr(state, "SHARED", memory.SharedStore(1 << 32, 600))   # a server's first load
    threads, orders = [], []
    start, order = prefetch.start, module.contact_order
    monkeypatch.setattr(prefetch, "start", lambda ds: threads.append(start(ds)) or threads[-1])
    monkeypatch.setattr(module, "contact_order", lambda tickets: orders.append(len(tickets)) or order(tickets))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    assert len(threads) == 1
    threads[0].join(TIMEOUT)
    tickets = len(at.session_state["dataset"].tickets)
    assert orders == [tickets]
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    assert orders == [tickets]                     # read once, ahead, not again by the page
    assert cards(at)["Tickets"][0] == f"{tickets:,}"
