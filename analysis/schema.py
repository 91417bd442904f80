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
    "closed_at": TIMESTAMP,            # resolution when there is no resolved column; else only "done"
    "updated_at": TIMESTAMP,           # last change: orders the rows of an event log
    "first_response_time": DURATION,   # a duration column, when the export has no timestamp
    "resolution_time": DURATION,
    "handle_time": DURATION,
    "first_contact_resolved": BOOL,
    "answered": BOOL,                  # a call answered (not abandoned); unanswered calls have no FCR
    "abandoned": BOOL,                 # the same, the other way round (call-centre logs' ABANDONED 1/0)
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
# Names that mean the field outright (weight 1), from the export documentation of common help
# desks (Zendesk, Freshdesk, Jira Service Management, ServiceNow, Salesforce, HubSpot, Intercom,
# Help Scout, Cherwell), call-centre logs, survey tools and the Chinese headers of the seed
# templates; analysis.vendors adds each product's own names. Compared after normalise_header,
# and as whole words inside longer headers ("Ticket Created Date" holds "created date").
ALIASES: dict[str, list[str]] = {
    "ticket_id": ["ticket id", "ticket_id", "ticket", "ticket number", "ticket no", "case id", "case number",
                  "incident id", "incident number", "request id", "request number", "call id", "issue key",
                  "conversation id", "interaction id", "contact id", "工单号", "工单编号", "工单id", "单号",
                  "需求编号", "服务单号", "案件编号", "投诉编号", "会话id", "会话编号", "通话id", "记录编号"],
    "customer_id": ["customer id", "customer_id", "customer", "requester id", "requester", "requester email",
                    "client id", "client", "customer email", "customer name", "caller", "caller id",
                    "contact name", "contact email", "account name", "user id", "visitor id", "客户编号",
                    "客户id", "客户号", "会员编号", "用户id", "客户账号", "访客id", "客户名称", "客户姓名", "顾客id",
                    "来电号码", "客户电话"],
    "customer_type": ["customer type", "customer segment", "segment", "customer tier", "account type",
                      "客户类型", "客户类别", "客户等级", "会员等级", "客户分类"],
    "channel": ["channel", "ticket channel", "via", "received via", "contact channel", "source channel",
                "case origin", "origin", "contact type", "communication channel", "需求渠道", "渠道", "来源渠道",
                "接入渠道", "咨询渠道", "投诉渠道", "服务渠道", "来源", "渠道来源"],
    "request_type": ["ticket type", "request type", "case type", "incident type", "contact reason type",
                     "需求类型", "工单类型", "业务类型", "咨询类型", "服务类型"],
    "category": ["category", "issue category", "problem type", "problem category", "subject category",
                 "topic", "complaint type", "complaint category", "case reason", "reason for contact",
                 "问题类型", "投诉类型", "问题分类", "问题类别", "产品问题类型", "咨询分类", "问题归类"],
    "priority": ["priority", "ticket priority", "case priority", "优先级", "紧急程度", "紧急度"],
    "agent": ["agent", "assignee", "assigned to", "handler", "agent name", "case owner", "ticket owner",
              "owned by", "resolver", "处理人", "客服", "客服人员", "经办人", "负责人", "受理人", "处理客服",
              "接待客服", "客服姓名", "坐席", "坐席姓名"],
    "status": ["status", "ticket status", "case status", "incident state", "incident status", "request status",
               "conversation status", "状态", "工单状态", "处理状态", "会话状态", "解决状态"],
    "created_at": ["created at", "created", "created time", "creation date", "creation time", "date created",
                   "created date", "created on", "create date", "create time", "opened", "opened at",
                   "opened date", "date opened", "date time opened", "submitted at", "date submitted",
                   "date received", "received at", "reported date", "logged date", "ticket created",
                   "call date", "call time", "start time", "提交时间", "创建时间", "受理时间", "登记时间",
                   "来电时间", "接入时间", "投诉时间", "发起时间", "咨询时间", "开始时间", "报单时间"],
    "first_response_at": ["first response at", "first reply at", "first replied at", "first response time",
                          "first response date", "first responded at", "首次响应时间", "首次回复时间"],
    "resolved_at": ["resolved at", "resolved date", "resolved time", "solved at", "resolution date",
                    "time to resolution", "date resolved", "date solved", "resolved on", "解决时间", "办结时间",
                    "结案时间"],
    "closed_at": ["closed at", "closed date", "closed time", "close date", "date closed", "closed on",
                  "date time closed", "关闭时间", "完成时间", "结束时间"],
    "updated_at": ["updated at", "updated", "last updated", "last update time", "last modified", "sys updated at",
                   "更新时间", "最后更新时间"],
    "first_response_time": ["first response duration", "first reply time", "reply time", "time to first response",
                            "speed of answer", "first response time in minutes", "first reply time in minutes",
                            "average speed of answer", "asa", "首次响应时长", "首响时长", "响应时长", "首次回复时长"],
    "resolution_time": ["resolution time", "full resolution time", "time to resolve", "time to close",
                        "days open", "resolution time in hrs", "full resolution time in minutes", "解决时长",
                        "处理周期", "处理时效"],
    "handle_time": ["handle time", "handling time", "aht", "average handle time", "talk time", "talk duration",
                    "call duration", "avg talk duration", "conversation duration", "处理时长", "通话时长",
                    "平均处理时长", "服务时长", "会话时长"],
    "first_contact_resolved": ["first contact resolution", "fcr", "resolved on first contact", "one touch",
                               "是否一次解决", "一次解决", "一次性解决", "首次解决"],
    "answered": ["answered", "call answered", "是否接通", "接通"],
    "abandoned": ["abandoned", "call abandoned", "is abandoned", "是否放弃", "放弃", "呼损"],
    "reopened": ["reopened", "reopens", "reopen count", "是否重开", "重开次数", "重新打开次数"],
    "transfers": ["transfers", "transfer count", "reassignment count", "reassignments", "转接次数", "转派次数"],
    "csat": ["csat", "satisfaction", "satisfaction score", "satisfaction rating", "customer satisfaction rating",
             "customer satisfaction", "overall satisfaction", "overall rating", "overall", "满意度", "满意度评分",
             "满意度评分(1-5分)", "满意度评分1-5分", "满意度(1-5分)", "总体满意度", "整体满意度", "客户评分",
             "服务评价", "满意度评价"],
    "nps": ["nps", "nps score", "likelihood to recommend", "recommend", "net promoter score", "推荐意愿",
            "推荐度", "推荐可能性", "净推荐值"],
    "description": ["description", "ticket description", "summary", "short description", "details",
                    "customer complaint", "complaint", "problem description", "issue description",
                    "问题描述", "需求描述", "投诉内容", "咨询内容", "问题内容", "工单内容", "描述"],
    "notes": ["notes", "note", "remarks", "resolution notes", "work notes", "close notes", "备注",
              "处理结果", "处理说明", "处理意见"],
    "responded_at": ["responded at", "survey date", "response date", "survey time", "recorded date",
                     "completion time", "end date", "submitted", "submitted at", "timestamp",
                     "回访时间", "评价时间", "调查时间", "填写时间"],
    "reason": ["reason", "dissatisfaction reason", "reason for dissatisfaction", "low score reason",
               "不满意原因", "不满原因", "差评原因", "原因"],
    "comment": ["comment", "comments", "feedback", "verbatim", "customer comment", "open text", "review",
                "review text", "satisfaction comment", "rating remark", "评价内容", "意见", "建议", "客户意见",
                "留言", "评论", "评价备注"],
}

