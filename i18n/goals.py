"""Strings of goals judged at their own grain (issue 15): the verdict statuses, the verdict and
projection sentences of the Goals page and the report's goals section, the chart labels. The
Goals page's other strings are in i18n/periods_page.py (goals_page.*), the first statuses and
the default goal names in i18n/periods.py (periods.goal.*)."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # statuses (analysis.goals.STATUSES) beside on_track / at_risk / off_track
    "periods.goal.status.met": ("Met", "已达成"),
    "periods.goal.status.missed": ("Missed", "未达成"),
    "periods.goal.status.not_enough_data": ("Not enough data", "数据不足"),
    "report.status.met": ("met", "已达成"),
    "report.status.missed": ("missed", "未达成"),
    "report.status.not_enough_data": ("not enough data", "数据不足"),
    # the Goals page: the verdict and the period behind it
    "goals_page.col.period": ("Period", "周期"),
    "goals_page.col.n": ("n", "样本数"),
    "goals_page.col.deadline_period": ("Deadline period", "截止周期"),
    "goals_page.current_none": ("No complete {grain} yet", "尚无完整的{grain}"),
    "goals_page.verdict": ("**{status}**: {period} {value} (n = {n}) against the target {target}.",
                           "**{status}**：{period} 为 {value}（样本数 {n}），目标 {target}。"),
    "goals_page.verdict.not_enough": (
        "**{status}**: {period} has n = {n}, fewer than the {min_n} observations a verdict needs.",
        "**{status}**：{period} 只有 {n} 个观测，少于作出判断所需的 {min_n} 个。"),
    "goals_page.verdict.projection": (
        "**{status}**: {period} is heading for {projected} (95 % prediction interval {low} – {high}, about {n} "
        "observations in all) against the target {target}.",
        "**{status}**：按趋势 {period} 预计为 {projected}（95% 预测区间 {low} – {high}，预计共约 {n} 个观测），目标 {target}。"),
    "goals_page.verdict.too_few": (
        "**{status}**: no complete {grain} with at least {min_n} observations yet, and no trend to project "
        "({why}).",
        "**{status}**：尚无观测数不少于 {min_n} 的完整{grain}，也无法做趋势预测（{why}）。"),
    "goals_page.partial": ("{period} so far: {value} (n = {n}). The period is still running: shown, not judged.",
                           "{period} 截至目前：{value}（样本数 {n}）。该周期尚未结束：仅供参考，不作为判断依据。"),
    "goals_page.progress_partial": ("Progress {progress} so far in {period} (n = {n}) from baseline {baseline} to "
                                    "target {target}; the period is still running.",
                                    "{period} 截至目前的进度 {progress}（样本数 {n}），基线 {baseline} → 目标 {target}；"
                                    "该周期尚未结束。"),
    "goals_page.hold": (
        "Hold-the-line goal (target = baseline = {target}): it holds while a period's 95 % interval reaches the "
        "target, i.e. the metric is not worse than the target beyond sampling noise.",
        "保持型目标（目标值 = 基线 = {target}）：只要周期的 95% 区间触及目标值（即指标没有在抽样误差之外差于目标），即视为保持住了。"),
    "goals_page.no_projection.periods": ("fewer than {k} {trend} periods with data since the start",
                                         "自开始以来有数据的{trend}周期少于 {k} 个"),
    "goals_page.no_projection.observations": ("fewer than {min_n} observations since the start",
                                              "自开始以来的观测少于 {min_n} 个"),
    "goals_page.no_projection.horizon": ("the deadline lies further ahead than the data since the start reach back",
                                         "截止日期距今比已有数据覆盖的时间还长"),
    "goals_page.no_projection.model": ("the values give no trend to fit", "数据无法拟合趋势"),
    "goals_page.no_projection_line": ("No trend projection: {why}.", "暂无趋势预测：{why}。"),
    "goals_page.no_projection.not_reached": (
        "a period since the start has a {quantile} that is not reached yet (too many of its tickets still open), "
        "and a trend without it would leave out the slowest periods",
        "自开始以来有周期的{quantile}尚未达到（仍未完成的工单过多），去掉它拟合的趋势会漏掉最慢的周期"),
    # Kaplan–Meier times (first response and resolution, median and P90)
    "goals_page.quantile.median": ("median", "中位数"),
    "goals_page.quantile.p90": ("P90", "P90"),
    "goals_page.not_reached": ("not reached", "未达到"),
    "goals_page.verdict.not_reached": (
        "**{status}**: the {quantile} of {period} is not reached: {censored} of its {n} tickets are still open, so "
        "fewer than {share} are known to have finished. A figure that is not reached does not meet the target, "
        "and no verdict is built on it.",
        "**{status}**：{period} 的{quantile}尚未达到：{n} 张工单中有 {censored} 张仍未完成，已知完成的不足{share}。"
        "未达到的数值不算达标，也不据此作出判断。"),
    "goals_page.share.median": ("half", "一半"),
    "goals_page.share.p90": ("nine in ten", "九成"),
    "goals_page.km": (
        "Kaplan–Meier {quantile}, as on the Periods page: open tickets count as still waiting (clock time to the "
        "data's last timestamp), not left out; {period}: {censored} of n = {n} still open.",
        "Kaplan–Meier {quantile}，与周期对比页一致：未完成的工单按仍在等待计入（按自然时间计到数据的最后时间点），不剔除；"
        "{period}：样本数 {n} 中有 {censored} 张仍未完成。"),
    "goals_page.km_no_period": (
        "Kaplan–Meier {quantile}, as on the Periods page: open tickets count as still waiting (clock time to the "
        "data's last timestamp), not left out.",
        "Kaplan–Meier {quantile}，与周期对比页一致：未完成的工单按仍在等待计入（按自然时间计到数据的最后时间点），不剔除。"),
    "goals_page.basis.not_reached": (
        "No verdict: the period the verdict reads has a Kaplan–Meier {quantile} that is not reached (too many of its "
        "tickets are still open); it has no value, so it neither meets nor misses the target yet.",
        "无法判断：作为判断依据的周期，其 Kaplan–Meier {quantile}尚未达到（仍未完成的工单过多）；该周期没有数值，"
        "因此暂时既不算达标也不算未达标。"),
    "goals_page.basis.holding": ("Status of a hold-the-line goal without a projection: on track while the current "
                                 "period holds the target, off track when it is worse beyond sampling noise.",
                                 "无趋势预测时保持型目标的状态：当前周期保持住目标为按计划推进，在抽样误差之外差于目标为偏离目标。"),
    "goals_page.basis.too_few": ("Not enough data for a verdict: a period needs at least {min_n} observations, and "
                                 "a projection at least {k} trend periods.",
                                 "数据不足以作出判断：一个周期至少需要 {min_n} 个观测，趋势预测至少需要 {k} 个趋势周期。"),
    "goals_page.gap.unreachable.increase": (
        "Even if all of the about {expected_n} {obs} still expected in {period} were {what}, {period} would not "
        "reach {target}.",
        "即使 {period} 中预计还有的约 {expected_n} 条{obs}全部是{what}，{period} 也达不到 {target}。"),
    "goals_page.gap.unreachable.decrease": (
        "Even with no {what} among the about {expected_n} {obs} still expected in {period}, {period} would not "
        "get down to {target}.",
        "即使 {period} 中预计还有的约 {expected_n} 条{obs}中不再有{what}，{period} 也降不到 {target}。"),
    "goals_page.f.grain_auto": ("From the dates: {grain}", "按日期自动：{grain}"),
    "goals_page.trend_grain": ("Trend per {grain}: {model}.", "按{grain}拟合趋势：{model}。"),
    "goals_page.model.binomial_glm": ("binomial GLM, logit link", "二项 GLM，logit 连接"),
    "goals_page.model.flat_jeffreys": ("every observation a success so far: flat at the Jeffreys-adjusted rate",
                                       "目前所有观测都达标：按 Jeffreys 校正后的比率水平外推"),
    "goals_page.model.wls_log": ("least squares on the log, weighted by n", "对数尺度上按样本数加权的最小二乘"),
    "goals_page.model.wls": ("least squares weighted by n", "按样本数加权的最小二乘"),
    "goals_page.model.poisson_glm": ("Poisson GLM, log link", "泊松 GLM，对数连接"),
    # chart labels (charts/goals.py)
    "goals_page.chart.progress": ("Progress (baseline 0 → target 1)", "进度（基线 0 → 目标 1）"),
    "goals_page.chart.status": ("Status", "状态"),
    "goals_page.chart.target": ("Target", "目标值"),
    "goals_page.chart.baseline": ("Baseline", "基线"),
    "goals_page.chart.projected": ("Projected", "预测值"),
    "goals_page.chart.period": ("Period", "周期"),
    "goals_page.chart.n": ("n", "样本数"),
    "goals_page.chart.trend": ("Trend", "趋势"),
    "goals_page.chart.value": ("Value", "数值"),
    "goals_page.chart.partial": ("In progress", "进行中"),
    "goals_page.chart.low": ("95 % low", "95% 下限"),
    "goals_page.chart.high": ("95 % high", "95% 上限"),
    "goals_page.chart.unit": ("Unit", "单位"),
    # the report's goals section (and workshop mode)
    "report.sent.goal_verdict": ("{goal}: {status} — {period} {value} (n = {n}) against a target of {target}.",
                                 "{goal}：{status}——{period} 为 {value}（样本数 {n}），目标 {target}。"),
    "report.sent.goal_projection": (
        "{goal}: {status} — {period} is heading for {projected} (95 % prediction interval {low}–{high}) against a "
        "target of {target}.",
        "{goal}：{status}——按趋势 {period} 预计为 {projected}（95% 预测区间 {low}–{high}），目标 {target}。"),
    "report.sent.goal_not_reached": (
        "{goal}: no verdict — the {quantile} of {period} is not reached ({censored} of n = {n} tickets still open).",
        "{goal}：无法判断——{period} 的{quantile}尚未达到（样本数 {n} 中有 {censored} 张工单仍未完成）。"),
    "report.sent.no_goals": ("No goals set: add them on the Goals page (or with `python -m analysis goals add`).",
                             "尚未设定目标：请在“目标”页面添加（或使用 `python -m analysis goals add`）。"),
    "report.sent.goal_not_enough": ("{goal}: not enough data — {period} has n = {n}; a verdict needs {min_n}.",
                                    "{goal}：数据不足——{period} 只有 {n} 个观测，作出判断需要 {min_n} 个。"),
}
