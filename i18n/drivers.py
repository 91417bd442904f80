"""Strings of the Drivers page: labels, quadrant names, problem reasons, model sentences.

Sentence keys are produced by analysis/models.py (Sentence.key) and filled with Sentence.values.
"""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # page and charts
    "drivers_title": ("Satisfaction drivers", "满意度驱动因素"),
    "drivers_driver": ("Driver", "驱动因素"),
    "drivers_correlation": ("Correlation with {outcome}", "与{outcome}的相关系数"),
    "drivers_ci": ("95 % interval", "95% 置信区间"),
    "drivers_p_adj": ("p (Holm-adjusted)", "p 值（Holm 校正）"),
    "drivers_n": ("n", "样本量"),
    "drivers_importance": ("Share of R²", "R² 贡献"),
    "drivers_importance_axis": ("Relative importance (part of R²)", "相对重要性（R² 的组成部分）"),
    "drivers_performance": ("Performance", "表现"),
    "drivers_quadrant": ("Quadrant", "象限"),
    "drivers_band": ("Band", "区间"),
    "drivers_csat_pct": ("CSAT %", "满意率"),
    "drivers_time_frt_min": ("First response time (min)", "首次响应时长（分钟）"),
    "drivers_time_resolution_h": ("Resolution time (h)", "解决时长（小时）"),
    "drivers_method_spearman": ("Spearman", "斯皮尔曼"),
    "drivers_method_pearson": ("Pearson", "皮尔逊"),
    "drivers_method_kendall": ("Kendall", "肯德尔"),
    # quadrant labels
    "drivers_q_fix_first": ("Fix first", "优先改进"),
    "drivers_q_keep_up": ("Keep up", "继续保持"),
    "drivers_q_low_priority": ("Low priority", "次要改进"),
    "drivers_q_possible_overkill": ("Possible overkill", "可能过度投入"),
    "drivers_q_undecided": ("Undecided", "无法判定"),
    "drivers_q_undecided_performance": ("Undecided: performance cannot be told apart from the average",
                                        "无法判定：表现与平均值无法区分"),
    "drivers_q_undecided_importance": ("Undecided: importance cannot be told apart from the average",
                                       "无法判定：重要性与平均值无法区分"),
    "drivers_q_undecided_both": ("Undecided: neither importance nor performance can be told apart from the average",
                                 "无法判定：重要性和表现都与平均值无法区分"),
    # per-driver problems
    "drivers_problem_missing_column": ("Column not found", "找不到该列"),
    "drivers_problem_non_numeric": ("Not numeric", "不是数值列"),
    "drivers_problem_too_much_missing": ("More than half the values are missing", "超过一半的值缺失"),
    "drivers_problem_constant": ("Same value everywhere", "所有值都相同"),
    "drivers_problem_too_few_rows": ("Fewer than 10 rows", "不足 10 行"),
    # notes
    "drivers_note_vif": ("Some drivers are strongly correlated with each other (VIF above 5): single "
                         "coefficients can mislead; read the relative importance instead.",
                         "部分驱动因素之间高度相关（VIF 大于 5）：单个系数可能误导，请参考相对重要性。"),
    "drivers_note_not_converged": ("The model did not converge; treat its figures with caution.",
                                   "模型未收敛，请谨慎解读结果。"),
    "drivers_speed_falls": ("Satisfaction is significantly below the best band from {band} on.",
                            "从 {band} 开始，满意率显著低于最佳区间。"),
    "drivers_speed_no_fall": ("No band is significantly below the best one.", "没有区间显著低于最佳区间。"),
    # model sentences (values: driver, outcome, odds_ratio / beta, ci_low, ci_high, p)
    "drivers_sent_ordinal_point": ("One point more on {driver} goes with {odds_ratio:.2f} times the odds of a "
                                   "higher score (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                   "{driver} 每高 1 分，获得更高评分的几率是原来的 {odds_ratio:.2f} 倍"
                                   "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_ordinal_unit": ("One unit more on {driver} goes with {odds_ratio:.2f} times the odds of a "
                                  "higher score (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                  "{driver} 每增加 1 个单位，获得更高评分的几率是原来的 {odds_ratio:.2f} 倍"
                                  "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_ordinal_binary": ("With {driver}, the odds of a higher score are {odds_ratio:.2f} times those "
                                    "without (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                    "有 {driver} 时，获得更高评分的几率是没有时的 {odds_ratio:.2f} 倍"
                                    "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_ordinal_unclear": ("The data cannot tell whether {driver} moves the score once the other "
                                     "drivers are accounted for (odds ratio {odds_ratio:.2f}, 95 % CI "
                                     "{ci_low:.2f}–{ci_high:.2f}).",
                                     "在考虑其他因素后，数据无法判断 {driver} 是否影响评分（几率比 "
                                     "{odds_ratio:.2f}，95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_top2box_point": ("One point more on {driver} goes with {odds_ratio:.2f} times the odds of a "
                                   "satisfied (top-2-box) response (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                   "{driver} 每高 1 分，给出满意（前两档）评价的几率是原来的 {odds_ratio:.2f} 倍"
                                   "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_top2box_unit": ("One unit more on {driver} goes with {odds_ratio:.2f} times the odds of a "
                                  "satisfied (top-2-box) response (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                  "{driver} 每增加 1 个单位，给出满意（前两档）评价的几率是原来的 {odds_ratio:.2f} 倍"
                                  "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_top2box_binary": ("With {driver}, the odds of a satisfied (top-2-box) response are "
                                    "{odds_ratio:.2f} times those without (95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                    "有 {driver} 时，给出满意（前两档）评价的几率是没有时的 {odds_ratio:.2f} 倍"
                                    "（95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_top2box_unclear": ("The data cannot tell whether {driver} changes the odds of a satisfied "
                                     "response (odds ratio {odds_ratio:.2f}, 95 % CI {ci_low:.2f}–{ci_high:.2f}).",
                                     "数据无法判断 {driver} 是否影响满意评价的几率（几率比 {odds_ratio:.2f}，"
                                     "95% 置信区间 {ci_low:.2f}–{ci_high:.2f}）。"),
    "drivers_sent_ols": ("One standard deviation more on {driver} goes with {beta:+.2f} standard deviations of "
                         "{outcome}, the other drivers held fixed (95 % CI {ci_low:+.2f} to {ci_high:+.2f}).",
                         "在其他因素不变时，{driver} 每增加 1 个标准差，{outcome} 变化 {beta:+.2f} 个标准差"
                         "（95% 置信区间 {ci_low:+.2f} 至 {ci_high:+.2f}）。"),
    "drivers_sent_ols_unclear": ("The data cannot tell whether {driver} moves {outcome} once the other drivers "
                                 "are held fixed (β {beta:+.2f}, 95 % CI {ci_low:+.2f} to {ci_high:+.2f}).",
                                 "在其他因素不变时，数据无法判断 {driver} 是否影响 {outcome}（β {beta:+.2f}，"
                                 "95% 置信区间 {ci_low:+.2f} 至 {ci_high:+.2f}）。"),
}