# Names that may mean the field, with how much (below 1): the field is taken from them only
# when the values agree and no column names it outright ("urgency" loses to "priority").
WEAK_ALIASES: dict[str, dict[str, float]] = {
    "ticket_id": {"id": 0.8, "number": 0.7, "incident": 0.7, "case": 0.7, "key": 0.6, "reference": 0.6,
                  "ref": 0.6, "no": 0.5, "编号": 0.6, "序号": 0.4},
    "channel": {"source": 0.8, "medium": 0.6, "media": 0.6},
    "request_type": {"type": 0.7, "kind": 0.5, "issue type": 0.8},
    "category": {"subject": 0.5, "subcategory": 0.6, "service": 0.5, "reason": 0.5, "分类": 0.8, "类别": 0.7,
                 "类型": 0.5},
    "priority": {"urgency": 0.85, "severity": 0.8, "impact": 0.6, "importance": 0.6, "严重程度": 0.8},
    "agent": {"owner": 0.8, "rep": 0.6, "representative": 0.7, "staff": 0.6, "operator": 0.6, "employee": 0.5},
    "status": {"state": 0.6, "stage": 0.5, "active": 0.4},
    "created_at": {"date": 0.7, "datetime": 0.7, "timestamp": 0.7, "received": 0.6, "reported": 0.6,
                   "logged": 0.6, "opened": 0.9, "submitted": 0.8, "日期": 0.7, "时间": 0.5},
    "resolved_at": {"resolved": 0.8, "solved": 0.8, "resolution": 0.5},
    "closed_at": {"closed": 0.8, "close": 0.6, "ended": 0.5},
    "first_response_at": {"first response": 0.8, "responded": 0.6, "answered at": 0.8},
    "first_response_time": {"response time": 0.8, "wait time": 0.7, "waiting time": 0.7, "queue time": 0.6,
                            "answer time": 0.8, "等待时长": 0.8},
    "resolution_time": {"age": 0.6, "time to resolution": 0.8, "time open": 0.8, "open days": 0.8},
    "handle_time": {"duration": 0.6, "talk": 0.7, "handling": 0.8, "时长": 0.5},
    "first_contact_resolved": {"resolved": 0.6, "solved": 0.5, "是否解决": 0.8},
    "csat": {"rating": 0.8, "score": 0.7, "satisfied": 0.7, "评分": 0.8, "评价": 0.7, "打分": 0.7},
    "description": {"subject": 0.6, "issue": 0.6, "message": 0.6, "body": 0.6, "text": 0.5, "内容": 0.6},
    "notes": {"resolution": 0.7, "comment": 0.5, "comments": 0.5},
    "responded_at": {"date": 0.7, "time": 0.5, "start date": 0.6, "start time": 0.6, "created": 0.6,
                     "日期": 0.7, "时间": 0.6, "提交时间": 0.8},
    "comment": {"text": 0.6, "remark": 0.7, "remarks": 0.7, "notes": 0.6, "why": 0.5, "other": 0.3,
                "anything else": 0.7, "tell us": 0.7, "done better": 0.7, "improve": 0.6, "suggestions": 0.7,
                "suggestion": 0.7, "additional comments": 0.9, "其他意见": 0.8, "改进建议": 0.8},
}

