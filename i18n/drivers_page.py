"""Strings of the Drivers page itself: controls, section headers, explainers for trainers,
"how is this computed" notes and guard messages. (Chart labels, quadrant names, problem
reasons and model sentences are in i18n/drivers.py.)"""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "drivers_page_intro": (
        "What moves satisfaction in these responses, how sure we can be, and where to act first. "
        "Every figure follows the sidebar filters.",
        "在这些评价中，哪些因素影响满意度、结论有多可靠、应先从哪里改进。所有数字都随侧边栏筛选条件变化。"),
    "drivers_page_no_responses": (
        "This page needs satisfaction scores, and the loaded data (after the filters) has none: no overall "
        "satisfaction, top-2-box or NPS values. Load a survey export together with the tickets (or tickets "
        "with a satisfaction column) on the Data page, or widen the filters.",
        "本页需要满意度评分，但当前数据（筛选后）没有总体满意度、满意（前两档）或 NPS 数值。请在“数据”页"
        "同时加载满意度调查导出文件与工单（或带满意度列的工单），或放宽筛选条件。"),
    "drivers_page_no_candidates": (
        "No driver is available: the survey has no sub-ratings (speed, professionalism, …) and the responses "
        "carry no first-response, resolution or handling times. Map the sub-rating columns as drivers on the "
        "Data page.",
        "没有可用的驱动因素：调查没有分项评分（速度、专业程度……），评价也没有关联到首次响应、解决或处理时长。"
        "请在“数据”页把分项评分列映射为驱动因素。"),
    # controls
    "drivers_page_outcome": ("Outcome", "结果指标"),
    "drivers_page_outcome_csat": ("Overall satisfaction (score)", "总体满意度（评分）"),
    "drivers_page_outcome_csat_satisfied": ("CSAT top-2-box (satisfied or not)", "满意率（前两档：是否满意）"),
    "drivers_page_outcome_nps": ("Likelihood to recommend (NPS 0–10)", "推荐意愿（NPS 0–10）"),
    "drivers_page_drivers": ("Drivers", "驱动因素"),
    "drivers_page_drivers_help": (
        "Survey sub-ratings as your file names them, plus operational measures from the tickets. "
        "Channel enters as one yes/no column per channel, compared with the most common one.",
        "调查分项评分（沿用文件中的列名），以及工单中的运营指标。渠道会按每个渠道拆成“是/否”列，"
        "与最常见的渠道比较。"),
    "drivers_page_method": ("Correlation", "相关系数"),
    "drivers_page_method_help": (
        "Spearman (default) compares ranks and suits 1–5 ratings and skewed times; Pearson measures a "
        "straight-line relation; Kendall is a rank measure that is robust with many ties.",
        "斯皮尔曼（默认）比较排序，适合 1–5 分评分和偏态的时长；皮尔逊衡量线性关系；肯德尔也是基于排序的"
        "指标，在大量并列值时更稳健。"),
    "drivers_page_measure_frt_min": ("First response time (min)", "首次响应时长（分钟）"),
    "drivers_page_measure_resolution_h": ("Resolution time (h)", "解决时长（小时）"),
    "drivers_page_measure_handle_min": ("Handling time (min)", "处理时长（分钟）"),
    "drivers_page_measure_transfers": ("Transfers", "转接次数"),
    "drivers_page_measure_reopened": ("Reopened", "重开次数"),
    "drivers_page_measure_channel": ("Channel", "渠道"),
    "drivers_page_indicator": ("{column}: {value}", "{column}：{value}"),
    # guards
    "drivers_page_pick_drivers": ("Pick at least one driver.", "请至少选择一个驱动因素。"),
    "drivers_page_outcome_unusable": (
        "{outcome} cannot be analysed on these responses: {reason}. Widen the filters or pick another outcome.",
        "在这些评价上无法分析{outcome}：{reason}。请放宽筛选条件或选择其他结果指标。"),
    "drivers_page_outcome_reason_missing_column": ("the column is not in the data", "数据中没有该列"),
    "drivers_page_outcome_reason_non_numeric": ("it is not numeric", "它不是数值"),
    "drivers_page_outcome_reason_too_few_rows": ("fewer than 10 responses have a value",
                                                 "有数值的评价不足 10 条"),
    "drivers_page_outcome_reason_constant": ("every response has the same value", "所有评价的值都相同"),
    "drivers_page_none_usable": (
        "None of the chosen drivers can be analysed; the reasons are listed below.",
        "所选驱动因素都无法分析，原因见下表。"),
    "drivers_page_left_out": ("Left out of the analysis", "未纳入分析"),
    "drivers_page_reason": ("Reason", "原因"),
    "drivers_page_unavailable": ("Not available for this selection ({reason}).", "当前选择下无法计算（{reason}）。"),
    # section headers
    "drivers_page_corr_header": ("Correlation ranking", "相关性排名"),
    "drivers_page_imp_header": ("Relative importance", "相对重要性"),
    "drivers_page_models_header": ("Models: all drivers together", "模型：同时考虑所有驱动因素"),
    "drivers_page_quadrant_header": ("Where to act first: importance × performance", "优先改进：重要性 × 表现"),
    "drivers_page_speed_header": ("Speed and satisfaction", "速度与满意度"),
    "drivers_page_segments_header": ("Segments", "细分群体"),
    "drivers_page_explain": ("What does this show?", "这部分说明什么？"),
    # explainers (trainers present from these)
    "drivers_page_explain_corr": (
        "A correlation runs from −1 to +1 and says how closely higher values of a driver go with a higher "
        "outcome. The bar is the estimate from these responses; the whisker is its **95 % confidence "
        "interval**, the range of values the data are compatible with for that one driver. Testing many "
        "drivers at once makes some look significant by chance, so the verdict is the **Holm-adjusted** p: "
        "below 0.05 the correlation is clear; at 0.05 or above the data cannot tell, even when the "
        "single-driver whisker stays just clear of 0. A "
        "correlation is not a cause: a driver can move with satisfaction because both follow something else.",
        "相关系数取值在 −1 到 +1 之间，表示驱动因素越高、结果指标是否也越高，以及关系有多紧密。条形是由这些评价"
        "得到的估计值；线段是 **95% 置信区间**，即单个因素与数据相符的取值范围。同时检验多个因素时，总会有一些"
        "因素碰巧显得显著，因此以 **Holm 校正**后的 p 值作结论：小于 0.05 说明相关明确；大于或等于 0.05 时，"
        "即使单个因素的线段刚好不跨过 0，数据也无法下结论。相关不等于因果：两个量同时变化，可能是因为它们都受另一个因素影响。"),
    "drivers_page_explain_imp": (
        "Drivers overlap: a friendly agent is often also a fast one, so their correlations double count. "
        "**Relative importance** shares out the model's R² (the part of the outcome's variation the drivers "
        "explain together) among the drivers: each driver gets its average gain in R² over every order in "
        "which the drivers can enter the model (LMG, the Shapley value). The parts add up to R², so they "
        "can be read as \"how much of what we can explain comes from this driver\". Whiskers are bootstrap "
        "intervals: the analysis repeated on resampled responses.",
        "驱动因素之间相互重叠：态度好的客服往往也更快，因此它们的相关系数会重复计算。**相对重要性**把模型的 "
        "R²（所有驱动因素共同解释的结果变化比例）分配给各个因素：每个因素得到的是它在所有可能的进入顺序下"
        "为 R² 带来的平均增量（LMG，即 Shapley 值）。各部分之和等于 R²，可以理解为“能解释的部分里，有多少"
        "来自这个因素”。线段是自助法（bootstrap）区间：在重抽样的评价上重复分析得到的范围。"),
    "drivers_page_explain_models": (
        "Each model looks at all drivers at once, so a driver's figure is its effect **with the others held "
        "fixed**. The linear model uses standard deviations as units so that drivers on different scales "
        "compare, with HC3 errors that stay valid when the spread of scores differs. The ordinal model "
        "treats 1–5 as ordered categories, not a ruler: its odds ratio says how the odds of a higher score "
        "change per point. The top-2-box model does the same for \"satisfied or not\". When drivers are "
        "strongly correlated (high VIF) single coefficients are unstable: read the relative importance.",
        "每个模型同时考虑所有驱动因素，因此每个因素的数值是**在其他因素不变时**的影响。线性模型以标准差为单位，"
        "使不同量纲的因素可以比较，并采用 HC3 稳健标准误（评分离散程度不同时依然有效）。有序模型把 1–5 分视为"
        "有顺序的类别而不是刻度尺：几率比表示每高 1 分，获得更高评分的几率变为原来的多少倍。前两档模型对"
        "“是否满意”做同样的分析。驱动因素之间高度相关（VIF 高）时，单个系数不稳定，请参考相对重要性。"),
    "drivers_page_explain_quadrant": (
        "Each rating is placed by how much it matters (relative importance, across) and how well it scores "
        "(its mean rating, up). Dashed lines at the averages make four quadrants: important but scoring "
        "low — **fix first**; important and scoring high — **keep up**; less important and low — **low "
        "priority**; less important but high — **possible overkill**. The whiskers are 95 % intervals. When "
        "a whisker crosses its dashed line, the data cannot tell on which side of the average the rating "
        "really lies: it is shown as **undecided** (a hollow grey point) instead of being given a quadrant. "
        "Ratings whose means differ by a few hundredths of a point are usually undecided: the difference "
        "is noise, not a reason to act.",
        "每个分项评分按“有多重要”（相对重要性，横轴）和“表现如何”（平均评分，纵轴）定位。两条虚线位于平均值处，"
        "分出四个象限：重要但得分低——**优先改进**；重要且得分高——**继续保持**；不太重要且得分低——**次要改进**；"
        "不太重要但得分高——**可能过度投入**。线段是 95% 置信区间。线段跨过虚线时，数据无法判断该评分究竟位于"
        "平均值的哪一侧，因此标为**无法判定**（空心灰点），不归入任何象限。平均分只相差百分之几分的评分通常"
        "无法判定：这种差异是随机波动，不足以作为行动依据。"),
    "drivers_page_explain_speed": (
        "Responses are grouped into five equal-sized bands of first-response (or resolution) time. The line "
        "is the share of satisfied (top-2-box) responses in each band, the shaded area its 95 % interval "
        "(Wilson). The dashed line marks the first band whose satisfaction is significantly below the best "
        "band (one-sided test, Holm-adjusted): roughly where waiting starts to cost satisfaction.",
        "按首次响应（或解决）时长把评价分成五个样本量相等的区间。折线是每个区间内满意（前两档）评价的比例，"
        "阴影是其 95% 置信区间（Wilson 法）。红色虚线标出第一个满意率显著低于最佳区间的区间（单侧检验，Holm "
        "校正）：大致就是等待开始影响满意度的位置。"),
    "drivers_page_explain_segments": (
        "The same correlation ranking within each channel and each customer type, side by side: a driver can "
        "matter more in one segment than in another. The test below asks whether one driver's correlation "
        "really differs between two segments or only by chance (Fisher z test for two independent groups).",
        "在每个渠道、每种客户类型内部分别计算相关性排名并排显示：同一因素在不同群体中的作用可能不同。下方的检验"
        "判断某个因素在两个群体中的相关系数是否确实不同，还是只是偶然差异（两独立样本的 Fisher z 检验）。"),
    # tables
    "drivers_page_col_r": ("r", "相关系数"),
    "drivers_page_col_ci_low": ("95 % CI low", "95% 区间下限"),
    "drivers_page_col_ci_high": ("95 % CI high", "95% 区间上限"),
    "drivers_page_col_p": ("p", "p 值"),
    "drivers_page_col_importance": ("Part of R²", "R² 贡献"),
    "drivers_page_col_share": ("Share of R²", "占 R² 比例"),
    "drivers_page_col_imp_low": ("Part of R²: 95 % low", "R² 贡献 95% 下限"),
    "drivers_page_col_imp_high": ("Part of R²: 95 % high", "R² 贡献 95% 上限"),
    "drivers_page_col_vif": ("VIF", "VIF"),
    "drivers_page_col_beta": ("β (standardized)", "β（标准化）"),
    "drivers_page_col_logodds": ("Log-odds", "对数几率"),
    "drivers_page_col_or": ("Odds ratio", "几率比"),
    "drivers_page_col_or_low": ("OR 95 % low", "几率比 95% 下限"),
    "drivers_page_col_or_high": ("OR 95 % high", "几率比 95% 上限"),
    "drivers_page_col_below": ("Below best", "低于最佳"),
    "drivers_page_col_segment": ("Segment", "群体"),
    "drivers_page_r2": ("R² of the model with all these drivers: **{r2:.3f}** ({method}, {n:,} complete responses).",
                        "包含这些驱动因素的模型 R²：**{r2:.3f}**（{method}，{n:,} 条完整评价）。"),
    "drivers_page_imp_lmg": ("LMG, exact Shapley decomposition", "LMG，精确 Shapley 分解"),
    "drivers_page_imp_johnson": ("Johnson's relative weights, as there are more than 12 drivers",
                                 "Johnson 相对权重（驱动因素超过 12 个）"),
    "drivers_page_tab_ols": ("Linear (standardized, HC3)", "线性回归（标准化，HC3）"),
    "drivers_page_tab_ordinal": ("Ordinal logit (1–5 score)", "有序 Logit（1–5 分）"),
    "drivers_page_tab_top2box": ("Top-2-box logit", "前两档 Logit"),
    "drivers_page_fit_ols": ("R² = {fit:.3f} on {n:,} responses.", "R² = {fit:.3f}，{n:,} 条评价。"),
    "drivers_page_fit_logit": ("McFadden pseudo-R² = {fit:.3f} on {n:,} responses.",
                               "McFadden 伪 R² = {fit:.3f}，{n:,} 条评价。"),
    "drivers_page_speed_none": (
        "No first-response or resolution times are joined to these responses (or no satisfied flag), so "
        "there is no speed curve. It needs the ticket export loaded with the survey, matched on ticket id.",
        "这些评价没有关联到首次响应或解决时长（或没有满意标记），因此无法绘制速度曲线。需要同时加载工单导出"
        "文件，并按工单编号与调查匹配。"),
    "drivers_page_speed_too_few": ("Too few responses with a time for {time}.", "{time}有数值的评价太少。"),
    "drivers_page_quadrant_none": (
        "The quadrant needs at least two survey sub-ratings among the analysed drivers (operational "
        "measures are on other scales and are not placed).",
        "象限图需要至少两个分项评分（运营指标量纲不同，不放入象限图）。"),
    "drivers_page_segments_none": (
        "No channel or customer type is joined to these responses, so there are no segments.",
        "这些评价没有关联到渠道或客户类型，因此无法细分。"),
    "drivers_page_segment_by": ("Segment by", "细分维度"),
    "drivers_page_compare_header": ("Does a driver's correlation differ between two segments?",
                                    "某个因素的相关系数在两个群体之间是否不同？"),
    "drivers_page_compare_driver": ("Driver", "驱动因素"),
    "drivers_page_compare_first": ("First segment", "群体一"),
    "drivers_page_compare_second": ("Second segment", "群体二"),
    "drivers_page_compare_result": (
        "{driver}: r = {r1:.2f} in {first} (n = {n1:,}) against r = {r2:.2f} in {second} (n = {n2:,}); "
        "difference {difference:+.2f}, z = {z:.2f}, {p}.",
        "{driver}：{first} 中 r = {r1:.2f}（n = {n1:,}），{second} 中 r = {r2:.2f}（n = {n2:,}）；"
        "差值 {difference:+.2f}，z = {z:.2f}，{p}。"),
    "drivers_page_compare_differs": ("The correlations differ (p < 0.05).", "两个群体的相关系数存在显著差异（p < 0.05）。"),
    "drivers_page_compare_same": ("The data do not show a difference (p ≥ 0.05).",
                                  "数据未显示两者存在差异（p ≥ 0.05）。"),
    "drivers_page_compare_too_few": ("Too few responses in one of the two segments for a test.",
                                     "其中一个群体的评价太少，无法检验。"),
    "drivers_page_compare_need_two": ("Pick two different segments.", "请选择两个不同的群体。"),
    # how is this computed
    "drivers_page_how_corr": (
        "{method} correlation of each driver with {outcome}, on pairs of responses where both are present "
        "(the n column). {rows:,} responses after the filters; {no_outcome:,} have no {outcome} value and are "
        "left out. Interval: Fisher z transform with the standard error of Bonett & Wright (Spearman), "
        "1/√(n−3) (Pearson) or the asymptotic standard error with ties (Kendall's τ-b). p two-sided: t "
        "test, for Spearman below 30 pairs a permutation test (9,999 random pairings, seed 0); "
        "adjusted for the {drivers} drivers by Holm's method. Drivers with a problem (listed above) have no figure.",
        "各驱动因素与{outcome}的{method}相关系数，只使用两者都有值的评价（见样本量列）。筛选后共 {rows:,} 条"
        "评价，其中 {no_outcome:,} 条没有{outcome}数值，未纳入。区间：Fisher z 变换，标准误采用 Bonett & "
        "Wright（斯皮尔曼）、1/√(n−3)（皮尔逊）或含并列值的渐近标准误（肯德尔 τ-b）公式。p 值为双侧：t 检验，"
        "斯皮尔曼在不足 30 对时用置换检验（9,999 次随机配对，种子 0）；对 {drivers} 个因素做 Holm 校正。"
        "有问题的因素（见上方列表）不给出数值。"),
    "drivers_page_how_imp": (
        "Linear regression of {outcome} on all usable drivers, on the {n:,} responses where every one is "
        "present ({missing:,} left out for a missing value). Method: {method}. Intervals: {boot} bootstrap "
        "resamples of the responses (seed 0), 2.5th and 97.5th percentiles. VIF (variance inflation factor) "
        "above 5 marks a driver largely explained by the others.",
        "在所有驱动因素都有值的 {n:,} 条评价上，以{outcome}对全部可用因素做线性回归（{missing:,} 条因缺失值未纳入）。"
        "方法：{method}。区间：对评价做 {boot} 次自助重抽样（种子 0），取 2.5% 与 97.5% 分位数。VIF（方差膨胀因子）"
        "大于 5 表示该因素大部分可由其他因素解释。"),
    "drivers_page_how_model": (
        "{model} of {outcome} on {n:,} responses with every driver present ({missing:,} left out for a "
        "missing value). 95 % intervals; p two-sided.",
        "{model}，因变量为{outcome}，使用所有因素都有值的 {n:,} 条评价（{missing:,} 条因缺失值未纳入）。"
        "95% 置信区间；p 值为双侧。"),
    "drivers_page_how_quadrant": (
        "Across: each rating's part of R² from the relative-importance section, with its bootstrap 95 % "
        "interval. Up: its mean rating, with the Student-t 95 % interval of the mean (mean ± t·s/√n). The "
        "dashed lines are the averages over the ratings shown. A rating is high (low) on an axis only when "
        "its whole interval lies above (below) the line; an interval that contains the line leaves the "
        "rating undecided, and only ratings decided on both axes get a quadrant.",
        "横轴：相对重要性部分中各评分的 R² 贡献及其自助法 95% 区间。纵轴：平均评分及均值的 t 分布 95% 区间"
        "（均值 ± t·s/√n）。虚线为所示评分的平均值。只有整个区间都在虚线之上（之下）时，该评分在这一轴上才算"
        "“高”（“低”）；区间包含虚线时为“无法判定”，两条轴都能判定的评分才归入象限。"),
    "drivers_page_quadrant_undecided": (
        "{k} of {m} ratings cannot be placed in a quadrant: the 95 % interval of their importance or "
        "performance contains the dashed line, so the data cannot tell on which side of the average they lie.",
        "{m} 个评分中有 {k} 个无法归入象限：其重要性或表现的 95% 区间包含虚线，数据无法判断它们位于平均值的哪一侧。"),
    "drivers_page_quadrant_all_placed": (
        "Every rating is placed: each 95 % interval lies clear of its dashed line.",
        "所有评分都已归入象限：每个 95% 区间都不包含虚线。"),
    "drivers_page_col_imp_low": ("Part of R² 95 % low", "R² 贡献 95% 下限"),
    "drivers_page_col_imp_high": ("Part of R² 95 % high", "R² 贡献 95% 上限"),
    "drivers_page_col_perf_low": ("Performance 95 % low", "表现 95% 下限"),
    "drivers_page_col_perf_high": ("Performance 95 % high", "表现 95% 上限"),
    "drivers_page_segments_r": ("Correlation (r) per segment", "各群体的相关系数（r）"),
    "drivers_page_segments_p": ("p, Holm-adjusted over every cell of this table", "p 值（对本表所有单元格做 Holm 校正）"),
    "drivers_page_how_speed": (
        "{n:,} responses with both a time and a satisfied flag; left out: {no_time:,} without a time, "
        "{no_score:,} without a score. Five equal-count bands (fewer when many responses share a time). "
        "Satisfied = score in the scale's top two codes. Intervals: Wilson 95 %.",
        "同时有时长和满意标记的评价 {n:,} 条；未纳入：{no_time:,} 条没有时长，{no_score:,} 条没有评分。"
        "按样本量分成五个区间（大量评价时长相同时会更少）。满意 = 评分位于量表最高两档。区间：Wilson 95%。"),
    "drivers_page_how_segments": (
        "{method} correlation with {outcome} within each value of {segment}; responses without a {segment} "
        "are left out; a segment with fewer than 10 responses has no figures. Cells are r; empty means the "
        "driver cannot be analysed in that segment. The p-values below are Holm-adjusted over every cell "
        "of the table (all segments and drivers together), since a reader scans all of them.",
        "在{segment}的每个取值内部计算与{outcome}的{method}相关系数；没有{segment}的评价未纳入；不足 10 条评价"
        "的群体不给出数值。单元格为相关系数；空白表示该因素在该群体中无法分析。下方的 p 值对表中所有单元格"
        "（全部群体与因素）一起做 Holm 校正，因为读者会逐一查看所有单元格。"),
}
