"""The canonical schema: field names, header aliases, value vocabularies and SLA tiers.

Every constant the rest of the code refers to is named once here. Aliases are compared
after :func:`normalise_header` (case-, space- and punctuation-insensitive), so
"满意度评分(1-5分)", "满意度评分（1-5分）" and "满意度评分 1-5分" are the same header.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- canonical fields -------------------------------------------------------------------
# Field kinds drive cleaning: how a raw column is parsed.
ID, TEXT, CATEGORY, TIMESTAMP, DURATION, SCORE, BOOL, COUNT = (
    "id", "text", "category", "timestamp", "duration", "score", "bool", "count")

TICKET_FIELDS: dict[str, str] = {
    "ticket_id": ID,
    "customer_id": ID,
    "customer_type": CATEGORY,
    "channel": CATEGORY,
    "request_type": CATEGORY,
    "category": CATEGORY,
    "priority": CATEGORY,
    "agent": CATEGORY,
    "status": CATEGORY,
    "created_at": TIMESTAMP,
    "first_response_at": TIMESTAMP,
    "resolved_at": TIMESTAMP,
    "first_response_time": DURATION,   # a duration column, when the export has no timestamp
    "resolution_time": DURATION,
    "handle_time": DURATION,
    "first_contact_resolved": BOOL,
    "reopened": COUNT,
    "transfers": COUNT,
    "csat": SCORE,
    "nps": SCORE,
    "description": TEXT,
    "notes": TEXT,
}

SURVEY_FIELDS: dict[str, str] = {
    "ticket_id": ID,
    "customer_id": ID,
    "responded_at": TIMESTAMP,
    "csat": SCORE,
    "nps": SCORE,
    "reason": CATEGORY,
    "comment": TEXT,
}

# Derived columns the cleaner adds to the ticket frame (units in the name).
FRT_MIN = "frt_min"                 # first response time, minutes
RESOLUTION_H = "resolution_h"       # creation -> resolution, hours
HANDLE_MIN = "handle_min"           # handling time, minutes
CSAT_SATISFIED = "csat_satisfied"   # bool: score in the scale's satisfied (top-box) categories
ROW = "source_row"                  # row number as the user's own file numbers it (Excel-style)
SOURCE = "source_file"

# --- header aliases ---------------------------------------------------------------------
# English names of common help-desk exports (Zendesk, Freshdesk, the Kaggle "customer support
# ticket" export, ServiceNow) and the Chinese headers of the seed templates.
ALIASES: dict[str, list[str]] = {
    "ticket_id": ["ticket id", "ticket_id", "ticket", "id", "ticket number", "case id", "case number",
                  "incident", "number", "request id", "工单号", "工单编号", "工单id", "单号", "需求编号",
                  "服务单号", "案件编号", "投诉编号"],
    "customer_id": ["customer id", "customer_id", "customer", "requester id", "requester", "client id",
                    "customer email", "customer name", "客户编号", "客户id", "客户号", "会员编号", "用户id",
                    "客户账号"],
    "customer_type": ["customer type", "customer segment", "segment", "tier", "customer tier",
                      "客户类型", "客户类别", "客户等级", "会员等级"],
    "channel": ["channel", "ticket channel", "source", "via", "contact channel", "contact type",
                "需求渠道", "渠道", "来源渠道", "接入渠道", "咨询渠道", "投诉渠道", "服务渠道"],
    "request_type": ["ticket type", "request type", "type", "contact reason type", "需求类型", "工单类型",
                     "业务类型", "咨询类型", "服务类型"],
    "category": ["category", "issue type", "problem type", "problem category", "subject category",
                 "topic", "complaint type", "complaint category", "问题类型", "投诉类型", "问题分类",
                 "问题类别", "产品问题类型"],
    "priority": ["priority", "ticket priority", "urgency", "severity", "紧急程度", "优先级", "紧急度"],
    "agent": ["agent", "assignee", "assigned to", "handler", "owner", "agent name", "处理人", "客服",
              "客服人员", "经办人", "负责人", "受理人", "处理客服"],
    "status": ["status", "ticket status", "state", "状态", "工单状态", "处理状态"],
    "created_at": ["created at", "created", "created time", "creation date", "date created",
                   "submitted at", "opened", "opened at", "date of purchase created", "ticket created",
                   "提交时间", "创建时间", "受理时间", "登记时间", "来电时间", "接入时间", "投诉时间"],
    "first_response_at": ["first response at", "first reply at", "first replied at",
                          "first response time", "首次响应时间", "首次回复时间", "响应时间"],
    "resolved_at": ["resolved at", "resolved", "solved at", "closed at", "resolution date",
                    "time to resolution", "date resolved", "解决时间", "完成时间", "关闭时间", "结案时间",
                    "办结时间"],
    "first_response_time": ["first response duration", "first reply time", "reply time",
                            "首次响应时长", "首响时长", "响应时长"],
    "resolution_time": ["resolution time", "full resolution time", "time to resolve", "解决时长",
                        "处理周期"],
    "handle_time": ["handle time", "handling time", "aht", "average handle time", "talk time",
                    "处理时长", "通话时长", "平均处理时长", "服务时长"],
    "first_contact_resolved": ["first contact resolution", "fcr", "resolved on first contact",
                               "one touch", "是否一次解决", "一次解决", "一次性解决", "首次解决"],
    "reopened": ["reopened", "reopens", "reopen count", "是否重开", "重开次数", "重新打开次数"],
    "transfers": ["transfers", "transfer count", "escalations", "转接次数", "转接", "转派次数"],
    "csat": ["csat", "satisfaction", "satisfaction score", "satisfaction rating",
             "customer satisfaction rating", "customer satisfaction", "overall satisfaction", "rating",
             "score", "满意度", "满意度评分", "满意度评分(1-5分)", "满意度评分1-5分", "满意度(1-5分)",
             "总体满意度", "整体满意度", "评分", "客户评分", "服务评价"],
    "nps": ["nps", "nps score", "likelihood to recommend", "recommend", "net promoter score",
            "推荐意愿", "推荐度", "推荐可能性", "净推荐值"],
    "description": ["description", "ticket description", "subject", "ticket subject", "summary",
                    "issue", "问题描述", "需求描述", "投诉内容", "咨询内容", "问题内容", "工单内容"],
    "notes": ["notes", "note", "remarks", "resolution", "备注", "处理结果", "处理说明"],
    "responded_at": ["responded at", "survey date", "response date", "submitted", "survey time",
                     "回访时间", "评价时间", "调查时间", "填写时间"],
    "reason": ["reason", "dissatisfaction reason", "reason for dissatisfaction", "low score reason",
               "不满意原因", "不满原因", "差评原因", "原因"],
    "comment": ["comment", "comments", "feedback", "verbatim", "customer comment", "open text",
                "评价内容", "意见", "建议", "客户意见", "留言", "评论"],
}

# Headers whose presence marks a survey file (besides a score with no ticket timestamps).
SURVEY_MARKERS = {"responded_at", "reason", "comment"}

# --- value vocabularies -----------------------------------------------------------------
# Normalised keys stand beside the user's label; the label is what the app displays.
CHANNELS: dict[str, list[str]] = {
    "phone": ["phone", "call", "voice", "telephone", "电话", "热线", "来电", "400电话", "呼叫中心"],
    "online": ["online", "chat", "live chat", "web", "webchat", "在线客服", "在线", "网页", "app",
               "微信", "im", "在线咨询", "智能客服", "chatbot", "机器人"],
    "email": ["email", "e-mail", "mail", "邮件", "电子邮件", "邮箱"],
    "social": ["social", "social media", "twitter", "facebook", "weibo", "社交媒体", "微博", "抖音",
               "小红书"],
    "other": ["other", "others", "其他", "其它"],
}
PRIORITIES: dict[str, list[str]] = {
    "urgent": ["urgent", "critical", "紧急", "p1", "特急"],
    "high": ["high", "高", "p2", "重要"],
    "medium": ["medium", "normal", "中", "p3", "一般", "普通"],
    "low": ["low", "低", "p4", "不紧急"],
}
CUSTOMER_TYPES: dict[str, list[str]] = {
    "vip": ["vip", "svip", "大客户", "重要客户", "key account"],
    "new": ["new", "新客户", "新用户", "new customer"],
    "existing": ["existing", "returning", "老客户", "老用户", "repeat", "existing customer"],
}
# Request types that mark a complaint (投诉), compared after normalise_header.
COMPLAINT_WORDS = ["complaint", "complaints", "投诉", "客诉", "投诉建议"]
TRUE_WORDS = {"是", "yes", "y", "true", "t", "1", "是的", "已解决", "一次解决", "对", "√"}
FALSE_WORDS = {"否", "no", "n", "false", "f", "0", "不是", "未解决", "×"}

# Labelled satisfaction scales, best category last; "code - label" strings use the code.
SCALE_LABELS: list[list[str]] = [
    ["非常不满意", "不满意", "一般", "满意", "非常满意"],
    ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
    ["very unsatisfied", "unsatisfied", "neither satisfied nor dissatisfied", "satisfied",
     "very satisfied"],
    ["很不满意", "不满意", "基本满意", "满意", "很满意"],
    ["不满意", "一般", "满意"],
    ["dissatisfied", "neutral", "satisfied"],
    ["bad", "okay", "good"],
    ["差评", "中评", "好评"],
]

# Standard rating scales (low, high), tried smallest first.
SCALES: list[tuple[int, int]] = [(1, 3), (1, 5), (1, 7), (1, 10), (0, 10)]


def satisfied_codes(low: int, high: int) -> list[int]:
    """The 'satisfied' (top-box) codes of a scale: top two of 3/5/7-point scales, 9–10 of 0–10/1–10."""
    if high >= 10:
        return [high - 1, high]
    if high - low + 1 == 3:
        return [high]
    return [high - 1, high]


# --- SLA ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlaTier:
    """Targets for one priority tier: first response within `respond_min` minutes, resolution
    within `resolve_h` hours (`resolve_business_days` working days when set, which wins)."""
    respond_min: float
    resolve_h: float | None = None
    resolve_business_days: float | None = None


# DOMAIN.md / seed 002: urgent 5 min / 2 h; high 10 min / 24 h; medium & low 30 min / 3 working days.
SLA_TIERS: dict[str, SlaTier] = {
    "urgent": SlaTier(5, resolve_h=2),
    "high": SlaTier(10, resolve_h=24),
    "medium": SlaTier(30, resolve_business_days=3),
    "low": SlaTier(30, resolve_business_days=3),
}
ALERT_FIRST_RESPONSE_MIN = 10   # seed 002: alert when first response exceeds 10 minutes
WORKDAY_HOURS = (9, 18)         # default business hours for the business-hours calendar


# --- header normalisation ------------------------------------------------------------------
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_header(name: object) -> str:
    """Case-, width-, space- and punctuation-insensitive form of a header or value label."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return _PUNCT.sub("", text)


def _index(vocab: dict[str, list[str]]) -> dict[str, str]:
    return {normalise_header(alias): key for key, aliases in vocab.items() for alias in [key, *aliases]}


ALIAS_INDEX: dict[str, str] = _index(ALIASES)
CHANNEL_INDEX: dict[str, str] = _index(CHANNELS)
PRIORITY_INDEX: dict[str, str] = _index(PRIORITIES)
CUSTOMER_TYPE_INDEX: dict[str, str] = _index(CUSTOMER_TYPES)
