"""The count line every analysis page shows under its title: the rows it uses of the rows in
the user's files, and why the rest are out (consistent with the Data page's row story)."""

STRINGS = {
    "count.tickets": ("This page uses {used} of the {read} rows in your ticket files",
                      "本页使用工单文件 {read} 行中的 {used} 行"),
    "count.survey": ("This page uses {used} of the {read} rows in your survey files",
                     "本页使用调查文件 {read} 行中的 {used} 行"),
    "count.survey_dataset": ("This page uses {used} of the dataset's {read} responses",
                             "本页使用数据集 {read} 条回复中的 {used} 条"),
    # a saved dataset (opened from the workspace: no files this session) counts its tickets
    "count.tickets_dataset": ("This page uses {used} of the dataset's {read} tickets",
                              "本页使用数据集 {read} 条工单中的 {used} 条"),
    "count.tickets_dataset_all": ("This page uses all {read} tickets of the dataset.",
                                  "本页使用数据集的全部 {read} 条工单。"),
    "count.tickets_all": ("This page uses all {read} rows of your ticket files.", "本页使用工单文件的全部 {read} 行。"),
    "count.survey_all": ("This page uses all {read} rows of your survey files.", "本页使用调查文件的全部 {read} 行。"),
    "count.survey_dataset_all": ("This page uses all {read} responses of the dataset.",
                                 "本页使用数据集的全部 {read} 条回复。"),
    "count.left_out": ("; left out: {items}.", "；未使用：{items}。"),
    "count.sep": ("; ", "；"),
    "count.item": ("{reason}: {n}", "{reason} {n} 行"),
    "count.reason.duplicate_row": ("exact repeats", "完全重复"),
    "count.reason.duplicate_id": ("earlier rows of a repeated ticket id", "重复工单编号的较早记录"),
    "count.reason.malformed_row": ("unreadable", "无法读取"),
    "count.reason.undecodable_row": ("in another text encoding", "文本编码与文件其余部分不同"),
    "count.removed_note": (" The rows removed on reading are listed by row number in the Data page's quality report.",
                           "读取时移除的行在数据页的数据质量报告中逐行列出。"),
    "count.reason.filtered": ("outside the sidebar filters", "不在侧栏筛选范围内"),
    "count.reason.no_outcome": ("no value of the outcome", "缺少结果变量数值"),
    "count.reason.missing_value": ("a chosen driver not rated", "所选驱动因素未评分"),
    "count.reason.not_in_population": ("outside the chosen population", "不在所选统计对象内"),
    "count.reason.blank_cause": ("no cause recorded", "未记录原因"),
}
