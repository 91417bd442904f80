"""Fixture builder: for each known export of analysis/vendors.py, a small file as the product writes it.

Not a test module (no test functions). `build(export)` returns (file name, bytes); `expected(export)`
what a correct reading of that same file must show: the row count, which column feeds which
canonical field, and one KPI worked out here in plain Python from the generated values (never by
reading the file back). Both call `_generate`, so they describe the same rows. Everything is drawn
from `random.Random` seeded by (seed, product): the same arguments give the same bytes.

Value forms follow each product's export (see the notes of each KnownExport and
tests/KNOWN_EXPORTS.md): its timestamp format, status words, priority words or codes, channel
labels, duration units, blank spellings ('?' in the ServiceNow event log, '00:00:00' for a missing
Freshdesk duration), multi-row headers (Qualtrics 3, SurveyMonkey 2) and footer lines (Salesforce).
Stamps are consistent: created <= first response <= resolved <= closed; open tickets have no
resolved/closed stamp.
"""
from __future__ import annotations

import csv
import io
import json
import math
import random
import statistics
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

import openpyxl

_BASE = datetime(2024, 3, 4, 7, 30, 0)          # first ticket of every fixture: a Monday morning
_SPAN_MIN = 27 * 24 * 60                          # tickets spread over four weeks
_EXPORTED_AT = datetime(2024, 4, 2, 9, 0, 0)      # when the export was taken (ages of open tickets)
_ZIP_TIME = (2024, 4, 2, 9, 0, 0)                 # fixed member stamps: xlsx bytes deterministic

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Aisha",
         "Wei", "Priya", "Olga", "Kenji", "Fatima", "Lucas", "Emma", "Noah", "Sofia", "Mateo"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
        "Chen", "Patel", "Nguyen", "Kim", "Novak", "Okafor", "Rossi", "Schmidt", "Dubois", "Silva"]
AGENTS = ["Dana Whitfield", "Marcus Lee", "Priya Raman", "Tom Becker", "Ana Souza", "Kofi Mensah"]
CN_AGENTS = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"]
CN_VISITORS = ["张三", "李四", "王五", "赵六", "小明", "阿杰", "晴天", "Lily", "顾客", "用户"]
SUBJECTS = {
    "billing": ["Charged twice for my order", "Refund not received", "Invoice shows the wrong amount",
                "Cancel my subscription"],
    "login": ["Cannot log in to my account", "Password reset email never arrives", "Two-factor code not accepted"],
    "delivery": ["Where is my package?", "Parcel arrived damaged", "Wrong item delivered"],
    "product": ["App crashes when I open settings", "Export to PDF fails", "Sync stopped working"],
    "howto": ["How do I add a second user?", "Can I change my delivery address?", "Question about pricing plans"],
}
CN_TOPICS = ["订单问题", "退换货", "物流查询", "账户问题", "产品咨询", "投诉建议"]
CN_SUMMARY = ["已告知物流进度", "已为客户办理退款", "指导客户重置密码", "已转交售后处理", "客户咨询产品功能，已解答"]
GOOD_COMMENTS = ["Quick and friendly, thanks!", "Problem solved on the first call.", "Great help, very patient.",
                 "Fine.", "Would be nice to have chat support on weekends."]
BAD_COMMENTS = ["Took three e-mails to get an answer.", "The agent did not read my message.",
                "Still waiting for the refund.", "I had to explain everything twice."]
COMMENTS = GOOD_COMMENTS + BAD_COMMENTS
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


# --- output -----------------------------------------------------------------------------
@dataclass
class _Built:
    name: str
    data: bytes
    rows: int                       # data rows of the file (header / footer lines not counted)
    kpi: dict[str, Any]


