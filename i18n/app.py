"""App frame: navigation, sidebar, filters, shared widgets, placeholders."""

STRINGS = {
    "nav.data": ("Data", "数据"),
    "nav.overview": ("Overview", "总览"),
    "nav.operations": ("Operations & SLA", "运营与时效"),
    "nav.agents": ("Agents", "客服人员"),
    "nav.drivers": ("Satisfaction drivers", "满意度驱动因素"),
    "nav.root_causes": ("Root causes", "根因分析"),
    "nav.periods": ("Period comparison", "周期对比"),
    "nav.goals": ("Goals", "目标"),
    "nav.report": ("Report & workshop", "报告与研讨"),
    "app.no_dataset": ("No data loaded yet.", "尚未加载数据。"),
    "login.title": ("Log in", "登录"),
    "login.intro": ("Fupan reviews a customer-service operation from its ticket and survey exports. This server "
                    "keeps each team's saved datasets, goals and column mappings apart: log in to work with "
                    "your team's.",
                    "复盘根据工单与满意度调查导出文件复盘客服运营。此服务器按团队分别保存数据集、目标和列映射："
                    "请登录以使用您团队的数据。"),
    "login.button": ("Log in", "登录"),
    "login.logout": ("Log out", "退出登录"),
    "login.as": ("Logged in as {name} · team {team}", "已登录：{name} · 团队 {team}"),
    "login.no_team": ("You are logged in, but your login carries no email address (nor a team) to tell your team "
                      "from. Ask whoever runs this server to add you to a team.",
                      "您已登录，但登录信息中没有可确定团队的邮箱地址（或团队信息）。请联系服务器管理员将您加入团队。"),
    "app.dataset": ("**{name}** · {rows} tickets · {start} – {end}", "**{name}** · {rows} 条工单 · {start} – {end}"),
    "app.dataset_no_dates": ("**{name}** · {rows} tickets · no creation dates", "**{name}** · {rows} 条工单 · 无创建时间"),
    "app.no_data": ("Load a ticket export (or the sample data) on the Data page first.",
                    "请先在“数据”页上传工单导出文件（或使用示例数据）。"),
    "app.go_to_data": ("Go to the Data page", "前往数据页"),
    "filter.title": ("Filters", "筛选"),
    "filter.dates": ("Created between", "创建日期范围"),
    "filter.all": ("All", "全部"),
    "filter.channel": ("Channel", "渠道"),
    "filter.request_type": ("Request type", "需求类型"),
    "filter.category": ("Category", "问题类型"),
    "filter.priority": ("Priority", "紧急程度"),
    "filter.agent": ("Agent", "处理人"),
    "filter.customer_type": ("Customer type", "客户类型"),
    # segments on the standard values the cleaner reads off the file's labels (channel_key …)
    "segment.standard": ("{field} (standard groups)", "{field}（标准分组）"),
    "key.channel_key.phone": ("phone", "电话"),
    "key.channel_key.online": ("online chat", "在线"),
    "key.channel_key.email": ("e-mail", "邮件"),
    "key.channel_key.social": ("social media", "社交媒体"),
    "key.channel_key.other": ("other", "其他"),
    "key.priority_key.urgent": ("urgent", "紧急"),
    "key.priority_key.high": ("high", "高"),
    "key.priority_key.medium": ("medium", "中"),
    "key.priority_key.low": ("low", "低"),
    "key.customer_type_key.vip": ("VIP", "VIP"),
    "key.customer_type_key.new": ("new", "新客户"),
    "key.customer_type_key.existing": ("existing", "老客户"),
    "common.download_csv": ("Download CSV", "下载 CSV"),
    "common.download_png": ("PNG", "PNG"),
    "common.download_svg": ("SVG", "SVG"),
    "common.how_computed": ("How is this computed?", "计算方法说明"),
    "placeholder.overview": ("KPIs for the selected range (volume, first response, resolution and handling "
                             "times with median and P90, FCR, CSAT, NPS, complaint and repeat-contact rates, "
                             "backlog), trends, breakdowns and the hour × weekday heatmap will live here.",
                             "此页将展示所选时间段的关键指标（工单量、首次响应/解决/处理时长的中位数与 P90、一次解决率、"
                             "满意度、NPS、投诉率、重复咨询率、积压）、趋势、分项对比与时段热力图。"),
    "placeholder.operations": ("SLA compliance per priority tier (clock or business hours), breaches and the "
                               "live backlog monitor will live here.",
                               "此页将展示各紧急程度的 SLA 达标率（自然时间或工作时间）、超时明细与实时积压监控。"),
    "placeholder.agents": ("A table per agent (volume, first response, handling time, FCR, CSAT with its "
                           "interval) will live here.",
                           "此页将展示每位客服的工单量、首次响应、处理时长、一次解决率与满意度（含置信区间）。"),
    "placeholder.drivers": ("What moves satisfaction: correlations with intervals, relative importance, "
                            "models and the importance × performance quadrant will live here.",
                            "此页将分析影响满意度的因素：带置信区间的相关系数、相对重要性、回归模型与重要性×表现四象限。"),
    "placeholder.root_causes": ("The Pareto of complaint and low-score causes (from categories or free text) "
                                "will live here.",
                                "此页将展示投诉与低分原因的帕累托分析（来自分类字段或文本关键词）。"),
    "placeholder.periods": ("Period-over-period comparisons with the right test per metric will live here.",
                            "此页将按周期对比各项指标，并给出相应的显著性检验。"),
    "placeholder.goals": ("Goals (e.g. CSAT 75 → 85) with progress, projection and status will live here.",
                          "此页将展示目标（如满意度 75 → 85）的进度、趋势预测与状态。"),
    "placeholder.report": ("Exports (Excel, HTML, PNG) and the workshop mode will live here.",
                           "此页将提供导出（Excel、HTML、PNG）与研讨演示模式。"),
}
