"""Strings of the Overview, Operations & SLA and Agents pages and of the KPI cards (ui/cards.py).
The KPI names, definitions and left-out reasons they share with the CLI live in i18n/overview.py."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # KPI cards (ui/cards.py)
    "cards.unit.min": ("min", "分钟"),
    "cards.unit.h": ("h", "小时"),
    "cards.unit.d": ("d", "天"),
    "cards.delta.pp": ("{value} pp", "{value} 个百分点"),
    "cards.p90": ("P90 {value}", "P90 {value}"),
    "cards.n": ("n {n}", "n {n}"),
    "cards.previous": ("before: {value}", "上期：{value}"),
    "cards.times": ("Median {median} · P90 {p90} · mean {mean}", "中位数 {median} · P90 {p90} · 均值 {mean}"),
    "cards.none_left_out": ("none", "无"),
    "cards.not_reached": ("not reached", "未达到"),
    "cards.solved": ("solved only {value}", "仅已完成 {value}"),
    "cards.censored": ("{n} still waiting", "{n} 张仍在等待"),
    "cards.km_ci": (" (95 % CI {low} – {high})", "（95% 置信区间 {low} – {high}）"),
    "cards.unbounded": ("unbounded", "无上限"),
    "cards.km_times": ("Kaplan–Meier, open tickets counted as still waiting ({censored}): median {median} · "
                       "P90 {p90}{interval}",
                       "Kaplan–Meier 估计，未完成工单按仍在等待计入（{censored} 张）：中位数 {median} · "
                       "P90 {p90}{interval}"),
    "cards.solved_times": ("Solved only (Zendesk's definition, n {n}): median {median} · P90 {p90} · mean {mean}",
                           "仅统计已完成工单（Zendesk 口径，n {n}）：中位数 {median} · P90 {p90} · 均值 {mean}"),
    # Overview
    "overview_page.card.tickets": ("Tickets", "工单量"),
    "overview_page.card.frt_median_min": ("First response (median)", "首次响应时长（中位数）"),
    "overview_page.card.resolution_median_h": ("Resolution time (median)", "解决时长（中位数）"),
    "overview_page.card.handle_median_min": ("Handling time (median)", "处理时长（中位数）"),
    "overview_page.card.fcr_pct": ("First-contact resolution", "一次性解决率"),
    "overview_page.card.csat_pct": ("CSAT % (satisfied)", "满意率"),
    "overview_page.card.csat_mean": ("Mean satisfaction score", "满意度均分"),
    "overview_page.card.nps": ("NPS", "净推荐值 NPS"),
    "overview_page.card.complaint_rate_pct": ("Complaint rate", "投诉率"),
    "overview_page.card.repeat_contact_pct": ("Repeat-contact rate", "重复咨询率"),
    "overview_page.card.reopen_pct": ("Reopen rate", "重开率"),
    "overview_page.card.open_backlog": ("Open backlog", "未结工单"),
    "overview_page.def.csat_pct": ("Share of satisfaction scores of {top} on the {low}–{high} scale (top-box); "
                                   "blank and out-of-range scores are left out.",
                                   "{low}–{high} 分评分中 {top} 分所占比例（满意率）；空白和超出量表的评分不计。"),
    "overview_page.def.csat_mean": ("Mean satisfaction score on the {low}–{high} scale.",
                                    "{low}–{high} 分量表上的满意度平均分。"),
    "overview_page.no_dates": ("No ticket has a creation time, so nothing can be placed in time: the trend and the "
                               "heatmap need one (e.g. “Created at”, 创建时间; map one on the Data page). The cards and "
                               "breakdowns above count every ticket.",
                               "没有任何工单带提交时间，无法按时间展示：趋势与热力图需要提交时间列（如“创建时间”，可在数据页映射）。"
                               "上方的指标卡与分项统计已计入全部工单。"),
    "overview_page.no_scores": ("The data has no satisfaction scores, so CSAT % and the mean score cannot be "
                                "computed. Load a survey file or map a score column on the Data page.",
                                "数据中没有满意度评分，无法计算满意率和均分。请加载回访文件或在数据页映射评分列。"),
    "overview_page.no_breakdown": ("The data has no channel, category, request type, priority or customer type "
                                   "column, so there is nothing to break down.",
                                   "数据中没有渠道、问题类型、需求类型、紧急程度或客户类型列，无法分项统计。"),
    "overview_page.breakdown_by": ("Break down by", "分项维度"),
    "overview_page.no_rows": ("No tickets in the selected range.", "所选范围内没有工单。"),
    "overview_page.none": ("none", "无"),
    "overview_page.repeat_window": ("Repeat-contact window (days)", "重复咨询判定窗口（天）"),
    "overview_page.repeat_window_help": ("A ticket is a repeat contact when the same customer opened another ticket "
                                         "within this many days before it.",
                                         "同一客户在此天数内已有工单，则本工单计为重复咨询。"),
    "overview_page.range": ("Range {start} – {end}, compared with the previous range of the same length "
                            "(from {prev}).", "统计范围 {start} – {end}，与等长的上一周期（自 {prev} 起）对比。"),
    "overview_page.range_all": ("All dates in the data. Pick a date range in the sidebar to compare with the "
                                "previous range of the same length.",
                                "数据中的全部日期。在侧栏选择日期范围后，可与等长的上一周期对比。"),
    "overview_page.no_change.no_range_chosen": ("no range chosen to compare", "未选择对比范围"),
    "overview_page.no_change.previous_range_before_data": ("no earlier data to compare", "无更早数据可对比"),
    "overview_page.how.cards": ("Each card: the figure for the selected range (every filter applies), "
                                "n = the rows it is computed on, and the rows left out with the reason. "
                                "Times show the median, with the P90 below and the mean on hover (times are "
                                "skewed, so the mean alone misleads). Change: {compare}\n\n{lines}\n\n"
                                "Not in this data: {missing}.",
                                "每张卡片：所选范围内的数值（应用全部筛选），n 为参与计算的行数，并列出未计入的行及原因。"
                                "时长显示中位数，下方为 P90，悬停显示均值（时长分布偏斜，仅看均值会误导）。变化：{compare}\n\n"
                                "{lines}\n\n数据中没有：{missing}。"),
    "overview_page.how.compare": ("against the previous range of the same length; green marks a move in the good "
                                  "direction (down for times and complaint rates), percentages change in points (pp).",
                                  "与等长的上一周期对比；绿色表示向好的方向变化（时长、投诉率以下降为好），百分比的变化以百分点计。"),
    "overview_page.how.card_line_km": ("- **{label}**: {definition} n = {n}, of which {censored} still waiting "
                                       "(censored); solved only: {solved} (n = {n_solved}); left out: {left_out}.",
                                       "- **{label}**：{definition} n = {n}，其中 {censored} 张仍在等待（删失）；"
                                       "仅已完成：{solved}（n = {n_solved}）；未计入：{left_out}。"),
    "overview_page.how.card_line": ("- **{label}**: {definition} n = {n}; left out: {left_out}.",
                                    "- **{label}**：{definition} n = {n}；未计入：{left_out}。"),
    "overview_page.trend": ("Trend", "趋势"),
    "overview_page.grain": ("Period", "周期"),
    "overview_page.grain.W": ("Week", "周"),
    "overview_page.grain.M": ("Month", "月"),
    "overview_page.how.trend": ("Bars: tickets created per {grain} (weeks start on Monday); line: CSAT % of the "
                                "responses dated in that period (a response without its own date takes its "
                                "ticket's). {periods} periods, {tickets} tickets, {responses} scored responses; a "
                                "period with no response has no CSAT point rather than 0.",
                                "柱：每{grain}创建的工单数（周从周一开始）；线：该周期内回访的满意率（无回访时间的按工单提交时间）。"
                                "共 {periods} 个周期、{tickets} 张工单、{responses} 条有效评分；无回访的周期不画点，而非记为 0。"),
    "overview_page.breakdown": ("Breakdown", "分项对比"),
    "overview_page.chart_value": ("Chart", "图表指标"),
    "overview_page.col.csat_n": ("Scored responses", "有效评分数"),
    "overview_page.how.breakdown": ("One row per value as the file spells it (blank as {blank}); each figure is the "
                                    "KPI's own definition on that group's rows (empty where the group has no row "
                                    "that supports it). {groups} groups, {tickets} tickets. Click a column header to "
                                    "sort.",
                                    "按文件中的原始取值分组（空值记为 {blank}）；每项数值按该指标的定义在组内计算"
                                    "（组内无可用数据则留空）。共 {groups} 组、{tickets} 张工单。点击列标题可排序。"),
    "overview_page.heatmap": ("Peak hours: hour of day × weekday", "高峰时段：时段 × 星期"),
    "overview_page.how.heatmap": ("Tickets created in each hour of each weekday; the colour is the cell's share of "
                                  "that weekday's tickets, so weekdays with different volumes compare. {tickets} "
                                  "tickets; {left_out} without a creation time are left out.",
                                  "每个星期几、每个小时创建的工单；颜色为该格占当天工单的比例，便于比较不同工作量的日子。"
                                  "共 {tickets} 张工单；{left_out} 张缺少提交时间，未计入。"),
    # Operations & SLA
    "operations_page.no_dates": ("No ticket has a creation time, so no SLA clock can start. This page needs a "
                                 "creation-time column (e.g. “Created at”, 创建时间); map one on the Data page.",
                                 "没有任何工单带提交时间，无法计算时效。本页需要提交时间列（如“创建时间”），请在数据页映射。"),
    "sla.tier.urgent": ("urgent", "紧急"),
    "sla.tier.high": ("high", "高"),
    "sla.tier.medium": ("medium", "中"),
    "sla.tier.low": ("low", "低"),
    "operations_page.none_judged": ("No ticket's response or resolution could be judged against its target: the "
                                    "files give no first-response or resolution times (see the note above).",
                                    "没有工单的响应或解决可按目标判定：文件中没有首次响应或解决时间（见上方说明）。"),
    "operations_page.default_tier": ("Tier every ticket is held to (the files have no priority)",
                                     "所有工单适用的等级（文件中没有优先级）"),
    "operations_page.assumed_tier": ("The files have no priority column, so every ticket is measured against the "
                                     "targets of the **{tier}** tier. Choose another tier above, or edit its targets.",
                                     "文件中没有优先级列，因此所有工单均按 **{tier}** 等级的目标衡量。可在上方另选等级或修改其目标。"),
    "operations_page.no_priority": ("The data has no priority column (or none of its values is urgent / high / "
                                    "medium / low), so SLA compliance per tier cannot be computed. Map a priority "
                                    "column (e.g. “Priority”, 紧急程度) on the Data page. The backlog below still "
                                    "shows open tickets and the first-response alert.",
                                    "数据中没有紧急程度列（或取值无法识别为 紧急/高/中/低），无法按等级计算 SLA 达成率。"
                                    "请在数据页映射紧急程度列。下方的积压监控仍显示未结工单与首次响应预警。"),
    "operations_page.no_tiered": ("No ticket in the selection has a priority with an SLA tier.",
                                  "所选工单的紧急程度均无对应的 SLA 等级。"),
    "operations_page.no_closure": ("The data has no resolution time and no status, so it cannot tell which tickets "
                                   "are still open: no backlog is shown. Map a resolution-time or status column "
                                   "(e.g. “Resolved at”, 解决时间, 状态) on the Data page.",
                                   "数据中既没有解决时间也没有工单状态，无法判断哪些工单未结，因此不显示积压。请在数据页映射解决时间或状态列。"),
    "operations_page.calendar": ("Count elapsed time in", "时长计算方式"),
    "operations_page.business_hours": ("Working hours {start}:00–{end}:00 on working days: weekdays, minus "
                                       "Chinese public holidays, plus the make-up working days (调休).",
                                       "工作日 {start}:00–{end}:00 计时：周一至周五，扣除法定节假日，并计入调休上班日。"),
    "operations_page.uncovered": ("The holiday calendar has no make-up working days for {years}: only weekends "
                                  "and public holidays are used there.",
                                  "节假日日历缺少 {years} 年的调休安排：这些年份仅按周末与法定节假日计算。"),
    "operations_page.tiers": ("SLA targets per priority (editable)", "各紧急程度的 SLA 时限（可编辑）"),
    "operations_page.tiers_help": ("Defaults: urgent 5 min / 2 h; high 10 min / 24 h; medium and low 30 min / 3 "
                                   "working days. Working days win over hours when both are set. Priority keys: "
                                   "urgent, high, medium, low.",
                                   "默认：紧急 5 分钟 / 2 小时；高 10 分钟 / 24 小时；中、低 30 分钟 / 3 个工作日。"
                                   "同时填写时以工作日为准。等级键：urgent、high、medium、low。"),
    "operations_page.bad_tiers": ("These SLA targets cannot be used ({message}); the default tiers apply.",
                                  "SLA 时限设置无效（{message}），已改用默认时限。"),
    "operations_page.compliance": ("SLA compliance per priority", "各紧急程度 SLA 达成率"),
    "operations_page.times": ("Time to first response and to resolution", "首次响应与解决时长"),
    "operations_page.card.frt_median_min": ("First response (median)", "首次响应时长（中位数）"),
    "operations_page.card.frt_p90_min": ("First response (P90)", "首次响应时长（P90）"),
    "operations_page.card.resolution_median_h": ("Resolution time (median)", "解决时长（中位数）"),
    "operations_page.card.resolution_p90_h": ("Resolution time (P90)", "解决时长（P90）"),
    "operations_page.col.priority_key": ("Priority", "紧急程度"),
    "operations_page.col.respond_min": ("First response (min)", "首次响应（分钟）"),
    "operations_page.col.resolve_h": ("Resolution (h)", "解决（小时）"),
    "operations_page.col.resolve_days": ("Resolution (working days)", "解决（工作日）"),
    "operations_page.col.n": ("Tickets", "工单数"),
    "operations_page.col.response_n": ("Responses judged", "参与响应考核"),
    "operations_page.col.response_met_pct": ("First response met (%)", "首次响应达成率（%）"),
    "operations_page.col.resolution_n": ("Resolutions judged", "参与解决考核"),
    "operations_page.col.resolution_met_pct": ("Resolution met (%)", "解决达成率（%）"),
    "operations_page.col.response_target_min": ("Response target ({unit})", "响应时限（{unit}）"),
    "operations_page.col.resolution_target_min": ("Resolution target ({unit})", "解决时限（{unit}）"),
    "operations_page.how.compliance": ("A first response is met when creation → first response is within the tier's "
                                       "target; a resolution when creation → resolution is. Time counted in: "
                                       "{calendar} (working days count as the minutes of a working day). A target "
                                       "not reached by {as_of} counts as missed once it is overdue and is left out "
                                       "while it is still within its target. {n} tickets in the selection; left "
                                       "out of a rate: {left_out}.",
                                       "首次响应时长（提交 → 首次响应）不超过该等级时限即为达成；解决时长（提交 → 解决）同理。"
                                       "计时方式：{calendar}（工作日按一个工作日的分钟数计）。截至 {as_of} 尚未完成的：已超时计为未达成，"
                                       "尚在时限内的不计入。所选工单 {n} 张；未计入达成率：{left_out}。"),
    "operations_page.breaches": ("Breaches", "超时明细"),
    "operations_page.no_breaches": ("No SLA target was missed in the selection.", "所选工单没有超时。"),
    "operations_page.breaches_count": ("{n} missed targets, latest first by how late; {shown} shown here, all in the "
                                       "CSV.", "共 {n} 次超时，按超时时长排序；此处显示 {shown} 条，CSV 含全部。"),
    "operations_page.col.ticket_id": ("Ticket", "工单号"),
    "operations_page.col.priority": ("Priority", "紧急程度"),
    "operations_page.col.agent": ("Agent", "处理人"),
    "operations_page.col.target": ("Target", "考核项"),
    "operations_page.col.created_at": ("Created", "提交时间"),
    "operations_page.col.elapsed_min": ("Elapsed ({unit})", "耗时（{unit}）"),
    "operations_page.col.target_min": ("Target ({unit})", "时限（{unit}）"),
    "operations_page.col.late_min": ("Late by ({unit})", "超时（{unit}）"),
    "operations_page.col.still_open": ("Still open", "仍未完成"),
    "operations_page.col.age_h": ("Age (clock {unit})", "已等待（自然时间，{unit}）"),
    "operations_page.col.age_min": ("Age ({unit}, chosen time)", "已等待（{unit}，所选计时）"),
    "operations_page.col.due": ("Next target", "下一考核项"),
    "operations_page.col.left_min": ("Time left ({unit})", "剩余时间（{unit}）"),
    "operations_page.col.state": ("State", "状态"),
    "operations_page.col.waiting_response_min": ("Waiting for first response ({unit})", "等待首次响应（{unit}）"),
    "operations_page.how.breaches": ("Each missed target once: the ticket, its priority and agent as the file has "
                                     "them, the time it took (or, still open, has taken so far) and how far beyond the "
                                     "target, in {calendar}.",
                                     "每次超时列一行：工单、文件中的紧急程度与处理人、实际耗时（未完成的为至今已耗时）及超出时限的时长，"
                                     "计时方式：{calendar}。"),
    "operations_page.backlog": ("Backlog monitor", "积压监控"),
    "operations_page.as_of": ("Open tickets as of", "统计时点"),
    "operations_page.as_of.data_end": ("the data's end", "数据截止时"),
    "operations_page.as_of.now": ("now", "当前时间"),
    "operations_page.alert_threshold": ("Alert: first response longer than (min)", "预警：首次响应超过（分钟）"),
    "operations_page.open": ("Open tickets", "未结工单"),
    "operations_page.overdue": ("Past their SLA", "已超时"),
    "operations_page.near": ("Near their SLA", "即将超时"),
    "operations_page.overdue_rate": ("Overdue rate", "超时率"),
    "operations_page.alerts": ("Unanswered > {threshold} min", "超 {threshold} 分钟未响应"),
    "operations_page.no_open": ("No ticket is open at this time.", "该时点没有未结工单。"),
    "operations_page.how.backlog": ("Open at {as_of}: created by then and not resolved by then. Each open ticket's "
                                    "next target is the first response while unanswered, else the resolution; it is "
                                    "past its SLA beyond that target, near it with less than {near} of the target "
                                    "left ({calendar}). Overdue rate: past-SLA tickets among open tickets with a "
                                    "target. Alert: open tickets waiting longer than {threshold} clock minutes for a "
                                    "first response. The age chart uses clock hours; the table lists tickets past "
                                    "or near their SLA, most urgent first.",
                                    "未结：截至 {as_of} 已提交且尚未解决。未首次响应的工单考核首次响应，否则考核解决；超过时限为已超时，"
                                    "剩余不足时限的 {near} 为即将超时（计时方式：{calendar}）。超时率：有时限的未结工单中已超时的比例。"
                                    "预警：等待首次响应超过 {threshold} 分钟（自然时间）的未结工单。时长分布按自然小时；"
                                    "表格列出已超时或即将超时的工单，最紧急的在前。"),
    # Agents
    "agents_page.no_agent": ("The data has no agent column, so there is no per-agent table. Map an agent column "
                             "(e.g. “Agent”, 处理人) on the Data page.",
                             "数据中没有处理人列，无法按客服统计。请在数据页映射处理人列（如“处理人”）。"),
    "agents_page.min_n": ("Rank only agents with at least this many scored responses", "至少有多少条有效评分才参与排名"),
    "agents_page.min_n_help": ("With fewer responses the CSAT % interval is too wide to rank on; those agents are "
                               "flagged instead.", "评分过少时满意率的置信区间过宽，不宜排名，改为标注。"),
    "agents_page.col.frt_n": ("n (first response)", "n（首次响应）"),
    "agents_page.col.handle_n": ("n (handling)", "n（处理时长）"),
    "agents_page.col.fcr_pct": ("FCR (%)", "一次解决率（%）"),
    "agents_page.col.fcr_n": ("n (FCR)", "n（一次解决）"),
    "agents_page.col.csat_n": ("Scored responses", "有效评分数"),
    "agents_page.col.csat_ci_low": ("CSAT 95 % CI low", "满意率 95% 区间下限"),
    "agents_page.col.csat_ci_high": ("CSAT 95 % CI high", "满意率 95% 区间上限"),
    "agents_page.col.small_n": ("Too few responses to rank", "评分过少不排名"),
    "agents_page.col.csat_rank": ("CSAT rank", "满意率排名"),
    "agents_page.small_n": ("Agents marked “too few responses to rank” have fewer than {min_n} scored responses: "
                            "their CSAT % is shown with its interval but not ranked.",
                            "标注“评分过少不排名”的客服有效评分少于 {min_n} 条：显示满意率及区间，但不参与排名。"),
    "agents_page.how.table": ("One row per agent as the file spells the name (blank as {blank}), {agents} agents, "
                              "busiest first; every filter applies. First response and handling time: medians in "
                              "minutes of the agent's tickets that have them (n beside). FCR: share of the agent's "
                              "tickets with first-contact resolution recorded. CSAT %: share of satisfied scores "
                              "among the agent's scored responses, with a 95 % Wilson score interval; agents with "
                              "fewer than {min_n} scored responses are flagged, not ranked. Click a column header "
                              "to sort.",
                              "每位客服一行（按文件中的名字，空值记为 {blank}），共 {agents} 位，按工单量排序；应用全部筛选。"
                              "首次响应与处理时长：该客服有记录的工单的中位数（分钟，旁列 n）。一次解决率：有记录的工单中一次解决的比例。"
                              "满意率：该客服有效评分中满意的比例，附 95% Wilson 区间；有效评分少于 {min_n} 条的客服只标注、不排名。"
                              "点击列标题可排序。"),
    "agents_page.chart": ("CSAT % per agent with its 95 % interval", "各客服满意率及 95% 区间"),
    "agents_page.how.chart": ("Dot: the agent's CSAT %; line: its 95 % Wilson interval. Grey dots: fewer than "
                              "{min_n} scored responses (not ranked). Overlapping intervals mean the data cannot "
                              "tell those agents apart.",
                              "点为满意率，线为 95% Wilson 区间；灰点表示有效评分少于 {min_n} 条（不排名）。区间重叠说明数据无法区分这些客服。"),
    "agents_page.no_scores": ("No agent has a scored survey response, so there is no CSAT chart. Load a survey "
                              "file on the Data page.", "没有客服有有效评分，无法绘制满意率图。请在数据页加载回访文件。"),
}
