"""Strings of the Period comparison and Goals pages: grains, tests, statuses, chart titles, the gap
planner's sentences."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # grains (analysis/periods.GRAINS)
    "periods.grain.day": ("Day", "日"),
    "periods.grain.week": ("ISO week", "周(ISO)"),
    "periods.grain.month": ("Month", "月"),
    "periods.grain.quarter": ("Quarter", "季度"),
    "periods.grain.year": ("Year", "年"),
    # table and chart labels
    "periods.col.period": ("Period", "周期"),
    "periods.col.value": ("Value", "数值"),
    "periods.col.n": ("n", "样本数"),
    "periods.col.ci": ("95 % interval", "95% 置信区间"),
    "periods.col.partial": ("Partial period", "不完整周期"),
    "periods.partial_note": ("Partial: the data cover only part of this period.",
                             "不完整：数据只覆盖了该周期的一部分。"),
    "periods.against.previous": ("vs previous period", "环比"),
    "periods.against.last_year": ("vs same period last year", "同比"),
    "periods.change": ("Change", "变化"),
    "periods.p_value": ("p-value", "p 值"),
    "periods.p_holm": ("p (Holm-adjusted)", "p 值（Holm 校正）"),
    "periods.effect_size": ("Effect size", "效应量"),
    "periods.too_small": ("Too small to say", "样本太少，无法判断"),
    # tests and effect sizes (analysis/compare.py)
    "periods.test.two_proportion_z": ("Two-proportion z-test", "两比例 z 检验"),
    "periods.test.mann_whitney": ("Mann–Whitney U test", "Mann–Whitney U 检验"),
    "periods.test.welch_t": ("Welch's t-test", "Welch t 检验"),
    "periods.test.chi_square": ("Chi-square test", "卡方检验"),
    "periods.test.poisson_rate": ("Poisson rate test", "泊松率检验"),
    "periods.effect.cohens_h": ("Cohen's h", "Cohen's h"),
    "periods.effect.rank_biserial": ("Rank-biserial r", "秩二列相关 r"),
    "periods.effect.cohens_d": ("Cohen's d", "Cohen's d"),
    "periods.effect.cramers_v": ("Cramér's V", "Cramér's V"),
    "periods.effect.rate_ratio": ("Rate ratio", "率比"),
    # mix decomposition (analysis/mix.py)
    "periods.mix.title": ("Mix-adjusted change", "结构调整后的变化"),
    "periods.mix.total": ("Total change", "总变化"),
    "periods.mix.mix_effect": ("Due to a different mix", "结构（构成）变化的影响"),
    "periods.mix.rate_effect": ("Due to service within segments", "各细分内服务水平变化的影响"),
    # control charts (analysis/control.py)
    "periods.control.p_title": ("p-chart", "p 控制图"),
    "periods.control.xmr_title": ("XmR chart", "XmR 控制图"),
    "periods.control.center": ("Centre line", "中心线"),
    "periods.control.limits": ("Control limits", "控制限"),
    "periods.control.out": ("Outside the limits", "超出控制限"),
    "periods.target": ("Target", "目标"),
    # goals (analysis/goals.py)
    "periods.goal.status.on_track": ("On track", "按计划推进"),
    "periods.goal.status.at_risk": ("At risk", "有风险"),
    "periods.goal.status.off_track": ("Off track", "偏离目标"),
    "periods.goal.baseline": ("Baseline", "基线"),
    "periods.goal.current": ("Current", "当前"),
    "periods.goal.progress": ("Progress", "进度"),
    "periods.goal.projection": ("Trend projection", "趋势预测"),
    "periods.goal.projection_interval": ("95 % prediction interval", "95% 预测区间"),
    "periods.goal.deadline": ("Deadline", "截止日期"),
    "periods.goal.gap_proportion": (
        "To reach {target} by {deadline} with about {expected_n} expected responses, about {needed} more "
        "satisfied ratings are needed than the current rate gives.",
        "要在 {deadline} 前达到 {target}，预计约有 {expected_n} 条评价，需要比按当前比率多出约 {needed} 条满意评价。"),
    "periods.goal.gap_per_period": (
        "To reach {target} by {deadline}, the metric must change by {change} per {grain}.",
        "要在 {deadline} 前达到 {target}，该指标每{grain}需变化 {change}。"),
    "periods.goal.default.csat_quarterly": ("Quarterly CSAT 75 → 85 %", "季度满意度 75% → 85%"),
    "periods.goal.default.online_frt_30d": ("Online average first response 15 → 8 min in 30 days",
                                            "在线平均首次响应 30 天内 15 → 8 分钟"),
    "periods.goal.default.complaint_resolution": ("Complaint resolution 80 → 95 %", "投诉解决率 80% → 95%"),
    "periods.store.error": ("The saved data cannot be opened: {message}", "无法打开已保存的数据：{message}"),
}
