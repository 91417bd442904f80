"""Strings of the report (analysis/report.py, its exports), the Report page, the notebook and
workshop mode."""

STRINGS = {
    # --- the report document -------------------------------------------------------------------
    "report.title": ("Customer-service review", "客服复盘报告"),
    "report.generated": ("Generated {when} from {name}", "生成于 {when}，数据：{name}"),
    "report.filters": ("Filters in force", "当前筛选条件"),
    "report.no_filters": ("No filters: all rows.", "无筛选：全部数据。"),
    "report.filter.from": ("From", "起始日期"),
    "report.filter.to": ("To", "截止日期"),
    "report.contents": ("Contents", "目录"),
    "report.how_to_read": ("How to read this", "怎么看"),
    "report.problem": ("Not available: {why}", "无法计算：{why}"),
    "report.interactive_note": ("Charts are interactive: hover for values.", "图表可交互：悬停查看数值。"),
    "report.section.overview": ("Where we stand: the headline figures", "现状：核心指标"),
    "report.section.goals": ("Where we stand against our goals", "目标达成情况"),
    "report.section.drivers": ("What drives satisfaction", "满意度驱动因素"),
    "report.section.complaints": ("Where complaints come from", "投诉从哪里来"),
    "report.section.periods": ("Are we improving, and is it real?", "我们在进步吗？是真的吗？"),
    "report.section.whatif": ("What if", "假如……会怎样"),
    "report.table.kpis": ("KPIs", "核心指标"),
    "report.table.trend": ("Volume and CSAT per period", "各期工单量与满意度"),
    "report.table.channels": ("By channel", "按渠道"),
    "report.table.sla": ("SLA compliance", "SLA 达成率"),
    "report.table.agents": ("Agents", "坐席"),
    "report.table.goals": ("Goals", "目标"),
    "report.table.correlations": ("Correlations", "相关系数"),
    "report.table.importance": ("Relative importance", "相对重要性"),
    "report.table.pareto": ("Pareto of causes", "原因帕累托"),
    "report.table.periods": ("CSAT % per month", "各月满意度"),
    "report.table.comparisons": ("Comparisons", "对比检验"),
    "report.table.whatif": ("Scenario", "情景"),
    "report.table.whatif_goals": ("What the scenario means for each goal", "情景对各目标的影响"),
    "report.table.coefficients": ("Model slopes", "模型斜率"),
    "report.sheet.overview": ("KPIs", "核心指标"),
    "report.sheet.goals": ("Goals", "目标"),
    "report.sheet.drivers": ("Drivers", "驱动因素"),
    "report.sheet.complaints": ("Complaints", "投诉"),
    "report.sheet.periods": ("Trend", "趋势"),
    "report.sheet.whatif": ("What-if", "假设分析"),
    "report.sheet.summary": ("Summary", "摘要"),
    "report.sheet.quality": ("Data quality", "数据质量"),
    "report.sheet.definitions": ("Definitions", "指标定义"),
    "report.sheet.filters": ("Filters", "筛选条件"),
    "report.sheet.notebook": ("Notebook", "分析笔记"),
    "report.col.metric": ("Metric", "指标"),
    "report.col.key": ("Key", "代码"),
    "report.col.value": ("Value", "数值"),
    "report.col.unit": ("Unit", "单位"),
    "report.col.definition": ("Definition", "定义"),
    "report.col.n": ("n used", "样本数"),
    "report.col.excluded": ("Rows left out (reason: rows)", "未计入行数（原因：行数）"),
    "report.col.filter": ("Filter", "筛选"),
    "report.col.note": ("Note", "备注"),
    "report.col.title": ("Title", "标题"),
    "report.col.kind": ("Kind", "类型"),
    "report.no_quality_issues": ("No quality issues found.", "未发现数据质量问题。"),
    # narrative sentences: keys + numbers
    "report.sent.volume": ("{tickets:,} tickets and {responses:,} survey responses are in this report.",
                           "本报告包含 {tickets:,} 张工单和 {responses:,} 份满意度问卷。"),
    "report.sent.csat": ("CSAT is {value:.1f} % satisfied (n = {n:,}).", "满意度为 {value:.1f}%（样本 {n:,}）。"),
    "report.sent.frt": ("First response (Kaplan–Meier, {censored:,} open tickets not yet answered counted as still "
                        "waiting): median {median}, P90 {p90}; answered tickets only: median {median_solved:.1f} min, "
                        "P90 {p90_solved:.1f} min (mean {mean:.1f}; n = {n:,}).",
                        "首次响应时长（Kaplan–Meier，{censored:,} 张尚未响应的未结工单按仍在等待计入）：中位数 {median}，"
                        "P90 {p90}；仅统计已响应工单：中位数 {median_solved:.1f} 分钟，P90 {p90_solved:.1f} 分钟"
                        "（均值 {mean:.1f}；样本 {n:,}）。"),
    "report.sent.resolution": ("Resolution (Kaplan–Meier, {censored:,} open tickets counted as still waiting): median "
                               "{median}, P90 {p90}; resolved tickets only: median {median_solved:.1f} h, P90 "
                               "{p90_solved:.1f} h (n = {n:,}).",
                               "解决时长（Kaplan–Meier，{censored:,} 张未解决工单按仍在等待计入）：中位数 {median}，"
                               "P90 {p90}；仅统计已解决工单：中位数 {median_solved:.1f} 小时，P90 {p90_solved:.1f} 小时"
                               "（样本 {n:,}）。"),
    "report.sent.goal_none": ("{goal}: no value yet ({why}).", "{goal}：暂无数值（{why}）。"),
    "report.status.on_track": ("on track", "进度正常"),
    "report.status.at_risk": ("at risk", "有风险"),
    "report.status.off_track": ("off track", "落后"),
    "report.status.none": ("not assessed", "未评估"),
    "report.sent.top_driver": ("{driver} accounts for the largest part of the explained variation: "
                               "{share:.0%} of R² = {r2:.2f} (n = {n:,}).",
                               "{driver} 对满意度的解释力最大：占 R² = {r2:.2f} 的 {share:.0%}（样本 {n:,}）。"),
    "report.sent.correlation": ("{driver}: r = {r:.2f} (95 % interval {low:.2f} to {high:.2f}, n = {n:,}).",
                                "{driver}：r = {r:.2f}（95% 区间 {low:.2f} 至 {high:.2f}，样本 {n:,}）。"),
    "report.sent.pareto": ("{vital} of {causes} causes make {share:.0%} of {what} (n = {n:,}).",
                           "{causes} 个原因中的 {vital} 个占{what}的 {share:.0%}（样本 {n:,}）。"),
    "report.what.complaints": ("complaints", "投诉"),
    "report.what.tickets": ("tickets", "工单"),
    "report.sent.period_change": ("{current}: CSAT {now:.1f} % (n {n_now:,}) against {previous:.1f} % in {before} "
                                  "(n {n_before:,}): {change:+.1f} points, 95 % interval {lo:+.1f} to {hi:+.1f}, "
                                  "{p} — {verdict}.",
                                  "{current}：满意度 {now:.1f}%（样本 {n_now:,}），{before} 为 {previous:.1f}%"
                                  "（样本 {n_before:,}）：变化 {change:+.1f} 个百分点，95% 区间 {lo:+.1f} 至 {hi:+.1f}，"
                                  "{p}——{verdict}。"),
    "report.verdict.too_few": ("too few responses to say whether it is real", "样本太少，无法判断是否真实"),
    "report.verdict.real": ("a change unlikely to be chance", "这一变化不太可能是偶然"),
    "report.verdict.noise": ("within what chance alone would produce", "在偶然波动范围之内"),
    "report.sent.period_none": ("Fewer than two months with CSAT responses: no comparison.",
                                "有满意度数据的月份不足两个，无法比较。"),
    "report.sent.whatif": ("If {scenario}, the model predicts CSAT {now:.1f} % → {scenario_value:.1f} % "
                           "(95 % interval {low:.1f}–{high:.1f} %; n = {n:,}).",
                           "如果{scenario}，模型预测满意度由 {now:.1f}% 变为 {scenario_value:.1f}%"
                           "（95% 区间 {low:.1f}–{high:.1f}%；样本 {n:,}）。"),
    "report.sent.whatif_mean": ("If {scenario}, the mean score moves {now:.2f} → {scenario_value:.2f} "
                                "(95 % interval {low:.2f}–{high:.2f}; n = {n:,}).",
                                "如果{scenario}，平均分由 {now:.2f} 变为 {scenario_value:.2f}"
                                "（95% 区间 {low:.2f}–{high:.2f}；样本 {n:,}）。"),
    "report.shift.add": ("{driver} {change:+g} points", "{driver} 提高 {change:+g} 分"),
    "report.shift.relative": ("{driver} {change:+.0%}", "{driver} 变化 {change:+.0%}"),
    "report.verdict.would_meet": ("would meet the target", "可达成目标"),
    "report.verdict.uncertain": ("might meet the target", "可能达成目标"),
    "report.verdict.would_miss": ("would still miss the target", "仍无法达成目标"),
    "report.verdict.not_modelled": ("not moved by this scenario", "不受此情景影响"),
    # plain-language explainers (workshop mode and the report)
    "report.explain.overview": (
        "Times are skewed: a few very long tickets pull the average up. The **median** is the "
        "typical ticket (half are faster), the **P90** the time nine in ten tickets beat — together "
        "they say more than the mean. CSAT % is the share of answers in the top two boxes.",
        "时长是偏态分布：少数特别长的工单会拉高平均值。**中位数**代表典型工单（一半更快），"
        "**P90** 是九成工单都能达到的时长——两者比平均值更能说明问题。满意度是选择最高两档的比例。"),
    "report.explain.goals": (
        "Each goal is read at its own grain: a quarterly goal by the quarter's value, with its n. The bar "
        "shows how far we have come from the baseline (0) to the target (1); the colour is the verdict: met or "
        "missed once the deadline has passed, otherwise whether the trend, projected to the deadline period with "
        "its prediction interval, gets there. A period with fewer than {min_n} observations gives no verdict.",
        "每个目标按自身的周期评估：季度目标看整个季度的数值及其样本数。条形表示从基线（0）到目标值（1）已完成的进度；"
        "颜色即结论：截止日期已过时为达成或未达成，否则为按趋势（含预测区间）推到截止周期时能否达成。观测少于 {min_n} 个的周期不作判断。"),
    "report.explain.drivers": (
        "A correlation near +1 means customers who rate a driver higher also rate the service higher. "
        "The whisker is the 95 % interval: where the true value probably lies — a short whisker "
        "means a firm finding. Relative importance splits the explained variation (R²) between "
        "drivers so that drivers moving together are not counted twice.",
        "相关系数接近 +1 表示某项评分越高，整体满意度也越高。横线是 95% 区间：真实值大概率落在其中，"
        "横线越短，结论越可靠。相对重要性把模型解释的变异（R²）分配给各驱动因素，"
        "彼此相关的因素不会被重复计算。"),
    "report.explain.complaints": (
        "A Pareto chart sorts causes from the largest down. The line adds them up: where it crosses "
        "the dashed 80 % line, the causes to its left are the vital few — fix those first.",
        "帕累托图把原因从大到小排列。折线是累计占比：折线越过 80% 虚线之前的原因就是"
        "“关键少数”——优先解决它们。"),
    "report.explain.periods": (
        "Every month wobbles by chance. The shaded band is each month's 95 % interval; the test "
        "asks whether the latest change is bigger than chance would produce (p below 0.05 = "
        "probably real).",
        "每个月的数值都会随机波动。阴影带是各月的 95% 区间；检验回答最近的变化是否超出随机波动"
        "（p 小于 0.05 表示变化大概率是真实的）。"),
    "report.explain.whatif": (
        "The model links each driver to satisfaction on today's data. Moving a driver shows what "
        "the data predict, with an interval for the uncertainty. It assumes the relation stays "
        "the same — an estimate to discuss, not a promise.",
        "模型基于现有数据把各驱动因素与满意度联系起来。调整某个因素即可看到数据所预测的结果，"
        "区间表示不确定性。前提是这种关系保持不变——这是讨论用的估计，不是承诺。"),
    "report.case.now": ("now", "现在"),
    "report.case.scenario": ("scenario", "情景"),
    "report.driver.frt_min": ("First response time", "首次响应时长"),
    "report.driver.resolution_h": ("Resolution time", "解决时长"),
    # --- the Report page -----------------------------------------------------------------------
    "report.page.title": ("Report", "报告"),
    "report.page.intro": ("Take the analysis to a meeting: the notebook of pinned findings, the full report "
                          "as Excel or HTML, and workshop mode.",
                          "把分析带到会议上：钉选的分析笔记、完整报告（Excel 或 HTML）以及研讨模式。"),
    "report.tab.notebook": ("Notebook", "分析笔记"),
    "report.tab.full": ("Full report", "完整报告"),
    "report.tab.workshop": ("Workshop mode", "研讨模式"),
    "report.build": ("Build the full report", "生成完整报告"),
    "report.download_xlsx": ("Download Excel workbook", "下载 Excel 工作簿"),
    "report.download_html": ("Download HTML report", "下载 HTML 报告"),
    "report.download_png": ("PNG", "PNG"),
    "report.download_svg": ("SVG", "SVG"),
    "report.notebook_xlsx": ("Download the notebook as Excel", "下载分析笔记（Excel）"),
    "report.notebook_html": ("Download the notebook as HTML", "下载分析笔记（HTML）"),
    "report.how.full": ("The report runs each analysis on the filtered data: {tickets:,} tickets, {responses:,} "
                        "responses. Bootstrap intervals use {boot} resamples. Rows left out are listed "
                        "per figure in the Excel workbook.",
                        "报告在筛选后的数据上运行每项分析：{tickets:,} 张工单、{responses:,} 份问卷。"
                        "自助法区间使用 {boot} 次重抽样。各指标未计入的行数见 Excel 工作簿。"),
    "report.anonymise": ("Anonymise agent names", "隐藏坐席姓名"),
    "report.step": ("Step {i} of {n}", "第 {i} 步，共 {n} 步"),
    "report.previous": ("← Previous", "← 上一步"),
    "report.next": ("Next →", "下一步 →"),
    "report.whatif.driver": ("Driver to move", "要调整的因素"),
    "report.whatif.change_add": ("Change in points", "变化（分）"),
    "report.whatif.change_relative": ("Change in %", "变化（%）"),
    "report.whatif.predicted": ("Predicted CSAT %", "预测满意度"),
    "report.whatif.predicted_mean": ("Predicted mean score", "预测平均分"),
    "report.whatif.no_model": ("No what-if: {why}", "无法进行假设分析：{why}"),
    "report.missing.survey": ("This step needs satisfaction scores (a CSAT column or a survey file).",
                              "此步骤需要满意度评分（CSAT 列或问卷文件）。"),
    # --- the notebook --------------------------------------------------------------------------
    "notebook.pin": ("Pin to notebook", "钉选到笔记"),
    "notebook.note": ("Note for the notebook", "笔记备注"),
    "notebook.pinned": ("Pinned to the notebook.", "已钉选到分析笔记。"),
    "notebook.empty": ("The notebook is empty. Use “Pin to notebook” under any chart or table to collect findings here.",
                       "分析笔记为空。在任一图表或表格下点击“钉选到笔记”即可收集到这里。"),
    "notebook.up": ("↑", "↑"),
    "notebook.down": ("↓", "↓"),
    "notebook.remove": ("Remove", "移除"),
    "notebook.filters": ("Filters: {filters}", "筛选：{filters}"),
    "notebook.count": ("{n} items in the notebook", "分析笔记共 {n} 项"),
}