def _csv_bytes(rows: list[list[Any]], *, bom: bool = False, quote_all: bool = False,
               footer: list[str] | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    if footer:
        buf.write("\r\n")
        for line in footer:
            w.writerow([line])
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _xlsx_bytes(sheet: str, rows: list[list[Any]], date_format: str = "yyyy-mm-dd hh:mm:ss") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = date_format
    wb.properties.created = wb.properties.modified = datetime(*_ZIP_TIME)
    wb.properties.creator = "openpyxl"
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps each zip member with the wall clock: rewrite them with a fixed time
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- time formats -----------------------------------------------------------------------
def _iso(t: datetime | None, seconds: bool = True) -> str:
    if t is None:
        return ""
    return t.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _h12(t: datetime) -> tuple[int, str]:
    return (t.hour % 12 or 12), ("AM" if t.hour < 12 else "PM")


def _us12(t: datetime | None) -> str:
    """'3/5/2024 2:02 PM' (Salesforce US locale, Cherwell)."""
    if t is None:
        return ""
    h, ap = _h12(t)
    return f"{t.month}/{t.day}/{t.year} {h}:{t.minute:02d} {ap}"


def _ts_jira(t: datetime | None) -> str:
    """'05/Mar/24 2:02 PM'."""
    if t is None:
        return ""
    h, ap = _h12(t)
    return f"{t.day:02d}/{MON[t.month - 1]}/{t.year % 100:02d} {h}:{t.minute:02d} {ap}"


def _snow_log(t: datetime | None) -> str:
    """'29/2/2016 01:16' (day first, no padding of day and month, no seconds); '?' when missing."""
    if t is None:
        return "?"
    return f"{t.day}/{t.month}/{t.year} {t.hour:02d}:{t.minute:02d}"


def _ts_five9(t: datetime) -> str:
    """'Thu, 27 Oct 2016 14:51:34'."""
    return f"{DOW[t.weekday()]}, {t.day:02d} {MON[t.month - 1]} {t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"


def _sm(t: datetime) -> str:
    """SurveyMonkey '03/05/2024 02:02:11 PM'."""
    h, ap = _h12(t)
    return f"{t.month:02d}/{t.day:02d}/{t.year} {h:02d}:{t.minute:02d}:{t.second:02d} {ap}"


def _gforms(t: datetime) -> str:
    """Google Sheets (zh/Asia locale) '2024/03/05 2:02:11 PM GMT+8'."""
    h, ap = _h12(t)
    return f"{t.year}/{t.month:02d}/{t.day:02d} {h}:{t.minute:02d}:{t.second:02d} {ap} GMT+8"


def _hms(seconds: float | None) -> str:
    """'HH:MM:SS', hours past 24 kept ('27:05:00'); None -> ''."""
    if seconds is None:
        return ""
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _hm_words(minutes: float | None) -> str:
    """Help Scout style '1h 23m' / '12m'."""
    if minutes is None:
        return ""
    m = int(round(minutes))
    return f"{m // 60}h {m % 60}m" if m >= 60 else f"{m}m"


def _cn_duration(seconds: int | None) -> str:
    """'2分15秒' / '45秒'."""
    if seconds is None:
        return ""
    return f"{seconds // 60}分{seconds % 60}秒" if seconds >= 60 else f"{seconds}秒"


def _minutes(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 60


# --- shared generators --------------------------------------------------------------------
def _rng(export, seed: int) -> random.Random:
    return random.Random(seed * 1_000_003 + zlib.crc32(export.product.encode("utf-8")))


@dataclass
class _Life:
    """One ticket's life: the true stamps every product's row is written from."""
    created: datetime
    responded: datetime | None
    resolved: datetime | None
    closed: datetime | None
    updated: datetime
    is_open: bool


def _life(rng: random.Random, *, open_share: float = 0.25, unanswered_open: float = 0.4,
          unanswered_closed: float = 0.0, frt_median_min: float = 40, res_median_min: float = 900,
          close_lag_h: tuple[int, ...] = (0,), step: str = "s") -> _Life:
    """A ticket's stamps. `step` "m" puts every stamp on a whole minute (products that write no
    seconds), so the KPIs below can be worked out from exactly what the file shows."""
    created = _BASE + timedelta(minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
    is_open = rng.random() < open_share
    skip = unanswered_open if is_open else unanswered_closed
    responded = None
    if rng.random() >= skip:
        responded = created + timedelta(seconds=max(30, int(rng.lognormvariate(math.log(frt_median_min * 60), 1.0))))
    resolved = closed = None
    if not is_open:
        start = responded or created
        resolved = start + timedelta(seconds=int(rng.lognormvariate(math.log(res_median_min * 60), 1.0)) + 60)
        closed = resolved + timedelta(hours=rng.choice(close_lag_h), minutes=rng.randint(0, 30))
    last = max(t for t in (created, responded, resolved, closed) if t is not None)
    updated = last + timedelta(minutes=rng.randint(0, 90))
    if step == "m":
        def cut(t):
            return None if t is None else t.replace(second=0)
        created, responded, resolved, closed, updated = map(cut, (created, responded, resolved, closed, updated))
        if responded is not None and responded <= created:
            responded = created + timedelta(minutes=1)
    return _Life(created, responded, resolved, closed, updated, is_open)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _email(name: str, rng: random.Random) -> str:
    first, last = name.lower().split(" ", 1)
    return f"{first}.{last.replace(' ', '')}{rng.randint(1, 99)}@{rng.choice(['example.com', 'mail.example.org', 'example.net'])}"


def _subject(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(list(SUBJECTS))
    return topic, rng.choice(SUBJECTS[topic])


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _median(values: list[float]) -> float | None:
    """Median rounded to 4 decimals; None when no row supports it (a very small n)."""
    return round(statistics.median(values), 4) if values else None


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 4) if whole else None


# --- ticket exports -------------------------------------------------------------------------
def _zendesk(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, good, bad = [cols], 0, 0
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.35, frt_median_min=45, res_median_min=1200,
                     close_lag_h=(0, 0, 96, 120))
        topic, subject = _subject(rng)
        requester = _name(rng)
        if life.is_open:
            status = _weighted(rng, [("New", 1), ("Open", 4), ("Pending", 3), ("Hold", 1)])
            if life.responded is None:
                status = "New"
        else:
            status = "Closed" if life.closed - life.resolved >= timedelta(hours=96) else "Solved"
        score = "Unoffered"
        if not life.is_open:
            score = _weighted(rng, [("Good", 5), ("Bad", 1.5), ("Offered", 3), ("Unoffered", 1)])
        good += score == "Good"
        bad += score == "Bad"
        frt = None if life.responded is None else int(_minutes(life.created, life.responded))
        full = None if life.resolved is None else int(_minutes(life.created, life.resolved))
        assigned = life.created + timedelta(minutes=rng.randint(0, 20)) if status != "New" else None
        row = {
            "Summation column": 1,
            "Id": 4100 + i,
            "Requester": requester,
            "Requester id": 381200000000 + rng.randint(10_000, 999_999),
            "Requester email": _email(requester, rng),
            "Assignee": "" if status == "New" else rng.choice(AGENTS),
            "Group": {"billing": "Billing", "product": "Tier 2"}.get(topic, "Support"),
            "Subject": subject,
            "Tags": f"{topic} {rng.choice(['web', 'mobile', 'vip'])}",
            "Status": status,
            "Priority": _weighted(rng, [("", 2), ("Low", 3), ("Normal", 6), ("High", 2), ("Urgent", 1)]),
            "Via": _weighted(rng, [("Mail", 5), ("Web form", 3), ("Chat", 2), ("Phone call (inbound)", 1.5),
                                   ("Native Messaging", 1), ("Facebook Post", 0.3)]),
            "Ticket type": _weighted(rng, [("", 1), ("Question", 4), ("Incident", 3), ("Problem", 1), ("Task", 1)]),
            "Created at": _iso(life.created),
            "Updated at": _iso(life.updated),
            "Assigned at": _iso(assigned),
            "Solved at": _iso(life.resolved),
            "Resolution time": "" if full is None else round(full / 60),
            "Satisfaction Score": score,
            "Group stations": rng.choice([1, 1, 1, 2]),
            "Assignee stations": 0 if status == "New" else rng.choice([1, 1, 1, 2, 3]),
            "Reopens": rng.choice([0] * 9 + [1]) if not life.is_open else 0,
            "Replies": 0 if frt is None else rng.randint(1, 6),
            "First reply time in minutes": "" if frt is None else frt,
            "First reply time in minutes within business hours": "" if frt is None else int(frt * rng.uniform(0.3, 1)),
            "Full resolution time in minutes": "" if full is None else full,
            "Full resolution time in minutes within business hours": "" if full is None else int(full * rng.uniform(0.2, 0.6)),
        }
        rows.append([row[c] for c in cols])
    return _Built("export-2024-04-02-0900-zendesk-tickets.csv", _csv_bytes(rows), n,
                  {"kpi": "csat_pct", "value": _pct(good, good + bad),
                   "note": "Good / (Good + Bad); Offered, Unoffered left out"})


def _freshdesk(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, frts = [cols], []
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.3, unanswered_closed=0.05, frt_median_min=75,
                     res_median_min=1500, close_lag_h=(0, 48, 72))
        topic, subject = _subject(rng)
        if life.is_open:
            status = _weighted(rng, [("Open", 5), ("Pending", 2), ("Waiting on Customer", 2), ("Waiting on Third Party", 0.5)])
        else:
            status = "Closed" if life.closed > life.resolved + timedelta(hours=24) else "Resolved"
        closed = life.closed if status == "Closed" else None
        frt_s = None if life.responded is None else (life.responded - life.created).total_seconds()
        res_s = None if life.resolved is None else (life.resolved - life.created).total_seconds()
        if frt_s is not None:
            frts.append(frt_s / 60)
        due = life.created + timedelta(hours=rng.choice([8, 24, 48]))
        name = _name(rng)
        rated = not life.is_open and rng.random() < 0.35
        row = {
            "Ticket ID": 2301 + i,
            "Subject": subject,
            "Description": f"{subject}. Order #{rng.randint(100000, 999999)}. Please help.",
            "Status": status,
            "Priority": _weighted(rng, [("Low", 4), ("Medium", 5), ("High", 2), ("Urgent", 1)]),
            "Source": _weighted(rng, [("Email", 6), ("Portal", 3), ("Phone", 2), ("Chat", 2), ("Feedback Widget", 0.5)]),
            "Type": _weighted(rng, [("", 1), ("Question", 4), ("Incident", 3), ("Problem", 1.5), ("Feature Request", 1)]),
            "Agent": "" if life.responded is None else rng.choice(AGENTS),
            "Group": _weighted(rng, [("", 1), ("Billing", 2), ("Tech Support", 3)]),
            "Created time": _iso(life.created),
            "Due by Time": _iso(due),
            "Resolved time": _iso(life.resolved),
            "Closed time": _iso(closed),
            "Last update time": _iso(life.updated),
            "Initial response time": _iso(life.responded),
            "Time tracked": f"{rng.randint(0, 1):02d}:{rng.randint(0, 59):02d}",
            "First response time (in hrs)": _hms(frt_s if frt_s is not None else 0),
            "Resolution time (in hrs)": _hms(res_s if res_s is not None else 0),
            "Agent interactions": 0 if life.responded is None else rng.randint(1, 5),
            "Customer interactions": rng.randint(1, 4),
            "Resolution status": "" if life.is_open else ("Within SLA" if res_s < 86400 else "SLA Violated"),
            "First response status": "" if frt_s is None else ("Within SLA" if frt_s < 3600 else "SLA Violated"),
            "Tags": rng.choice(["", "", "refund", "vip", "bug"]),
            "Survey results": _weighted(rng, [("Awesome", 6), ("Just Okay", 2), ("Not Good", 1)]) if rated else "",
            "Product": rng.choice(["", "Acme Cloud", "Acme Mobile"]),
            "Full name": name,
            "Contact ID": 11000000000 + rng.randint(100_000, 999_999),
        }
        rows.append([row[c] for c in cols])
    return _Built("Tickets_2024-04-02.csv", _csv_bytes(rows), n,
                  {"kpi": "frt_median_min", "value": _median(frts),
                   "note": "over tickets with an 'Initial response time'; their '00:00:00' (no reply) left out"})


def _jira(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, frts = [cols], []
    types = {"Get IT help": "Service request", "Request new software": "Service request",
             "Request a new account": "Service request", "Report a system problem": "Incident",
             "Report broken hardware": "Incident"}
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.3, frt_median_min=50, res_median_min=1300,
                     close_lag_h=(0, 0, 72), step="m")
        rtype = rng.choice(list(types))
        itype = types[rtype] if rng.random() > 0.08 else "Problem"
        if life.is_open:
            status = _weighted(rng, [("Waiting for support", 5), ("Waiting for customer", 2), ("In progress", 3),
                                     ("Escalated", 1)])
            category = "In Progress" if status != "Waiting for support" else "To Do"
        else:
            status = _weighted(rng, [("Resolved", 4), ("Closed", 2), ("Canceled", 0.3)])
            category = "Done"
        # a first response keeps its seconds and milliseconds in the [CHART] field
        fr = None
        if life.responded is not None:
            fr = life.responded + timedelta(seconds=rng.randint(0, 59), milliseconds=rng.randint(0, 999))
            frts.append(_minutes(life.created, fr))
        reporter = _name(rng)
        rated = status in ("Resolved", "Closed") and rng.random() < 0.4
        row = {
            "Summary": _subject(rng)[1],
            "Issue key": f"SD-{120 + i}",
            "Issue id": 10400 + i,
            "Issue Type": itype,
            "Status": status,
            "Project key": "SD",
            "Project name": "IT Service Desk",
            "Project type": "service_desk",
            "Priority": _weighted(rng, [("Highest", 0.5), ("High", 2), ("Medium", 6), ("Low", 2), ("Lowest", 0.5)]),
            "Resolution": "" if life.is_open else ("Won't Do" if status == "Canceled" else "Done"),
            "Assignee": "" if life.responded is None else rng.choice(AGENTS),
            "Assignee Id": "" if life.responded is None else f"712020:{rng.getrandbits(64):016x}",
            "Reporter": reporter,
            "Reporter Id": f"qm:{rng.getrandbits(48):012x}:{rng.getrandbits(32):08x}",
            "Created": _ts_jira(life.created),
            "Updated": _ts_jira(life.updated),
            "Resolved": _ts_jira(life.resolved),
            "Description": f"Reported by {reporter}: {rtype.lower()}. Details in the attached screenshot.",
            "Custom field (Request Type)": rtype,
            "Satisfaction rating": _weighted(rng, [(5, 5), (4, 3), (3, 1), (2, 0.6), (1, 0.6)]) if rated else "",
            "Custom field (Satisfaction date)": _ts_jira(life.updated) if rated else "",
            "Custom field (Time to first response)": "",
            "Custom field (Time to resolution)": "",
            "Custom field ([CHART] Date of First Response)":
                "" if fr is None else fr.strftime("%Y-%m-%d %H:%M:%S.") + f"{fr.microsecond // 1000:03d}",
            "Status Category": category,
        }
        rows.append([row[c] for c in cols])
    return _Built("Jira Service Management 2024-04-02.csv", _csv_bytes(rows), n,
                  {"kpi": "frt_median_min", "value": _median(frts),
                   "note": "Created (minute) to [CHART] Date of First Response (ms), answered issues"})


def _servicenow(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, backlog = [cols], 0
    cats = {"Inquiry / Help": ["Antivirus", "Email", "Internal Application"], "Software": ["Email", "Operating System"],
            "Hardware": ["Monitor", "Keyboard", "CPU"], "Network": ["VPN", "Wireless", "DHCP"], "Database": ["DB2", "Oracle"]}
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.2, frt_median_min=30, res_median_min=600,
                     close_lag_h=(0, 72, 72))
        canceled = not life.is_open and rng.random() < 0.05
        if life.is_open:
            state = _weighted(rng, [("New", 2), ("In Progress", 5), ("On Hold", 2)])
            backlog += 1
        elif canceled:
            state = "Canceled"
        else:
            state = "Closed" if life.closed - life.resolved >= timedelta(hours=72) else "Resolved"
        cat = rng.choice(list(cats))
        impact, urgency = rng.choice([1, 2, 2, 3, 3]), rng.choice([1, 2, 2, 3, 3])
        prio = min(5, impact + urgency - 1)
        prio_label = {1: "1 - Critical", 2: "2 - High", 3: "3 - Moderate", 4: "4 - Low", 5: "5 - Planning"}[prio]
        level = {1: "1 - High", 2: "2 - Medium", 3: "3 - Low"}
        resolved = None if canceled else life.resolved
        closed = life.closed if state == "Closed" else None
        row = {
            "number": f"INC{10020 + i:07d}",
            "opened_at": _iso(life.created),
            "short_description": _subject(rng)[1],
            "caller_id": _name(rng),
            "priority": prio_label,
            "state": state,
            "category": cat,
            "subcategory": rng.choice(cats[cat]),
            "contact_type": _weighted(rng, [("Phone", 4), ("Email", 3), ("Self-service", 3), ("Walk-in", 0.5),
                                            ("Chat", 1)]),
            "assignment_group": rng.choice(["Service Desk", "Network", "Software", "Hardware", "Database"]),
            "assigned_to": "" if state == "New" else rng.choice(AGENTS),
            "impact": level[impact],
            "urgency": level[urgency],
            "sys_updated_on": _iso(life.updated),
            "resolved_at": _iso(resolved),
            "closed_at": _iso(closed),
            "close_code": "" if resolved is None else rng.choice(["Solved (Permanently)", "Solved (Work Around)",
                                                                 "Solved Remotely (Permanently)"]),
            "close_notes": "" if resolved is None else rng.choice(["Reset the password and confirmed login.",
                                                                  "Reinstalled the client.", "User error, explained."]),
            "reassignment_count": rng.choice([0, 0, 0, 1, 1, 2, 3]),
            "reopen_count": 0 if life.is_open else rng.choice([0] * 9 + [1]),
            "made_sla": "false" if (resolved and resolved - life.created > timedelta(hours=24)) else "true",
        }
        rows.append([row[c] for c in cols])
    return _Built("incident.csv", _csv_bytes(rows), n,
                  {"kpi": "backlog", "value": backlog,
                   "note": "open states New / In Progress / On Hold; Canceled is closed"})


def _servicenow_log(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows: list[list[Any]] = [cols]
    numbers: list[str] = []
    k = 0
    while len(rows) - 1 < n:
        k += 1
        number = f"INC{45 + 3 * k:07d}"
        numbers.append(number)
        opened = _BASE + timedelta(minutes=rng.randint(0, _SPAN_MIN))
        opened = opened.replace(second=0)
        will_close = rng.random() < 0.7
        steps = ["New"] + ["Active"] * rng.randint(1, 3)
        if rng.random() < 0.25:
            steps += ["Awaiting User Info", "Active"]
        if will_close:
            steps += ["Resolved", "Closed"]
        caller = f"Caller {rng.randint(100, 5000)}"
        group = f"Group {rng.randint(10, 80)}"
        fixed = {   # what stays the same on every event of the incident
            "opened_by": f"Opened by  {rng.randint(1, 400)}",
            "sys_created_by": f"Created by {rng.randint(1, 200)}" if rng.random() < 0.6 else "?",
            "contact_type": _weighted(rng, [("Phone", 20), ("Email", 1), ("Self service", 1), ("IVR", 0.2)]),
            "location": f"Location {rng.randint(1, 230)}",
            "subcategory": f"Subcategory {rng.randint(1, 250)}",
            "u_symptom": f"Symptom {rng.randint(1, 500)}" if rng.random() < 0.8 else "?",
            "knowledge": rng.choice(["true", "false", "false"]),
        }
        resolver = f"Resolver {rng.randint(1, 200)}"
        category = f"Category {rng.randint(2, 60)}"
        impact = rng.choice([1, 2, 2, 2, 3])
        prio = {1: "2 - High", 2: "3 - Moderate", 3: "4 - Low"}[impact]
        if impact == 1 and rng.random() < 0.3:
            prio = "1 - Critical"
        t = opened
        resolved_at = closed_at = None
        reassign = 0
        for mod, state in enumerate(steps):
            if len(rows) - 1 >= n:
                break                       # the extract ends mid-life, as a dated log does
            t = t + timedelta(minutes=rng.randint(5, 600)) if mod else t + timedelta(minutes=rng.randint(0, 3))
            if state == "Active" and mod > 1 and rng.random() < 0.3:
                group, reassign = f"Group {rng.randint(10, 80)}", reassign + 1
            if state == "Resolved":
                resolved_at = t
            if state == "Closed":
                t = t + timedelta(days=rng.choice([1, 3, 5]))
                closed_at = t
            row = {
                **fixed,
                "number": number, "incident_state": state,
                "active": "false" if state == "Closed" else "true",
                "reassignment_count": reassign, "reopen_count": 0, "sys_mod_count": mod,
                "made_sla": "true" if rng.random() < 0.9 else "false",
                "caller_id": caller, "opened_at": _snow_log(opened),
                "sys_created_at": _snow_log(opened) if fixed["sys_created_by"] != "?" else "?",
                "sys_updated_by": f"Updated by {rng.randint(1, 900)}", "sys_updated_at": _snow_log(t),
                "category": category, "cmdb_ci": "?",
                "impact": {1: "1 - High", 2: "2 - Medium", 3: "3 - Low"}[impact],
                "urgency": {1: "1 - High", 2: "2 - Medium", 3: "3 - Low"}[impact], "priority": prio,
                "assignment_group": group if mod else "?", "assigned_to": resolver if mod else "?",
                "u_priority_confirmation": "false",
                "notify": "Do Not Notify", "problem_id": "?", "rfc": "?", "vendor": "?", "caused_by": "?",
                "closed_code": f"code {rng.randint(1, 9)}" if state == "Closed" else "?",
                "resolved_by": f"Resolved by {resolver.split()[1]}" if resolved_at else "?",
                "resolved_at": _snow_log(resolved_at), "closed_at": _snow_log(closed_at),
            }
            rows.append([row[c] for c in cols])
    return _Built("incident_event_log.csv", _csv_bytes(rows), n,
                  {"kpi": "tickets", "value": len(set(numbers)),
                   "note": f"{n} event rows, one ticket per distinct number"})


def _salesforce(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, backlog = [cols], 0
    for i in range(n):
        life = _life(rng, open_share=0.3, frt_median_min=60, res_median_min=1800, step="m")
        topic, subject = _subject(rng)
        status = "Closed" if not life.is_open else _weighted(rng, [("New", 3), ("Working", 5), ("Escalated", 1)])
        backlog += status != "Closed"
        end = life.resolved if status == "Closed" else _EXPORTED_AT
        age_h = (end - life.created).total_seconds() / 3600
        contact = _name(rng)
        row = {
            "Case Number": f"{1027 + i:08d}",
            "Case Owner": rng.choice(AGENTS) if status != "New" else "Support Queue",
            "Subject": subject,
            "Case Origin": _weighted(rng, [("Phone", 3), ("Email", 4), ("Web", 3), ("Chat", 1)]),
            "Status": status,
            "Priority": _weighted(rng, [("High", 2), ("Medium", 5), ("Low", 3)]),
            "Type": _weighted(rng, [("", 1), ("Question", 4), ("Problem", 4), ("Feature Request", 1)]),
            "Case Reason": _weighted(rng, [("", 1), ("Installation", 1), ("Performance", 2), ("Breakdown", 2),
                                           ("Equipment Complexity", 1), ("Feedback", 1), ("Other", 1)]),
            "Contact Name": contact,
            "Account Name": rng.choice(["Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Stark Industries"]),
            "Date/Time Opened": _us12(life.created),
            "Date/Time Closed": _us12(life.resolved) if status == "Closed" else "",
            "Closed": 1 if status == "Closed" else 0,
            "Escalated": 1 if status == "Escalated" or rng.random() < 0.05 else 0,
            "Age (Hours)": f"{age_h:.1f}",
            "Description": f"{subject}. Customer {contact} called about it.",
        }
        rows.append([row[c] for c in cols])
    footer = ["Confidential Information - Do Not Distribute",
              "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."]
    return _Built("report1712048400000.csv", _csv_bytes(rows, quote_all=True, footer=footer), n,
                  {"kpi": "backlog", "value": backlog,
                   "note": "Status other than Closed; the two footer lines are not cases"})


def _hubspot(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, frts = [cols], []
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.4, frt_median_min=90, res_median_min=1600, step="m")
        topic, subject = _subject(rng)
        status = "Closed" if not life.is_open else _weighted(rng, [("New", 3), ("Waiting on contact", 2),
                                                                    ("Waiting on us", 3)])
        if life.responded is None and status != "Closed":
            status = "New"
        frt_ms = None if life.responded is None else int((life.responded - life.created).total_seconds() * 1000)
        if frt_ms is not None:
            frts.append(frt_ms / 60000)
        close_ms = None if life.resolved is None else int((life.resolved - life.created).total_seconds() * 1000)
        tid = 1800200000 + 137 * i
        row = {
            "Ticket ID": tid,
            "Ticket name": subject,
            "Pipeline": "Support Pipeline",
            "Ticket status": status,
            "Priority": _weighted(rng, [("", 2), ("Low", 3), ("Medium", 4), ("High", 2), ("Urgent", 0.5)]),
            "Source": _weighted(rng, [("Email", 5), ("Chat", 3), ("Form", 2), ("Phone", 1)]),
            "Ticket owner": "" if life.responded is None else rng.choice(AGENTS),
            "Create date": _iso(life.created, seconds=False),
            "Close date": _iso(life.resolved, seconds=False),
            "Last activity date": _iso(life.updated, seconds=False),
            "First agent reply date": _iso(life.responded, seconds=False),
            "Time to first agent reply": "" if frt_ms is None else frt_ms,
            "Time to close": "" if close_ms is None else close_ms,
            "Category": {"billing": "Billing issue", "product": "Product issue", "howto": "General inquiry",
                         "login": "Product issue"}.get(topic, ""),
            "Ticket description": f"{subject} (via {rng.choice(['web form', 'e-mail'])})",
        }
        rows.append([row[c] for c in cols])
    return _Built("hubspot-crm-exports-all-tickets-2024-04-02.csv", _csv_bytes(rows), n,
                  {"kpi": "frt_median_min", "value": _median(frts),
                   "note": "'Time to first agent reply' is milliseconds; equals Create date -> First agent reply date"})


def _intercom(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, handles = [cols], []
    for i in range(n):
        life = _life(rng, open_share=0.2, unanswered_open=0.5, frt_median_min=6, res_median_min=45)
        state = "closed" if not life.is_open else _weighted(rng, [("open", 3), ("snoozed", 1)])
        frt_s = None if life.responded is None else int((life.responded - life.created).total_seconds())
        close_s = None if life.closed is None else int((life.closed - life.created).total_seconds())
        handle_s = None
        if close_s is not None:
            handle_s = min(close_s, max(40, int(rng.lognormvariate(math.log(540), 0.7))))
            handles.append(handle_s / 60)
        name = _name(rng)
        rating = _weighted(rng, [(5, 5), (4, 2), (3, 1), (2, 0.5), (1, 0.7)]) if state == "closed" and rng.random() < 0.35 else ""
        row = {
            "Conversation ID": 215467800000000 + rng.randint(1, 99_999_999),
            "Conversation started at (America/New_York)": _iso(life.created),
            "Conversation first replied at (America/New_York)": _iso(life.responded),
            "Conversation last closed at (America/New_York)": _iso(life.closed),
            "Conversation updated at (America/New_York)": _iso(life.updated),
            "Current conversation state": state,
            "Channel": _weighted(rng, [("Chat", 7), ("Email", 3), ("WhatsApp", 1), ("Phone", 0.5)]),
            "Started by": _weighted(rng, [("User", 9), ("Teammate", 1)]),
            "Teammate currently assigned": "" if life.responded is None else rng.choice(AGENTS),
            "Team currently assigned": rng.choice(["Support", "Support", "Billing"]),
            "Topics": rng.choice(["Billing", "Login issues", "Bug report", "How-to", ""]),
            "Conversation tag": rng.choice(["", "", "vip", "bug", "refund"]),
            "Last teammate rating": rating,
            "Last teammate rating remark": "" if rating == "" or rng.random() < 0.5 else
                                           _comment(rng, rating - 1),
            "First response time (seconds)": "" if frt_s is None else frt_s,
            "Time to close (seconds)": "" if close_s is None else close_s,
            "Handling time (seconds)": "" if handle_s is None else handle_s,
            "Number of reassignments": rng.choice([0, 0, 0, 1, 1, 2]),
            "Resolved on first contact": "" if state != "closed" else rng.choice(["true", "true", "false"]),
            "User ID": f"usr_{rng.randint(100000, 999999)}",
            "User email": _email(name, rng),
            "User name": name,
        }
        rows.append([row[c] for c in cols])
    return _Built("conversations_2024-03-04_2024-04-01.csv", _csv_bytes(rows), n,
                  {"kpi": "handle_median_min", "value": _median(handles),
                   "note": "'Handling time (seconds)' of closed conversations"})


def _helpscout(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, great, rated = [cols], 0, 0
    for i in range(n):
        life = _life(rng, open_share=0.25, unanswered_open=0.4, frt_median_min=70, res_median_min=1000, step="m")
        spam = not life.is_open and rng.random() < 0.04
        status = "spam" if spam else ("closed" if not life.is_open else _weighted(rng, [("active", 3), ("pending", 2)]))
        name = _name(rng)
        rating = ""
        if status == "closed" and rng.random() < 0.45:
            rating = _weighted(rng, [("Great", 6), ("Okay", 2), ("Not Good", 1)])
            rated += 1
            great += rating == "Great"
        frt = None if life.responded is None or spam else _minutes(life.created, life.responded)
        row = {
            "Conversation ID": 2391938000 + rng.randint(1, 999_999),
            "Number": 5120 + i,
            "Status": status,
            "Type": _weighted(rng, [("email", 7), ("chat", 2), ("phone", 1)]),
            "Mailbox": rng.choice(["Support", "Support", "Billing"]),
            "Assignee": "" if frt is None else rng.choice(AGENTS),
            "Customer": name,
            "Customer Email": _email(name, rng),
            "Subject": _subject(rng)[1],
            "Tags": rng.choice(["", "refund", "vip, refund", "bug"]),
            "Created At": life.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Closed At": "" if status != "closed" else life.closed.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "First Response Time": _hm_words(frt),
            "Resolution Time": "" if status != "closed" else _hm_words(_minutes(life.created, life.closed)),
            "Satisfaction rating": rating,
        }
        rows.append([row[c] for c in cols])
    return _Built("helpscout-conversations.csv", _csv_bytes(rows), n,
                  {"kpi": "csat_pct", "value": _pct(great, rated), "note": "Great / rated (Great, Okay, Not Good)"})


def _cherwell(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, backlog = [cols], 0
    services = {"Account Management": ["Password Reset", "New Account"], "Email and Collaboration": ["Outlook", "Teams"],
                "Desktop Support": ["Laptop", "Printer"], "Network": ["VPN", "Wi-Fi"]}
    for i in range(n):
        life = _life(rng, open_share=0.3, unanswered_open=0.3, frt_median_min=25, res_median_min=500,
                     close_lag_h=(24, 48, 72), step="m")
        if life.is_open:
            status = _weighted(rng, [("New", 2), ("Assigned", 3), ("In Progress", 4), ("Pending", 1), ("Reopened", 0.4)])
            backlog += 1
        else:
            status = _weighted(rng, [("Resolved", 2), ("Closed", 3)])
        service = rng.choice(list(services))
        first_call = not life.is_open and (life.resolved - life.created < timedelta(hours=2) or rng.random() < 0.15)
        row = {
            "Incident ID": 10216 + i,
            "Status": status,
            "Priority": _weighted(rng, [("1", 0.5), ("2", 1.5), ("3", 5), ("4", 2), ("5", 0.5)]),
            "Incident Type": _weighted(rng, [("Incident", 3), ("Service Request", 2)]),
            "Service": service,
            "Category": rng.choice(services[service]),
            "Subcategory": rng.choice(["Submit Incident", "Request Access", "Troubleshoot", ""]),
            "Description": _subject(rng)[1],
            "Customer Display Name": _name(rng),
            "Call Source": _weighted(rng, [("Phone", 4), ("E-Mail", 3), ("Portal", 3), ("Walk In", 0.5), ("Chat", 1)]),
            "Owned By": "" if status == "New" else rng.choice(AGENTS),
            "Owned By Team": rng.choice(["Service Desk", "Desktop Support", "Network Team"]),
            "Created Date Time": _us12(life.created),
            "Resolved Date Time": _us12(life.resolved),
            "Closed Date Time": _us12(life.closed) if status == "Closed" else "",
            "Last Modified Date Time": _us12(life.updated),
            "Close Description": "" if life.is_open else rng.choice(["Resolved on call.", "Replaced the device.",
                                                                   "Access granted."]),
            "Closed On 1st Call": "True" if first_call else "False",
        }
        rows.append([row[c] for c in cols])
    return _Built("Incidents.csv", _csv_bytes(rows), n,
                  {"kpi": "backlog", "value": backlog, "note": "New / Assigned / In Progress / Pending / Reopened"})


def _five9(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, talks = [cols], []
    for i in range(n):
        start = _BASE + timedelta(minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
        outbound = rng.random() < 0.1
        abandoned = not outbound and rng.random() < 0.15
        ivr = 0 if outbound else rng.randint(5, 45)
        queue = 0 if outbound else int(rng.lognormvariate(math.log(60), 0.9))
        ring = rng.randint(2, 12)
        talk = hold = acw = 0
        if not abandoned:
            talk = max(20, int(rng.lognormvariate(math.log(240), 0.6)))
            hold = rng.choice([0, 0, 0, rng.randint(10, 120)])
            acw = rng.randint(5, 90)
            talks.append(talk / 60)
        total = ivr + queue + (0 if abandoned else ring + talk + hold)
        bill = 6 * math.ceil(total / 6)
        agent = "" if abandoned else rng.choice(AGENTS)
        name = _name(rng)
        row = {
            "CALL ID": 24381 + i,
            "TIMESTAMP": _ts_five9(start),
            "CAMPAIGN": "Outbound Follow-up" if outbound else rng.choice(["Inbound Support", "Inbound Support", "Billing Line"]),
            "CALL TYPE": "Outbound" if outbound else "Inbound",
            "AGENT": "[None]" if abandoned else agent.split()[0].lower() + "@acme-support.com",
            "AGENT NAME": agent,
            "DISPOSITION": "Abandon" if abandoned else _weighted(rng, [("Resolved", 6), ("Callback Requested", 1),
                                                                    ("Transferred To 3rd Party", 1), ("No Disposition", 0.5)]),
            "ANI": rng.randint(2012000000, 9899999999),
            "CUSTOMER NAME": name if rng.random() < 0.7 else "",
            "DNIS": 8883121153,
            "CALL TIME": _hms(total),
            "BILL TIME (ROUNDED)": _hms(bill),
            "COST": round(bill * 0.0006, 4),
            "IVR TIME": _hms(ivr),
            "QUEUE WAIT TIME": _hms(queue),
            "RING TIME": "" if abandoned else _hms(ring),
            "TALK TIME": _hms(talk),
            "HOLD TIME": _hms(hold),
            "PARK TIME": "00:00:00",
            "AFTER CALL WORK TIME": _hms(acw),
            "TRANSFERS": "" if abandoned or rng.random() < 0.85 else 1,
            "CONFERENCES": "",
            "HOLDS": "" if hold == 0 else rng.randint(1, 2),
            "ABANDONED": 1 if abandoned else 0,
            "RECORDINGS": "" if abandoned else 1,
        }
        rows.append([row[c] for c in cols])
    return _Built("Call Log.csv", _csv_bytes(rows), n,
                  {"kpi": "handle_median_min", "value": _median(talks),
                   "note": "TALK TIME of calls not abandoned (ABANDONED 0)"})


# --- survey exports -------------------------------------------------------------------------
SAT5 = ["Extremely dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
        "Somewhat satisfied", "Extremely satisfied"]
SAT_W = [0.6, 1.0, 1.2, 3.0, 4.2]
QUALITY = ["Poor", "Fair", "Good", "Very good", "Excellent"]
REASONS = ["It took too long", "My issue was not resolved", "The agent was unhelpful", "I had to repeat myself", "Other"]


def _level(rng: random.Random) -> int:
    """A respondent's latent satisfaction 0 (worst) .. 4 (best): every answer of the row follows it."""
    return rng.choices(range(5), weights=SAT_W)[0]


def _near(rng: random.Random, level: int) -> int:
    """A sub-rating (driver) on the same 0..4 ladder, one step off now and then."""
    return min(4, max(0, level + _weighted(rng, [(-1, 1), (0, 3), (1, 1)])))


def _nps(rng: random.Random, level: int) -> int:
    return int(min(10, max(0, round([2, 5, 7, 8.5, 9.6][level] + rng.gauss(0, 1.2)))))


def _comment(rng: random.Random, level: int) -> str:
    return rng.choice(GOOD_COMMENTS if level >= 3 else BAD_COMMENTS)


def _qualtrics(export, n, rng) -> _Built:
    q1 = "Overall, how satisfied or dissatisfied are you with the support you received?"
    q2 = "How likely are you to recommend Acme to a friend or colleague?"
    q3 = "How satisfied were you with each of the following?"
    rows3 = {"Q3_1": "Speed of response", "Q3_2": "Knowledge of the agent", "Q3_3": "Courtesy of the agent"}
    texts = {"StartDate": "Start Date", "EndDate": "End Date", "Status": "Response Type", "IPAddress": "IP Address",
             "Progress": "Progress", "Duration (in seconds)": "Duration (in seconds)", "Finished": "Finished",
             "RecordedDate": "Recorded Date", "ResponseId": "Response ID", "RecipientLastName": "Recipient Last Name",
             "RecipientFirstName": "Recipient First Name", "RecipientEmail": "Recipient Email",
             "ExternalReference": "External Data Reference", "LocationLatitude": "Location Latitude",
             "LocationLongitude": "Location Longitude", "DistributionChannel": "Distribution Channel",
             "UserLanguage": "User Language", "Q1": q1, "Q2_NPS_GROUP": f"{q2} - Group", "Q2": q2,
             **{k: f"{q3} - {v}" for k, v in rows3.items()},
             "Q4": "What was the main reason for your rating?", "Q5": "Is there anything else you would like to tell us?",
             "TicketID": "TicketID"}
    zone = {"StartDate": "startDate", "EndDate": "endDate", "RecordedDate": "recordedDate"}
    ids = {"Status": "status", "IPAddress": "ipAddress", "Progress": "progress", "Duration (in seconds)": "duration",
           "Finished": "finished", "ResponseId": "_recordId", "RecipientLastName": "recipientLastName",
           "RecipientFirstName": "recipientFirstName", "RecipientEmail": "recipientEmail",
           "ExternalReference": "externalDataReference", "LocationLatitude": "locationLatitude",
           "LocationLongitude": "locationLongitude", "DistributionChannel": "distributionChannel",
           "UserLanguage": "userLanguage", "Q1": "QID1", "Q2_NPS_GROUP": "QID2_NPS_GROUP", "Q2": "QID2",
           "Q3_1": "QID3_1", "Q3_2": "QID3_2", "Q3_3": "QID3_3", "Q4": "QID4", "Q5": "QID5_TEXT", "TicketID": "TicketID"}
    cols = list(export.columns)

    def import_id(c):
        if c in zone:
            return json.dumps({"ImportId": zone[c], "timeZone": "America/Denver"}, separators=(",", ":"))
        return json.dumps({"ImportId": ids[c]}, separators=(",", ":"))

    rows = [cols, [texts[c] for c in cols], [import_id(c) for c in cols]]
    satisfied = answered = 0
    alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for i in range(n):
        start = _BASE + timedelta(days=1, minutes=rng.randint(0, _SPAN_MIN))
        start = start.replace(second=rng.randint(0, 59))
        finished = rng.random() > 0.08
        dur = rng.randint(40, 600)
        end = start + timedelta(seconds=dur)
        recorded = end if finished else end + timedelta(days=7)
        name = _name(rng)
        level = _level(rng)
        q1v = SAT5[level] if rng.random() > 0.03 else ""
        q2v = _nps(rng, level) if finished or rng.random() < 0.5 else ""
        if q1v:
            answered += 1
            satisfied += q1v in ("Somewhat satisfied", "Extremely satisfied")
        group = "" if q2v == "" else ("Promoter" if q2v >= 9 else "Passive" if q2v >= 7 else "Detractor")
        unhappy = level <= 2
        row = {
            "StartDate": _iso(start), "EndDate": _iso(end), "Status": "IP Address",
            "IPAddress": f"203.0.113.{rng.randint(1, 254)}", "Progress": 100 if finished else rng.choice([33, 50, 67]),
            "Duration (in seconds)": dur, "Finished": "True" if finished else "False", "RecordedDate": _iso(recorded),
            "ResponseId": "R_" + "".join(rng.choice(alnum) for _ in range(15)),
            "RecipientLastName": name.split()[1], "RecipientFirstName": name.split()[0],
            "RecipientEmail": _email(name, rng), "ExternalReference": "",
            "LocationLatitude": f"{rng.uniform(25, 48):.4f}", "LocationLongitude": f"{rng.uniform(-122, -71):.4f}",
            "DistributionChannel": "email", "UserLanguage": "EN",
            "Q1": q1v, "Q2_NPS_GROUP": group, "Q2": q2v,
            **{k: (SAT5[_near(rng, level)] if finished and rng.random() > 0.05 else "") for k in rows3},
            "Q4": rng.choice(REASONS) if unhappy and finished else "",
            "Q5": _comment(rng, level) if finished and rng.random() < 0.4 else "",
            "TicketID": str(4100 + rng.randint(0, 400)),
        }
        rows.append([row[c] for c in cols])
    return _Built("Acme+Support+CSAT_April+2,+2024_09.00.csv", _csv_bytes(rows, bom=True, quote_all=True), n,
                  {"kpi": "csat_pct", "value": _pct(satisfied, answered),
                   "note": "Q1 'Somewhat satisfied' + 'Extremely satisfied' over answered Q1"})


def _surveymonkey(export, n, rng) -> _Built:
    q_csat = "Overall, how satisfied or dissatisfied are you with the support you received?"
    q_nps = "How likely is it that you would recommend us to a friend or colleague?"
    q_mx = "How would you rate the following?"
    mx_rows = ["Speed of response", "Knowledge of the agent", "Friendliness"]
    q_reason = "What was the main reason for your rating?"
    q_comment = "Is there anything else you would like to tell us?"
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1"]
    row1 = meta + [q_csat, q_nps, q_mx, "", "", q_reason, q_comment]
    row2 = [""] * len(meta) + ["Response", "Response", *mx_rows, "Response", "Open-Ended Response"]
    keys = meta + [q_csat, q_nps, *[f"{q_mx} - {r}" for r in mx_rows], q_reason, q_comment]
    assert keys == list(export.columns)
    labels = ["Very dissatisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied",
              "Somewhat satisfied", "Very satisfied"]
    rows, satisfied, answered = [row1, row2], 0, 0
    for i in range(n):
        start = _BASE + timedelta(days=1, minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
        end = start + timedelta(seconds=rng.randint(35, 400))
        name = _name(rng)
        level = _level(rng)
        csat = labels[level] if rng.random() > 0.04 else ""
        if csat:
            answered += 1
            satisfied += csat in labels[3:]
        values = [114839200000 + rng.randint(1, 9_999_999), 432109876, _sm(start), _sm(end),
                  f"198.51.100.{rng.randint(1, 254)}", _email(name, rng), name.split()[0], name.split()[1],
                  str(4100 + rng.randint(0, 400)), csat, _nps(rng, level) if rng.random() > 0.05 else "",
                  *[QUALITY[_near(rng, level)] if rng.random() > 0.07 else "" for _ in mx_rows],
                  rng.choice(REASONS) if level <= 2 else "",
                  _comment(rng, level) if rng.random() < 0.35 else ""]
        rows.append(values)
    return _Built("Sheet_1.csv", _csv_bytes(rows), n,
                  {"kpi": "csat_pct", "value": _pct(satisfied, answered),
                   "note": "'Somewhat satisfied' + 'Very satisfied' over answered"})


def _google_forms(export, n, rng) -> _Built:
    cols = list(export.columns)
    labels = ["Very Dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very Satisfied"]
    rows, satisfied, answered = [cols], 0, 0
    for i in range(n):
        t = _BASE + timedelta(days=1, minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
        name = _name(rng)
        r = rng.random()
        level = _level(rng)
        csat = "N/A do not use" if r < 0.06 else ("" if r < 0.09 else labels[level])
        if csat in labels:
            answered += 1
            satisfied += csat in labels[3:]
        ticket = 4100 + rng.randint(0, 400)
        row = {
            cols[0]: _gforms(t),
            cols[1]: _email(name, rng),
            cols[2]: f"#{ticket}" if rng.random() < 0.2 else str(ticket),
            cols[3]: csat,
            cols[4]: _nps(rng, level) if rng.random() > 0.05 else "",
            **{c: (QUALITY[_near(rng, level)] if rng.random() > 0.08 else "") for c in cols[5:8]},
            cols[8]: rng.choice(REASONS) if csat in labels[:3] else "",
            cols[9]: _comment(rng, level) if rng.random() < 0.3 else "",
        }
        rows.append([row[c] for c in cols])
    return _Built("Support satisfaction survey (Responses) - Form Responses 1.csv", _csv_bytes(rows), n,
                  {"kpi": "csat_pct", "value": _pct(satisfied, answered),
                   "note": "'Satisfied' + 'Very Satisfied' over labelled answers; blanks and 'N/A do not use' left out"})


def _ms_forms(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, satisfied, answered = [cols], 0, 0
    for i in range(n):
        start = _BASE + timedelta(days=1, minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
        done = start + timedelta(seconds=rng.randint(30, 500))
        anonymous = rng.random() < 0.4
        name = _name(rng)
        level = _level(rng)
        csat = level + 1 if rng.random() > 0.03 else None
        if csat is not None:
            answered += 1
            satisfied += csat >= 4
        row = {
            "ID": i + 1, "Start time": start, "Completion time": done,
            "Email": "anonymous" if anonymous else _email(name, rng), "Name": None if anonymous else name,
            "Last modified time": None, "Ticket number": str(4100 + rng.randint(0, 400)),
            cols[7]: csat, cols[8]: _nps(rng, level),
            cols[9]: _near(rng, level) + 1,
            cols[10]: _near(rng, level) + 1,
            cols[11]: _comment(rng, level) if rng.random() < 0.4 else None,
        }
        rows.append([row[c] for c in cols])
    return _Built("Customer Support Survey(1-80).xlsx", _xlsx_bytes("Sheet1", rows, "m/d/yy h:mm:ss"), n,
                  {"kpi": "csat_pct", "value": _pct(satisfied, answered), "note": "4-5 of the 1-5 rating"})


# --- Chinese help desks (Excel) -----------------------------------------------------------
def _cn_life(rng: random.Random, ended_share: float = 0.92, frt_median_s: int = 40, handle_median_s: int = 420):
    start = _BASE + timedelta(minutes=rng.randint(0, _SPAN_MIN), seconds=rng.randint(0, 59))
    ended = rng.random() < ended_share
    frt = None if rng.random() < 0.06 else max(3, int(rng.lognormvariate(math.log(frt_median_s), 0.8)))
    handle = max((frt or 0) + 20, int(rng.lognormvariate(math.log(handle_median_s), 0.7)))
    end = start + timedelta(seconds=handle) if ended else None
    return start, frt, handle, end, ended


CN_CHANNELS = ["网页", "APP", "微信公众号", "微信小程序", "微博"]


def _qiyu(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, handles = [cols], []
    for i in range(n):
        start, frt, handle, end, ended = _cn_life(rng)
        if ended:
            handles.append(handle / 60)
        rated = ended and rng.random() < 0.45
        rating = _weighted(rng, [("非常满意", 5), ("满意", 3), ("一般", 1), ("不满意", 0.6), ("非常不满意", 0.4)]) \
            if rated else ""
        row = {
            "会话ID": 3125400000 + rng.randint(1, 9_999_999),
            "访客ID": f"{rng.randint(10**8, 10**9 - 1)}",
            "访客名称": rng.choice(CN_VISITORS) + str(rng.randint(1, 999)),
            "来源渠道": _weighted(rng, [(c, w) for c, w in zip(CN_CHANNELS, [4, 3, 3, 2, 0.5])]),
            "接待客服": rng.choice(CN_AGENTS),
            "客服组": rng.choice(["售前组", "售后组", "VIP组"]),
            "接入时间": _iso(start),
            "首次响应时长": _hms(frt),
            "会话时长": _hms(handle) if ended else "",
            "结束时间": _iso(end),
            "会话状态": "已结束" if ended else _weighted(rng, [("进行中", 3), ("排队中", 1)]),
            "结束方式": "" if not ended else _weighted(rng, [("访客结束", 3), ("客服结束", 4), ("超时结束", 1)]),
            "咨询分类": rng.choice(CN_TOPICS),
            "满意度": rating,
            "评价内容": "" if not rating or rng.random() < 0.4 else
                       rng.choice(["回复很快", "态度很好"] if rating in ("非常满意", "满意") else ["问题没解决", "等太久了"]),
        }
        rows.append([row[c] for c in cols])
    return _Built("会话记录_20240402.xlsx", _xlsx_bytes("会话记录", rows), n,
                  {"kpi": "handle_median_min", "value": _median(handles), "note": "会话时长 of ended sessions (已结束)"})


def _udesk(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, frts = [cols], []
    for i in range(n):
        start, frt, handle, end, ended = _cn_life(rng, frt_median_s=55)
        if frt is not None:
            frts.append(frt / 60)
        rated = ended and rng.random() < 0.4
        row = {
            "对话ID": 70812000 + i * 3 + rng.randint(0, 2),
            "客户ID": 51230000 + rng.randint(1, 99999),
            "客户名称": rng.choice(CN_VISITORS) + str(rng.randint(1, 999)),
            "渠道": _weighted(rng, [("网页插件", 4), ("微信", 3), ("APP", 2), ("微信小程序", 1), ("微博", 0.3)]),
            "客服": rng.choice(CN_AGENTS),
            "客服组": rng.choice(["在线客服组", "售后组"]),
            "对话开始时间": _iso(start),
            "首次响应时长(秒)": frt,
            "对话时长(秒)": handle if ended else None,
            "对话结束时间": _iso(end),
            "会话状态": "已关闭" if ended else "对话中",
            "咨询类型": rng.choice(CN_TOPICS),
            "满意度评价": _weighted(rng, [("满意", 6), ("一般", 2), ("不满意", 1)]) if rated else "",
            "结束方式": "" if not ended else rng.choice(["客户关闭", "客服关闭", "超时关闭"]),
        }
        rows.append([row[c] for c in cols])
    return _Built("对话记录.xlsx", _xlsx_bytes("Sheet1", rows), n,
                  {"kpi": "frt_median_min", "value": _median(frts), "note": "首次响应时长(秒) of answered conversations"})


def _sobot(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, satisfied, rated_n = [cols], 0, 0
    for i in range(n):
        start, frt, handle, end, ended = _cn_life(rng, ended_share=0.95)
        score = None
        if ended and rng.random() < 0.5:
            score = _weighted(rng, [(5, 5), (4, 2.5), (3, 1), (2, 0.5), (1, 0.6)])
            rated_n += 1
            satisfied += score >= 4
        row = {
            "会话ID": f"{rng.getrandbits(64):016x}",
            "访客ID": f"{rng.getrandbits(40):010x}",
            "访客名称": rng.choice(CN_VISITORS) + str(rng.randint(1, 999)),
            "咨询渠道": _weighted(rng, [("网站", 4), ("APP", 3), ("微信公众号", 3), ("企业微信", 1), ("微博", 0.3)]),
            "接待客服": rng.choice(CN_AGENTS),
            "技能组": rng.choice(["默认组", "售后技能组"]),
            "接入时间": start,
            "首次响应时长": _cn_duration(frt),
            "会话时长": _cn_duration(handle) if ended else "",
            "结束时间": end,
            "咨询分类": rng.choice(CN_TOPICS),
            "是否解决": "" if score is None else ("已解决" if score >= 3 and rng.random() < 0.9 else "未解决"),
            "满意度评分": score,
            "评价标签": "" if score is None else rng.choice(["回复及时", "态度好", "专业"] if score >= 4
                                                          else ["没有解决问题", "回复太慢"]),
        }
        rows.append([row[c] for c in cols])
    return _Built("在线会话记录.xlsx", _xlsx_bytes("会话记录", rows), n,
                  {"kpi": "csat_pct", "value": _pct(satisfied, rated_n), "note": "满意度评分 4-5 of rated sessions"})


def _meiqia(export, n, rng) -> _Built:
    cols = list(export.columns)
    rows, frts = [cols], []
    for i in range(n):
        start, frt, handle, end, _ = _cn_life(rng, ended_share=1.0, frt_median_s=35)
        first = None if frt is None else start + timedelta(seconds=frt)
        if first is not None:
            frts.append(frt / 60)
        verdict = _weighted(rng, [("好评", 6), ("中评", 1.5), ("差评", 1)]) if rng.random() < 0.4 else ""
        row = {
            "对话ID": 190334000 + rng.randint(1, 999_999),
            "顾客ID": f"{rng.randint(10**9, 10**10 - 1)}",
            "顾客名称": rng.choice(CN_VISITORS) + str(rng.randint(1, 999)),
            "来源渠道": _weighted(rng, [("网页", 5), ("微信公众号", 3), ("微信小程序", 2), ("APP", 1), ("抖音", 0.5)]),
            "客服": rng.choice(CN_AGENTS),
            "客服分组": rng.choice(["默认分组", "售后"]),
            "对话开始时间": start,
            "首次响应时间": first,
            "对话结束时间": end,
            "对话时长": _hms(handle),
            "对话标签": rng.choice(CN_TOPICS),
            "评价": verdict,
            "评价内容": "" if not verdict or rng.random() < 0.5 else ("很满意" if verdict == "好评" else "回复太慢"),
            "对话小结": rng.choice(CN_SUMMARY),
        }
        rows.append([row[c] for c in cols])
    return _Built("对话记录导出_2024-04-02.xlsx", _xlsx_bytes("对话记录", rows), n,
                  {"kpi": "frt_median_min", "value": _median(frts), "note": "对话开始时间 -> 首次响应时间, answered"})


_GENERATORS: dict[str, Callable] = {
    "Zendesk": _zendesk,
    "Freshdesk": _freshdesk,
    "Jira Service Management": _jira,
    "ServiceNow (incident)": _servicenow,
    "ServiceNow (incident event log)": _servicenow_log,
    "Salesforce Service Cloud": _salesforce,
    "HubSpot": _hubspot,
    "Intercom": _intercom,
    "Help Scout": _helpscout,
    "Cherwell": _cherwell,
    "Five9 (call log)": _five9,
    "Qualtrics": _qualtrics,
    "SurveyMonkey": _surveymonkey,
    "Google Forms": _google_forms,
    "Microsoft Forms": _ms_forms,
    "网易七鱼": _qiyu,
    "Udesk": _udesk,
    "智齿": _sobot,
    "美洽": _meiqia,
}


def _generate(export, n: int = 80, seed: int = 0) -> _Built:
    """The one generation both `build` and `expected` describe."""
    if export.product not in _GENERATORS:
        raise KeyError(f"no fixture generator for {export.product!r}")
    if n < 1:
        raise ValueError("n must be at least 1")
    return _GENERATORS[export.product](export, n, _rng(export, seed))


def build(export, n: int = 80, seed: int = 0) -> tuple[str, bytes]:
    """A realistic small export of `export.product`: (file name, file bytes)."""
    built = _generate(export, n, seed)
    return built.name, built.data


def expected(export, n: int = 80, seed: int = 0) -> dict:
    """What a correct reading of build(export, n, seed) must show: role, data rows, the header of
    each canonical field (drivers as a list) and one KPI worked out from the generated values."""
    built = _generate(export, n, seed)
    fields: dict[str, Any] = {}
    drivers = []
    for header, name in export.columns.items():
        if name == "driver":
            drivers.append(header)
        elif name is not None:
            fields[name] = header
    if drivers:
        fields["driver"] = drivers
    return {"role": export.role, "rows": built.rows, "fields": fields, **built.kpi}


__all__ = ["build", "expected"]
