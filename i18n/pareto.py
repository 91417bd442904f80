"""Strings of the Root causes (Pareto) page: theme and fishbone labels, chart titles, notes."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # default keyword themes (analysis/themes.py): labels of the theme keys
    "pareto.theme.logistics": ("Logistics transparency", "物流透明度"),
    "pareto.theme.refunds": ("Returns and refunds", "退换货与退款"),
    "pareto.theme.transfers": ("Transfers between departments", "部门间转接"),
    "pareto.theme.promotion": ("Promotion rules", "优惠活动规则"),
    "pareto.theme.canned_scripts": ("Canned scripts / lack of empathy", "机械话术 / 缺乏共情"),
    "pareto.theme.product_quality": ("Product quality", "产品质量"),
    "pareto.theme.payment": ("Payment", "支付"),
    "pareto.theme.account": ("Account", "账号"),
    # fishbone (Ishikawa) headings (analysis/fishbone.py)
    "pareto.fishbone.people": ("People", "人员"),
    "pareto.fishbone.process": ("Process", "流程"),
    "pareto.fishbone.product": ("Product", "产品"),
    "pareto.fishbone.tools_systems": ("Tools / systems", "工具 / 系统"),
    "pareto.fishbone.policy": ("Policy", "政策"),
    "pareto.fishbone.environment": ("Environment", "环境"),
    # visible pseudo-causes
    "pareto.blank": ("(blank)", "（空白）"),
    "pareto.other": ("Other", "其他"),
    "pareto.unmapped": ("(unmapped)", "（未归类）"),
    # weights
    "pareto.weight.count": ("Tickets", "工单数"),
    "pareto.weight.handle_hours": ("Handling hours", "处理时长（小时）"),
    "pareto.weight.resolution_hours": ("Resolution hours", "解决时长（小时）"),
    "pareto.weight.low_scores": ("Low-score tickets", "低分工单数"),
    "pareto.weight.cost": ("Cost", "成本"),
    # populations
    "pareto.population.all": ("All tickets", "全部工单"),
    "pareto.population.complaints": ("Complaints only", "仅投诉"),
    "pareto.population.low_scores": ("Low scores only", "仅低分"),
    "pareto.population.sla_breaches": ("SLA breaches only", "仅超时（SLA 违约）"),
    # chart labels
    "pareto.chart.cause": ("Cause", "原因"),
    "pareto.chart.share": ("Share", "占比"),
    "pareto.chart.cum_share": ("Cumulative share", "累计占比"),
    "pareto.chart.vital_few": ("Vital few", "关键少数"),
    "pareto.chart.trivial_many": ("Useful many", "次要多数"),
    "pareto.chart.cut": ("Cut", "分界线"),
    "pareto.chart.period": ("Period", "时期"),
    "pareto.chart.before": ("Before", "之前"),
    "pareto.chart.after": ("After", "之后"),
    "pareto.chart.change": ("Change in share (points)", "占比变化（百分点）"),
    "pareto.chart.stratum": ("Group", "分组"),
    # skew verdicts
    "pareto.skew.skewed": (
        "Skewed: the top {top_n} of {k} causes carry {top_share:.0%} of the total (equal causes "
        "would give {top_expected:.0%}); chi-square {chi2:.1f}, df {dof}, p {p_text}.",
        "分布集中：{k} 个原因中前 {top_n} 个占总量的 {top_share:.0%}（各原因均等时应为 "
        "{top_expected:.0%}）；卡方 {chi2:.1f}，自由度 {dof}，p {p_text}。"),
    "pareto.skew.weak": (
        "Only weakly skewed: the mix differs from equal shares (p {p_text}) but {vital_n} of {k} "
        "causes are needed to reach the cut; there is no small vital few to teach.",
        "集中度较弱：与均等分布有差异（p {p_text}），但需要 {k} 个原因中的 {vital_n} 个才达到分界线，"
        "并不存在“关键少数”。"),
    "pareto.skew.uniform": (
        "Close to uniform: the counts are consistent with equal shares (chi-square {chi2:.1f}, "
        "df {dof}, p {p_text}). Do not present this as a Pareto effect.",
        "接近均匀分布：计数与各原因均等的假设相符（卡方 {chi2:.1f}，自由度 {dof}，p {p_text}）。"
        "不宜将其作为帕累托效应讲解。"),
    "pareto.skew.insufficient": (
        "Too little data to judge skew ({n} tickets over {k} causes).",
        "数据太少，无法判断集中度（{k} 个原因共 {n} 张工单）。"),
    # the report's Pareto (analysis/report.py)
    "pareto.report.no_cause": (
        "No cause recorded in “{cause}”: {n_blank:,} of the {n:,} {what}, left out of the shares "
        "({n_cause:,} + {n_blank:,} = {n:,}).",
        "“{cause}”未记录原因：{n:,} 条{what}中有 {n_blank:,} 条，不计入占比（{n_cause:,} + {n_blank:,} = {n:,}）。"),
    # notes and warnings
    "pareto.note.multi_tag": (
        "A text that matches several themes counts once in each, so theme counts add up to more "
        "than the number of texts ({n_multi} texts matched more than one theme).",
        "一条文本可同时命中多个主题，并在每个主题中各计一次，因此各主题计数之和大于文本数"
        "（{n_multi} 条文本命中多个主题）。"),
    "pareto.note.counts_only_test": (
        "The tests use ticket counts, not the weight.", "检验基于工单数，而非权重。"),
    "pareto.warn.low_expected": (
        "{n_low} of {n_cells} expected counts are below 5 (smallest {min_expected:.2f}); the "
        "chi-square p-value is approximate. Fold small causes into Other.",
        "{n_cells} 个期望频数中有 {n_low} 个小于 5（最小 {min_expected:.2f}），卡方检验的 p 值仅为近似。"
        "可将小类合并为“其他”。"),
    "pareto.warn.cut_not_reached": (
        "The named causes never reach the cut; Other is too large: categorise the tail better.",
        "已命名的原因累计达不到分界线，“其他”占比过大，建议细化分类。"),
}
