"""Workspace: saved datasets, "Save to workspace" and "Add a month"."""

STRINGS = {
    "nav.workspace": ("Workspace", "工作区"),
    "workspace.title": ("Workspace", "工作区"),
    "workspace.intro": ("Datasets saved here stay between visits; the app opens on the most recently updated "
                        "one. They live in the file {path} of the app's data folder (set FUPAN_DATA_DIR to keep it elsewhere).",
                        "保存在这里的数据集在下次访问时仍然可用；应用启动时会打开最近更新的数据集。"
                        "数据保存在应用数据文件夹的文件 {path} 中（可通过环境变量 FUPAN_DATA_DIR 更改位置）。"),
    "workspace.store_error": ("The workspace cannot be used: {message}", "工作区无法使用：{message}"),
    "workspace.uploads_only": ("The app works on uploads only until this is fixed (Data page).",
                               "在问题解决之前，应用只能使用上传的文件（数据页）。"),
    "workspace.empty": ("No dataset is saved yet. Load files on the Data page and use **Save to workspace** "
                        "at the end of that page.",
                        "尚未保存任何数据集。请在数据页加载文件，然后使用页面底部的**保存到工作区**。"),
    "workspace.list_header": ("Saved datasets", "已保存的数据集"),
    "workspace.col.name": ("Name", "名称"),
    "workspace.col.tickets": ("Tickets", "工单数"),
    "workspace.col.responses": ("Survey responses", "调查回复数"),
    "workspace.col.start": ("First ticket", "最早工单"),
    "workspace.col.end": ("Last ticket", "最晚工单"),
    "workspace.col.updated_at": ("Last update", "最近更新"),
    "workspace.col.key": ("Rows matched on", "行匹配依据"),
    "workspace.col.active": ("Open now", "当前打开"),
    "workspace.key.ticket_id": ("ticket ID", "工单编号"),
    "workspace.key.row hash": ("row content (no ticket ID)", "行内容（无工单编号）"),
    "workspace.how": ("**Tickets** and **survey responses** are the rows stored (each ticket once: a ticket "
                      "added again with a later export replaces its earlier version). **First/last ticket** are "
                      "the earliest and latest creation times ({no_date} stored tickets have no creation time "
                      "and are left out of the span). **Rows matched on**: tickets are recognised by their "
                      "ticket ID; a file without ticket IDs (e.g. the template keyed by 客户编号) is matched "
                      "on a hash of the row's content, so a changed row of such a file is added as a new row. "
                      "Survey responses are matched on ticket ID, customer ID and response time.",
                      "**工单数**和**调查回复数**为已存储的行数（每张工单只存一次：后续导出中再次出现的工单会替换旧版本）。"
                      "**最早/最晚工单**为最早和最晚的创建时间（{no_date} 条已存工单没有创建时间，未计入）。"
                      "**行匹配依据**：工单按工单编号识别；没有工单编号的文件（如以客户编号为键的模板）按行内容的哈希值匹配，"
                      "因此此类文件中内容有变化的行会作为新行添加。调查回复按工单编号、客户编号和回复时间匹配。"),
    "workspace.pick": ("Dataset", "数据集"),
    "workspace.open": ("Open this dataset", "打开此数据集"),
    "workspace.opened": ("Opened **{name}**: every page now works on it.", "已打开 **{name}**：所有页面现在都基于此数据集。"),
    "workspace.rename_header": ("Rename", "重命名"),
    "workspace.new_name": ("New name", "新名称"),
    "workspace.rename": ("Rename", "重命名"),
    "workspace.renamed": ("Renamed to **{name}**.", "已重命名为 **{name}**。"),
    "workspace.export_header": ("Export", "导出"),
    "workspace.format": ("Format", "格式"),
    "workspace.prepare_export": ("Prepare the export", "准备导出文件"),
    "workspace.download": ("Download {file}", "下载 {file}"),
    "workspace.export_help": ("The cleaned tickets (and survey responses) with the app's column names; a CSV "
                              "export can be loaded again on the Data page.",
                              "导出清洗后的工单（及调查回复），列名为应用的标准字段名；CSV 文件可以在数据页重新加载。"),
    "workspace.delete_header": ("Delete", "删除"),
    "workspace.delete_confirm": ("Yes, delete **{name}** and its rows for good", "确认永久删除 **{name}** 及其全部数据"),
    "workspace.delete": ("Delete", "删除"),
    "workspace.deleted": ("Deleted **{name}**; its rows are gone from the file.", "已删除 **{name}**，其数据已从文件中清除。"),
    "workspace.error": ("Could not do that: {message}", "操作失败：{message}"),
    # on the Data page
    "workspace.save_header": ("Save to workspace", "保存到工作区"),
    "workspace.save_help": ("Keep the loaded data (tickets, survey, mapping, quality report) so that it is there "
                            "on the next visit, for you and for anyone using this app.",
                            "保存当前加载的数据（工单、调查、字段映射、质量报告），下次访问时无需重新上传；"
                            "使用此应用的其他人也能看到。"),
    "workspace.name": ("Name", "名称"),
    "workspace.save": ("Save to workspace", "保存到工作区"),
    "workspace.replace": ("Replace the saved dataset **{name}**", "替换已保存的数据集 **{name}**"),
    "workspace.changed_meanwhile": ("Not replaced: someone else wrote \"{name}\" at {at}, after you chose to replace it. "
                                    "Their rows are kept. Look at it on the Workspace page, then tick the box again "
                                    "to replace the newer version.",
                                    "未替换：在您选择替换后，他人于 {at} 写入了“{name}”。已保留对方的数据。请先在工作区页面查看，"
                                    "再重新勾选以替换较新的版本。"),
    "workspace.name_taken": ("A saved dataset is already called **{name}**: tick Replace, choose another name, or "
                             "use **Add a month** below to add these files to it.",
                             "已有名为 **{name}** 的数据集：请勾选替换、换一个名称，或使用下方的**添加月度数据**将这些文件追加进去。"),
    "workspace.saved": ("Saved **{name}**: {tickets} tickets, {responses} survey responses.",
                        "已保存 **{name}**：{tickets} 条工单，{responses} 条调查回复。"),
    "workspace.is_saved": ("This is the saved dataset **{name}**.", "这是已保存的数据集 **{name}**。"),
    "workspace.month_header": ("Add a month", "添加月度数据"),
    "workspace.month_help": ("Add a new export to a saved dataset. Rows are matched on ticket ID (survey responses "
                             "on ticket ID, customer ID and response time): a row seen before is updated, not "
                             "doubled; a new row is added. You see the counts before anything is written; adding "
                             "the same file twice changes nothing.",
                             "将新的导出文件追加到已保存的数据集。按工单编号匹配行（调查回复按工单编号、客户编号和回复时间）："
                             "已有的行会被更新而不会重复，新行会被添加。写入前会先显示数量；同一文件添加两次不会有任何变化。"),
    "workspace.month_target": ("Add to", "追加到"),
    "workspace.month_upload": ("The new export(s)", "新的导出文件"),
    "workspace.month_preview": ("What adding these files would do:", "添加这些文件将会："),
    "workspace.col.part": ("Rows", "数据"),
    "workspace.col.added": ("Added (new)", "新增"),
    "workspace.col.updated": ("Updated (seen before, changed)", "更新（已有且有变化）"),
    "workspace.col.unchanged": ("Unchanged", "不变"),
    "workspace.part.tickets": ("Tickets", "工单"),
    "workspace.part.survey": ("Survey responses", "调查回复"),
    "workspace.month_how": ("A row is **added** when its key was not stored yet, **updated** when the key is stored "
                            "with different content (the stored row is replaced, e.g. a ticket re-exported after it "
                            "was resolved gets its resolution), **unchanged** when key and content are the same. "
                            "Rows of the new files that the quality report flags are kept as on upload.",
                            "键尚未存储的行计为**新增**；键已存在但内容不同的行计为**更新**（替换已存的行，例如解决后重新导出的工单会获得解决时间）；"
                            "键和内容都相同的行计为**不变**。新文件中被质量报告标记的行与上传时的处理方式相同。"),
    "workspace.month_confirm": ("Add to {name}", "追加到 {name}"),
    "workspace.month_nothing": ("Nothing new: every row of these files is already stored as it is.",
                                "没有新内容：这些文件中的每一行都已按原样存储。"),
    "workspace.month_done": ("Added to **{name}**: {added} new tickets, {updated} updated, {unchanged} unchanged; "
                             "survey: {s_added} new, {s_updated} updated.",
                             "已追加到 **{name}**：新增 {added} 条工单，更新 {updated} 条，不变 {unchanged} 条；"
                             "调查回复：新增 {s_added} 条，更新 {s_updated} 条。"),
    "workspace.month_no_target": ("Save a dataset first; then months can be added to it.",
                                  "请先保存一个数据集，然后才能向其追加月度数据。"),
}
