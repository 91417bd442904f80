"""Strings of the Period comparison page (periods_page.*) and the Goals page (goals_page.*).
Grain, test, status and chart labels shared with the analysis live in i18n/periods.py, KPI
names in i18n/overview.py (overview.kpi.*)."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "periods_page.mix.unknown": ("(unknown)", "（未知）"),
    # --- Period comparison page ---------------------------------------------------------------
    "periods_page.intro": (
        "Is a metric improving, and is the change real? Each period's value comes with its 95 % interval; "
        "the latest period is tested against the previous one and the same period last year.",
        "指标是否在改善？变化是真实的吗？每个周期的数值都附有 95% 置信区间；最新周期分别与上一周期（环比）和去年同期（同比）做显著性检验。"),
    "periods_page.metric": ("Metric", "指标"),
    "periods_page.grain": ("Period", "周期"),
    "periods_page.kpi.complaint_resolution_pct": ("Complaint resolution", "投诉解决率"),
    "periods_page.table_header": ("{metric} per {grain}", "{metric}（按{grain}）"),
    "periods_page.col.ci_low": ("95 % low", "95% 下限"),
    "periods_page.col.ci_high": ("95 % high", "95% 上限"),
    "periods_page.col.start": ("Starts", "开始日期"),
    "periods_page.yes": ("yes", "是"),
    "periods_page.no_obs": (
        "No usable rows for **{metric}** in the (filtered) data, so there is nothing to compare. "
        "This metric needs {needs}. Why: {excluded}.",
        "（筛选后的）数据中没有可用于 **{metric}** 的记录，无法对比。该指标需要{needs}。原因：{excluded}。"),
    "periods_page.needs.responses": ("satisfaction responses (a survey file, or a score column on the tickets)",
                                     "满意度评价（问卷文件，或工单中的评分列）"),
    "periods_page.needs.tickets": ("tickets with a creation time and the metric's column",
                                   "带创建时间和该指标字段的工单"),
    "periods_page.empty.responses": ("the data have no satisfaction responses (no survey file and no score column)",
                                     "数据中没有满意度评价（没有问卷文件，也没有评分列）"),
    "periods_page.empty.tickets": ("the data have no dated tickets", "数据中没有带日期的工单"),
    "periods_page.how_table": (
        "**{definition}** One row per {grain} from the first to the last with data (empty periods kept, n = 0). "
        "Interval: {interval}. A period is *partial* when the data cover only part of its days (the first and "
        "last ones usually). n used: {n}. Rows left out: {excluded}. Filters: {filters}.",
        "**{definition}** 从第一个到最后一个有数据的{grain}，每个一行（中间的空周期保留，n = 0）。区间：{interval}。"
        "数据只覆盖了部分天数的周期标为*不完整*（通常是首尾两个）。使用的样本数：{n}。被排除的记录：{excluded}。筛选：{filters}。"),
    "periods_page.interval.proportion": ("Wilson score interval", "Wilson 得分区间"),
    "periods_page.interval.median": ("percentile bootstrap of the median (seeded, 1,000 resamples; exact "
                                     "bootstrap distribution for large periods)",
                                     "中位数的百分位 bootstrap（固定种子，1,000 次重抽样；大样本时用精确 bootstrap 分布）"),
    "periods_page.interval.p90": ("percentile bootstrap of the 90th percentile", "P90 的百分位 bootstrap"),
    "periods_page.interval.mean": ("Student t interval", "Student t 区间"),
    "periods_page.interval.km": ("Kaplan–Meier quantile with open tickets counted as still waiting at the data's last "
                                 "timestamp ({censored} tickets); Brookmeyer–Crowley interval (log-log), no upper "
                                 "bound where the curve does not get far enough; \"not reached\" when fewer than "
                                 "half (for P90: 90 %) of a period's tickets are known to have finished. The change "
                                 "is judged by the log-rank test; its interval is a bootstrap of the difference of "
                                 "the two quantiles (up to 2,000 tickets a side), else a normal interval with "
                                 "Collett's standard errors",
                                 "Kaplan–Meier 分位数，未完成工单按仍在等待计入至数据的最后时间点（{censored} 张）；"
                                 "Brookmeyer–Crowley 区间（log-log），曲线未降到足够低时无上限；周期内已知完成的工单不足一半"
                                 "（P90 为 90%）时为“未达到”。变化由 log-rank 检验判断；变化的区间为两分位数之差的 bootstrap"
                                 "（每边不超过 2,000 张工单），否则为基于 Collett 标准误的正态区间"),
    "periods_page.col.censored": ("Still waiting", "仍在等待"),
    "periods_page.col.not_reached": ("Not reached", "未达到"),
    "periods_page.interval.nps": ("normal interval with the trinomial variance", "基于三项分布方差的正态区间"),
    "periods_page.interval.count": ("exact Poisson (Garwood) interval", "精确泊松（Garwood）区间"),
    "periods_page.filters_none": ("none", "无"),
    # comparisons
    "periods_page.compare_header": ("Latest period: is the change real?", "最新周期：变化是真实的吗？"),
    "periods_page.col.against": ("Compared with", "对比"),
    "periods_page.col.current": ("Current period", "当前周期"),
    "periods_page.col.previous": ("Earlier period", "对比周期"),
    "periods_page.col.current_value": ("Current value", "当前值"),
    "periods_page.col.previous_value": ("Earlier value", "对比值"),
    "periods_page.col.test": ("Test", "检验方法"),
    "periods_page.col.effect_name": ("Effect measure", "效应量指标"),
    "periods_page.col.n_current": ("n current", "当前样本数"),
    "periods_page.col.n_previous": ("n earlier", "对比样本数"),
    "periods_page.col.segment": ("Segment", "细分"),
    "periods_page.no_comparison": (
        "There is no earlier period in the data to compare {current} with.",
        "数据中没有可与 {current} 对比的更早周期。"),
    "periods_page.verdict.up": (
        "**{against}**: {metric} went from {previous_value} in {previous} to {current_value} in {current} "
        "({change}; 95 % interval {ci}; n = {n2} and {n1}). {test}: {p}, so a rise this large is unlikely to be chance. Effect size: {effect}.",
        "**{against}**：{metric} 从 {previous}的 {previous_value} 变为 {current}的 {current_value}（{change}；95% 区间 {ci}；样本数 {n2} 和 {n1}）。"
        "{test}：{p}，如此幅度的上升不太可能是偶然。效应量：{effect}。"),
    "periods_page.verdict.down": (
        "**{against}**: {metric} went from {previous_value} in {previous} to {current_value} in {current} "
        "({change}; 95 % interval {ci}; n = {n2} and {n1}). {test}: {p}, so a fall this large is unlikely to be chance. Effect size: {effect}.",
        "**{against}**：{metric} 从 {previous}的 {previous_value} 变为 {current}的 {current_value}（{change}；95% 区间 {ci}；样本数 {n2} 和 {n1}）。"
        "{test}：{p}，如此幅度的下降不太可能是偶然。效应量：{effect}。"),
    "periods_page.verdict.no_clear_change": (
        "**{against}**: {metric} went from {previous_value} in {previous} to {current_value} in {current} "
        "({change}; 95 % interval {ci}; n = {n2} and {n1}). {test}: {p}: a difference like this often comes from chance alone, so it is not a "
        "clear change. Effect size: {effect}.",
        "**{against}**：{metric} 从 {previous}的 {previous_value} 变为 {current}的 {current_value}（{change}；95% 区间 {ci}；样本数 {n2} 和 {n1}）。"
        "{test}：{p}，这样的差异仅凭偶然就常会出现，不能算明确的变化。效应量：{effect}。"),
    "periods_page.verdict.too_small": (
        "**{against}**: {metric} went from {previous_value} in {previous} to {current_value} in {current} "
        "({change}), but with n = {n2} and {n1} the samples are **too few to say** whether this is real, "
        "so no p-value is given.",
        "**{against}**：{metric} 从 {previous}的 {previous_value} 变为 {current}的 {current_value}（{change}），"
        "但样本数只有 {n2} 和 {n1}，**样本太少，无法判断**变化是否真实，因此不给出 p 值。"),
    "periods_page.verdict.no_test": (
        "**{against}**: {metric} was {current_value} in {current} and {previous_value} in {previous}; no test "
        "could be computed ({problem}).",
        "**{against}**：{metric} 在 {current}为 {current_value}，在 {previous}为 {previous_value}；无法进行检验（{problem}）。"),
    "periods_page.verdict.no_data": (
        "**{against}**: {current} or {previous} has no value for {metric}, so there is nothing to compare.",
        "**{against}**：{current} 或 {previous} 没有 {metric} 的数值，无法对比。"),
    "periods_page.how_compare": (
        "The latest period ({current}) is tested against the period before it and the same period a year "
        "earlier with the test of that very figure: two-proportion z-test with Newcombe's interval for shares "
        "(CSAT %, FCR %), a bootstrap of the difference of the median or P90 for times (a normal interval from "
        "order statistics above 2,000 a period), Welch's t for mean scores, a z test on the difference of two "
        "NPS for NPS, a Poisson rate test (per day of data) for ticket counts. Each change has its 95 % interval. p < 0.05 is read as a real change. \"Too small to say\": fewer "
        "than 30 observations in a period, or fewer than 5 expected in a cell. The latest period may be partial.",
        "最新周期（{current}）分别与上一周期和去年同期比较，检验的正是所显示的指标：比例（满意度、一次解决率）用两比例 z 检验及 Newcombe 区间，"
        "时长用中位数或 P90 之差的自助法（每周期超过 2,000 个时用顺序统计量的正态区间），平均分用 Welch t 检验，"
        "NPS 用两个 NPS 之差的 z 检验，工单量用泊松率检验（按有数据的天数）。每个变化都给出 95% 区间。"
        "p < 0.05 视为真实变化。“样本太少”：某周期少于 30 个观测，或期望频数小于 5。最新周期可能不完整。"),
    # segments
    "periods_page.segments_header": ("Segments compared at once", "各细分同时对比"),
    "periods_page.segment_by": ("Segment by", "细分维度"),
    "periods_page.against": ("Compare the latest period with", "最新周期对比"),
    "periods_page.no_segments": ("The data have no column to split **{metric}** by (channel, priority, request "
                                 "type, category, customer type or agent with at least two values).",
                                 "数据中没有可用于细分 **{metric}** 的字段（需要至少有两个取值的渠道、紧急程度、需求类型、"
                                 "问题类型、客户类型或处理人）。"),
    "periods_page.segments_summary": (
        "{significant} of {tested} segments changed clearly after the Holm correction (p < 0.05); too small "
        "to say: {small}.",
        "经 Holm 校正后，{tested} 个细分中有 {significant} 个发生了明确变化（p < 0.05）；样本太少、无法判断：{small} 个。"),
    "periods_page.how_segments": (
        "Each segment's latest period is tested against its earlier period with the same test as above. "
        "Testing {k} segments at once makes a chance \"significant\" result likely, so the p-values are "
        "Holm-adjusted (column p (Holm-adjusted)); read that column. Segments with no data in one of the "
        "periods are marked too small.",
        "每个细分的最新周期都用与上面相同的检验与对比周期比较。同时检验 {k} 个细分时容易偶然得到“显著”结果，"
        "因此 p 值经过 Holm 校正（见“p 值（Holm 校正）”列），请以该列为准。在某一周期没有数据的细分标为样本太少。"),
    # mix
    "periods_page.mix_by": ("Split by", "按以下维度拆分"),
    "periods_page.mix_no_csat": ("The mix-adjusted change needs CSAT % in two periods ({why}).",
                                 "结构调整分析需要两个周期的满意度数据（{why}）。"),
    "periods_page.mix_no_periods": ("no earlier period to compare with", "没有可对比的更早周期"),
    "periods_page.mix_no_column": ("no channel or priority column with two values", "没有至少两个取值的渠道或紧急程度字段"),
    "periods_page.mix.simpson": (
        "CSAT % went from {before} in {b} to {after} in {a} ({total}). But within the {by} segments service "
        "moved the other way ({rate}); the shift in mix between {by} segments ({mix}) outweighs it. The overall "
        "figure hides what happened inside the segments (Simpson's paradox).",
        "满意度从 {b}的 {before} 变为 {a}的 {after}（{total}）。但各{by}内部的服务水平朝相反方向变化（{rate}），"
        "被{by}构成的变化（{mix}）所掩盖。总体数字掩盖了细分内部的真实情况（辛普森悖论）。"),
    "periods_page.mix.mostly_mix": (
        "CSAT % went from {before} in {b} to {after} in {a} ({total}). Most of it comes from a different mix "
        "of {by} segments ({mix}), not from service within them ({rate}).",
        "满意度从 {b}的 {before} 变为 {a}的 {after}（{total}）。主要来自{by}构成的变化（{mix}），而非各{by}内部服务水平的变化（{rate}）。"),
    "periods_page.mix.mostly_rate": (
        "CSAT % went from {before} in {b} to {after} in {a} ({total}). Most of it comes from service within "
        "the {by} segments ({rate}); the mix of {by} segments accounts for {mix}.",
        "满意度从 {b}的 {before} 变为 {a}的 {after}（{total}）。主要来自各{by}内部服务水平的变化（{rate}），{by}构成的变化贡献了 {mix}。"),
    "periods_page.mix.none": ("The decomposition could not be computed: {problem}.", "无法计算结构分解：{problem}。"),
    "periods_page.mix.col.share_before": ("Share before", "之前占比"),
    "periods_page.mix.col.share_after": ("Share after", "之后占比"),
    "periods_page.mix.col.rate_before": ("CSAT % before", "之前满意度"),
    "periods_page.mix.col.rate_after": ("CSAT % after", "之后满意度"),
    "periods_page.mix.col.n_before": ("n before", "之前样本数"),
    "periods_page.mix.col.n_after": ("n after", "之后样本数"),
    "periods_page.how_mix": (
        "Symmetric (Kitagawa) decomposition of the change in CSAT % from {b} to {a}: mix effect = Σ (change in "
        "a segment's share) × (its average rate); service effect = Σ (change in a segment's rate) × (its average "
        "share). The two parts add up exactly to the total change. A segment present in one period only counts "
        "as mix. Responses without a {by} form the segment \"(unknown)\". n = {n_before} and {n_after} responses.",
        "对满意度从 {b} 到 {a} 的变化做对称（Kitagawa）分解：结构效应 = Σ（细分占比的变化 × 其平均满意度）；服务效应 = "
        "Σ（细分满意度的变化 × 其平均占比）。两部分之和正好等于总变化。只在一个周期出现的细分全部计入结构效应。"
        "没有{by}的评价归入“（未知）”细分。样本数：{n_before} 与 {n_after} 条评价。"),
    "periods_page.dim.channel": ("channel", "渠道"),
    "periods_page.dim.priority": ("priority", "紧急程度"),
    # control charts
    "periods_page.control_header": ("Control charts: signal or noise?", "控制图：信号还是噪声？"),
    "periods_page.control.frt": ("First response, median (XmR chart)", "首次响应中位数（XmR 控制图）"),
    "periods_page.control.problem": ("No control chart for {metric}: {problem}.", "无法绘制 {metric} 的控制图：{problem}。"),
    "periods_page.control.target": ("Dashed green line: the goal \"{goal}\" (target {target}).",
                                    "绿色虚线：目标“{goal}”（目标值 {target}）。"),
    "periods_page.control.target_segment": (
        "Dashed green line: the goal \"{goal}\" (target {target}), which is set for {segment} only.",
        "绿色虚线：目标“{goal}”（目标值 {target}），该目标只针对 {segment}。"),
    # --- Goals page ---------------------------------------------------------------------------
    "goals_page.intro": ("Each goal with where it stands now, where the trend leads by the deadline, and what it "
                         "takes to get there.",
                         "每个目标的当前进展、按趋势到截止日期的预测，以及达成目标还需要做什么。"),
    "goals_page.asof": ("Evaluated on the data up to {asof}.", "基于截至 {asof} 的数据评估。"),
    "goals_page.empty_header": ("No goals yet", "尚无目标"),
    "goals_page.empty": (
        "A goal names a metric, where it stands (the baseline), where it should be (the target) and by when "
        "(the deadline), read per period: \"quarterly CSAT from 75 % to 85 %\" is judged on each quarter's share "
        "of satisfied ratings, with its n. For each goal this page shows the period it reads, the progress from "
        "baseline to target, where the trend leads by the deadline with its prediction interval, and what it "
        "takes to get there.",
        "目标包括一个指标、它的现状（基线）、应达到的水平（目标值）和期限（截止日期），并按周期评估：“季度满意度从 75% "
        "提升到 85%”按每个季度的满意评价占比及其样本数来判断。本页为每个目标显示所评估的周期、从基线到目标的进度、"
        "按趋势到截止日期的预测及其预测区间，以及达成目标还需要做什么。"),
    "goals_page.examples": (
        "Or start from three example goals (quarterly CSAT 75 → 85 %, online average first response 15 → 8 min in "
        "30 days, complaint resolution 80 → 95 %), placed around the data's last day ({anchor}); edit or delete "
        "them afterwards.",
        "也可以从三个示例目标开始（季度满意度 75% → 85%、在线平均首次响应 30 天内 15 → 8 分钟、投诉解决率 80% → 95%），"
        "按数据的最后一天（{anchor}）设定日期；之后可编辑或删除。"),
    "goals_page.examples_sample": (
        "The sample data comes with the three goals of its review: quarterly CSAT 75 → 85 %, online average first "
        "response 15 → 8 min in 30 days and complaint resolution 80 → 95 %, placed around its last day ({anchor}). "
        "Add them to see the page at work; edit or delete them afterwards.",
        "示例数据附带其复盘中的三个目标：季度满意度 75% → 85%、在线平均首次响应 30 天内 15 → 8 分钟、投诉解决率 "
        "80% → 95%，按数据的最后一天（{anchor}）设定日期。添加后即可查看本页的效果，之后可编辑或删除。"),
    "goals_page.add_examples": ("Add the example goals", "添加示例目标"),
    "goals_page.examples_added": ("The three example goals were added; edit or delete them below.",
                                  "已添加三个示例目标，可在下方编辑或删除。"),
    "goals_page.memory": ("Goals are kept in memory for this session only until the store can be opened.",
                          "在能打开存储文件之前，目标只保存在本次会话的内存中。"),
    "goals_page.none": ("You can also create a goal of your own below.", "也可以在下方创建自己的目标。"),
    "goals_page.overview_header": ("All goals at a glance", "目标总览"),
    "goals_page.col.goal": ("Goal", "目标"),
    "goals_page.col.metric": ("Metric", "指标"),
    "goals_page.col.status": ("Status", "状态"),
    "goals_page.col.baseline": ("Baseline", "基线"),
    "goals_page.col.current": ("Current", "当前"),
    "goals_page.col.target": ("Target", "目标值"),
    "goals_page.col.progress": ("Progress", "进度"),
    "goals_page.col.projected": ("Projected at deadline", "截止日预测"),
    "goals_page.col.projected_low": ("Projection 95 % low", "预测 95% 下限"),
    "goals_page.col.projected_high": ("Projection 95 % high", "预测 95% 上限"),
    "goals_page.col.deadline": ("Deadline", "截止日期"),
    "goals_page.col.segment": ("Segment", "细分"),
    "goals_page.col.unit": ("Unit", "单位"),
    "goals_page.status.none": ("No status", "无状态"),
    "goals_page.all": ("all data", "全部数据"),
    "goals_page.current": ("Current ({period})", "当前（{period}）"),
    "goals_page.progress_caption": ("Progress {progress} in {period} (n = {n}) from baseline {baseline} to target {target}.",
                                    "{period} 的进度 {progress}（样本数 {n}），基线 {baseline} → 目标 {target}。"),
    "goals_page.window": ("{start} → {deadline} · read per {grain} · {segment}",
                          "{start} → {deadline} · 按{grain}评估 · {segment}"),
    "goals_page.projection": ("Trend projection at {deadline}: {projected} (95 % prediction interval {low} – {high}).",
                              "按趋势预测 {deadline} 的值：{projected}（95% 预测区间 {low} – {high}）。"),
    "goals_page.basis.projection": ("Status from the projection of the deadline period: on track if the projected "
                                    "value meets the target, off track if even the favourable end of its 95 % "
                                    "prediction interval misses it, at risk in between.",
                                    "状态依据截止周期的趋势预测：预测值达标为按计划推进；连 95% 预测区间的有利一端都达不到为偏离目标；介于两者之间为有风险。"),
    "goals_page.basis.pace": ("Status from the pace: no trend projection, so the progress of the latest complete "
                              "period is compared with the share of the time elapsed ({elapsed}).",
                              "状态依据进度：无法做趋势预测，因此将最近一个完整周期的进度与已过时间占比（{elapsed}）比较。"),
    "goals_page.basis.deadline_passed": ("The deadline has passed: the status says whether the deadline period's "
                                         "value meets the target (for a hold-the-line goal, whether its 95 % interval "
                                         "reaches it); with fewer than {min_n} observations in it, there is not enough "
                                         "data for a verdict.",
                                         "截止日期已过：状态表示截止周期的数值是否达到目标（保持型目标看其 95% 区间是否触及目标值）；"
                                         "该周期观测少于 {min_n} 个时，数据不足以作出判断。"),
    "goals_page.gap.more": (
        "For {period} to reach {target}, the about {expected_n} {obs} still expected in it need about {needed} more "
        "{what} than the latest rate ({rate}) gives.",
        "要使 {period} 达到 {target}，其中预计还有的约 {expected_n} 条{obs}需要比按最新比率（{rate}）多出约 {needed} 条{what}。"),
    "goals_page.gap.fewer": (
        "For {period} to get down to {target}, the about {expected_n} {obs} still expected in it need about {needed} "
        "fewer {what} than the latest rate ({rate}) gives.",
        "要使 {period} 降到 {target}，其中预计还有的约 {expected_n} 条{obs}需要比按最新比率（{rate}）少约 {needed} 条{what}。"),
    "goals_page.gap.per_period": (
        "To reach {target} by {deadline}, the metric must move by {change} per {grain} from now on.",
        "要在 {deadline} 前达到 {target}，从现在起该指标每{grain}需变化 {change}。"),
    "goals_page.gap.met": ("At the latest value ({rate}) {period} meets the target; keep it there until {deadline}.",
                           "按最新数值（{rate}），{period} 可达到目标；请保持到 {deadline}。"),
    "goals_page.obs.responses": ("responses", "评价"),
    "goals_page.obs.tickets": ("tickets", "工单"),
    "goals_page.obs.complaint_resolution_pct": ("complaints", "投诉"),
    "goals_page.what.csat_pct": ("satisfied ratings", "满意评价"),
    "goals_page.what.fcr_pct": ("first-contact resolutions", "一次性解决的工单"),
    "goals_page.what.complaint_rate_pct": ("complaints", "投诉"),
    "goals_page.what.repeat_contact_pct": ("repeat contacts", "重复咨询"),
    "goals_page.what.reopen_pct": ("reopened tickets", "重开工单"),
    "goals_page.what.complaint_resolution_pct": ("resolved complaints", "已解决的投诉"),
    "goals_page.problem": ("This goal cannot be evaluated on the (filtered) data: {problem}.",
                           "无法在（筛选后的）数据上评估此目标：{problem}。"),
    "goals_page.how": (
        "The goal is read per {grain}: each {grain} of the window (clipped to its dates) is one value with its n. "
        "Current = the latest complete {grain} with at least {min_n} observations; after the deadline, the "
        "deadline period ({deadline_period}). The {grain} still running is shown but never judged. Progress = "
        "(current − baseline) / (target − baseline). Projection = what is already observed in {deadline_period} "
        "pooled with a trend's prediction for the rest of it: the trend runs over the periods since the start, "
        "weighted by their n (a binomial GLM for shares, least squares weighted by n for times and means), and its "
        "95 % prediction interval includes the sampling noise of the observations still expected. Gap planner: "
        "the observations expected until the deadline at the rate seen since the start. Evaluated on data up to "
        "{asof}. Filters: {filters}.",
        "目标按{grain}评估：时间窗内每个{grain}（按目标日期截取）是一个带样本数的数值。当前值 = 观测数不少于 {min_n} 的最近一个完整{grain}；"
        "截止日期之后为截止周期（{deadline_period}）。尚未结束的{grain}只显示、不作判断。进度 =（当前 − 基线）/（目标 − 基线）。"
        "预测 = {deadline_period} 中已观测到的部分，加上趋势对其余部分的预测：趋势按自开始以来的各周期拟合并按样本数加权"
        "（比例用二项 GLM，时长和均值用按样本数加权的最小二乘），其 95% 预测区间包含预计尚未发生的观测的抽样误差。"
        "差距规划：按开始以来的速度估计到截止日的预计观测数。基于截至 {asof} 的数据。筛选：{filters}。"),
    "goals_page.bullet_title": ("Progress from baseline (0) to target (1)", "从基线 (0) 到目标 (1) 的进度"),
    "goals_page.how_bullet": (
        "Each bar is the goal's progress = (current − baseline) / (target − baseline): 0 at the baseline, 1 (the "
        "black tick) at the target, below 0 when the metric moved the wrong way. Colour = status. No bar: not "
        "enough data, or a hold-the-line goal (target = baseline).",
        "每个条形表示目标进度 =（当前 − 基线）/（目标 − 基线）：基线处为 0，目标处（黑色刻度）为 1，指标朝反方向变化时小于 0。"
        "颜色表示状态。没有条形：数据不足，或为保持型目标（目标值 = 基线）。"),
    # form
    "goals_page.manage_header": ("Create, edit or delete goals", "创建、编辑或删除目标"),
    "goals_page.pick": ("Goal", "目标"),
    "goals_page.new": ("New goal …", "新建目标 …"),
    "goals_page.f.name": ("Name", "名称"),
    "goals_page.f.metric": ("Metric", "指标"),
    "goals_page.f.direction": ("Direction", "方向"),
    "goals_page.f.direction.increase": ("Increase", "提升"),
    "goals_page.f.direction.decrease": ("Decrease", "降低"),
    "goals_page.f.baseline_mode": ("Baseline", "基线"),
    "goals_page.f.baseline_mode.typed": ("Type a value", "手动输入"),
    "goals_page.f.baseline_mode.period": ("Compute from a baseline period", "由基线周期计算"),
    "goals_page.f.baseline": ("Baseline value", "基线值"),
    "goals_page.f.baseline_period": ("Baseline period", "基线周期"),
    "goals_page.f.target": ("Target", "目标值"),
    "goals_page.f.start": ("Start", "开始日期"),
    "goals_page.f.deadline": ("Deadline", "截止日期"),
    "goals_page.f.grain": ("Review per", "复盘周期"),
    "goals_page.f.segment_column": ("Only for (optional)", "仅针对（可选）"),
    "goals_page.f.segment_value": ("equal to", "等于"),
    "goals_page.f.segment_none": ("all tickets", "全部工单"),
    "goals_page.f.save": ("Save goal", "保存目标"),
    "goals_page.f.delete": ("Delete this goal", "删除此目标"),
    "goals_page.saved": ("Goal \"{name}\" saved.", "目标“{name}”已保存。"),
    "goals_page.deleted": ("Goal \"{name}\" deleted.", "目标“{name}”已删除。"),
    "goals_page.invalid": ("The goal cannot be saved: {message}", "无法保存目标：{message}"),
    "goals_page.gone_option": ("{name} (deleted by someone else)", "{name}（已被他人删除）"),
    "goals_page.gone": ("\"{name}\" was deleted by someone else while its form was open here. Your edits are "
                        "still in the form: Save goal creates it again as a new goal; pick another goal to drop them.",
                        "在此处编辑期间，目标“{name}”已被他人删除。您的修改仍保留在表单中：点击“保存目标”会将其重新创建为新目标；"
                        "选择其他目标则放弃这些修改。"),
    "goals_page.conflict.save": ("Not saved: someone else saved \"{name}\" after you opened it. Their values are "
                                 "kept; the differences are below. Take their values, or save yours over them.",
                                 "未保存：您打开目标“{name}”后，他人已保存了新的版本。已保留对方的值，差异如下。"
                                 "可以采用对方的值，或用您的值覆盖。"),
    "goals_page.conflict.delete": ("Not deleted: someone else saved \"{name}\" after you opened it. The differences "
                                   "are below; take their values to see the goal as it is now, then decide.",
                                   "未删除：您打开目标“{name}”后，他人已保存了新的版本。差异如下；请先采用对方的值查看"
                                   "目标现状，再决定是否删除。"),
    "goals_page.conflict.take": ("Take their values", "采用对方的值"),
    "goals_page.conflict.overwrite": ("Save mine over theirs", "用我的值覆盖"),
    "goals_page.conflict.field": ("Field", "字段"),
    "goals_page.conflict.theirs": ("Saved by someone else (version {version})", "他人保存的值（第 {version} 版）"),
    "goals_page.conflict.mine": ("Yours (not saved)", "您的值（未保存）"),
    "goals_page.conflict.baseline_start": ("Baseline period start", "基线周期开始"),
    "goals_page.conflict.baseline_end": ("Baseline period end", "基线周期结束"),
    "goals_page.write_failed": ("The goal could not be written to the store: {message}", "无法将目标写入存储：{message}"),
}
