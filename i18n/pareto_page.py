"""Strings of the Root causes page (pages/root_causes.py); the analysis labels are in i18n/pareto.py."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # why rows are left out of a ranking, a population or a before/after split (analysis.pareto)
    "rc.reason.no_date": ("no creation time", "缺少提交时间"),
    "rc.reason.outside_periods": ("outside both periods", "不在两个时期内"),
    "rc.reason.no_score": ("no satisfaction score", "没有满意度评分"),
    "rc.reason.sla_unknown": ("SLA not known", "SLA 未知"),
    "rc.reason.no_weight": ("no weight value", "缺少权重值"),
    "rc.reason.negative_weight": ("negative weight", "权重为负"),
    "rc.intro": (
        "Which few causes make most of the complaints, low scores or SLA breaches? Choose what to "
        "count and how to weigh it; the chart ranks the causes and marks the vital few.",
        "哪几个原因造成了大部分投诉、低分或超时？选择统计对象和权重，图表会对原因排序并标出关键少数。"),
    "rc.explainer.title": ("How to read a Pareto chart", "如何阅读帕累托图"),
    "rc.explainer.body": (
        "- Each **bar** is one cause, tallest first; its height is the number of tickets (or the "
        "weight you chose, e.g. handling hours).\n"
        "- The **line** is the running total: at each bar it shows which share of everything the "
        "causes so far account for (right-hand axis, 0–100 %).\n"
        "- The dashed **cut** (80 % by default) marks where to stop: the causes left of the point "
        "where the line crosses it are the **vital few** (red). Fix those first.\n"
        "- **Other** collects the small causes and is always drawn last; it is never one of the vital few.\n"
        "- A Pareto chart always slopes down, even for random data. Read the *Is it really skewed?* "
        "note: if the causes are about equally frequent there is no vital few to chase.\n"
        "- Counting tickets and weighing them by hours or cost can rank causes differently: a rare "
        "cause can still eat the most time.",
        "- 每根**柱子**代表一个原因，从高到低排列；高度为工单数（或所选权重，如处理时长）。\n"
        "- **折线**为累计占比：在每根柱子处显示到该原因为止的原因合计占总量的比例（右侧坐标轴，0–100 %）。\n"
        "- 虚线为**分界线**（默认 80 %）：折线越过分界线之前的原因就是**关键少数**（红色），应优先解决。\n"
        "- **其他**汇总了占比很小的原因，总是排在最后，不计入关键少数。\n"
        "- 帕累托图总是从高到低排列，即使数据是随机的。请阅读“分布是否真的集中？”的提示："
        "如果各原因出现频率差不多，就不存在需要抓住的关键少数。\n"
        "- 按工单数统计与按处理时长或成本加权，原因的排序可能不同：少见的原因也可能最耗时。"),
    # settings
    "rc.settings": ("What to count", "统计设置"),
    "rc.cause": ("Cause column", "原因字段"),
    "rc.cause.themes": ("Keyword themes from text", "文本关键词主题"),
    "rc.text": ("Text column (for keyword themes)", "文本字段（用于关键词主题）"),
    "rc.population": ("Population", "统计范围"),
    "rc.weight": ("Weight", "权重"),
    "rc.cost": ("Cost per ticket", "每张工单成本"),
    "rc.cut": ("Cut (cumulative %)", "分界线（累计 %）"),
    "rc.other_below": ("Fold causes below this share into Other (%; 0 = off)",
                       "占比低于此值的原因合并为“其他”（%；0 = 不合并）"),
    "rc.level.tickets": ("tickets", "张工单"),
    "rc.level.responses": ("survey responses", "条回访评价"),
    # guards
    "rc.need_columns": (
        "This page needs a cause column (a problem category, request type or dissatisfaction "
        "reason) or a free-text column (ticket description or survey comment). Your data has "
        "neither: map one on the Data page.",
        "本页需要一个原因字段（问题类型、需求类型或不满意原因）或一个文本字段（问题描述或评价内容）。"
        "当前数据两者都没有，请在“数据”页映射相应字段。"),
    "rc.no_category": (
        "Your data has no problem-category column, so the causes below come from keyword themes "
        "found in the text column “{text}”. Map a category column on the Data page to count by category.",
        "当前数据没有问题类型字段，下面的原因来自文本字段“{text}”中的关键词主题。"
        "如需按问题类型统计，请在“数据”页映射问题类型字段。"),
    "rc.no_text_for_themes": (
        "Keyword themes need a free-text column (ticket description or survey comment); your data has none.",
        "关键词主题需要一个文本字段（问题描述或评价内容），当前数据没有。"),
    "rc.empty.complaints": (
        "No complaints in the selection: complaints are recognised from the request type (or "
        "category) saying “complaint” / “投诉”. Choose another population.",
        "所选数据中没有投诉：投诉依据需求类型（或问题类型）中的“投诉”/“complaint”识别。请选择其他统计范围。"),
    "rc.empty.low_scores": (
        "No low scores in the selection: this population needs satisfaction scores (a survey file "
        "or a score column on the tickets). Choose another population.",
        "所选数据中没有低分评价：该范围需要满意度评分（回访文件或工单中的评分字段）。请选择其他统计范围。"),
    "rc.empty.sla_breaches": (
        "No SLA breaches can be found: this population needs a priority matching the SLA tiers "
        "and creation / response / resolution times. Choose another population.",
        "无法识别超时工单：该范围需要与 SLA 等级对应的紧急程度以及提交、响应、解决时间。请选择其他统计范围。"),
    "rc.empty.all": ("No rows in the selection: widen the filters.", "所选数据没有记录，请放宽筛选条件。"),
    "rc.problem": ("No Pareto can be drawn: {problem}.", "无法绘制帕累托图：{problem}。"),
    "rc.error": ("This cannot be computed as asked: {message}", "无法按当前设置计算：{message}"),
    # main Pareto
    "rc.pareto.title": ("Pareto of {cause} — {population}", "{cause}的帕累托分析 —— {population}"),
    "rc.pareto.summary": (
        "{vital_n} of {k} causes carry {vital_share:.0%} of the total {weight} ({total:,.0f}).",
        "{k} 个原因中的 {vital_n} 个占总{weight}（{total:,.0f}）的 {vital_share:.0%}。"),
    "rc.skew.title": ("Is it really skewed?", "分布是否真的集中？"),
    "rc.folded": ("Folded into Other ({n}): {causes}", "已合并为“其他”（{n} 个）：{causes}"),
    "rc.col.cause": ("Cause", "原因"),
    "rc.col.count": ("Count", "数量"),
    "rc.col.share": ("Share", "占比"),
    "rc.col.cum_share": ("Cumulative share", "累计占比"),
    "rc.col.vital_few": ("Vital few", "关键少数"),
    "rc.none": ("none", "无"),
    # the population counted, and the rows with no cause recorded
    "rc.population.used": ("Counted: **{population}**, {n:,} of {n_in:,} {level}. {basis}",
                           "统计范围：**{population}**，{n_in:,} {level}中的 {n:,}。{basis}"),
    "rc.population.basis.low_score_column": (
        "This is the default for “{cause}”: a dissatisfaction reason is recorded for low scores.",
        "这是“{cause}”的默认范围：不满意原因只针对低分评价记录。"),
    "rc.population.basis.complaint_column": (
        "This is the default for “{cause}”: a complaint type applies to complaints.",
        "这是“{cause}”的默认范围：投诉类型只适用于投诉。"),
    "rc.population.basis.any_row": (
        "This is the default for “{cause}”: any ticket can have one.",
        "这是“{cause}”的默认范围：任何工单都可能有此字段。"),
    "rc.population.basis.no_complaints": (
        "“{cause}” is a complaint type, but the data marks no ticket as a complaint, so every row is counted.",
        "“{cause}”是投诉类型，但数据中没有标记为投诉的工单，因此统计全部记录。"),
    "rc.population.basis.no_low_scores": (
        "“{cause}” is a dissatisfaction reason, but the data holds no low score, so every row is counted.",
        "“{cause}”是不满意原因，但数据中没有低分评价，因此统计全部记录。"),
    "rc.population.not_default": ("The default for “{cause}” is: {default}.", "“{cause}”的默认范围为：{default}。"),
    "rc.no_cause": (
        "No cause recorded: **{n_blank:,}** of the {n:,} {level} have no “{cause}”. They are left out of the "
        "ranking; the shares are of the {n_cause:,} that have one ({n_cause:,} + {n_blank:,} = {n:,}).",
        "未记录原因：{n:,} {level}中有 **{n_blank:,}** 没有“{cause}”，不参与排序；占比以记录了原因的 {n_cause:,} "
        "为分母（{n_cause:,} + {n_blank:,} = {n:,}）。"),
    "rc.no_cause.none": ("Every one of the {n:,} {level} has a “{cause}” recorded.",
                         "全部 {n:,} {level}都记录了“{cause}”。"),
    "rc.strata.no_cause": ("No cause recorded, per group (left out of each group's shares): {items}.",
                           "各组未记录原因的数量（不计入该组占比）：{items}。"),
    "rc.periods.no_cause": (
        "No cause recorded: {nb:,} {level} before, {na:,} after (left out of the shares and of the test).",
        "未记录原因：之前 {nb:,} {level}，之后 {na:,}（不计入占比和检验）。"),
    "rc.drill.no_cause": ("(no cause recorded)", "（未记录原因）"),
    "rc.how.pareto": (
        "Each of the **{n:,}** {level} in the population with a cause recorded adds its weight (*{weight}*) "
        "to its cause (*{cause}*); the {n_blank:,} with none are left out of the ranking and of the total. "
        "Causes are ranked by total weight (ties by name, Other last); share = the "
        "cause's weight ÷ the total ({total:,.2f}); the cumulative share adds the shares in table "
        "order; the vital few are the smallest run of top causes whose cumulative share reaches "
        "the cut ({cut:.0%}). Population: {n_pop:,} of {n_in:,} {level} ({population}). "
        "Left out: {excluded}. The skew test compares the ticket counts with equal shares "
        "(chi-square goodness of fit; Monte Carlo p when expected counts are below 5) and draws "
        "Wilkinson's acceptance band per rank (black whiskers) from 2,000 simulated equal-share samples.{themes}",
        "总体中记录了原因的 **{n:,}** {level}各自把权重（*{weight}*）计入其原因（*{cause}*）；未记录原因的 "
        "{n_blank:,} {level}不参与排序，也不计入总量。原因按权重合计排序"
        "（相同时按名称，“其他”排最后）；占比 = 该原因权重 ÷ 总量（{total:,.2f}）；累计占比按表格顺序累加；"
        "关键少数是累计占比达到分界线（{cut:.0%}）的最少的前几个原因。统计范围：{n_in:,} {level}中的 "
        "{n_pop:,}（{population}）。未计入：{excluded}。集中度检验将工单数与均等分布比较（卡方拟合优度检验；"
        "期望频数小于 5 时用蒙特卡洛 p 值），并按名次绘出 Wilkinson 接受区间（黑色须线，基于 2,000 次均等分布模拟）。{themes}"),
    "rc.how.themes_note": (
        " Themes: a text matching several themes counts once in each ({n_multi} did), so the total "
        "counts mentions; {n_untagged:,} texts matched no theme and {n_blank:,} were empty.",
        " 主题：命中多个主题的文本在每个主题各计一次（共 {n_multi} 条），因此总量为提及次数；"
        "{n_untagged:,} 条文本未命中任何主题，{n_blank:,} 条为空。"),
    # tabs
    "rc.tab.strata": ("By group", "分组对比"),
    "rc.tab.periods": ("Before / after", "前后对比"),
    "rc.tab.drill": ("Drill-down", "明细下钻"),
    "rc.tab.text": ("Causes from text", "文本原因"),
    "rc.tab.fishbone": ("Fishbone", "鱼骨图"),
    # stratified
    "rc.strata.by": ("Split by", "分组依据"),
    "rc.strata.none": (
        "No column to split by: this needs a channel, priority or customer type with at least two values.",
        "没有可分组的字段：需要至少有两个取值的渠道、紧急程度或客户类型字段。"),
    "rc.strata.help": (
        "One panel per group, all in the overall order, so a cause that leads only in one group stands out.",
        "每组一个小图，原因顺序与总体一致，便于发现只在某一组中突出的原因。"),
    "rc.how.strata": (
        "Within each group of *{strata}*, each cause's share is its weight ÷ the group's total; the "
        "panels keep the overall order ({k} causes) and the same Other fold; the red bars are the "
        "group's own vital few (its own ranking at the cut {cut:.0%}). {groups} groups, {n:,} {level}. "
        "Left out: {excluded}.",
        "在 *{strata}* 的每一组内，原因占比 = 该原因权重 ÷ 该组总量；各小图沿用总体的原因顺序（{k} 个原因）"
        "和相同的“其他”合并；红色柱为该组自身的关键少数（按该组排序、分界线 {cut:.0%}）。共 {groups} 组，"
        "{n:,} {level}。未计入：{excluded}。"),
    # before / after
    "rc.periods.mode": ("Periods", "时期划分"),
    "rc.periods.halves": ("Two halves of the date range", "按日期范围一分为二"),
    "rc.periods.dates": ("Choose the dates", "自选日期"),
    "rc.periods.before": ("Before (first and last day)", "之前（起止日期）"),
    "rc.periods.after": ("After (first and last day)", "之后（起止日期）"),
    "rc.periods.no_dates": (
        "Before / after needs creation times; none could be read in the selection.",
        "前后对比需要提交时间，所选数据中没有可读取的提交时间。"),
    "rc.periods.pick_two": ("Choose a first and a last day for both periods.", "请为两个时期都选择起止日期。"),
    "rc.periods.ranges": ("Before: {b0} – {b1} ({nb:,} {level}); after: {a0} – {a1} ({na:,} {level}).",
                          "之前：{b0} – {b1}（{nb:,} {level}）；之后：{a0} – {a1}（{na:,} {level}）。"),
    "rc.periods.test": (
        "Did the mix shift? Chi-square test of homogeneity on the ticket counts: χ² = {chi2:.2f}, "
        "df = {dof}, p {p_text} — {verdict}.",
        "原因构成是否变化？基于工单数的卡方同质性检验：χ² = {chi2:.2f}，自由度 = {dof}，p {p_text} —— {verdict}。"),
    "rc.periods.shifted": ("the mix changed (p < 0.05)", "构成发生了变化（p < 0.05）"),
    "rc.periods.same": ("no evidence that the mix changed", "没有证据表明构成发生了变化"),
    "rc.col.count_before": ("Count before", "之前数量"),
    "rc.col.count_after": ("Count after", "之后数量"),
    "rc.col.share_before": ("Share before", "之前占比"),
    "rc.col.share_after": ("Share after", "之后占比"),
    "rc.col.weight_before": ("{weight} before", "之前{weight}"),
    "rc.col.weight_after": ("{weight} after", "之后{weight}"),
    "rc.col.source_row": ("Row in file", "文件行号"),
    "rc.col.change": ("Change in share", "占比变化"),
    "rc.how.periods": (
        "Rows are placed by their creation time; each period's shares are of its own total. The "
        "change is the share after minus the share before. The chi-square test (no continuity "
        "correction) uses the 2 × causes table of ticket counts, whatever the weight; causes folded "
        "into Other are decided on both periods together. Left out: {excluded}.",
        "按提交时间划分时期；各时期的占比以其自身总量为分母。变化 = 之后占比 − 之前占比。卡方检验（不做连续性校正）"
        "基于 2 × 原因 的工单数列联表，与所选权重无关；“其他”的合并按两个时期合计决定。未计入：{excluded}。"),
    # drill-down
    "rc.drill.cause": ("Cause to open", "查看原因"),
    "rc.drill.rows": ("{n:,} {level} behind “{cause}”.", "“{cause}”对应 {n:,} {level}。"),
    "rc.drill.clicked": ("“{cause}” is open in the Drill-down tab.", "已在“明细下钻”标签页中打开“{cause}”。"),
    "rc.drill.capped": ("Showing the first {shown:,} of {n:,}; the CSV download has them all.",
                        "仅显示前 {shown:,} 条（共 {n:,} 条）；下载的 CSV 包含全部记录。"),
    # text themes
    "rc.text.help": (
        "Edit the dictionary: one theme per row; keywords separated by commas. English keywords "
        "match whole words (add * for a prefix: refund*), Chinese ones anywhere in the text; an "
        "exclude phrase stops a keyword from counting inside it. Your edits are kept for this session.",
        "编辑词典：每行一个主题，关键词用逗号分隔。英文关键词按整词匹配（加 * 表示前缀，如 refund*），"
        "中文关键词按子串匹配；排除短语中的关键词不计入。修改在本次会话中保留。"),
    "rc.text.reset": ("Reset to the default themes", "恢复默认主题"),
    "rc.text.bad": ("The dictionary has a problem, the previous one is used: {message}",
                    "词典有误，继续使用上一版：{message}"),
    "rc.text.col.key": ("Key", "键"),
    "rc.text.col.label": ("Label", "名称"),
    "rc.text.col.include": ("Keywords", "关键词"),
    "rc.text.col.exclude": ("Exclude phrases", "排除短语"),
    "rc.text.counts": (
        "{n_texts:,} non-empty texts in “{text}” ({n_blank:,} empty): {n_tagged:,} caught by a "
        "theme, {n_untagged:,} untagged, {n_multi:,} caught by more than one.",
        "“{text}”中有 {n_texts:,} 条非空文本（另有 {n_blank:,} 条为空）：{n_tagged:,} 条命中主题，"
        "{n_untagged:,} 条未命中，{n_multi:,} 条命中多个主题。"),
    "rc.text.finding": (
        "**{share:.1%} of the {n:,} {level} ({population}) mention “{label}”** in “{text}” "
        "(empty texts included in the {n:,}).",
        "**{n:,} {level}（{population}）中有 {share:.1%} 在“{text}”中提到“{label}”**（分母包含空文本）。"),
    "rc.text.finding_000": (
        "The `000` report says 23 % of low scores mention canned scripts.",
        "`000` 报告称 23 % 的低分评价提到机械话术。"),
    "rc.text.col.theme": ("Theme", "主题"),
    "rc.text.col.texts": ("Texts", "文本数"),
    "rc.text.col.share_texts": ("Share of non-empty texts", "占非空文本比例"),
    "rc.text.col.share_rows": ("Share of all rows", "占全部记录比例"),
    "rc.text.pareto": ("Pareto of the themes", "主题的帕累托分析"),
    "rc.how.text": (
        "A text carries a theme when it contains one of the theme's keywords outside its exclude "
        "phrases. Share of all rows = texts with the theme ÷ all {n:,} {level} in the population "
        "(empty texts included); share of non-empty texts leaves the empty ones out. The Pareto "
        "counts mentions: a text with several themes counts in each.",
        "文本包含某主题的关键词（且不在排除短语内）即计入该主题。占全部记录比例 = 含该主题的文本数 ÷ 统计范围内全部 "
        "{n:,} {level}（含空文本）；占非空文本比例不计空文本。帕累托图统计提及次数：命中多个主题的文本在每个主题各计一次。"),
    # fishbone
    "rc.fish.help": (
        "Each cause sits under one of the six Ishikawa headings (people, process, product, tools / "
        "systems, policy, environment). Change a heading in the table; causes left unmapped are "
        "shown last as “(unmapped)”.",
        "每个原因归入六大鱼骨图类别之一（人员、流程、产品、工具 / 系统、政策、环境）。可在表格中修改类别；"
        "未归类的原因以“（未归类）”显示在最后。"),
    "rc.fish.reset": ("Reset to the default mapping", "恢复默认归类"),
    "rc.fish.col.heading": ("Heading", "类别"),
    "rc.fish.unmapped": ("Not mapped yet: {causes}", "尚未归类：{causes}"),
    "rc.how.fish": (
        "Each cause's weight is added to its heading; the headings are then ranked like causes "
        "(share of the total, cumulative share, vital few at {cut:.0%}). {n:,} {level}. Left out: {excluded}.",
        "每个原因的权重计入其所属类别，再像原因一样对类别排序（占总量比例、累计占比、分界线 {cut:.0%} 处的关键少数）。"
        "共 {n:,} {level}。未计入：{excluded}。"),
}
