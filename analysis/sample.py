"""Deterministic sample data: raw help-desk exports that tell the review story of DOMAIN.md.

`generate` draws tickets and survey responses with numpy (fixed seed, no loops over rows) and
returns clean canonical frames; `english_exports` / `chinese_exports` render them as strings the
way a help-desk tool or a Chinese Excel template writes them, with a documented handful of
deliberate quality problems; `write_sample_files` writes `sample_data/`.

The story, by construction:
- scores 5 > 4 > 3 > 2 > 1, CSAT % (share of 4–5) climbing from ~75 % in the first quarter to
  ~85 % in the last; phone well above online chat;
- overall score and the five driver sub-ratings share one latent satisfaction factor; each
  driver loads on it so that its Spearman correlation with the overall score lands near the
  published 0.72 / 0.68 / 0.65 / 0.58 / 0.52 (seed 003);
- online-chat first response falls from ~15 min to only ~11 min (the 8 min goal is missed),
  phone answers in ~1 min, email in ~3 h; times are lognormal (right-skewed);
- weekday peaks 09–11 h (28 %) and 14–16 h (24 %); weekends ~35 % fewer contacts, ~15 % longer
  handling; slow first response and slow resolution lower the latent satisfaction;
- ~23 % of low-score comments complain about canned scripts; ~3 % of tickets are still open,
  mostly the youngest ones.

Run ``python -m analysis.sample --out sample_data`` to regenerate the sample files.
"""
from __future__ import annotations

import argparse
import io
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.schema import FRT_MIN, HANDLE_MIN, RESOLUTION_H

# --- the sample's own parameters (shares from DOMAIN.md; they describe this sample, not the schema)
# (English label, Chinese label, share)
CHANNEL_MIX = [("Phone", "电话", 39.3), ("Online chat", "在线客服", 37.1), ("Email", "邮件", 13.3),
               ("Social media", "社交媒体", 7.8), ("Other", "其他", 2.5)]
CATEGORY_MIX = [("Product usage", "产品使用", 36.8), ("Orders", "订单问题", 26.9),
                ("Payment", "支付问题", 13.3), ("After-sales", "售后服务", 11.8),
                ("Account", "账户问题", 7.8), ("Other", "其他", 9.4)]
CUSTOMER_TYPE_MIX = [("VIP", "VIP", 10.0), ("New", "新客户", 25.0), ("Existing", "老客户", 65.0)]
REQUEST_TYPES = [("Inquiry", "咨询"), ("Complaint", "投诉"), ("After-sales", "售后"), ("Suggestion", "建议")]
PRIORITIES = [("Urgent", "紧急"), ("High", "高"), ("Medium", "中"), ("Low", "低")]
# Seed 003's dissatisfaction reasons (542:323:213:198) plus a small "Other".
REASON_MIX = [("Not resolved", "问题未解决", 542), ("Too slow", "处理太慢", 323),
              ("Agent attitude", "服务态度差", 213), ("Unreasonable solution", "解决方案不合理", 198),
              ("Other", "其他", 60)]
