"""The sample generator tells the story it promises, with the documented quality problems.

Every figure is recomputed here from the generated frames with plain pandas / scipy; the
targets are DOMAIN.md's published shapes (copied below), not outputs of the code under test.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.sample import (DEFECTS, chinese_exports, csv_bytes, english_exports, generate,
                             write_sample_files)

ROOT = Path(__file__).resolve().parents[1]
# DOMAIN.md (seed 003): problem types and channel mix in percent; driver correlations.
CATEGORY_SHARES = {"Product usage": 36.8, "Orders": 26.9, "Payment": 13.3, "After-sales": 11.8,
                   "Account": 7.8, "Other": 9.4}
CHANNEL_SHARES = {"Phone": 39.3, "Online chat": 37.1, "Email": 13.3, "Social media": 7.8, "Other": 2.5}
DRIVER_SPEARMAN = {"Resolution Speed": 0.72, "Professionalism": 0.68, "Attitude": 0.65,
                   "Effectiveness": 0.58, "Timeliness": 0.52}
CANNED_EN = ["canned response", "scripted answer", "copy-paste reply"]
CANNED_ZH = ["话术", "模板回复", "机械回复"]
# The defect counts sample_data/README.md documents.
DOCUMENTED = {"duplicate_ids": 12, "repeated_rows": 8, "response_before_created": 10,
              "resolved_before_created": 6, "unparseable_timestamps": 7, "future_timestamps": 5,
              "scores_out_of_range": 9, "orphan_survey_rows": 15, "score_with_unit": 12}
ZH_LABELS = {"非常不满意": 1, "不满意": 2, "一般": 3, "满意": 4, "非常满意": 5}


@pytest.fixture(scope="module")
def sample():
    return generate(30000, 7)


@pytest.fixture(scope="module")
def responses(sample):
    return sample.survey.merge(sample.tickets.drop(columns="csat"), on="ticket_id", how="left")


@pytest.fixture(scope="module")
def en(sample):
    return english_exports(sample)


@pytest.fixture(scope="module")
def zh_sample():
    return generate(8000, 8)


@pytest.fixture(scope="module")
def zh(zh_sample):
    return chinese_exports(zh_sample)


def pct(mask) -> float:
    return 100 * float(np.mean(mask))


# --- shape of the canonical frames ------------------------------------------------------------
def test_frames_have_canonical_columns_and_dtypes(sample):
    tk, sv = sample.tickets, sample.survey
    assert len(tk) == 30000 and tk["ticket_id"].is_unique
    for col in ["created_at", "first_response_at", "resolved_at"]:
        assert tk[col].dtype == "datetime64[ns]"
    for col in ["ticket_id", "channel", "category", "request_type", "priority", "agent", "description"]:
        assert tk[col].dtype == "str"
    assert tk["first_contact_resolved"].dtype == bool and tk["transfers"].dtype == np.int64
    assert tk["created_at"].min() >= pd.Timestamp("2024-01-01")
    assert tk["created_at"].max() < pd.Timestamp("2026-01-01")
    assert sv["ticket_id"].isin(tk["ticket_id"]).all() and sv["ticket_id"].is_unique
    assert sv["csat"].between(1, 5).all() and sv["nps"].between(0, 10).all()
    for driver in DRIVER_SPEARMAN:
        assert sv[driver].between(1, 5).all()
    # Derived times agree with the timestamps (computed here from the timestamps themselves).
    frt = (tk["first_response_at"] - tk["created_at"]).dt.total_seconds() / 60
    assert np.allclose(frt, tk["frt_min"], equal_nan=True)
    res = (tk["resolved_at"] - tk["created_at"]).dt.total_seconds() / 3600
    assert np.allclose(res, tk["resolution_h"], equal_nan=True)


def test_response_rate_about_40_percent_and_after_resolution(sample, responses):
    assert 37 <= pct(sample.tickets["csat"].notna()) <= 43
    assert (responses["responded_at"] >= responses["resolved_at"]).all()
    assert responses["resolved_at"].notna().all()
    # The ticket's own score is its survey score.
    own = sample.tickets.set_index("ticket_id")["csat"]
    assert (own.loc[sample.survey["ticket_id"]].to_numpy() == sample.survey["csat"].to_numpy()).all()


# --- mixes -------------------------------------------------------------------------------------
def test_category_and_channel_mix_follow_domain(sample):
    for column, published in [("category", CATEGORY_SHARES), ("channel", CHANNEL_SHARES)]:
        total = sum(published.values())
        observed = sample.tickets[column].value_counts(normalize=True) * 100
        for label, share in published.items():
            assert observed[label] == pytest.approx(100 * share / total, abs=1.5), (column, label)


def test_complaints_are_two_to_four_percent_mostly_online(sample):
    complaint = sample.tickets["request_type"] == "Complaint"
    assert 2 <= pct(complaint) <= 4
    by_channel = sample.tickets.loc[complaint, "channel"].value_counts(normalize=True)
    assert by_channel.idxmax() == "Online chat"
    assert set(sample.tickets["request_type"]) == {"Inquiry", "Complaint", "After-sales", "Suggestion"}
    assert set(sample.tickets["priority"]) == {"Urgent", "High", "Medium", "Low"}
    assert set(sample.tickets["customer_type"]) == {"VIP", "New", "Existing"}


# --- satisfaction -------------------------------------------------------------------------------
def test_score_distribution_is_five_over_four_over_three_over_two_over_one(sample):
    counts = sample.survey["csat"].value_counts()
    assert counts[5] > counts[4] > counts[3] > counts[2] > counts[1] > 0


def test_csat_climbs_from_75_to_85_percent(sample):
    sv = sample.survey
    quarter = sv["responded_at"].dt.to_period("Q")
    csat = (sv["csat"] >= 4).groupby(quarter).mean() * 100
    assert csat.iloc[0] == pytest.approx(75, abs=3)
    assert csat.iloc[-1] == pytest.approx(85, abs=3)
    # The trend is real, not two lucky quarters: a rank correlation of CSAT % with time.
    assert stats.spearmanr(np.arange(len(csat)), csat.to_numpy()).statistic > 0.8


def test_driver_correlations_match_published_order(sample):
    sv = sample.survey
    rho = {d: stats.spearmanr(sv["csat"], sv[d]).statistic for d in DRIVER_SPEARMAN}
    for driver, target in DRIVER_SPEARMAN.items():
        assert rho[driver] == pytest.approx(target, abs=0.06), driver
    ordered = [rho[d] for d in DRIVER_SPEARMAN]
    assert ordered == sorted(ordered, reverse=True)
    # pandas' own Spearman agrees with scipy's.
    assert sv["csat"].corr(sv["Timeliness"], method="spearman") == pytest.approx(rho["Timeliness"])


def test_phone_csat_clearly_above_online_chat(responses):
    csat = (responses["csat"] >= 4).groupby(responses["channel"]).mean() * 100
    assert csat["Phone"] - csat["Online chat"] >= 10


def test_slow_first_response_or_resolution_lowers_csat(responses):
    for column in ["frt_min", "resolution_h"]:
        quartile = responses.groupby("channel")[column].transform(lambda x: pd.qcut(x.rank(method="first"), 4, labels=False))
        csat = (responses["csat"] >= 4).groupby(quartile).mean() * 100
        assert csat[0] - csat[3] >= 8, column
        assert stats.spearmanr(responses[column], responses["csat"], nan_policy="omit").statistic < 0


def test_nps_and_reasons(sample):
    sv = sample.survey
    assert sv["nps"].between(0, 10).all()
    assert stats.spearmanr(sv["csat"], sv["nps"]).statistic > 0.5
    low = sv["csat"] <= 3
    assert sv.loc[low, "reason"].notna().all() and sv.loc[~low, "reason"].isna().all()
    counts = sv.loc[low, "reason"].value_counts()
    assert counts.index[:2].tolist() == ["Not resolved", "Too slow"]       # 542 : 323 lead
    assert counts["Other"] == counts.min()


# --- operations ----------------------------------------------------------------------------------
def test_online_chat_first_response_improves_but_misses_8_minutes(sample):
    tk = sample.tickets
    chat = tk[tk["channel"] == "Online chat"]
    by_quarter = chat.groupby(chat["created_at"].dt.to_period("Q"))["frt_min"].mean()
    assert by_quarter.iloc[0] == pytest.approx(15, abs=1.5)
    assert by_quarter.iloc[-1] == pytest.approx(11, abs=1.5)
    assert by_quarter.iloc[-1] > 8
    means = tk.groupby("channel")["frt_min"].mean()
    assert means["Phone"] == pytest.approx(1, abs=0.4)
    assert means["Email"] / 60 == pytest.approx(3, abs=0.5)


def test_times_are_right_skewed_lognormal(sample):
    tk = sample.tickets
    for column in ["frt_min", "resolution_h", "handle_min"]:
        values = tk[column].dropna()
        assert values.mean() > values.median() and stats.skew(values) > 1, column
    chat = tk.loc[tk["channel"] == "Phone", "frt_min"].dropna()
    assert abs(stats.skew(np.log(chat))) < 0.3     # the log of a lognormal is symmetric


def test_weekday_peaks_and_weekend_effects(sample):
    tk = sample.tickets
    weekday = tk["created_at"].dt.day_of_week < 5
    hour = tk.loc[weekday, "created_at"].dt.hour
    assert pct(hour.isin([9, 10])) == pytest.approx(28, abs=2)
    assert pct(hour.isin([14, 15])) == pytest.approx(24, abs=2)
    per_day = tk.groupby(tk["created_at"].dt.normalize()).size()
    weekend_day = per_day.index.day_of_week >= 5
    assert per_day[weekend_day].mean() / per_day[~weekend_day].mean() == pytest.approx(0.65, abs=0.05)
    ratios = [g.loc[g["created_at"].dt.day_of_week >= 5, "handle_min"].median()
              / g.loc[g["created_at"].dt.day_of_week < 5, "handle_min"].median()
              for _, g in tk[tk["channel"].isin(["Phone", "Online chat"])].groupby("channel")]
    assert np.mean(ratios) == pytest.approx(1.15, abs=0.05)


def test_about_three_percent_open_mostly_recent(sample):
    tk = sample.tickets
    open_ = tk["resolved_at"].isna()
    assert 2 <= pct(open_) <= 4
    recent = tk["created_at"] >= sample.end - pd.Timedelta(days=30)
    assert (open_ & recent).sum() / open_.sum() > 0.5
    assert set(tk.loc[open_, "status"]) <= {"Open", "Pending"}
    assert not tk.loc[open_, "first_contact_resolved"].any()


# --- text --------------------------------------------------------------------------------------
def test_canned_script_comments_about_23_percent_of_low_scores(sample, zh):
    sv = sample.survey
    low = sv["csat"] <= 3
    canned = sv["comment"].str.contains("|".join(CANNED_EN), na=False)
    assert pct(canned[low]) == pytest.approx(23, abs=2.5)
    assert not canned[~low].any()
    survey_zh = zh[1]
    low_zh = survey_zh["总体满意度"].map(ZH_LABELS) <= 3
    canned_zh = survey_zh["评价内容"].fillna("").str.contains("|".join(CANNED_ZH))
    assert pct(canned_zh[low_zh]) == pytest.approx(23, abs=4)
    assert not canned_zh[~low_zh].any()


def test_low_score_comments_name_the_root_cause_themes(sample, zh):
    sv = sample.survey
    low_text = " ".join(sv.loc[sv["csat"] <= 3, "comment"].dropna())
    for word in ["delivery", "tracking", "refund", "return", "transferred", "promotion", "coupon",
                 "quality", "broken", "payment", "charged", "account", "log in"]:
        assert word in low_text, word
    survey_zh = zh[1]
    low_zh = " ".join(survey_zh.loc[survey_zh["总体满意度"].map(ZH_LABELS) <= 3, "评价内容"].dropna())
    for word in ["物流", "快递", "退款", "退货", "转接", "踢皮球", "优惠", "活动规则", "质量", "破损",
                 "扣款", "账号", "登录"]:
        assert word in low_zh, word
    assert sv["comment"].isna().any()
    descriptions = zh[0]["问题描述"]
    assert descriptions.str.len().median() <= 30 and descriptions.str.len().max() <= 40
    assert sample.tickets["description"].str.len().max() <= 60


# --- English exports and their defects -------------------------------------------------------------
def test_english_export_headers_and_formats(en):
    tickets, survey = en
    assert list(tickets.columns) == [
        "Ticket ID", "Customer ID", "Customer Type", "Ticket Channel", "Ticket Type", "Category",
        "Ticket Priority", "Agent", "Status", "Created at", "First Response At", "Resolved At",
        "Handle Time", "First Contact Resolution", "Transfers", "Reopened", "Ticket Description", "Tags"]
    assert list(survey.columns) == ["Ticket ID", "Survey Date", "Satisfaction Score", "NPS", *DRIVER_SPEARMAN,
                                    "Reason", "Comment"]
    assert (tickets["Tags"] == "").all()
    assert tickets["Handle Time"].str.fullmatch(r"\d{2,}:[0-5]\d:[0-5]\d").all()
    assert set(tickets["First Contact Resolution"]) == {"Yes", "No"}
    stamp = tickets["Resolved At"]
    assert stamp[stamp != ""].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()


def test_english_handle_time_text_round_trips(sample):
    tickets, _ = english_exports(sample, defects=None)
    parts = tickets["Handle Time"].str.split(":", expand=True).astype(int)
    minutes = parts[0] * 60 + parts[1] + parts[2] / 60
    assert np.allclose(minutes, sample.tickets["handle_min"], atol=1 / 60)


def test_english_defect_counts_are_as_documented(en):
    tickets, survey = en
    assert len(tickets) == 30000 + DOCUMENTED["duplicate_ids"] + DOCUMENTED["repeated_rows"]
    assert tickets.duplicated().sum() == DOCUMENTED["repeated_rows"]
    assert tickets["Ticket ID"].duplicated().sum() == DOCUMENTED["repeated_rows"] + DOCUMENTED["duplicate_ids"]

    def parse(column):
        return pd.to_datetime(tickets[column].replace("", None), format="%Y-%m-%d %H:%M:%S", errors="coerce")

    created, first, resolved = parse("Created at"), parse("First Response At"), parse("Resolved At")
    assert (created.isna() & (tickets["Created at"] != "")).sum() == DOCUMENTED["unparseable_timestamps"]
    assert (first < created).sum() == DOCUMENTED["response_before_created"]
    assert (resolved < created).sum() == DOCUMENTED["resolved_before_created"]
    assert (resolved.dt.year == 2027).sum() == DOCUMENTED["future_timestamps"]
    assert (pd.concat([created, first, resolved]) >= pd.Timestamp("2026-01-01")).sum() == DOCUMENTED["future_timestamps"]
    score = pd.to_numeric(survey["Satisfaction Score"])
    assert sorted(score[~score.between(1, 5)]) == [0, 0, 0, 6, 6, 6, 9, 9, 9]
    assert (~survey["Ticket ID"].isin(tickets["Ticket ID"])).sum() == DOCUMENTED["orphan_survey_rows"]
    assert {k: v for k, v in vars(DEFECTS).items()} == DOCUMENTED


def test_clean_exports_have_no_defects(sample):
    tickets, survey = english_exports(sample, defects=None)
    assert len(tickets) == len(sample.tickets) and tickets["Ticket ID"].is_unique
    assert survey["Ticket ID"].isin(tickets["Ticket ID"]).all()


# --- Chinese exports --------------------------------------------------------------------------------
def test_chinese_ticket_template_values_and_formats(zh, zh_sample):
    tickets, survey = zh
    assert list(tickets.columns) == ["工单编号", "客户编号", "客户类型", "需求渠道", "需求类型", "问题类型", "紧急程度",
                                     "问题描述", "提交时间", "首次响应时间", "解决时间", "处理人", "处理时长",
                                     "是否一次解决", "转接次数", "满意度评分(1-5分)", "备注", "附件"]
    assert set(tickets["需求渠道"]) == {"电话", "在线客服", "邮件", "社交媒体", "其他"}
    assert set(tickets["需求类型"]) == {"咨询", "投诉", "售后", "建议"}
    assert set(tickets["紧急程度"]) == {"紧急", "高", "中", "低"}
    assert set(tickets["客户类型"]) == {"VIP", "新客户", "老客户"}
    assert set(tickets["是否一次解决"]) == {"是", "否"}
    assert tickets["处理人"].str.fullmatch(r"客服.\*").all()
    assert (tickets["附件"] == "").all()
    stamps = tickets["提交时间"]
    styles = {"dash": r"\d{4}-\d\d-\d\d \d\d:\d\d", "slash": r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d\d",
              "glued": r"\d{4}-\d\d-\d\d\d\d:\d\d"}
    shares = {k: stamps.str.fullmatch(p).mean() for k, p in styles.items()}
    assert all(share > 0.05 for share in shares.values()) and sum(shares.values()) > 0.99
    duration = tickets["处理时长"]
    kinds = {k: duration.str.fullmatch(p).sum() for k, p in
             {"ms": r"\d+分\d+秒", "hm": r"\d+小时\d+分钟", "h": r"\d+(\.\d)?小时"}.items()}
    assert all(kinds.values()) and sum(kinds.values()) == len(duration)
    assert list(survey.columns) == ["工单编号", "评价时间", "总体满意度", "解决速度", "专业程度", "服务态度",
                                    "解决效果", "响应及时性", "不满意原因", "评价内容"]
    assert set(survey["不满意原因"].dropna()) == {"问题未解决", "处理太慢", "服务态度差", "解决方案不合理", "其他"}


def test_chinese_ticket_score_is_the_survey_score(zh):
    tickets, survey = zh
    own = tickets.drop_duplicates("工单编号").set_index("工单编号")["满意度评分(1-5分)"]
    matched = survey[survey["工单编号"].isin(own.index)]
    assert (own.loc[matched["工单编号"]].to_numpy() == matched["总体满意度"].map(ZH_LABELS).astype(str).to_numpy()).all()
    scored = own[own != ""].astype(int)
    assert sorted(scored[~scored.between(1, 5)]) == [0, 0, 0, 6, 6, 6, 9, 9, 9]


def test_chinese_defect_counts_are_as_documented(zh):
    tickets, survey = zh
    assert tickets.duplicated().sum() == DOCUMENTED["repeated_rows"]
    assert tickets["工单编号"].duplicated().sum() == DOCUMENTED["repeated_rows"] + DOCUMENTED["duplicate_ids"]
    junk = ["N/A", "2024-13-45 10:00", "未知", "0000-00-00 00:00", "2024/2/30 8:15", "待定", "#VALUE!"]
    assert tickets["提交时间"].isin(junk).sum() == DOCUMENTED["unparseable_timestamps"]

    def parse(column):   # normalise the three styles, then parse
        text = tickets[column].str.replace(r"^(\d{4}-\d\d-\d\d)(\d)", r"\1 \2", regex=True)
        return pd.to_datetime(text.replace("", None), format="mixed", errors="coerce")

    created, first, resolved = parse("提交时间"), parse("首次响应时间"), parse("解决时间")
    assert (first < created).sum() == DOCUMENTED["response_before_created"]
    assert (resolved < created).sum() == DOCUMENTED["resolved_before_created"]
    assert (resolved.dt.year == 2027).sum() == DOCUMENTED["future_timestamps"]
    assert (~survey["工单编号"].isin(tickets["工单编号"])).sum() == DOCUMENTED["orphan_survey_rows"]
    drivers = survey[["解决速度", "专业程度", "服务态度", "解决效果", "响应及时性"]]
    with_unit = drivers.apply(lambda c: c.map(lambda v: isinstance(v, str) and bool(re.fullmatch(r"[1-5]分", v))))
    assert with_unit.to_numpy().sum() == DOCUMENTED["score_with_unit"]


# --- determinism, files, speed helpers ------------------------------------------------------------
def frame_hash(frame: pd.DataFrame) -> int:
    return int(pd.util.hash_pandas_object(frame.astype(str), index=True).sum())


def test_generation_is_deterministic():
    a, b, c = generate(5000, 7), generate(5000, 7), generate(5000, 8)
    assert frame_hash(a.tickets) == frame_hash(b.tickets) and frame_hash(a.survey) == frame_hash(b.survey)
    assert frame_hash(a.tickets) != frame_hash(c.tickets)
    for export in (english_exports, chinese_exports):
        (t1, s1), (t2, s2) = export(a), export(b)
        assert frame_hash(t1) == frame_hash(t2) and frame_hash(s1) == frame_hash(s2)


def test_csv_bytes_matches_pandas_to_csv():
    frame = pd.DataFrame({"a": ["x", "y,z", 'q"r', ""], "b": ["1", "", "中文,逗号", "line\nbreak"]}, dtype="str")
    assert csv_bytes(frame) == frame.to_csv(index=False).encode()
    assert csv_bytes(frame, "gb18030", "\r\n") == frame.to_csv(index=False, lineterminator="\r\n").encode("gb18030")


def test_written_files_match_committed_sample_data(tmp_path):
    paths = write_sample_files(tmp_path)
    committed = ROOT / "sample_data"
    for name, path in paths.items():
        assert path.read_bytes() == (committed / name).read_bytes(), f"{name}: run python -m analysis.sample"
    assert sum(p.stat().st_size for p in paths.values()) < 8_000_000
    assert paths["survey_en.csv"].read_bytes().startswith(b"\xef\xbb\xbfTicket ID,")
    assert not paths["tickets_en.csv"].read_bytes().startswith(b"\xef\xbb\xbf")
    lines = paths["tickets_zh.csv"].read_bytes().decode("gb18030").split("\r\n")
    assert lines[0].startswith("客户需求登记与跟踪表") and set(lines[1]) == {","}
    assert lines[2].startswith("工单编号,客户编号")
    zh_tickets = pd.read_csv(paths["tickets_zh.csv"], encoding="gb18030", skiprows=2, dtype=str)
    assert 7900 <= len(zh_tickets) <= 8100 and zh_tickets["附件"].isna().all()
    en_tickets = pd.read_csv(paths["tickets_en.csv"], dtype=str)
    assert en_tickets["Tags"].isna().all() and len(en_tickets) == 30020
    with zipfile.ZipFile(paths["survey_zh.xlsx"]) as archive:
        assert "xl/workbook.xml" in archive.namelist()
    sheet = pd.read_excel(io.BytesIO(paths["survey_zh.xlsx"].read_bytes()), sheet_name="满意度回访",
                          header=None, engine="openpyxl")
    assert sheet.iloc[0, 0] == "客户满意度回访表" and sheet.iloc[1, 0] == "工单编号"
    assert set(sheet.iloc[2:, 2]) == set(ZH_LABELS)
    assert pd.api.types.is_datetime64_any_dtype(pd.to_datetime(sheet.iloc[2:, 1]))


def test_generate_rejects_empty_requests():
    with pytest.raises(ValueError):
        generate(0)
