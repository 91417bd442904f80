"""The four real exports in ../shared/realworld/, read as a new user would read them: the command
line, no hand mapping. Every expected figure is the one the folder's README gives (worked out
there with pandas by someone else), or counted here off the file with pandas."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
from realworld_files import REAL, needs_realworld  # noqa: E402

pytestmark = needs_realworld

KAGGLE = REAL / "kaggle_customer_support_tickets.csv"
PWC = REAL / "pwc_call_center.xlsx"
RWFD = REAL / "rwfd_help_desk.csv"
COMCAST = REAL / "comcast_complaints.csv"


def cli(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "analysis", *args, "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def mapping(path: Path) -> tuple[dict, dict]:
    out = cli("check", str(path))
    return out["files"][0], out


def warned(check: dict) -> dict[str, list[str]]:
    return {w["family"]: w["missing"] for w in check["warnings"]}


def test_kaggle_tickets_without_a_creation_time():
    file, check = mapping(KAGGLE)
    fields = file["mapping"]
    assert file["role"] == "tickets" and file["rows"] == 8469
    # the two "time" columns hold timestamps, not durations; nothing is the creation time
    assert fields["first_response_at"] == "First Response Time"
    assert fields["resolved_at"] == "Time to Resolution"
    assert "created_at" not in fields and "Date of Purchase" not in fields.values()
    assert (fields["status"], fields["priority"], fields["channel"], fields["request_type"]) == (
        "Ticket Status", "Ticket Priority", "Ticket Channel", "Ticket Type")
    assert fields["description"] == "Ticket Description"
    issues = {i["kind"]: i["count"] for i in check["issues"]}
    assert issues["resolved_before_response"] == 1365
    # times need a creation time: check says so, and names the one column of dates left over
    assert warned(check)["response_time"] == ["created_at"]
    candidates = next(w for w in check["warnings"] if w["family"] == "response_time")["candidates"]
    assert candidates["created_at"] == ["Date of Purchase"]

    kpis = cli("kpis", str(KAGGLE))
    assert kpis["tickets"] == 8469                        # no dates, and every ticket counts
    assert kpis["csat_mean"] == pytest.approx(2.9913, abs=5e-5)
    assert kpis["open_backlog"] == 2881 + 2819            # Pending Customer Response + Open
    frame = pd.read_csv(KAGGLE)
    scores = frame["Customer Satisfaction Rating"].dropna()
    assert kpis["csat_pct"] == pytest.approx((scores >= 4).mean() * 100)


def test_pwc_call_centre_workbook():
    file, check = mapping(PWC)
    fields = file["mapping"]
    assert (fields["created_at"], file["time_parts"]) == ("Date", {"created_at": "Time"})
    assert fields["first_contact_resolved"] == "Resolved"          # Y/N, not a timestamp
    assert fields["answered"] == "Answered (Y/N)"
    assert fields["first_response_time"] == "Speed of answer in seconds"
    assert fields["handle_time"] == "AvgTalkDuration"
    assert (fields["agent"], fields["category"], fields["ticket_id"]) == ("Agent", "Topic", "Call Id")
    assert "duplicate_row" not in {i["kind"] for i in check["issues"]}      # 5,000 distinct calls, none lost

    kpis = cli("kpis", str(PWC))
    assert kpis["tickets"] == 5000
    assert kpis["fcr_pct"] == pytest.approx(89.94, abs=0.005)             # of the answered calls
    assert kpis["frt_median_min"] * 60 == pytest.approx(68)
    assert kpis["handle_median_min"] * 60 == pytest.approx(226)
    assert kpis["csat_mean"] == pytest.approx(3.4036, abs=5e-5)
    assert kpis["csat_pct"] == pytest.approx(49.9, abs=0.05)
    assert kpis["sla_assumed_tier"] == "medium"                          # no priority column at all

    drivers = cli("drivers", str(PWC))
    speed = next(d for d in drivers["drivers"] if d["name"] == "frt_min")
    assert drivers["n"] == 4054
    assert speed["r"] == pytest.approx(-0.0012, abs=5e-5)


def test_rwfd_help_desk_with_a_labelled_three_point_scale():
    file, check = mapping(RWFD)
    fields = file["mapping"]
    assert fields["csat"] == "statisfaction_score"          # misspelt, still satisfaction
    assert fields["priority"] in ("severity", "severity_label")
    assert fields["resolution_time"] == "days_open"
    assert fields["created_at"] == "created_date"
    kpis = cli("kpis", str(RWFD))
    assert kpis["csat_pct"] == pytest.approx(4524 / 5583 * 100)          # 81.03 %: 2–3 of 1–3
    assert kpis["open_backlog"] == 6838 + 1188                           # Open + Waiting for Requestor Feedback
    frame = pd.read_csv(RWFD)
    closed = frame["ticket status"].isin(["Resolved", "Closed - No Action"])
    # 8,026 of 9,542 tickets are still open: fewer than half are known to be resolved, so the
    # Kaplan–Meier median is not reached; the resolved tickets' own median is the solved-only figure
    assert kpis["resolution_median_h_solved"] == pytest.approx(frame.loc[closed, "days_open"].median() * 24)
    assert kpis["resolution_median_h"] is None and "resolution_median_h" in kpis["not_reached"]
    assert kpis["resolution_censored"] == int((~closed).sum())
    priorities = {row["priority"]: row["n"] for row in kpis["sla"]}
    assert priorities == {"high": 1538, "medium": 2011, "low": 2981}     # "0 - Unassigned" has no tier
    pareto = cli("pareto", str(RWFD), "--by", "priority")
    counts = {i["cause"]: i["count"] for i in pareto["items"]}
    assert counts["1 - Low"] == 2981


def test_comcast_complaints_with_a_us_state_column():
    file, check = mapping(COMCAST)
    fields = file["mapping"]
    assert fields["status"] == "Status" and "State" not in fields.values()
    assert fields["channel"] == "Received Via"
    assert fields["description"] == "Customer Complaint"
    assert (fields["created_at"], file["time_parts"]) == ("Date", {"created_at": "Time"})
    kpis = cli("kpis", str(COMCAST))
    assert kpis["tickets"] == 2224
    assert kpis["open_backlog"] == 363 + 154                             # Open + Pending
    june = cli("kpis", str(COMCAST), "--from", "2015-06-01", "--to", "2015-06-30")
    assert june["tickets"] == 1046                                       # 22-04-15 is 22 April 2015
    # any column of the file by its own header, mapped or not
    states = {i["cause"]: i["count"] for i in cli("pareto", str(COMCAST), "--by", "State")["items"]}
    assert sum(states.values()) == 2224
    assert states["Georgia"] == (pd.read_csv(COMCAST)["State"] == "Georgia").sum()
    cities = cli("pareto", str(COMCAST), "--by", "City")
    assert cities["total"] == 2224


def test_the_command_line_can_map_by_hand():
    file = cli("check", str(COMCAST), "--map", "status=", "--map", "customer_id=Zip code")["files"][0]
    assert "status" not in file["mapping"] and file["mapping"]["customer_id"] == "Zip code"
    kpis = cli("kpis", str(COMCAST), "--map", "status=")
    assert kpis["open_backlog"] is None                                  # nothing says who is open now
    bad = subprocess.run([sys.executable, "-m", "analysis", "check", str(COMCAST), "--map", "nonsense=City", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "FIELD=COLUMN" in bad.stderr


def test_a_file_whose_headers_name_nothing_reads_with_map(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("k,when,v\nA1,2024-03-01 10:00,4\nA2,2024-03-02 11:00,5\nA3,2024-03-03 12:00,2\n")
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("k,n\nx,y\nz,w\n")
    refused = subprocess.run([sys.executable, "-m", "analysis", "check", str(nothing), "--json"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "map them by hand" in refused.stderr
    assert cli("check", str(nothing), "--map", "ticket_id=k")["files"][0]["mapping"] == {"ticket_id": "k"}
    kpis = cli("kpis", str(path), "--map", "ticket_id=k", "--map", "created_at=when", "--map", "csat=v",
               "--role", "tickets", "--scale", "1-5")
    assert kpis["tickets"] == 3 and kpis["csat_pct"] == pytest.approx(200 / 3)