# A separate time-of-day column that completes a date column ("Date" + "Time" of a call log).
TIME_PART_ALIASES: dict[str, float] = {"time": 0.9, "call time": 0.9, "time of day": 0.9, "hour": 0.6,
                                       "时间": 0.8, "时刻": 0.9}

# Words that rule a header out for a field, whatever alias it also holds: "Date of Purchase" is
# no creation date, "Customer Age" no customer id, "owner_group" a team, not an agent.
NOT_WORDS: dict[str, set[str]] = {
    "ticket_id": {"customer", "client", "requester", "caller", "user", "agent", "owner", "parent", "problem",
                  "related", "order", "product", "zip", "phone", "email", "collector", "survey", "respondent",
                  "response", "external", "客户", "用户", "访客", "订单", "商品"},
    "customer_id": {"type", "segment", "tier", "age", "gender", "sex", "city", "state", "country", "zip", "region",
                    "satisfaction", "fname", "lname", "first", "last", "lifetime", "since", "类型", "等级", "年龄",
                    "性别", "满意", "first name", "last name"},
    "customer_type": {"id", "name", "email"},
    "channel": {"file", "url", "ip", "id", "product", "model", "device", "plan"},
    "request_type": {"customer", "id"},
    "category": {"id", "sub", "product"},
    "priority": {"confirmation", "id", "label_id"},
    "agent": {"group", "team", "queue", "department", "dept", "mailbox", "id", "email", "组", "部门", "团队"},
    "status": {"id", "code", "reason", "date", "time", "changed", "marital", "employment"},
    "created_at": {"purchase", "purchased", "birth", "birthday", "due", "closed", "close", "resolved", "resolve",
                   "solved", "resolution", "updated", "update", "modified", "last", "response", "responded",
                   "reply", "replied", "first", "answer", "answered", "end", "ended", "finish", "completed",
                   "completion", "expiry", "expires", "shipped", "delivery", "order", "sla", "month", "year",
                   "week", "day", "days", "in", "hours", "minutes", "seconds", "duration", "speed", "wait",
                   "解决", "关闭", "响应", "回复", "更新", "截止", "结束", "完成", "购买", "下单", "发货", "时长", "生日"},
    "first_response_at": {"duration", "minutes", "seconds", "hours", "hrs", "mins", "in", "speed", "时长"},
    "resolved_at": {"duration", "minutes", "seconds", "hours", "hrs", "mins", "in", "by", "code", "notes", "时长"},
    "closed_at": {"duration", "minutes", "hours", "in", "code", "notes", "no", "action", "时长"},
    "updated_at": {"by"},
    "first_response_time": {"at", "date", "stamp", "customer", "agent", "product"},
    "resolution_time": {"at", "date", "stamp", "due", "customer", "agent", "product", "account"},
    "handle_time": {"at", "date", "queue", "wait", "hold", "customer", "agent", "product"},
    "csat": {"label", "comment", "remark", "reason", "date", "time", "id", "text", "survey"},
    "description": {"id", "date", "time", "type", "category"},
    "responded_at": {"birth", "purchase", "due"},
}