SCORE_LABELS_ZH = ["非常不满意", "不满意", "一般", "满意", "非常满意"]
AGENT_SURNAMES = [("Zhang", "张"), ("Wang", "王"), ("Li", "李"), ("Zhao", "赵"), ("Liu", "刘"),
                  ("Chen", "陈"), ("Yang", "杨"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
                  ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"),
                  ("He", "何"), ("Gao", "高"), ("Lin", "林"), ("Luo", "罗"), ("Zheng", "郑"),
                  ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"), ("Tang", "唐"), ("Han", "韩"),
                  ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭")]
# Driver sub-ratings (English header, Chinese header, loading on the latent satisfaction factor).
# Loadings were tuned so that Spearman(overall, driver) after both are cut into 1–5 lands on the
# seed-003 correlations 0.72 / 0.68 / 0.65 / 0.58 / 0.52 (checked in tests/test_sample.py).
DRIVERS = [("Resolution Speed", "解决速度", 0.821), ("Professionalism", "专业程度", 0.784),
           ("Attitude", "服务态度", 0.757), ("Effectiveness", "解决效果", 0.684),
           ("Timeliness", "响应及时性", 0.621)]

# First response (minutes) and handling time (minutes) by channel: (mean, lognormal sigma).
# Online chat's mean first response drifts from 15.6 to 11.0 min over the period (_frt_mean_online).
FRT_PARAMS = {"Phone": (1.0, 0.6), "Online chat": (None, 0.8), "Email": (180.0, 0.9),
              "Social media": (45.0, 0.9), "Other": (60.0, 1.0)}
HANDLE_PARAMS = {"Phone": (5.53, 0.5), "Online chat": (4.3, 0.55), "Email": (876.0, 0.7),
                 "Social media": (12.0, 0.6), "Other": (8.0, 0.6)}
WEEKEND_HANDLE_FACTOR = 1.15
WEEKEND_VOLUME_FACTOR = 0.65
OPEN_SHARE = 0.03
RESPONSE_RATE = 0.41            # of resolved tickets; some answers arrive after the export date
CANNED_SHARE = 0.23             # of low-score (<= 3) responses

# Latent satisfaction: intercept shift over the period and cut points for the 1–5 overall score.
CSAT_TREND = 0.38               # latent shift from the first to the last day
SCORE_CUTS = np.array([-1.80, -1.18, -0.57, 0.28])
DRIVER_CUM = np.array([0.03, 0.08, 0.22, 0.55])      # driver marginal: 3 / 5 / 14 / 33 / 45 %
NPS_CUM = np.array([0.01, 0.02, 0.03, 0.04, 0.06, 0.09, 0.15, 0.27, 0.45, 0.70])

# --- text templates: (English, Chinese), aligned so an English value maps to its Chinese twin ---
DESCRIPTIONS = {
    "Product usage": [("How do I turn on sync in the app?", "请问手机App怎么开启同步功能?"),
                      ("App crashes when exporting a report", "导出报表时App闪退,无法使用"),
                      ("Cannot find the notification settings", "找不到消息通知的设置入口"),
                      ("Device will not pair after the update", "更新后设备无法配对连接"),
                      ("Button stopped working, quality issue?", "产品按键失灵,是否质量问题"),
                      ("How to use the new scheduling feature", "新上线的预约功能怎么使用")],
    "Orders": [("Delivery delayed, tracking not updated", "快递三天没有更新物流信息"),
               ("Wrong item delivered in my order", "订单发错货,请核实处理"),
               ("Want to change the delivery address", "想修改订单的收货地址"),
               ("Coupon was not applied to my order", "下单时优惠券没有生效"),
               ("Question about the promotion rules", "咨询活动规则和优惠门槛"),
               ("Where is my order? No delivery yet", "订单一直未发货,物流无信息")],
    "Payment": [("Charged twice for one order", "同一订单被重复扣款"),
                ("Payment failed but money was taken", "支付失败但银行卡已扣款"),
                ("Need an invoice for my last payment", "需要开具上次支付的发票"),
                ("Cannot pay with my credit card", "信用卡无法完成支付")],
    "After-sales": [("Item arrived broken, want a return", "收到商品破损,要求退货"),
                    ("Refund not received after return", "退货后一直没收到退款"),
                    ("Repair request under warranty", "保修期内申请维修"),
                    ("Exchange for a different size", "申请更换其他尺码")],
    "Account": [("Cannot log in, password reset fails", "无法登录,重置密码失败"),
                ("Account locked after failed logins", "账号多次登录失败被锁定"),
                ("Change the phone number on my account", "更换账号绑定的手机号")],
    "Other": [("Please add a dark mode", "希望增加夜间模式"),
              ("Asking about store opening hours", "咨询门店营业时间"),
              ("Transferred three times for one issue", "一个问题被转接了三次")],
}
REQUEST_PREFIX = {"Complaint": ("Complaint: ", "投诉:"), "Suggestion": ("Suggestion: ", "建议:")}

# The root-cause theme dictionary looks for exactly these canned-script phrases; each canned
# comment below carries one of them and no other comment does.
CANNED_PHRASES_EN = ("canned response", "scripted answer", "copy-paste reply")
CANNED_PHRASES_ZH = ("话术", "模板回复", "机械回复")
CANNED_COMMENTS = [("Got a canned response that ignored my question", "客服一直用话术敷衍,答非所问"),
                   ("The agent only gave a scripted answer", "收到的都是模板回复,没有针对性"),
                   ("Just a copy-paste reply, no real help", "全是机械回复,像在和机器人聊天")]
# Low-score comments by theme; each names its theme's keywords (zh and en).
THEME_COMMENTS = {
    "logistics": [("The delivery is still stuck, tracking shows nothing", "快递一直不动,物流信息不更新"),
                  ("Late delivery and no tracking updates", "物流太慢,快递员也联系不上")],
    "refund": [("Still waiting for my refund after two weeks", "两周了退款还没到账"),
               ("The return process is far too complicated", "退货流程太复杂,退款太慢")],
    "transfer": [("I was transferred four times before anyone helped", "电话被转接了好几次,互相踢皮球"),
                 ("Got transferred between departments all day", "各部门之间来回转接,没人负责")],
    "promotion": [("The promotion rules were misleading", "活动规则说明不清楚,感觉被误导"),
                  ("My coupon did not work at checkout", "优惠券用不了,优惠没有兑现")],
    "quality": [("Product quality is poor, it broke in a week", "产品质量太差,用了一周就坏了"),
                ("The item arrived broken", "收到的商品有破损")],
    "payment": [("I was charged twice and nobody fixed it", "被重复扣款,一直没人处理"),
                ("The payment failed but the money is gone", "支付失败了钱却被扣了")],
    "account": [("Still cannot log in to my account", "账号还是登录不上"),
                ("My account was locked for no reason", "账号莫名其妙被锁定了")],
}
THEMES = list(THEME_COMMENTS)
# P(theme | category) for low-score comments that are not about canned scripts.
THEME_BY_CATEGORY = {  # logistics refund transfer promotion quality payment account
    "Product usage": [0.05, 0.10, 0.20, 0.05, 0.50, 0.05, 0.05],
    "Orders":        [0.50, 0.10, 0.10, 0.25, 0.05, 0.00, 0.00],
    "Payment":       [0.00, 0.30, 0.10, 0.10, 0.00, 0.50, 0.00],
    "After-sales":   [0.10, 0.45, 0.15, 0.00, 0.30, 0.00, 0.00],
    "Account":       [0.00, 0.00, 0.20, 0.00, 0.00, 0.10, 0.70],
    "Other":         [0.10, 0.10, 0.40, 0.30, 0.10, 0.00, 0.00],
}
POSITIVE_COMMENTS = [("Quick and helpful, thank you", "回复很快,问题解决了,谢谢"),
                     ("The agent was patient and clear", "客服很耐心,讲解清楚"),
                     ("Solved on the first call", "一次就帮我搞定了"),
                     ("Friendly service, well done", "服务态度很好,点赞"),
                     ("Took a while but it is sorted now", "虽然等了一会儿,但最后处理好了")]
NOTES_ZH = ["已回访", "客户要求加急", "已转技术支持", "已补发", "等待客户回复"]

# --- deliberate quality problems -----------------------------------------------------------
BAD_TIMESTAMPS_EN = ["N/A", "2024-13-45 10:00:00", "unknown", "0000-00-00 00:00:00",
                     "2024-02-30 08:15:00", "TBD", "#VALUE!"]
BAD_TIMESTAMPS_ZH = ["N/A", "2024-13-45 10:00", "未知", "0000-00-00 00:00", "2024/2/30 8:15", "待定",
                     "#VALUE!"]
OUT_OF_RANGE_SCORES = (0, 6, 9)


@dataclass(frozen=True)
class DefectCounts:
    """How many rows of each deliberate quality problem the exports carry."""
    duplicate_ids: int = 12            # extra rows re-using another ticket's id, other content
    repeated_rows: int = 8             # rows repeated exactly (also repeat their id)
    response_before_created: int = 10  # first response earlier than creation
    resolved_before_created: int = 6   # resolution earlier than creation
    unparseable_timestamps: int = 7    # creation time is text such as "N/A" or "2024-13-45 …"
    future_timestamps: int = 5         # resolution time moved to 2027
    scores_out_of_range: int = 9       # survey (en) / ticket score (zh) of 0, 6 or 9, three each
    orphan_survey_rows: int = 15       # survey rows whose ticket id matches no ticket
    score_with_unit: int = 12          # zh survey only: driver ratings written "4分" (a format quirk)


DEFECTS = DefectCounts()


@dataclass
class SampleData:
    """Generated tickets and survey responses (clean, canonical names, English values).

    `tickets`: ticket_id, customer_id, customer_type, channel, request_type, category, priority,
    agent, status (str); created_at, first_response_at, resolved_at (datetime64[ns]; resolved_at
    NaT while open, first_response_at NaT when the reply would fall after the export); frt_min
    (minutes), resolution_h (hours, NaN while open), handle_min (minutes);
    first_contact_resolved (bool); transfers, reopened (int64); description (str); csat
    (float64: the ticket's survey score, NaN when not answered).
    `survey`: ticket_id, responded_at, csat (1–5), nps (0–10), one int64 column per driver
    (English header), reason (str, NA for scores >= 4), comment (str, NA when blank).
    """
    tickets: pd.DataFrame
    survey: pd.DataFrame
    seed: int
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def drivers(self) -> list[str]:
        return [d[0] for d in DRIVERS]


# --- small vectorised helpers ----------------------------------------------------------------
def _shares(mix: list) -> np.ndarray:
    weights = np.array([m[-1] for m in mix], dtype=float)
    return weights / weights.sum()


def _draw(rng: np.random.Generator, probs: np.ndarray, n: int) -> np.ndarray:
    """Category codes drawn with probabilities `probs` (inverse CDF)."""
    cum = np.cumsum(probs)
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(n), side="right")


def _draw_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One code per row of an (n, k) matrix of probabilities."""
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    return (rng.random(len(probs))[:, None] >= cum).sum(axis=1)


def _lognormal(mean: np.ndarray, sigma: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Lognormal values with arithmetic mean `mean` from standard-normal draws `z`."""
    return np.exp(np.log(mean) - sigma**2 / 2 + sigma * z)


def _frt_mean_online(t: np.ndarray) -> np.ndarray:
    """Online chat's mean first response in minutes at period fraction t (15.6 → 11.0)."""
    return 15.6 - 4.6 * t


def _series(values: pa.Array) -> pd.Series:
    return pd.Series(values, dtype="str")


def _labels(labels: list[str], codes: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
    """labels[codes] as a string Series (NA where `mask`); built in Arrow, so 1e6 rows is cheap."""
    return _series(pa.array(labels, pa.string()).take(pa.array(codes, mask=mask)))


def _arrow(values: pd.Series) -> pa.Array:
    array = pa.array(values.array) if isinstance(values, pd.Series) else values
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _join(*parts: pa.Array | str) -> pa.Array:
    """Concatenate arrays and literal strings element-wise."""
    kind = next((p.type for p in parts if not isinstance(p, str)), pa.string())
    typed = [pa.scalar(p, kind) if isinstance(p, str) else p.cast(kind) for p in parts]
    return pc.binary_join_element_wise(*typed, pa.scalar("", kind))


def _text(numbers: np.ndarray, width: int = 0) -> pa.Array:
    """Integers as text, zero-padded to `width`."""
    text = pc.cast(pa.array(numbers), pa.string())
    return pc.utf8_lpad(text, width, "0") if width else text


def _translate(values: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Map English labels to Chinese (NA stays NA)."""
    position = pc.index_in(_arrow(values), value_set=pa.array(list(mapping), pa.string()))
    return _series(pa.array(list(mapping.values()), pa.string()).take(position))


def _set_cells(frame: pd.DataFrame, column: str, rows: np.ndarray, values) -> None:
    """frame[column][rows] = values in one Arrow pass (row-wise setitem on Arrow strings is slow)."""
    if not len(rows):
        return
    order = np.argsort(rows)
    mask = np.zeros(len(frame), dtype=bool)
    mask[rows] = True
    base = pc.cast(_arrow(frame[column]), pa.large_string())
    replacement = pa.array(np.asarray(values, dtype=object)[order].tolist(), pa.large_string())
    frame[column] = _series(pc.replace_with_mask(base, pa.array(mask), replacement))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    return _series(_join(prefix, _text(numbers, width)))


_TWO_DIGITS = pa.array([f"{i:02d}" for i in range(60)])


@lru_cache(maxsize=None)
def _clock_table(style: str) -> pa.Array:
    """Every second of a day as text: 'hms' 14:30:05, 'hm' 14:30, 'h_m' 8:05 (Excel's unpadded hour)."""
    second = np.arange(86400)
    h, m, s = (pa.array(x) for x in (second // 3600, second % 3600 // 60, second % 60))
    if style == "hms":
        return _join(_TWO_DIGITS.take(h), ":", _TWO_DIGITS.take(m), ":", _TWO_DIGITS.take(s))
    if style == "hm":
        return _join(_TWO_DIGITS.take(h), ":", _TWO_DIGITS.take(m))
    return _join(pc.cast(h, pa.string()), ":", _TWO_DIGITS.take(m))


def _timestamp_text(values: pd.Series, date_style: str, clock_style: str, sep: str) -> pa.Array:
    """Timestamps as text from lookup tables of days and seconds (null for NaT).

    date_style 'iso' 2024-05-01 or 'slash' 2024/5/1."""
    secs = values.to_numpy(dtype="datetime64[s]").astype(np.int64)
    missing = values.isna().to_numpy()
    day, second = np.divmod(np.where(missing, 0, secs), 86400)
    first, last = (day[~missing].min(), day[~missing].max()) if (~missing).any() else (0, 0)
    dates = pd.date_range(pd.Timestamp(first, unit="D"), pd.Timestamp(last, unit="D"), freq="D")
    if date_style == "iso":
        table = pa.array(list(dates.strftime("%Y-%m-%d")))
    else:
        table = pa.array([f"{d.year}/{d.month}/{d.day}" for d in dates])
    day_idx = pa.array(np.clip(day - first, 0, len(dates) - 1), mask=missing)
    return _join(table.take(day_idx), sep, _clock_table(clock_style).take(pa.array(second)))


def _ts_en(values: pd.Series) -> pd.Series:
    """'2024-05-01 14:30:00', '' for NaT."""
    return _series(pc.fill_null(_timestamp_text(values, "iso", "hms", " "), ""))


def _ts_zh(values: pd.Series, style: np.ndarray) -> pd.Series:
    """Per row: 0 '2024-05-01 14:30', 1 '2024/5/1 14:30', 2 glued '2024-05-0114:30'; '' for NaT."""
    styles = [_timestamp_text(values, "iso", "hm", " "), _timestamp_text(values, "slash", "h_m", " "),
              _timestamp_text(values, "iso", "hm", "")]
    return _series(pc.fill_null(pc.choose(pa.array(style), *styles), ""))


def _hms(minutes: pd.Series) -> pd.Series:
    """Durations as 'h:mm:ss' with at least two hour digits ('00:05:32')."""
    secs = np.round(minutes.to_numpy(dtype=float) * 60).astype(np.int64)
    h, m, s = secs // 3600, secs % 3600 // 60, secs % 60
    return _series(_join(_text(h, 2), ":", _TWO_DIGITS.take(m), ":", _TWO_DIGITS.take(s)))


def _duration_zh(minutes: pd.Series, rng: np.random.Generator) -> pd.Series:
    """'5分32秒' under an hour; above it, '14小时36分钟' or '3.2小时' at random."""
    secs = np.round(minutes.to_numpy(dtype=float) * 60).astype(np.int64)
    h, m, s = secs // 3600, secs % 3600 // 60, secs % 60
    short = _join(_text(m), "分", _text(s), "秒")
    long_hm = _join(_text(h), "小时", _text(m), "分钟")
    decimal = _join(pc.cast(pa.array(np.round(secs / 3600, 1)), pa.string()), "小时")
    style = np.where(h == 0, 0, np.where(rng.random(len(secs)) < 0.5, 1, 2))
    return _series(pc.choose(pa.array(style), short, long_hm, decimal))


def _int_text(values: pd.Series) -> pd.Series:
    """Integers as text, '' where missing (never '5.0')."""
    numbers = values.to_numpy(dtype=float)
    missing = np.isnan(numbers)
    text = pc.cast(pa.array(np.where(missing, 0, numbers).astype(np.int64), mask=missing), pa.string())
    return _series(pc.fill_null(text, ""))


def _hour_profile(weekend: bool) -> np.ndarray:
    """Share of a day's contacts per clock hour: weekdays peak 09–11 h (28 %) and 14–16 h (24 %)."""
    rest = np.array([3, 2, 2, 2, 2, 4, 8, 20, 60, 0, 0, 70, 45, 60, 0, 0, 60, 45, 30, 25, 22, 18, 12, 8],
                    dtype=float)
    profile = rest / rest.sum() * 0.48
    profile[[9, 10]] = 0.14
    profile[[14, 15]] = 0.12
    if weekend:   # weekends are flatter: smaller peaks, busy until late
        flat = np.where((np.arange(24) >= 9) & (np.arange(24) <= 21), 1.0, 0.15)
        profile = 0.5 * profile + 0.5 * flat / flat.sum()
    return profile


# Flattened text templates: a row's code indexes these lists; English and Chinese stay aligned.
CHANNEL_NAMES = [c[0] for c in CHANNEL_MIX]
CATEGORY_NAMES = [c[0] for c in CATEGORY_MIX]
_PREFIXES = [("", "")] + [REQUEST_PREFIX[r] for r in ("Complaint", "Suggestion")]
_DESC_SIZE = np.array([len(DESCRIPTIONS[c]) for c in CATEGORY_NAMES])
_DESC_OFFSET = np.concatenate([[0], np.cumsum(_DESC_SIZE)[:-1]])
_DESC_PAIRS = [(pe + e, pz + z) for pe, pz in _PREFIXES for c in CATEGORY_NAMES for e, z in DESCRIPTIONS[c]]
_THEME_SIZE = np.array([len(THEME_COMMENTS[t]) for t in THEMES])
_COMMENT_PAIRS = (CANNED_COMMENTS + [pair for t in THEMES for pair in THEME_COMMENTS[t]] + POSITIVE_COMMENTS)
_THEME_OFFSET = len(CANNED_COMMENTS) + np.concatenate([[0], np.cumsum(_THEME_SIZE)[:-1]])
_POSITIVE_OFFSET = len(CANNED_COMMENTS) + int(_THEME_SIZE.sum())


# --- generation ----------------------------------------------------------------------------
def generate(n_tickets: int = 30000, seed: int = 7, start: str = "2024-01-01", days: int = 731) -> SampleData:
    """Draw `n_tickets` tickets created over `days` days from `start`, and their survey responses.

    Deterministic for given arguments; vectorised (1,000,000 tickets in a few seconds)."""
    if n_tickets < 1 or days < 1:
        raise ValueError("generate needs at least one ticket and one day")
    rng = np.random.default_rng(seed)
    n = n_tickets
    t0 = pd.Timestamp(start)
    span_s = days * 86400

    # When: day weights (weekends fewer, slow growth, 618 and Double-11 promotion peaks), then hour.
    day = np.arange(days)
    dates = pd.DatetimeIndex(np.datetime64(t0.date(), "D") + day)
    weekend_day = dates.day_of_week.to_numpy() >= 5
    promo = ((dates.month == 11) & (dates.day >= 10) & (dates.day <= 13)) | \
            ((dates.month == 6) & (dates.day >= 17) & (dates.day <= 19))
    w = np.where(weekend_day, WEEKEND_VOLUME_FACTOR, 1.0) * (1 + 0.12 * day / days) * np.where(promo, 1.5, 1.0)
    ticket_day = _draw(rng, w / w.sum(), n)
    weekend = weekend_day[ticket_day]
    u = rng.random(n)
    hour = np.where(weekend, np.searchsorted(np.cumsum(_hour_profile(True)), u, side="right"),
                    np.searchsorted(np.cumsum(_hour_profile(False)), u, side="right")).clip(0, 23)
    created_s = ticket_day * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    order = np.argsort(created_s, kind="stable")
    created_s, weekend = created_s[order], weekend[order]
    t = created_s / span_s
    month = (np.datetime64(t0, "s") + created_s.astype("timedelta64[s]")).astype("datetime64[M]").astype(np.int64) % 12

    # Who and what.
    channel = _draw(rng, _shares(CHANNEL_MIX), n)
    category = _draw(rng, _shares(CATEGORY_MIX), n)
    n_customers = max(1, int(n * 0.62))
    customer = np.floor(n_customers * rng.random(n) ** 1.3).astype(np.int64)   # some customers return often
    customer_type = _draw(rng, _shares(CUSTOMER_TYPE_MIX), n_customers)[customer]
    phone, online, email = (CHANNEL_NAMES.index(c) for c in ("Phone", "Online chat", "Email"))

    # Request type: complaints ~3 %, mostly online (seed 001: online 70 %, phone 20 %, email 10 %)
    # and heavier in Q3; after-sales problems are mostly after-sales requests.
    complaint_p = np.array([0.012, 0.045, 0.03, 0.03, 0.02])[channel] * np.where(month // 3 == 2, 1.4, 0.9)
    after_p = np.where(category == CATEGORY_NAMES.index("After-sales"), 0.85, 0.05)
    probs = np.column_stack([1 - complaint_p - after_p - 0.04, complaint_p, after_p, np.full(n, 0.04)])
    request = _draw_rows(rng, probs)
    complaint = request == 1
    priority = np.where(complaint, _draw(rng, np.array([0.25, 0.5, 0.25, 0.0]), n),
                        _draw(rng, np.array([0.04, 0.18, 0.52, 0.26]), n))
    agent = rng.integers(0, len(AGENT_SURNAMES), n)

    # First response and handling times: lognormal per channel.
    z_frt, z_handle, z_res = rng.standard_normal((3, n))
    frt_mean = np.where(channel == online, _frt_mean_online(t),
                        np.array([FRT_PARAMS[c][0] or 1.0 for c in CHANNEL_NAMES])[channel])
    frt_sigma = np.array([FRT_PARAMS[c][1] for c in CHANNEL_NAMES])[channel]
    frt_priority = np.array([0.5, 0.8, 1.05, 1.15])[priority]     # averages ~1 over the priority mix
    frt_min = _lognormal(frt_mean, frt_sigma, z_frt) * frt_priority
    handle_mean = np.array([HANDLE_PARAMS[c][0] for c in CHANNEL_NAMES])[channel]
    handle_sigma = np.array([HANDLE_PARAMS[c][1] for c in CHANNEL_NAMES])[channel]
    handle_min = _lognormal(handle_mean * np.where(weekend, WEEKEND_HANDLE_FACTOR, 1.0), handle_sigma, z_handle)

    # Resolution: first-contact resolution improves slowly; the rest wait a lognormal extra time.
    fcr_p = 0.82 + 0.06 * t - 0.25 * complaint + 0.03 * (channel == phone) - 0.05 * (channel == email)
    fcr = rng.random(n) < fcr_p
    transfers = np.where(fcr, (rng.random(n) < 0.05).astype(np.int64), rng.poisson(0.9, n))
    reopened = (rng.random(n) < np.where(fcr, 0.02, 0.10)).astype(np.int64)
    extra_h = _lognormal(np.full(n, 30.0), np.full(n, 1.0), z_res) * np.array([0.15, 0.5, 1.1, 1.4])[priority]
    resolution_h = (frt_min + handle_min) / 60 + np.where(fcr, 0.0, extra_h)

    # Open tickets: ~3 %, mostly the youngest (the chance decays with age), plus any whose
    # resolution (or first reply) would fall after the export.
    age_days = (span_s - created_s) / 86400
    p_open = 0.3 * (20 / days) + np.exp(-age_days / 20)
    p_open = np.minimum(p_open * OPEN_SHARE / p_open.mean(), 0.95)
    is_open = (rng.random(n) < p_open) | (created_s + resolution_h * 3600 >= span_s)
    resolution_h = np.where(is_open, np.nan, resolution_h)
    frt_min = np.where(created_s + frt_min * 60 >= span_s, np.nan, frt_min)
    status = np.where(is_open, np.where(rng.random(n) < 0.6, 0, 1), np.where(rng.random(n) < 0.9, 2, 3))

    # Latent satisfaction (standard-normal units): trend + channel + agent + operations + noise.
    agent_effect = rng.normal(0, 0.12, len(AGENT_SURNAMES))
    channel_effect = np.array([0.35, -0.25, 0.0, -0.15, 0.0])
    latent = (CSAT_TREND * (t - 0.5) + channel_effect[channel] + agent_effect[agent]
              - 0.25 * z_frt - 0.30 * np.where(fcr, 0.0, z_res) + 0.20 * fcr - 0.6 * complaint
              - 0.08 * transfers + rng.normal(0, 0.75, n))

    # Survey: ~40 % of resolved tickets answer some hours after resolution (before the export).
    delay_h = np.exp(np.log(3.0) + 1.2 * rng.standard_normal(n))
    responded_s = created_s + np.nan_to_num(resolution_h) * 3600 + delay_h * 3600
    answered = ~is_open & (rng.random(n) < RESPONSE_RATE) & (responded_s < span_s)
    idx = np.flatnonzero(answered)
    idx = idx[np.argsort(responded_s[idx], kind="stable")]
    m = len(idx)
    score = 1 + np.searchsorted(SCORE_CUTS, latent[idx])
    std = (latent[idx] - latent[idx].mean()) / (latent[idx].std() or 1.0)
    driver_cuts = np.array([NormalDist().inv_cdf(p) for p in DRIVER_CUM])
    drivers = {}
    for name, _, loading in DRIVERS:   # five columns
        x = loading * std + np.sqrt(1 - loading**2) * rng.standard_normal(m)
        drivers[name] = (1 + np.searchsorted(driver_cuts, x)).astype(np.int64)
    nps_cuts = np.array([NormalDist().inv_cdf(p) for p in NPS_CUM])
    nps = np.searchsorted(nps_cuts, 0.8 * std + 0.6 * rng.standard_normal(m)).astype(np.int64)
    low = score <= 3
    reason = _draw(rng, _shares(REASON_MIX), m)
    comment, blank = _comment_codes(rng, low, category[idx], transfers[idx])
    variant = np.select([complaint, request == 3], [1, 2], 0)
    description = (variant * _DESC_SIZE.sum() + _DESC_OFFSET[category]
                   + (rng.random(n) * _DESC_SIZE[category]).astype(np.int64))

    created_at = t0 + pd.to_timedelta(created_s, unit="s")
    frt_td = pd.to_timedelta(np.round(frt_min * 60), unit="s")
    resolved_td = pd.to_timedelta(np.round(resolution_h * 3600), unit="s")
    csat = np.full(n, np.nan)
    csat[idx] = score
    ticket_id = _ids("T", np.arange(1, n + 1), 7)
    tickets = pd.DataFrame({
        "ticket_id": ticket_id,
        "customer_id": _ids("C", customer + 1, 6),
        "customer_type": _labels([c[0] for c in CUSTOMER_TYPE_MIX], customer_type),
        "channel": _labels(CHANNEL_NAMES, channel),
        "request_type": _labels([r[0] for r in REQUEST_TYPES], request),
        "category": _labels(CATEGORY_NAMES, category),
        "priority": _labels([p[0] for p in PRIORITIES], priority),
        "agent": _labels([f"Agent {s[0]}" for s in AGENT_SURNAMES], agent),
        "status": _labels(["Open", "Pending", "Closed", "Resolved"], status),
        "created_at": np.asarray(created_at, dtype="datetime64[ns]"),
        "first_response_at": np.asarray(created_at + frt_td, dtype="datetime64[ns]"),
        "resolved_at": np.asarray(created_at + resolved_td, dtype="datetime64[ns]"),
        FRT_MIN: frt_td.total_seconds().to_numpy() / 60,
        RESOLUTION_H: resolved_td.total_seconds().to_numpy() / 3600,
        HANDLE_MIN: np.round(handle_min * 60) / 60,
        "first_contact_resolved": fcr & ~is_open,
        "transfers": transfers.astype(np.int64),
        "reopened": reopened,
        "description": _labels([d[0] for d in _DESC_PAIRS], description),
        "csat": csat,
    })
    survey = pd.DataFrame({
        "ticket_id": _series(_arrow(ticket_id).take(pa.array(idx))),
        "responded_at": np.asarray(t0 + pd.to_timedelta(np.round(responded_s[idx]), unit="s"),
                                   dtype="datetime64[ns]"),
        "csat": score.astype(np.int64),
        "nps": nps,
        **drivers,
        "reason": _labels([r[0] for r in REASON_MIX], reason, mask=~low),
        "comment": _labels([c[0] for c in _COMMENT_PAIRS], comment, mask=blank),
    })
    return SampleData(tickets=tickets, survey=survey, seed=seed, start=t0, end=t0 + pd.Timedelta(days=days))


def _comment_codes(rng: np.random.Generator, low: np.ndarray, category: np.ndarray,
                   transfers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Comment template codes and a blank mask: low scores name canned scripts (~23 %) or a theme
    suited to the ticket's category; high scores praise or stay blank."""
    m = len(low)
    u_kind, u_pick = rng.random((2, m))
    canned = low & (u_kind < CANNED_SHARE)
    blank = np.where(low, (u_kind >= CANNED_SHARE) & (u_kind < CANNED_SHARE + 0.10), u_kind < 0.5)
    probs = np.array([THEME_BY_CATEGORY[c] for c in CATEGORY_NAMES], dtype=float)
    row_probs = (probs / probs.sum(axis=1, keepdims=True))[category]
    transferred = transfers >= 2      # transferred customers complain about the transfers more
    row_probs[transferred] = 0.5 * row_probs[transferred] + 0.5 * np.eye(len(THEMES))[THEMES.index("transfer")]
    theme = _draw_rows(rng, row_probs)
    theme_code = _THEME_OFFSET[theme] + (u_pick * _THEME_SIZE[theme]).astype(np.int64)
    canned_code = (u_pick * len(CANNED_COMMENTS)).astype(np.int64)
    positive_code = _POSITIVE_OFFSET + (u_pick * len(POSITIVE_COMMENTS)).astype(np.int64)
    return np.where(low, np.where(canned, canned_code, theme_code), positive_code), blank


# --- rendering as exports ----------------------------------------------------------------
def _english_to_chinese() -> dict[str, dict[str, str]]:
    """English value → Chinese value for every categorical and template column."""
    return {
        "channel": {e: z for e, z, _ in CHANNEL_MIX},
        "category": {e: z for e, z, _ in CATEGORY_MIX},
        "customer_type": {e: z for e, z, _ in CUSTOMER_TYPE_MIX},
        "request_type": dict(REQUEST_TYPES),
        "priority": dict(PRIORITIES),
        "agent": {f"Agent {e}": f"客服{z}*" for e, z in AGENT_SURNAMES},
        "reason": {e: z for e, z, _ in REASON_MIX},
        "description": dict(_DESC_PAIRS),
        "comment": dict(_COMMENT_PAIRS),
    }


def _defect_rows(rng: np.random.Generator, eligible: np.ndarray, counts: list[int]) -> list[np.ndarray]:
    """Disjoint random row sets of the given sizes from the eligible row numbers."""
    picked = rng.permutation(eligible)[: sum(counts)]
    return np.split(picked, np.cumsum(counts)[:-1])


def _ticket_defects(sample: SampleData, frame: pd.DataFrame, cols: dict[str, str], bad_timestamps: list[str],
                    fmt, rng: np.random.Generator, defects: DefectCounts) -> pd.DataFrame:
    """Apply the deliberate quality problems to a rendered ticket export. Only resolved tickets
    nobody surveyed are touched, so the survey join is unaffected; repeated rows follow their
    original, re-used ids land at random places. With cols["csat"], out-of-range scores go there."""
    tk = sample.tickets
    clean = np.flatnonzero(tk["csat"].isna().to_numpy() & tk["resolved_at"].notna().to_numpy())
    resp, reso, bad, future, scores, dup_src, dup_target, repeat = _defect_rows(
        rng, clean, [defects.response_before_created, defects.resolved_before_created,
                     defects.unparseable_timestamps, defects.future_timestamps,
                     defects.scores_out_of_range if "csat" in cols else 0,
                     defects.duplicate_ids, defects.duplicate_ids, defects.repeated_rows])
    frame = frame.copy()
    created = tk["created_at"]
    early = created.iloc[resp] - pd.to_timedelta(rng.integers(60, 90 * 60, len(resp)), unit="s")
    _set_cells(frame, cols["first_response_at"], resp, fmt(early, resp))
    before = created.iloc[reso] - pd.to_timedelta(rng.integers(3600, 72 * 3600, len(reso)), unit="s")
    _set_cells(frame, cols["resolved_at"], reso, fmt(before, reso))
    _set_cells(frame, cols["created_at"], bad, np.resize(np.array(bad_timestamps, dtype=object), len(bad)))
    resolved = tk["resolved_at"].iloc[future]
    # A year typo: same point in the year, in 2027 (a leap year's 31 December stays in 2027).
    into_year = resolved - resolved.dt.to_period("Y").dt.start_time
    in_2027 = (pd.Timestamp("2027-01-01") + into_year).clip(upper=pd.Timestamp("2027-12-31 23:59"))
    _set_cells(frame, cols["resolved_at"], future, fmt(in_2027, future))
    if len(scores):
        _set_cells(frame, cols["csat"], scores, np.resize(np.array(OUT_OF_RANGE_SCORES), len(scores)).astype(str))
    # Insert the re-used-id rows (at random places) and exact repeats (after their original) by
    # slicing, which costs nothing per row, instead of re-ordering the whole frame.
    reused = frame.iloc[dup_src].copy()
    reused[cols["ticket_id"]] = frame[cols["ticket_id"]].to_numpy()[dup_target]
    extra = pd.concat([reused, frame.iloc[repeat]], ignore_index=True)
    after = np.concatenate([rng.integers(0, len(frame), len(dup_src)), repeat])
    return _insert_rows(frame, extra, after)


def _insert_rows(frame: pd.DataFrame, extra: pd.DataFrame, after: np.ndarray) -> pd.DataFrame:
    """`frame` with row i of `extra` placed right after frame row `after[i]`."""
    order = np.argsort(after, kind="stable")
    pieces, previous = [], 0
    for i in order:          # a few dozen inserted rows, not a loop over the frame
        pieces += [frame.iloc[previous: after[i] + 1], extra.iloc[[i]]]
        previous = after[i] + 1
    pieces.append(frame.iloc[previous:])
    return pd.concat(pieces, ignore_index=True)


def _survey_defects(sample: SampleData, survey: pd.DataFrame, id_col: str, score_col: str | None,
                    rng: np.random.Generator, defects: DefectCounts) -> pd.DataFrame:
    """Out-of-range scores (when `score_col` is given) and survey rows matching no ticket."""
    survey = survey.copy()
    if score_col is not None:
        rows = rng.choice(len(survey), defects.scores_out_of_range, replace=False)
        _set_cells(survey, score_col, rows, np.resize(np.array(OUT_OF_RANGE_SCORES), len(rows)).astype(str))
    orphans = survey.iloc[rng.choice(len(survey), defects.orphan_survey_rows, replace=False)].copy()
    first = len(sample.tickets) + 1001        # ids past the last ticket
    orphans[id_col] = _ids("T", np.arange(first, first + len(orphans)), 7).to_numpy()
    return _insert_rows(survey, orphans.reset_index(drop=True), rng.integers(0, len(survey), len(orphans)))


def english_exports(sample: SampleData, defects: DefectCounts | None = DEFECTS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tickets and survey as a help desk exports them: English headers, every cell a string ('' for
    blank). With `defects` (default `DEFECTS`) the documented quality problems are added."""
    tk, sv = sample.tickets, sample.survey
    rng = np.random.default_rng([sample.seed, 1])
    tickets = pd.DataFrame({
        "Ticket ID": tk["ticket_id"], "Customer ID": tk["customer_id"], "Customer Type": tk["customer_type"],
        "Ticket Channel": tk["channel"], "Ticket Type": tk["request_type"], "Category": tk["category"],
        "Ticket Priority": tk["priority"], "Agent": tk["agent"], "Status": tk["status"],
        "Created at": _ts_en(tk["created_at"]), "First Response At": _ts_en(tk["first_response_at"]),
        "Resolved At": _ts_en(tk["resolved_at"]), "Handle Time": _hms(tk[HANDLE_MIN]),
        "First Contact Resolution": _labels(["No", "Yes"], tk["first_contact_resolved"].to_numpy().astype(np.int64)),
        "Transfers": _int_text(tk["transfers"]), "Reopened": _int_text(tk["reopened"]),
        "Ticket Description": tk["description"], "Tags": _labels([""], np.zeros(len(tk), dtype=np.int64)),
    })
    survey = pd.DataFrame({
        "Ticket ID": sv["ticket_id"], "Survey Date": _ts_en(sv["responded_at"]),
        "Satisfaction Score": _int_text(sv["csat"]), "NPS": _int_text(sv["nps"]),
        **{name: _int_text(sv[name]) for name, _, _ in DRIVERS},
        "Reason": sv["reason"].fillna(""), "Comment": sv["comment"].fillna(""),
    })
    if defects is None:
        return tickets, survey
    cols = {"ticket_id": "Ticket ID", "created_at": "Created at", "first_response_at": "First Response At",
            "resolved_at": "Resolved At"}
    tickets = _ticket_defects(sample, tickets, cols, BAD_TIMESTAMPS_EN, lambda ts, rows: _ts_en(ts), rng, defects)
    survey = _survey_defects(sample, survey, "Ticket ID", "Satisfaction Score", rng, defects)
    return tickets, survey


ZH_TICKET_TITLE = "客户需求登记与跟踪表"
ZH_SURVEY_TITLE = "客户满意度回访表"
ZH_SURVEY_SHEET = "满意度回访"


def chinese_exports(sample: SampleData, defects: DefectCounts | None = DEFECTS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tickets in the seed-002 template and the survey as a Chinese 回访 sheet: Chinese headers and
    values, mixed timestamp and duration formats, the ticket's own score in 满意度评分(1-5分).

    Ticket cells are strings ('' for blank). Survey cells are what openpyxl should write: 评价时间
    Timestamps, 总体满意度 the labels 非常不满意…非常满意, driver ratings ints (a few '4分')."""
    tk, sv = sample.tickets, sample.survey
    rng = np.random.default_rng([sample.seed, 2])
    zh = _english_to_chinese()
    style = _draw(rng, np.array([0.6, 0.3, 0.1]), len(tk))
    notes = np.where(rng.random(len(tk)) < 0.08, rng.integers(0, len(NOTES_ZH), len(tk)), len(NOTES_ZH))

    def fmt(ts: pd.Series, rows: np.ndarray | None = None) -> pd.Series:
        return _ts_zh(ts.reset_index(drop=True), style if rows is None else style[rows])

    tickets = pd.DataFrame({
        "工单编号": tk["ticket_id"], "客户编号": tk["customer_id"],
        "客户类型": _translate(tk["customer_type"], zh["customer_type"]),
        "需求渠道": _translate(tk["channel"], zh["channel"]),
        "需求类型": _translate(tk["request_type"], zh["request_type"]),
        "问题类型": _translate(tk["category"], zh["category"]),
        "紧急程度": _translate(tk["priority"], zh["priority"]),
        "问题描述": _translate(tk["description"], zh["description"]),
        "提交时间": fmt(tk["created_at"]), "首次响应时间": fmt(tk["first_response_at"]),
        "解决时间": fmt(tk["resolved_at"]), "处理人": _translate(tk["agent"], zh["agent"]),
        "处理时长": _duration_zh(tk[HANDLE_MIN], rng),
        "是否一次解决": _labels(["否", "是"], tk["first_contact_resolved"].to_numpy().astype(np.int64)),
        "转接次数": _int_text(tk["transfers"]), "满意度评分(1-5分)": _int_text(tk["csat"]),
        "备注": _labels([*NOTES_ZH, ""], notes), "附件": _labels([""], np.zeros(len(tk), dtype=np.int64)),
    })
    survey = pd.DataFrame({
        "工单编号": sv["ticket_id"].astype(object), "评价时间": sv["responded_at"].dt.floor("min"),
        "总体满意度": np.array(SCORE_LABELS_ZH, dtype=object)[sv["csat"].to_numpy() - 1],
        **{zh_name: sv[en_name].astype(object) for en_name, zh_name, _ in DRIVERS},
        "不满意原因": _translate(sv["reason"], zh["reason"]).astype(object).where(sv["reason"].notna(), None),
        "评价内容": _translate(sv["comment"], zh["comment"]).astype(object).where(sv["comment"].notna(), None),
    })
    if defects is None:
        return tickets, survey
    # Out-of-range scores go into the ticket file's own score, on tickets nobody surveyed.
    cols = {"ticket_id": "工单编号", "created_at": "提交时间", "first_response_at": "首次响应时间",
            "resolved_at": "解决时间", "csat": "满意度评分(1-5分)"}
    tickets = _ticket_defects(sample, tickets, cols, BAD_TIMESTAMPS_ZH, fmt, rng, defects)
    survey = _survey_defects(sample, survey, "工单编号", None, rng, defects)
    cells = rng.choice(len(survey) * len(DRIVERS), defects.score_with_unit, replace=False)
    for cell in cells:   # a dozen cells
        row, col = divmod(int(cell), len(DRIVERS))
        column = DRIVERS[col][1]
        survey.at[row, column] = f"{survey.at[row, column]}分"
    return tickets, survey


# --- files ---------------------------------------------------------------------------------
_FIXED_TIME = datetime(2026, 1, 1)      # stamped into the xlsx so the bytes never change


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8", eol: str = "\n") -> bytes:
    """A frame of strings as CSV, quoting only cells that need it (as pandas' to_csv does), built
    in Arrow so a million rows take about a second. `encoding` may be 'utf-8-sig' or 'gb18030'."""
    fields = []
    for name in frame.columns:
        col = pc.fill_null(pc.cast(_arrow(frame[name].astype("str")), pa.large_string()), "")
        needs = pc.match_substring_regex(col, '[,"\r\n]')
        if pc.any(needs).as_py():
            quoted = _join('"', pc.replace_substring(col, '"', '""'), '"')
            col = pc.if_else(needs, quoted, col)
        fields.append(col)
    header = ",".join(f'"{c}"' if re.search('[,"\r\n]', str(c)) else str(c) for c in frame.columns) + eol
    if not len(frame):
        body = b""
    else:
        lines = pc.binary_join_element_wise(*fields[:-1], _join(fields[-1], eol), pa.scalar(",", pa.large_string()))
        offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset: lines.offset + len(lines) + 1]
        body = lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]
    data = header.encode("utf-8") + body
    return data if encoding == "utf-8" else data.decode("utf-8").encode(encoding)


def write_zh_tickets_csv(tickets: pd.DataFrame, path: Path) -> None:
    """The seed-002 layout as Excel saves it to CSV: title row, empty row, header; GB18030, CRLF."""
    width = tickets.shape[1]
    head = (ZH_TICKET_TITLE + "," * (width - 1) + "\r\n" + "," * (width - 1) + "\r\n").encode("gb18030")
    path.write_bytes(head + csv_bytes(tickets, "gb18030", "\r\n"))


def write_zh_survey_xlsx(survey: pd.DataFrame, path: Path) -> None:
    """Sheet 满意度回访: title in row 1 (merged), header in row 2; byte-for-byte reproducible."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = ZH_SURVEY_SHEET
    ws.append([ZH_SURVEY_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=survey.shape[1])
    ws.append(list(survey.columns))
    for row in survey.itertuples(index=False):    # openpyxl writes cell by cell anyway
        ws.append([None if (v is None or (isinstance(v, float) and np.isnan(v))) else
                   (v.to_pydatetime() if isinstance(v, pd.Timestamp) else (int(v) if isinstance(v, np.integer) else v))
                   for v in row])
    for cell in ws["B"][2:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    wb.properties.created = _FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_reproducible_zip(buffer.getvalue()))


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with fixed entry times and a fixed 'modified' property."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, payload)
    return out.getvalue()


def write_sample_files(out_dir: Path, n_tickets: int = 30000, seed: int = 7, n_tickets_zh: int = 8000) -> dict[str, Path]:
    """Write tickets_en.csv (UTF-8), survey_en.csv (UTF-8 with BOM), tickets_zh.csv (GB18030,
    seed-002 template) and survey_zh.xlsx into `out_dir`; the Chinese files are a separate,
    smaller draw (seed + 1). Returns the paths by file name."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in ("tickets_en.csv", "survey_en.csv", "tickets_zh.csv", "survey_zh.xlsx")}
    tickets_en, survey_en = english_exports(generate(n_tickets, seed))
    paths["tickets_en.csv"].write_bytes(csv_bytes(tickets_en))
    paths["survey_en.csv"].write_bytes(csv_bytes(survey_en, "utf-8-sig"))
    tickets_zh, survey_zh = chinese_exports(generate(n_tickets_zh, seed + 1))
    write_zh_tickets_csv(tickets_zh, paths["tickets_zh.csv"])
    write_zh_survey_xlsx(survey_zh, paths["survey_zh.xlsx"])
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the Fupan sample data files.")
    parser.add_argument("--out", type=Path, default=Path("sample_data"))
    parser.add_argument("--tickets", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    paths = write_sample_files(args.out, args.tickets, args.seed)
    for name, path in paths.items():
        print(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    print(f"done in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
