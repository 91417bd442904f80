"""Mapping by header and by values, on hand-made exports shaped like the ones that went wrong
(ServiceNow, Cherwell, call-centre logs, complaint extracts, Google Forms, review files): each
test names what was seen and what a correct reading is."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis import parse
from analysis.ingest import read_table
from analysis.load import Overrides, load_files
from analysis.mapping import auto_map, header_evidence, match_header
from analysis.profile import profile

NOW = pd.Timestamp("2026-01-01")


def mapped(text: str, name: str = "x.csv"):
    raw = read_table(text.encode(), name)
    return auto_map(raw.sample())


def csv_of(rows: list[list], header: list[str]) -> str:
    out = io.StringIO()
    pd.DataFrame(rows, columns=header).to_csv(out, index=False)
    return out.getvalue()


def test_a_us_state_column_is_a_place_and_the_real_status_is_found():
    rows = [[f"C{i}", ["Maryland", "Georgia", "Texas", "Ohio"][i % 4], ["Open", "Closed", "Solved", "Pending"][i % 4]]
            for i in range(40)]
    m = mapped(csv_of(rows, ["Ticket #", "State", "incident_state"]))
    assert m.fields["status"] == "incident_state"
    assert "State" not in m.fields.values()


def test_a_column_named_priority_beats_urgency_to_the_left_of_it():
    rows = [[f"I{i}", "2 - Medium", ["1 - Critical", "3 - Moderate", "4 - Low"][i % 3]] for i in range(30)]
    m = mapped(csv_of(rows, ["number", "urgency", "priority"]))
    assert m.fields["priority"] == "priority"
    assert m.alternatives["priority"] == ["urgency"]


def test_a_yes_no_resolved_column_is_first_contact_resolution_not_a_timestamp():
    rows = [[f"ID{i:04d}", "2021-01-01", "Y" if i % 3 else "N"] for i in range(30)]
    m = mapped(csv_of(rows, ["Call Id", "Date", "Resolved"]))
    assert m.fields["first_contact_resolved"] == "Resolved"
    assert "resolved_at" not in m.fields


def test_agent_names_beat_owner_codes():
    rows = [[f"T{i}", f"U{i % 5:04d}", ["Ann Lee", "Bob Ray", "Cy Fox"][i % 3]] for i in range(40)]
    m = mapped(csv_of(rows, ["Incident ID", "Owner", "Owned By"]))
    assert m.fields["agent"] == "Owned By"


def test_headers_not_in_the_alias_list_are_read_by_their_words_and_values():
    rows = [[f"2015-06-{i % 28 + 1:02d} 10:00:00", ["Customer Care Call", "Internet"][i % 2], f"Internet is down again {i}",
             f"Caller {i % 7}"] for i in range(40)]
    m = mapped(csv_of(rows, ["Date Received", "received_via", "Customer Complaint", "caller_id"]))
    assert m.fields == {"created_at": "Date Received", "channel": "received_via", "description": "Customer Complaint",
                        "customer_id": "caller_id"}


def test_a_date_of_something_else_is_not_the_creation_time():
    assert header_evidence("Date of Purchase", "created_at")[0] == 0
    assert header_evidence("Date", "created_at")[0] > 0
    assert header_evidence("sys_created_on", "created_at")[0] > 0.5
    assert header_evidence("Customer Age", "customer_id")[0] == 0


def test_a_misspelt_header_still_names_its_field():
    score, how = header_evidence("statisfaction_score", "csat")
    assert how == "typo" and score > 0.8


def test_match_header_keeps_its_old_contract():
    assert match_header("满意度评分（1-5分）") == ("csat", 2)
    assert match_header("Ticket  ID") == ("ticket_id", 2)
    assert match_header("TICKET_PRIORITY") == ("priority", 2)
    assert match_header("客户满意度评分")[0] == "csat"
    assert match_header("客服态度")[0] is None


@pytest.mark.parametrize("values, kind", [
    (["2024-05-01 14:30", "2024-05-02 09:00"], "stamp"),
    (["3:53:50 PM", "10:22:56 AM"], "clock"),
    (["00:05:32", "5分32秒", "1h 30m"], "duration"),
    (["Y", "N", "Y"], "flag"),
    (["Very satisfied", "Neutral", "Dissatisfied"], "score"),
])
def test_profiles_say_what_values_are(values, kind):
    p = profile(pd.Series(values * 10, dtype="str"))
    if kind == "score":
        assert p.score is not None and p.score.scale == (1, 5)
    else:
        assert getattr(p, kind) == 1.0
    if kind == "clock":
        assert p.duration == 0           # a time of day with AM/PM is never a duration


def test_durations_take_their_unit_from_the_header():
    rows = [[f"T{i}", f"2024-03-0{i % 9 + 1} 10:00", 90 + i, i + 1, f"{i % 3 + 1}.5"] for i in range(20)]
    text = csv_of(rows, ["Ticket ID", "Created at", "Speed of answer in seconds", "days_open",
                         "First response time (in hrs)"])
    ds = load_files([("t.csv", text.encode())], now=NOW).dataset
    m = ds.files[0].mapping
    # two first-response durations compete: the better named wins, the other is the alternative
    assert m.fields["first_response_time"] == "Speed of answer in seconds"
    assert m.alternatives["first_response_time"] == ["First response time (in hrs)"]
    assert m.units == {"first_response_time": "seconds", "resolution_time": "days"}
    t = ds.tickets
    assert t["frt_min"].iloc[0] == pytest.approx(90 / 60)
    assert t["resolution_h"].iloc[0] == pytest.approx(24.0)
    hours = load_files([("t.csv", text.encode())], now=NOW, overrides=Overrides(
        {"first_response_time": "First response time (in hrs)"})).dataset
    assert hours.files[0].mapping.units["first_response_time"] == "hours"
    assert hours.tickets["frt_min"].iloc[0] == pytest.approx(90)


def test_date_and_time_columns_are_joined():
    rows = [[f"C{i}", f"{i % 28 + 1:02d}-04-15", f"{i % 12 + 1}:53:50 PM", "Open"] for i in range(30)]
    ds = load_files([("c.csv", csv_of(rows, ["Ticket #", "Date", "Time", "Status"]).encode())], now=NOW).dataset
    assert ds.files[0].mapping.time_parts == {"created_at": "Time"}
    assert ds.tickets["created_at"].iloc[0] == pd.Timestamp("2015-04-01 13:53:50")


def test_status_words_decide_who_is_open_in_every_language():
    words = {"Closed - No Action": "closed", "Waiting for Requestor Feedback": "open", "Solved": "closed",
             "Pending": "open", "Resolved": "closed", "Unresolved": "open", "Not resolved": "open",
             "已解决": "closed", "未解决": "open", "处理中": "open", "已关闭": "closed", "Awaiting User Info": "open",
             "Cancelled": "closed", "Maryland": None}
    assert {w: parse.status_state(w) for w in words} == words
    rows = [[f"T{i}", "2024-03-01 10:00", s] for i, s in enumerate(words) if words[s]]
    ds = load_files([("t.csv", csv_of(rows, ["Ticket ID", "Created at", "Status"]).encode())], now=NOW).dataset
    assert ds.tickets["is_open"].tolist() == [words[s] == "open" for s in words if words[s]]


def test_a_closed_stamp_stands_for_the_resolution_and_beside_one_a_closed_ticket_is_not_backlog():
    only_closed = "Ticket ID,Created at,Closed at\nT1,2024-03-01 10:00,2024-03-01 12:00\nT2,2024-03-01 10:00,\n"
    t = load_files([("a.csv", only_closed.encode())], now=NOW).dataset.tickets
    assert t["resolution_h"].tolist()[0] == 2 and t["is_open"].tolist() == [False, True]
    both = ("Ticket ID,Created at,Resolved at,Closed at\nT1,2024-03-01 10:00,2024-03-01 11:00,2024-03-01 12:00\n"
            "T2,2024-03-01 10:00,,2024-03-02 10:00\nT3,2024-03-01 10:00,,\n")
    ds = load_files([("b.csv", both.encode())], now=NOW).dataset
    t = ds.tickets
    assert t["resolution_h"].tolist()[0] == 1 and pd.isna(t["resolution_h"][1])
    assert t["is_open"].tolist() == [False, False, True]
    closed = [i for i in ds.quality if i.kind == "closed_without_resolution"]
    assert [list(i.rows) for i in closed] == [[3]]


def test_numeric_priority_codes_reach_the_sla_tiers():
    rows = [[f"I{i}", "2024-03-01 10:00", str(i % 5 + 1)] for i in range(10)]
    ds = load_files([("t.csv", csv_of(rows, ["Incident ID", "Created", "Priority"]).encode())], now=NOW).dataset
    assert ds.files[0].mapping.options == {"priority_codes": "1_most_urgent"}
    assert ds.tickets["priority_key"].tolist()[:5] == ["urgent", "high", "medium", "low", "low"]


def test_a_google_forms_export_is_a_survey_with_the_first_rating_as_outcome():
    labels = ["Very Dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very Satisfied", "N/A do not use"]
    q = "How satisfied are you with the following services? [{}]"
    rows = [[f"2023/04/{i % 28 + 1:02d} 10:{i % 60:02d}:32 AM GMT+8", labels[i % 6], labels[(i + 2) % 6],
             labels[(i * 7) % 6]] for i in range(60)]
    m = mapped(csv_of(rows, ["Timestamp", q.format("Library"), q.format("IT help desk"), q.format("Cafeteria")]))
    assert m.role == "survey"
    assert m.fields == {"responded_at": "Timestamp", "csat": q.format("Library")}
    assert m.drivers == [q.format("IT help desk"), q.format("Cafeteria")]
    scores = parse.parse_scores(pd.Series(labels))
    assert scores.values.tolist()[:5] == [1, 2, 3, 4, 5] and scores.missing.tolist()[5]


def test_a_ten_point_survey_with_some_labelled_points():
    rows = [[f"R{i}", {1: "1 - Strongly Disagree", 10: "10 - Strongly Agree"}.get(i % 10 + 1, str(i % 10 + 1)),
             str((i * 3) % 10 + 1)] for i in range(40)]
    ds = load_files([("s.csv", csv_of(rows, ["Response ID", "Overall satisfaction", "The agent was helpful"]).encode())],
                    now=NOW).dataset
    assert ds.csat_scale == (1, 10) and ds.satisfied_codes == [9, 10]
    assert ds.drivers == ["The agent was helpful"]


def test_a_review_file_is_a_survey_with_its_comments():
    rows = [[f"RV{i}", f"2024-0{i % 9 + 1}-11", i % 5 + 1, ["Great product, works well", "Broke after two days"][i % 2]]
            for i in range(30)]
    m = mapped(csv_of(rows, ["review_id", "review_date", "rating", "review_text"]))
    assert m.role == "survey"
    assert (m.fields["responded_at"], m.fields["csat"], m.fields["comment"]) == ("review_date", "rating", "review_text")


def test_qualtrics_and_surveymonkey_header_rows_are_headers_not_data():
    qualtrics = ('StartDate,ResponseId,Q1,Q2\nStart Date,Response ID,Overall satisfaction,Comments\n'
                 '{"ImportId":"startDate"},{"ImportId":"_recordId"},{"ImportId":"QID1"},{"ImportId":"QID2"}\n'
                 '2024-01-01 10:00:00,R_1,5,great\n2024-01-02 10:00:00,R_2,2,slow\n')
    raw = read_table(qualtrics.encode(), "q.csv")
    assert raw.columns == ["Start Date", "Response ID", "Overall satisfaction", "Comments"]
    assert raw.source_rows.tolist() == [4, 5]
    monkey = ("Respondent ID,Start Date,How satisfied were you?,Please rate:,\n"
              ",,Response,Speed,Friendliness\n1001,01/02/2024 10:00:00 AM,4,4,5\n")
    raw = read_table(monkey.encode(), "sm.csv")
    assert raw.columns == ["Respondent ID", "Start Date", "How satisfied were you?", "Please rate: - Speed",
                           "Please rate: - Friendliness"]
    assert raw.source_rows.tolist() == [3]


def test_unmapped_label_columns_stay_under_their_own_header():
    rows = [[f"T{i}", "2024-03-01 10:00", ["Georgia", "Texas"][i % 2], f"free text number {i}"] for i in range(30)]
    ds = load_files([("t.csv", csv_of(rows, ["Ticket ID", "Created at", "State", "Zzz"]).encode())], now=NOW).dataset
    assert ds.tickets["State"].value_counts().to_dict() == {"Georgia": 15, "Texas": 15}
    assert "Zzz" not in ds.tickets.columns


def test_a_long_survey_one_row_per_answer_is_read_one_row_per_response():
    rows = [[f"R{i}", f"2024-03-0{i % 9 + 1} 10:00", q, (i + k) % 5 + 1]
            for i in range(12) for k, q in enumerate(["Overall satisfaction", "Speed", "Friendliness"])]
    ds = load_files([("long.csv", csv_of(rows, ["Response ID", "Submitted", "Question", "Score"]).encode())],
                    now=NOW).dataset
    note = ds.files[0].notes["long_survey"]
    assert (note["rows"], note["responses"]) == (36, 12)
    assert ds.files[0].mapping.fields["csat"] == "Overall satisfaction" and ds.drivers == ["Speed", "Friendliness"]
    survey = ds.survey
    assert survey["csat"].tolist() == [float(i % 5 + 1) for i in range(12)]
    assert survey["Speed"].tolist() == [float((i + 1) % 5 + 1) for i in range(12)]
    assert survey["source_row"].tolist() == [2 + 3 * i for i in range(12)]      # each response's first row
