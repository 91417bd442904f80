"""Filters as masks (analysis.observations, analysis.selection) give the figures of the old
route: cut the dataset with the filters, join the survey again, and compute every KPI on the cut
frames. The expected values here come from that route; the repeat-contact flags of a subset and
the survey links are checked row by row in plain Python."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import kpis
from analysis.dataset import Dataset
from analysis.load import load_files
from analysis.metrics import contact_order, repeat_flags
from analysis.observations import Observations, View
from analysis.selection import Filters, apply, response_mask, response_tickets, ticket_mask

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    names = ["tickets_en.csv", "survey_en.csv"]
    return load_files([(n, (SAMPLE / n).read_bytes()) for n in names]).dataset


@pytest.fixture(scope="module")
def observations(sample) -> Observations:
    return Observations(sample.tickets, sample.responses(), sample.csat_scale)


def view_of(ds: Dataset, data: Observations, filters: Filters) -> View:
    tickets = ticket_mask(ds.tickets, filters)
    return View(data, tickets, response_mask(response_tickets(ds), tickets))


FILTERS = [Filters(),
           Filters(values=(("channel", ("Phone",)),)),
           Filters(values=(("channel", ("Email", "Online chat")), ("priority", ("High", "Urgent")))),
           Filters(values=(("category", ("Payment",)), ("customer_type", ("VIP",))))]
RANGES = [(None, None), ("2025-06-01", "2025-06-30"), ("2024-01-01", "2024-03-31")]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: str(f.describe()) or "none")
def test_masked_overview_equals_the_cut_dataset(sample, observations, filters):
    view = view_of(sample, observations, filters)
    cut = apply(sample, filters)
    t, r = cut.tickets, cut.responses()
    if filters.values:
        assert 0 < len(t) < len(sample.tickets)
    start = sample.date_span[0]
    for lo, hi in RANGES:
        got = kpis.overview_of(view, start=lo, end=hi, data_start=start, repeat_window_days=10)
        want = kpis.overview_kpis(t, r, start=lo, end=hi, data_start=start, repeat_window_days=10,
                                  csat_scale=sample.csat_scale)
        assert got == want, (lo, hi)
        pd.testing.assert_frame_equal(kpis.trend_of(view, "M", start=lo, end=hi),
                                      kpis.trend(t, r, "M", start=lo, end=hi, csat_scale=sample.csat_scale))
        pd.testing.assert_frame_equal(kpis.heatmap_of(view, start=lo, end=hi), kpis.heatmap(t, start=lo, end=hi))
        for by in ("channel", "category", "priority"):
            # groups with equal counts may come in another order: compare as sets of rows
            got_table = kpis.breakdown_of(view, by, start=lo, end=hi).sort_values(by, ignore_index=True)
            want_table = kpis.breakdown(t, r, by, start=lo, end=hi, csat_scale=sample.csat_scale)
            pd.testing.assert_frame_equal(got_table, want_table.sort_values(by, ignore_index=True))


def test_a_view_with_no_ticket_reports_nothing_rather_than_zeros(sample, observations):
    nothing = np.zeros(len(sample.tickets), dtype=bool)
    view = View(observations, nothing, response_mask(response_tickets(sample), nothing))
    out = kpis.overview_of(view)
    assert out.current["tickets"].value is None and out.current["csat_pct"].value is None
    assert out.current["frt_median_min"].n == 0
    assert kpis.heatmap_of(view)["tickets"].sum() == 0


def test_repeat_flags_of_a_subset_are_those_of_the_subset_alone():
    rng = np.random.default_rng(3)
    n = 400
    created = pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 60 * 24 * 40, n), unit="min")
    customers = rng.choice(["A", "B", "C", "D", None], n)
    tickets = pd.DataFrame({"created_at": created.astype("datetime64[ns]"),
                            "customer_id": pd.Series(customers, dtype="str")})
    rows = rng.random(n) < 0.4
    flags = repeat_flags(contact_order(tickets), 7, rows)
    for i in range(n):
        if not rows[i] or customers[i] is None:
            assert np.isnan(flags[i])
            continue
        # a repeat: another kept ticket of the customer in the 7 days before (earlier in the file
        # at the very same instant counts as before)
        before = [j for j in range(n) if rows[j] and j != i and customers[j] == customers[i]
                  and (created[j] < created[i] or (created[j] == created[i] and j < i))
                  and created[i] - created[j] <= pd.Timedelta(days=7)]
        assert flags[i] == (1.0 if before else 0.0), i


def test_responses_follow_the_ticket_they_are_joined_to():
    # a survey without ticket ids joins on the customer's last ticket in the file
    tickets_csv = (b"Ticket ID,Customer ID,Created at,Channel\n"
                   b"T1,C1,2026-03-01 09:00,Phone\nT2,C1,2026-03-02 09:00,Email\n"
                   b"T3,C2,2026-03-03 09:00,Phone\nT4,C3,2026-03-04 09:00,Email\nT5,,2026-03-05 09:00,Phone\n")
    survey_csv = (b"Customer ID,Satisfaction Score\nC1,5\nC2,2\nC9,4\nC3,1\n,3\n")
    ds = load_files([("t.csv", tickets_csv), ("s.csv", survey_csv)]).dataset
    links = response_tickets(ds)
    ids = ds.tickets["ticket_id"].tolist()
    # a blank customer id never matches a blank one
    assert [ids[i] if i >= 0 else None for i in links] == ["T2", "T3", None, "T4", None]
    joined = ds.responses()
    assert joined["channel"].astype(object).where(joined["channel"].notna(), None).tolist() == \
        ["Email", "Phone", None, "Email", None]
    phone = apply(ds, Filters(values=(("channel", ("Phone",)),)))
    # C1's response belongs to T2 (e-mail), so the phone view holds C2's only; C9 matches nothing
    assert phone.survey["customer_id"].tolist() == ["C2"]
    assert apply(ds, Filters()).survey is ds.survey      # no filter: every response, matched or not


def test_responses_equal_a_left_merge_on_the_last_ticket_of_each_id(sample):
    # the independent route: pandas' left merge on the deduplicated ticket ids (keep the last)
    from analysis.dataset import RESPONSE_CONTEXT
    survey = sample.survey.copy()
    survey.loc[survey.index[:3], "ticket_id"] = "no such ticket"      # unmatched responses stay
    ds = Dataset(tickets=sample.tickets, survey=survey)
    context = ds.tickets[["ticket_id", *RESPONSE_CONTEXT]].dropna(subset=["ticket_id"])
    context = context.drop_duplicates(subset=["ticket_id"], keep="last")
    clash = [c for c in RESPONSE_CONTEXT if c in survey.columns]
    expected = survey.drop(columns=clash).merge(context, on="ticket_id", how="left")
    pd.testing.assert_frame_equal(ds.responses(), expected)
    assert ds.responses()["channel"].iloc[:3].isna().all()


def test_ids_that_are_not_all_text_are_looked_up_the_same_way():
    # an id column of mixed Python objects cannot become Arrow text: the pandas lookup answers
    tickets = pd.DataFrame({"ticket_id": pd.Series([101, "T2", 101, None], dtype=object),
                            "customer_id": None, "csat": np.nan, "nps": np.nan})
    survey = pd.DataFrame({"ticket_id": pd.Series(["T2", 101, "T9", None], dtype=object), "customer_id": None})
    links = response_tickets(Dataset(tickets=tickets, survey=survey))
    assert links.tolist() == [1, 2, -1, -1]      # 101 twice: the last one


@pytest.mark.parametrize("calendar", ["clock", "business"])
def test_sla_of_masked_judgements_equals_the_cut_tickets(sample, calendar):
    from analysis import sla
    filters = Filters(values=(("channel", ("Email", "Phone")),), start=pd.Timestamp("2025-03-01"),
                      end=pd.Timestamp("2025-08-31"))
    rows = ticket_mask(sample.tickets, filters)
    cut = sample.tickets[rows].reset_index(drop=True)
    as_of = kpis.report_as_of(sample.tickets, filters.end)
    got = sla.compliance_of(sla.judge(sla.sla_spans(sample.tickets, calendar=calendar), as_of), rows)
    want = sla.sla_compliance(cut, calendar=calendar, as_of=as_of)
    pd.testing.assert_frame_equal(got.compliance, want.compliance)
    pd.testing.assert_frame_equal(got.breaches.drop(columns="source_row"), want.breaches.drop(columns="source_row"))
    assert got.excluded == want.excluded
    undated = ticket_mask(sample.tickets, filters.undated())
    got_backlog = sla.backlog(sample.tickets, as_of=as_of, calendar=calendar, rows=undated)
    want_backlog = sla.backlog(sample.tickets[undated].reset_index(drop=True), as_of=as_of, calendar=calendar)
    pd.testing.assert_frame_equal(got_backlog.tickets, want_backlog.tickets)
    assert (got_backlog.open_count, got_backlog.overdue_count, got_backlog.alert_count) == \
        (want_backlog.open_count, want_backlog.overdue_count, want_backlog.alert_count)
    assert sla.knows_open(sample.tickets, undated) and not sla.knows_open(sample.tickets, np.zeros(len(rows), bool))


def test_read_ahead_gives_the_figures_read_on_demand(sample):
    # issue 17: the server reads a new dataset's observations on a thread while the Data page is
    # drawn; what a page then finds must be what it would have read itself
    ahead = Observations(sample.tickets, sample.responses(), sample.csat_scale)
    ahead.warm(by=("channel",), grains=("W",))
    on_demand = Observations(sample.tickets, sample.responses(), sample.csat_scale)
    for key, metric in on_demand.metrics.items():
        got, want = ahead.rows(ahead.metrics[key]), on_demand.rows(metric)
        for part in ("when", "value", "reason"):
            np.testing.assert_array_equal(getattr(got, part), getattr(want, part), err_msg=f"{key}.{part}")
    for filters in FILTERS:
        got = kpis.overview_of(view_of(sample, ahead, filters))
        want = kpis.overview_of(view_of(sample, on_demand, filters))
        assert {k: (r.value, r.n) for k, r in got.current.items()} == \
            {k: (r.value, r.n) for k, r in want.current.items()}
    codes, labels = ahead.groups("responses", "channel")
    np.testing.assert_array_equal(codes, on_demand.groups("responses", "channel")[0])
    assert list(labels) == list(on_demand.groups("responses", "channel")[1])


def test_a_metric_asked_for_by_two_threads_at_once_is_read_once(sample, monkeypatch):
    import threading
    from analysis import observations as module
    reads, started = [], threading.Barrier(2)
    real = module.MetricRows.of

    def counted(frame):
        reads.append(1)
        return real(frame)

    monkeypatch.setattr(module.MetricRows, "of", staticmethod(counted))
    data = Observations(sample.tickets, sample.responses(), sample.csat_scale)
    got = []

    def ask():
        started.wait()
        got.append(data.rows(data.metrics["repeat_contact_pct"]))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and got[0] is got[1]


def test_a_dataset_keeps_one_set_of_observations_and_they_survive_pickling(sample):
    import pickle
    assert sample.observations is sample.observations
    sample.observations.warm()
    copy = pickle.loads(pickle.dumps(sample))
    metric = copy.observations.metrics["csat_pct"]
    np.testing.assert_array_equal(copy.observations.rows(metric).value,
                                  sample.observations.rows(sample.observations.metrics["csat_pct"]).value)
