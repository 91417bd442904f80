"""Strings of the control charts (analysis/control.py, charts/control.py) and of the control-chart
section of the Period comparison page."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # chart kinds
    "control.kind.p": ("p chart (binomial limits)", "p 控制图（二项分布控制限）"),
    "control.kind.p_prime": ("Laney p′ chart", "Laney p′ 控制图"),
    "control.kind.xmr": ("XmR chart", "XmR 控制图"),
    "control.kind.choose": ("Chart", "控制图类型"),
    # run rules: full names and the short marks drawn beside a point
    "control.rule.beyond_3sigma": ("1 point beyond 3σ", "1 个点超出 3σ"),
    "control.rule.two_of_three_beyond_2sigma": ("2 of 3 beyond 2σ, same side", "3 个点中 2 个超出 2σ（同侧）"),
    "control.rule.four_of_five_beyond_1sigma": ("4 of 5 beyond 1σ, same side", "5 个点中 4 个超出 1σ（同侧）"),
    "control.rule.run_one_side": ("{k} in a row on one side", "连续 {k} 个点在中心线同侧"),
    "control.rule.trend": ("6 in a row rising or falling", "连续 6 个点上升或下降"),
    "control.rule_short.beyond_3sigma": ("3σ", "3σ"),
    "control.rule_short.two_of_three_beyond_2sigma": ("2/3", "2/3"),
    "control.rule_short.four_of_five_beyond_1sigma": ("4/5", "4/5"),
    "control.rule_short.run_one_side": ("run", "连串"),
    "control.rule_short.trend": ("trend", "趋势"),
    "control.convention.nelson": ("Nelson (1984)", "Nelson（1984）"),
    "control.convention.western_electric": ("Western Electric (1956)", "西方电气（1956）"),
    "control.convention.choose": ("Run rules", "判异规则"),
    # chart fields
    "control.chart.period": ("Period", "周期"),
    "control.chart.value": ("Value", "数值"),
    "control.chart.n": ("n", "样本数"),
    "control.chart.center": ("Centre line", "中心线"),
    "control.chart.lcl": ("Lower limit", "控制下限"),
    "control.chart.ucl": ("Upper limit", "控制上限"),
    "control.chart.rules": ("Rules fired", "触发的规则"),
    "control.chart.none": ("none", "无"),
    # the page
    "control.tab.csat": ("CSAT % (p′ and p charts)", "满意度（p′ 与 p 控制图）"),
    "control.why.over": (
        "Laney's p′ chart is shown by default: with {n_mean:,.0f} ratings a period on average, the p chart's "
        "limits hold only sampling noise, and the periods here vary σ_z = {sigma_z:.2f} times more than that "
        "(over-dispersion). The p chart puts {p_out} of {k} periods outside its limits; p′ widens them by σ_z "
        "and puts {pp_out} outside.",
        "默认显示 Laney p′ 控制图：每个周期平均 {n_mean:,.0f} 条评价，p 控制图的控制限只包含抽样误差，而这里各周期的"
        "实际波动是它的 σ_z = {sigma_z:.2f} 倍（过度离散）。p 控制图有 {k} 个周期中的 {p_out} 个超出控制限；"
        "p′ 控制图把控制限放宽 σ_z 倍，超出的为 {pp_out} 个。"),
    "control.why.under": (
        "Laney's p′ chart is shown by default; here σ_z = {sigma_z:.2f}: the periods vary no more than "
        "sampling noise, so the p′ and p charts agree closely (p chart: {p_out} of {k} periods outside its "
        "limits; p′: {pp_out}).",
        "默认显示 Laney p′ 控制图；此处 σ_z = {sigma_z:.2f}：各周期的波动不超过抽样误差，p′ 与 p 控制图结论相近"
        "（p 控制图：{k} 个周期中 {p_out} 个超出控制限；p′：{pp_out} 个）。"),
    "control.signals": ("Signals (run rules, {convention}): {items}.", "异常信号（判异规则：{convention}）：{items}。"),
    "control.signal_item": ("{period} ({rules})", "{period}（{rules}）"),
    "control.no_signals": (
        "No run rule fires ({convention}): the ups and downs are ordinary noise.",
        "没有触发任何判异规则（{convention}）：起伏属于正常波动。"),
    "control.how": (
        "p chart: centre p̄ = all satisfied ratings / all ratings ({center}); limits p̄ ± 3·σᵢ with "
        "σᵢ = √(p̄(1−p̄)/nᵢ) for each period's own nᵢ. Laney's p′ chart (Laney 2002): zᵢ = (pᵢ − p̄)/σᵢ, "
        "σ_z = mean |zᵢ − zᵢ₋₁| / 1.128 ({sigma_z}); limits p̄ ± 3·σᵢ·σ_z, so they hold the variation the "
        "periods really show. XmR chart: centre = mean of the period medians ({center_x}); limits = centre ± "
        "2.66 × the average moving range. Run rules ({convention}), read in each chart's own sigma: "
        "1 point beyond 3σ; 2 of 3 beyond 2σ on one side; 4 of 5 beyond 1σ on one side; {run} in a row on one "
        "side of the centre; 6 in a row rising or falling. Each rule is named at the point that completes the "
        "pattern and at the points that continue it. Periods: {periods}.",
        "p 控制图：中心线 p̄ = 全部满意评价 / 全部评价（{center}）；控制限 p̄ ± 3·σᵢ，σᵢ = √(p̄(1−p̄)/nᵢ)，nᵢ 为各周期"
        "自己的样本数。Laney p′ 控制图（Laney 2002）：zᵢ = (pᵢ − p̄)/σᵢ，σ_z = |zᵢ − zᵢ₋₁| 的均值 / 1.128（{sigma_z}）；"
        "控制限 p̄ ± 3·σᵢ·σ_z，包含各周期实际的波动。XmR 图：中心线 = 各周期中位数的均值（{center_x}）；控制限 = "
        "中心线 ± 2.66 × 平均移动极差。判异规则（{convention}），按各图自己的 σ 判断：1 个点超出 3σ；3 个点中 2 个"
        "超出 2σ（同侧）；5 个点中 4 个超出 1σ（同侧）；连续 {run} 个点在中心线同侧；连续 6 个点上升或下降。规则标注"
        "在完成该模式的点及其后延续该模式的点上。周期数：{periods}。"),
}
