"""Strings of the Overview, Operations and Agents pages: KPI names and definitions, the reasons
rows are left out of a figure, SLA and backlog labels, chart axis titles."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # KPI names (keys of analysis.metrics.METRICS and of the kpis JSON)
    "overview.kpi.tickets": ("Tickets", "工单量"),
    "overview.kpi.csat_pct": ("CSAT %", "满意度"),
    "overview.kpi.csat_mean": ("Mean satisfaction score", "满意度均分"),
    "overview.kpi.nps": ("NPS", "净推荐值"),
    "overview.kpi.frt_median_min": ("First response (median, min)", "首次响应时长（中位数，分钟）"),
    "overview.kpi.frt_mean_min": ("First response (mean, answered tickets only, min)", "首次响应时长（平均，仅已响应工单，分钟）"),
    "overview.def.frt_mean_min": ("Mean minutes from creation to first response, over answered tickets only (an open "
                                  "ticket not yet answered is left out: a mean has no Kaplan–Meier estimate); a few "
                                  "very slow replies pull it above the median.",
                                  "从提交到首次响应的平均分钟数，仅统计已响应的工单（尚未响应的未结工单不计入：均值没有 "
                                  "Kaplan–Meier 估计）；少数极慢的响应会把它拉到中位数之上。"),
    "overview.kpi.frt_p90_min": ("First response (P90, min)", "首次响应时长（P90，分钟）"),
    "overview.kpi.resolution_median_h": ("Resolution (median, h)", "解决时长（中位数，小时）"),
    "overview.kpi.resolution_p90_h": ("Resolution (P90, h)", "解决时长（P90，小时）"),
    "overview.kpi.handle_median_min": ("Handling time (median, min)", "处理时长（中位数，分钟）"),
    "overview.kpi.fcr_pct": ("First-contact resolution", "一次性解决率"),
    "overview.kpi.complaint_rate_pct": ("Complaint rate", "投诉率"),
    "overview.kpi.repeat_contact_pct": ("Repeat-contact rate", "重复咨询率"),
    "overview.kpi.reopen_pct": ("Reopen rate", "重开率"),
    "overview.kpi.open_backlog": ("Open backlog", "待处理工单"),
    # how each KPI is computed
    "overview.def.tickets": ("Number of tickets created in the range.", "所选时间内创建的工单数。"),
    "overview.def.csat_pct": ("Share of survey scores of 4–5 on the 1–5 scale (top-2-box).",
                              "1–5 分评分中 4–5 分所占比例（前两项满意度）。"),
    "overview.def.csat_mean": ("Mean satisfaction score.", "满意度平均分。"),
    "overview.def.nps": ("% promoters (9–10) − % detractors (0–6) on the 0–10 recommend question.",
                         "推荐者（9–10 分）占比 − 贬损者（0–6 分）占比。"),
    "overview.def.frt_median_min": ("Minutes from creation to first response, median by Kaplan–Meier: an open "
                                    "ticket not yet answered counts as still waiting (clock time to the data's "
                                    "last timestamp). The solved-only median (answered tickets only) is beside it.",
                                    "从提交到首次响应的分钟数，Kaplan–Meier 中位数：尚未响应的未结工单按仍在等待计入"
                                    "（按自然时间计到数据的最后时间点）。旁边为仅统计已响应工单的中位数。"),
    "overview.def.frt_p90_min": ("90 % of tickets had a first response within this many minutes (Kaplan–Meier, "
                                 "open tickets not yet answered counted as still waiting).",
                                 "90% 的工单在该分钟数以内得到首次响应（Kaplan–Meier，尚未响应的未结工单按仍在等待计入）。"),
    "overview.def.resolution_median_h": ("Hours from creation to resolution, median by Kaplan–Meier: an open ticket "
                                         "counts as still waiting (clock time to the data's last timestamp); "
                                         "\"not reached\" when fewer than half are known to be resolved. The "
                                         "solved-only median (resolved tickets only, Zendesk's definition) is beside it.",
                                         "从提交到解决的小时数，Kaplan–Meier 中位数：未解决工单按仍在等待计入（按自然时间"
                                         "计到数据的最后时间点）；已知解决的不足一半时显示“未达到”。旁边为仅统计已解决工单的"
                                         "中位数（Zendesk 口径）。"),
    "overview.def.resolution_p90_h": ("90 % of tickets were resolved within this many hours (Kaplan–Meier, open "
                                      "tickets counted as still waiting; \"not reached\" when fewer than 90 % are "
                                      "known to be resolved).",
                                      "90% 的工单在该小时数以内解决（Kaplan–Meier，未解决工单按仍在等待计入；已知解决的"
                                      "不足 90% 时显示“未达到”）。"),
    "overview.def.handle_median_min": ("Handling (working) time per ticket in minutes.", "每张工单的处理时长（分钟）。"),
    "overview.def.fcr_pct": ("Share of tickets resolved on first contact.", "首次接触即解决的工单占比。"),
    "overview.def.complaint_rate_pct": ("Share of tickets whose request type or category is a complaint.",
                                        "需求类型或问题类型为投诉的工单占比。"),
    "overview.def.repeat_contact_pct": ("Share of tickets whose customer had another ticket in the previous {days} days.",
                                        "同一客户在此前 {days} 天内已有工单的工单占比。"),
    "overview.def.reopen_pct": ("Share of tickets reopened at least once.", "至少被重新打开一次的工单占比。"),
    "overview.def.open_backlog": ("Tickets created by the end of the range and not resolved by then.",
                                  "截至所选时间末已创建但尚未解决的工单。"),
    # why rows were left out (analysis.metrics / analysis.sla reason keys)
    "overview.reason.no_created_at": ("no creation time", "缺少提交时间"),
    "overview.reason.no_response_date": ("no survey or ticket date", "缺少评价时间和提交时间"),
    "overview.reason.csat_blank": ("no satisfaction score", "未评分"),
    "overview.reason.csat_out_of_range": ("score outside the scale", "评分超出量表范围"),
    "overview.reason.nps_blank": ("no recommend score", "无推荐评分"),
    "overview.reason.nps_out_of_range": ("recommend score outside 0–10", "推荐评分超出 0–10"),
    "overview.reason.frt_unknown": ("no first response time", "缺少首次响应时间"),
    "overview.reason.frt_negative": ("response before creation", "响应早于提交"),
    "overview.reason.still_open": ("still open", "尚未解决"),
    "overview.reason.awaiting_response": ("open, no first response yet", "未结且尚未首次响应"),
    "overview.reason.resolution_unknown": ("resolution time unknown", "解决时间未知"),
    "overview.reason.resolution_negative": ("resolved before creation", "解决早于提交"),
    "overview.reason.handle_unknown": ("no handling time", "缺少处理时长"),
    "overview.reason.handle_negative": ("negative handling time", "处理时长为负"),
    "overview.reason.fcr_unknown": ("first-contact resolution not recorded", "未记录是否一次解决"),
    "overview.reason.no_request_type": ("no request type or category", "缺少需求类型和问题类型"),
    "overview.reason.no_customer_id": ("no customer id", "缺少客户编号"),
    "overview.reason.reopen_unknown": ("reopen count not recorded", "未记录重开次数"),
    "overview.reason.sla_no_tier": ("priority without an SLA tier", "优先级无对应 SLA"),
    "overview.reason.sla_no_created_at": ("no creation time", "缺少提交时间"),
    "overview.reason.sla_response_pending": ("awaiting first response, still within target",
                                             "待首次响应，尚在时限内"),
    "overview.reason.sla_response_unknown": ("first response time unknown", "首次响应时间未知"),
    "overview.reason.sla_resolution_pending": ("open, still within target", "未解决，尚在时限内"),
    "overview.reason.sla_resolution_unknown": ("resolution time unknown", "解决时间未知"),
    # chart and table labels
    "overview.axis.period": ("Period", "周期"),
    "overview.axis.tickets": ("Tickets", "工单量"),
    "overview.axis.csat_pct": ("CSAT %", "满意度 %"),
    "overview.axis.share_pct": ("Share of tickets (%)", "工单占比（%）"),
    "overview.axis.weekday": ("Weekday", "星期"),
    "overview.axis.hour": ("Hour of day", "时段（时）"),
    "overview.axis.share_of_day": ("Share of the day's tickets (%)", "占当日工单比例（%）"),
    "overview.weekday.0": ("Mon", "周一"),
    "overview.weekday.1": ("Tue", "周二"),
    "overview.weekday.2": ("Wed", "周三"),
    "overview.weekday.3": ("Thu", "周四"),
    "overview.weekday.4": ("Fri", "周五"),
    "overview.weekday.5": ("Sat", "周六"),
    "overview.weekday.6": ("Sun", "周日"),
    "overview.blank": ("(blank)", "（空）"),
    "overview.axis.priority": ("Priority", "紧急程度"),
    "overview.axis.met_pct": ("Met within SLA (%)", "SLA 达成率（%）"),
    "overview.axis.age": ("Age of open tickets", "未结工单时长"),
    "overview.target.response": ("First response", "首次响应"),
    "overview.target.resolution": ("Resolution", "解决"),
    "overview.state.overdue": ("Overdue", "已超时"),
    "overview.state.near": ("Near SLA", "即将超时"),
    "overview.state.ok": ("Within SLA", "时限内"),
    "overview.state.no_target": ("No SLA tier", "无 SLA"),
    "overview.calendar.clock": ("Clock time (24/7)", "自然时间（全天）"),
    "overview.calendar.business": ("Business hours", "工作时间"),
}
