"""Tests of analysis/workspace.py: saved datasets round-trip to the same frames and KPIs, "Add a
month" adds/updates/keeps rows by key, deletes leave no trace in the file, every write is one
transaction (a process killed mid-append, two processes appending at once), migration from the
goals-only store, and clear errors for a corrupt store.

Expected counts are worked out in each test from sets of ticket ids (not from the workspace),
and the DuckDB aggregates are checked against numpy/pandas on the same rows."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.dataset import Dataset
from analysis.kpis import kpis_payload
from analysis.load import load_files
from analysis.store import SCHEMA_VERSION, STORE_FILE, Store, StoreCorruptError, StoreError
from analysis.workspace import (DatasetExistsError, DatasetNotFoundError, MergeCounts, Workspace, export_files,
                                row_hashes, survey_keys, ticket_keys)
from storekit import store_at_schema

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def en(sample_files) -> Dataset:
    return load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


@pytest.fixture(scope="module")
def zh(sample_files) -> Dataset:
    return load_files([(n, sample_files[n]) for n in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Workspace:
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "data"))
    return Workspace()


def part(ds: Dataset, start: str, end: str, drop_survey: bool = False) -> Dataset:
    """The tickets created in [start, end) and their survey responses, as one export would carry."""
    created = ds.tickets["created_at"]
    mask = (created >= start) & (created < end)
    tickets = ds.tickets[mask].reset_index(drop=True)
    survey = None
    if ds.survey is not None and not drop_survey:
        survey = ds.survey[ds.survey["ticket_id"].isin(set(tickets["ticket_id"]))].reset_index(drop=True)
    return Dataset(tickets=tickets, survey=survey, drivers=list(ds.drivers), csat_scale=ds.csat_scale,
                   nps_scale=ds.nps_scale, name=f"{start}..{end}")


def by_id(frame: pd.DataFrame, key: str = "ticket_id") -> pd.DataFrame:
    return frame.sort_values([key, "source_row"], kind="stable").reset_index(drop=True)


def run_child(code: str, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=full_env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


# --- round trip -----------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["en", "zh"])
def test_saved_then_opened_dataset_is_the_same_and_gives_the_same_kpis(which, request, ws):
    ds = request.getfixturevalue(which)
    ws.save("year", ds)
    back = Workspace().open("year")         # a new object: everything comes from the file
    pd.testing.assert_frame_equal(back.tickets, ds.tickets)
    pd.testing.assert_frame_equal(back.survey, ds.survey)
    for column in ("channel", "priority", "agent"):       # the file's own order, not alphabetical
        assert list(back.tickets[column].cat.categories) == list(ds.tickets[column].cat.categories)
    assert (back.drivers, back.csat_scale, back.nps_scale) == (ds.drivers, ds.csat_scale, ds.nps_scale)
    assert [(i.kind, i.file, i.column, i.count, list(i.rows[:5])) for i in back.quality] == \
           [(i.kind, i.file, i.column, i.count, list(i.rows[:5])) for i in ds.quality]
    assert [(f.file, f.signature, f.mapping.fields) for f in back.files] == \
           [(f.file, f.signature, f.mapping.fields) for f in ds.files]
    assert kpis_payload(back) == kpis_payload(ds)
    assert kpis_payload(back, start="2025-01-01", end="2025-03-31") == \
           kpis_payload(ds, start="2025-01-01", end="2025-03-31")


def test_list_rename_and_names_taken(ws, en):
    first = ws.save("team A", part(en, "2024-01-01", "2024-03-01"))
    tickets = en.tickets[(en.tickets["created_at"] >= "2024-01-01") & (en.tickets["created_at"] < "2024-03-01")]
    assert first.tickets == len(tickets) and first.ticket_key == "ticket_id"
    assert (first.start, first.end) == (tickets["created_at"].min(), tickets["created_at"].max())
    ws.save("team B", part(en, "2024-03-01", "2024-04-01"))
    assert ws.latest() == "team B" and [i.name for i in ws.list()] == ["team B", "team A"]
    with pytest.raises(DatasetExistsError):
        ws.save("team A", en)
    with pytest.raises(DatasetExistsError):
        ws.rename("team A", "team B")
    ws.rename("team A", "Brand X")
    assert ws.open("Brand X").tickets.shape == (len(tickets), en.tickets.shape[1])
    with pytest.raises(DatasetNotFoundError):
        ws.open("team A")
    replaced = ws.save("Brand X", part(en, "2024-05-01", "2024-06-01"), replace=True)
    assert replaced.created_at == first.created_at and replaced.tickets < len(tickets) + 1


# --- add a month ----------------------------------------------------------------------------------
def test_add_a_month_adds_new_rows_updates_seen_ones_and_keeps_the_rest(ws, en):
    jan_jun = part(en, "2024-01-01", "2024-07-01")
    # in the first export some June tickets were still open: no resolution yet
    t = jan_jun.tickets.copy()
    resolved_june = t.index[(t["created_at"] >= "2024-06-20") & t["resolved_at"].notna()]
    t.loc[resolved_june, ["resolved_at"]] = pd.NaT
    t.loc[resolved_june, ["resolution_h"]] = np.nan
    t.loc[resolved_june, "is_open"] = True
    ws.save("year", Dataset(t, jan_jun.survey, jan_jun.drivers, jan_jun.csat_scale, jan_jun.nps_scale))

    june_july = part(en, "2024-06-01", "2024-08-01")      # the next export overlaps June
    old_ids = set(t["ticket_id"])
    new_ids = set(june_july.tickets["ticket_id"])
    changed_ids = set(t.loc[resolved_june, "ticket_id"])
    expected = MergeCounts(added=len(new_ids - old_ids), updated=len(changed_ids),
                           unchanged=len(new_ids & old_ids) - len(changed_ids))
    before = ws.list()[0].updated_at
    preview = ws.preview_append("year", june_july)
    assert preview.tickets == expected and not preview.written
    assert ws.open("year").tickets.shape[0] == len(t)                   # a preview writes nothing
    result = ws.append("year", june_july)
    assert result.tickets == expected and result.written
    assert len(resolved_june) > 10 and expected.added > 500

    # the store now holds exactly Jan–Jul as the full export has it, the June tickets resolved
    back = ws.open("year")
    pd.testing.assert_frame_equal(by_id(back.tickets), by_id(part(en, "2024-01-01", "2024-08-01").tickets))
    assert back.tickets["ticket_id"].is_unique
    assert by_id(back.survey, "ticket_id")["ticket_id"].tolist() == \
           sorted(part(en, "2024-01-01", "2024-08-01").survey["ticket_id"])
    assert ws.list()[0].updated_at > before and ws.list()[0].tickets == len(old_ids | new_ids)

    # the same file twice: nothing changes, not even the update time
    stamp = ws.list()[0].updated_at
    again = ws.append("year", june_july)
    assert again.tickets == MergeCounts(0, 0, len(new_ids)) and not again.written
    assert again.survey == MergeCounts(0, 0, len(june_july.survey))
    assert ws.list()[0].updated_at == stamp and ws.list()[0].tickets == len(old_ids | new_ids)


def test_tickets_without_ticket_id_are_keyed_by_a_content_hash(ws, zh):
    tickets = zh.tickets.head(300).assign(ticket_id=pd.Series(pd.NA, index=range(300), dtype="str"))
    first = Dataset(tickets.head(200).reset_index(drop=True))
    info = ws.save("seed", first)
    assert info.ticket_key == "row hash" and info.tickets == 200
    keys = ticket_keys(first.tickets)
    assert keys.str.startswith("row:").all() and keys.is_unique
    # the re-export of the same rows (another file name and row numbers) changes nothing
    moved = first.tickets.assign(source_file="again.csv", source_row=first.tickets["source_row"] + 7)
    assert ws.append("seed", Dataset(moved)).tickets == MergeCounts(0, 0, 200)
    # rows 150–300: 100 new
    result = ws.append("seed", Dataset(tickets.iloc[150:].reset_index(drop=True)))
    assert result.tickets == MergeCounts(added=100, updated=0, unchanged=50)
    assert ws.list()[0].tickets == 300


def test_row_hash_ignores_category_order_and_file_position():
    a = pd.DataFrame({"channel": pd.Categorical(["phone", "email", "phone"], categories=["phone", "email"]),
                      "x": [1.0, np.nan, 3.0], "source_row": [2, 3, 4], "source_file": ["a", "a", "a"]})
    b = a.assign(channel=pd.Categorical(["phone", "email", "phone"], categories=["email", "phone", "web"]),
                 source_row=[9, 10, 11], source_file="b")
    assert row_hashes(a).tolist() == row_hashes(b).tolist()
    assert row_hashes(a.assign(x=[1.0, 2.0, 3.0])).tolist()[1] != row_hashes(a).tolist()[1]


def test_survey_keys_and_a_new_driver_column(ws, en):
    first = part(en, "2024-01-01", "2024-02-01")
    ws.save("s", first)
    survey_keys_first = survey_keys(first.survey)
    assert survey_keys_first.is_unique and survey_keys_first.str.startswith("T").all()
    nxt = part(en, "2024-02-01", "2024-03-01")
    survey = nxt.survey.copy()
    survey.insert(len(survey.columns) - 2, "Empathy", 4.0)
    result = ws.append("s", Dataset(nxt.tickets, survey, [*nxt.drivers, "Empathy"], nxt.csat_scale))
    assert result.survey == MergeCounts(added=len(survey), updated=0, unchanged=0)
    back = ws.open("s")
    assert back.drivers[-1] == "Empathy" and list(back.survey.columns[-3:]) == ["Empathy", "source_row", "source_file"]
    assert back.survey["Empathy"].isna().sum() == len(first.survey)
    assert (back.survey["Empathy"] == 4.0).sum() == len(survey)


# --- delete / export / profiles ---------------------------------------------------------------------
def test_delete_removes_the_rows_from_the_file(ws, en):
    marker = "ZZMARKER-" + os.urandom(12).hex()
    doomed = part(en, "2024-01-01", "2024-03-01")
    t = doomed.tickets.copy()
    t.loc[t.index[1000:1600], "description"] = [f"{marker}-{i}" for i in range(600)]
    ws.save("keep", part(en, "2024-03-01", "2024-04-01"))
    ws.save("doomed", Dataset(t, doomed.survey, doomed.drivers))
    path = ws.store.path
    assert marker.encode() in path.read_bytes() or marker.encode() in (path.parent / (path.name + ".wal")).read_bytes()
    ws.delete("doomed")
    assert [i.name for i in ws.list()] == ["keep"]
    files = [p for p in path.parent.iterdir() if p.name.startswith(STORE_FILE)]
    assert not any(marker.encode() in p.read_bytes() for p in files)
    assert len(ws.open("keep").tickets) == ws.list()[0].tickets > 0
    with pytest.raises(DatasetNotFoundError):
        ws.delete("doomed")


def test_export_back_to_csv_and_parquet(ws, en, tmp_path):
    ws.save("e", part(en, "2024-01-01", "2024-02-01"))
    original = ws.open("e")
    parquet = ws.export("e", "parquet")
    assert set(parquet) == {"tickets.parquet", "survey.parquet"}
    back = pd.read_parquet(pd.io.common.BytesIO(parquet["tickets.parquet"]))
    assert back["ticket_id"].tolist() == original.tickets["ticket_id"].tolist()
    np.testing.assert_allclose(back["frt_min"], original.tickets["frt_min"])
    csv = export_files(original, "csv")
    assert csv["tickets.csv"].startswith(b"\xef\xbb\xbf")
    # the exported CSV reads back through the ordinary upload path: same tickets and times
    again = load_files([("tickets.csv", csv["tickets.csv"])]).dataset
    assert again.tickets["ticket_id"].tolist() == original.tickets["ticket_id"].tolist()
    assert again.tickets["created_at"].equals(original.tickets["created_at"])


def test_mapping_profiles_are_kept(ws):
    assert ws.profiles() == {}
    profile = {"role": "tickets", "fields": {"ticket_id": "编号", "created_at": "时间"}, "drivers": [], "units": {}}
    ws.save_profiles({"编号|时间": profile})
    assert Workspace().profiles() == {"编号|时间": profile}


# --- reliability -----------------------------------------------------------------------------------
def test_migrates_a_goals_only_store_and_keeps_the_goals(tmp_path):
    path = tmp_path / STORE_FILE       # a store as the goals-only app (schema 2) left it
    con = store_at_schema(path, 2)
    con.execute("INSERT INTO goals (id, metric, direction, baseline, target, start, deadline, name) VALUES "
                "('g1', 'csat_pct', 'increase', 75, 85, DATE '2025-01-01', DATE '2025-03-31', 'kept')")
    con.close()
    store = Store(path)
    ws = Workspace(store)
    assert ws.list() == [] and store.schema_version() == SCHEMA_VERSION >= 3
    assert [(g.id, g.name) for g in store.goals()] == [("g1", "kept")]


def test_a_corrupt_store_gives_a_clear_error(tmp_path):
    path = tmp_path / STORE_FILE
    path.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreCorruptError, match="not a Fupan store") as err:
        Workspace(Store(path)).list()
    assert isinstance(err.value, StoreError)
    assert path.read_bytes().startswith(b"this is not")


# --- aggregates in DuckDB ----------------------------------------------------------------------------
def test_monthly_overview_in_duckdb_matches_pandas(ws, en):
    ws.save("en", en)
    got = ws.monthly_overview("en").set_index("month")
    t = en.tickets[en.tickets["created_at"].notna()]
    month = t["created_at"].dt.to_period("M").dt.to_timestamp()
    assert got["tickets"].to_dict() == t.groupby(month).size().to_dict()
    for m, frame in t.groupby(month):
        frt = frame["frt_min"].dropna().to_numpy()
        frt = frt[frt >= 0]
        assert got.loc[m, "frt_n"] == len(frt)
        assert got.loc[m, "frt_median_min"] == pytest.approx(np.percentile(frt, 50), rel=1e-12)
        assert got.loc[m, "frt_p90_min"] == pytest.approx(np.percentile(frt, 90), rel=1e-12)
    # CSAT %: responses by their own date (else their ticket's), scores 1–5, top two boxes
    r = en.responses()
    when = r["responded_at"].fillna(r["created_at"])
    ok = when.notna() & r["csat"].between(1, 5)
    satisfied = r.loc[ok, "csat"].isin([4.0, 5.0])
    by_month = satisfied.groupby(when[ok].dt.to_period("M").dt.to_timestamp())
    expected = (100 * by_month.mean()).to_dict()
    assert set(got.index[got["csat_n"] > 0]) == set(expected)
    for m, value in expected.items():
        assert got.loc[m, "csat_pct"] == pytest.approx(value, rel=1e-12)
        assert got.loc[m, "csat_n"] == by_month.size()[m]


def test_label_columns_kept_under_their_own_header_survive_saving_and_a_new_month_with_others(ws):
    jan = "Ticket ID,Created at,Region\nT1,2024-01-01 10:00,North\nT2,2024-01-02 10:00,South\nT3,2024-01-03 10:00,North\n"
    feb = "Ticket ID,Created at,Product\nT4,2024-02-01 10:00,Phone X\nT5,2024-02-02 10:00,Phone Y\nT6,2024-02-03 10:00,Phone X\n"
    ws.save("m", load_files([("jan.csv", jan.encode())]).dataset)
    ws.append("m", load_files([("feb.csv", feb.encode())]).dataset)
    back = ws.open("m").tickets.set_index("ticket_id")
    assert back["Region"].tolist()[:3] == ["North", "South", "North"] and back["Region"].iloc[3:].isna().all()
    assert back["Product"].iloc[3:].tolist() == ["Phone X", "Phone Y", "Phone X"]
    assert isinstance(back["Product"].dtype, pd.CategoricalDtype)