# --- value vocabularies -----------------------------------------------------------------
# Normalised keys stand beside the user's label; the label is what the app displays.
CHANNELS: dict[str, list[str]] = {
    "phone": ["phone", "call", "voice", "telephone", "inbound call", "outbound call", "customer care call", "ivr",
              "电话", "热线", "来电", "400电话", "呼叫中心", "语音"],
    "online": ["online", "chat", "live chat", "web", "webchat", "web form", "website", "portal", "internet",
               "self service", "messenger", "whatsapp", "sms", "app", "mobile app", "im", "chatbot", "bot",
               "messaging", "in app", "widget", "feedback widget", "form", "virtual agent", "在线客服", "在线", "网页", "微信", "在线咨询", "智能客服", "机器人", "小程序",
               "公众号", "短信", "网站", "客户端"],
    "email": ["email", "e-mail", "mail", "邮件", "电子邮件", "邮箱"],
    "social": ["social", "social media", "twitter", "facebook", "instagram", "weibo", "社交媒体", "微博", "抖音",
               "小红书"],
    "other": ["other", "others", "walk in", "fax", "letter", "其他", "其它", "来访"],
}
PRIORITIES: dict[str, list[str]] = {
    "urgent": ["urgent", "critical", "blocker", "highest", "emergency", "severe", "紧急", "p1", "p0", "特急",
               "非常紧急", "严重"],
    "high": ["high", "major", "高", "p2", "重要", "较高"],
    "medium": ["medium", "normal", "moderate", "中", "p3", "一般", "普通", "中等"],
    "low": ["low", "minor", "lowest", "trivial", "planning", "低", "p4", "p5", "不紧急", "较低"],
}
# Priority written as a bare code (ServiceNow, Cherwell: 1 = most urgent).
PRIORITY_CODES: dict[int, str] = {1: "urgent", 2: "high", 3: "medium", 4: "low", 5: "low"}
UNASSIGNED_PRIORITY = ["unassigned", "none", "not set", "未设置", "无"]
CUSTOMER_TYPES: dict[str, list[str]] = {
    "vip": ["vip", "svip", "大客户", "重要客户", "key account", "enterprise", "premium", "gold", "platinum"],
    "new": ["new", "新客户", "新用户", "new customer", "first time"],
    "existing": ["existing", "returning", "老客户", "老用户", "repeat", "existing customer", "regular"],
}
# Status words: what a ticket in that status is. Closed words are read only when no open word
# stands before them ("unresolved", "not closed", "未解决" are open).
STATUS_CLOSED = ["closed", "resolved", "solved", "done", "completed", "complete", "cancelled", "canceled",
                 "finished", "archived", "rejected", "declined", "spam", "duplicate", "fixed", "已解决", "已关闭",
                 "已完成", "完成", "结案", "已结案", "关闭", "解决", "已办结", "办结", "已撤销", "已取消", "已处理",
                 "已回复", "已结束", "结束"]
STATUS_OPEN = ["open", "new", "pending", "waiting", "awaiting", "on hold", "hold", "in progress", "progress",
               "active", "assigned", "escalated", "reopened", "working", "snoozed", "unresolved", "not resolved",
               "not closed", "backlog", "queued", "待处理", "处理中", "未解决", "待回复", "挂起", "待分配", "已分配",
               "进行中", "待跟进", "跟进中", "未处理", "重新打开", "新建", "待审核", "排队中", "升级", "对话中", "会话中",
               "服务中", "排队", "待接入"]
# US states (and a few other regions' names): a column of them is a place, never a status.
PLACES = ["alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
          "district of columbia", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa",
          "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
          "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico",
          "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
          "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia",
          "washington", "west virginia", "wisconsin", "wyoming", "ontario", "quebec", "british columbia"]
# Request types that mark a complaint (投诉), compared after normalise_header.
COMPLAINT_WORDS = ["complaint", "complaints", "投诉", "客诉", "投诉建议"]
TRUE_WORDS = {"是", "yes", "y", "true", "t", "1", "是的", "已解决", "一次解决", "对", "√"}
FALSE_WORDS = {"否", "no", "n", "false", "f", "0", "不是", "未解决", "×"}

# Labelled satisfaction scales, best category last; "code - label" strings use the code.
SCALE_LABELS: list[list[str]] = [
    ["非常不满意", "不满意", "一般", "满意", "非常满意"],
    ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
    ["very dissatisfied", "somewhat dissatisfied", "neither satisfied nor dissatisfied", "somewhat satisfied",
     "very satisfied"],
    ["extremely dissatisfied", "somewhat dissatisfied", "neither satisfied nor dissatisfied",
     "somewhat satisfied", "extremely satisfied"],
    ["very unsatisfied", "unsatisfied", "neither satisfied nor dissatisfied", "satisfied",
     "very satisfied"],
    ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"],
    ["very poor", "poor", "fair", "good", "excellent"],
    ["very bad", "bad", "neutral", "good", "very good"],
    ["很不满意", "不满意", "基本满意", "满意", "很满意"],
    ["非常不同意", "不同意", "一般", "同意", "非常同意"],
    ["不满意", "一般", "满意"],
    ["dissatisfied", "neutral", "satisfied"],
    ["unsatisfied", "satisfied", "highly satisfied"],
    ["not good", "just okay", "awesome"],          # Freshdesk's survey
    ["not good", "okay", "great"],                 # Help Scout's ratings
    ["bad", "okay", "good"],
    ["差评", "中评", "好评"],
]
# Labels of a satisfied answer: on a labelled scale, the codes that carry one are the top box
# ("2 - Satisfied" and "3 - Highly Satisfied" of a 1–3 scale).
SATISFIED_LABELS = ["satisfied", "very satisfied", "highly satisfied", "extremely satisfied", "somewhat satisfied",
                    "completely satisfied", "good", "very good", "excellent", "great", "agree", "strongly agree",
                    "awesome", "满意", "非常满意", "很满意", "好评", "同意", "非常同意", "比较满意"]

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


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def header_words(name: object) -> list[str]:
    """The words of a header: camelCase, snake_case, punctuation and spaces split
    ("AvgTalkDuration" → avg, talk, duration; "sys_created_on" → sys, created, on). A run of
    Chinese characters is one word (Chinese headers are compared as text, see has_cjk)."""
    text = unicodedata.normalize("NFKC", str(name))
    text = _CAMEL.sub(" ", text).casefold()
    return _WORD.findall(text)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _index(vocab: dict[str, list[str]]) -> dict[str, str]:
    return {normalise_header(alias): key for key, aliases in vocab.items() for alias in [key, *aliases]}


ALIAS_INDEX: dict[str, str] = _index(ALIASES)
CHANNEL_INDEX: dict[str, str] = _index(CHANNELS)
PRIORITY_INDEX: dict[str, str] = _index(PRIORITIES)
CUSTOMER_TYPE_INDEX: dict[str, str] = _index(CUSTOMER_TYPES)
