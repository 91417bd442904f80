"""Names of the cleaned dataset's derived columns as tables show them (the mapped fields use
their `field.*` names: see :func:`ui.text.column_label`)."""

STRINGS = {
    "column.frt_min": ("First response (min)", "首次响应时长（分钟）"),
    "column.resolution_h": ("Resolution (h)", "解决时长（小时）"),
    "column.handle_min": ("Handling time (min)", "处理时长（分钟）"),
    "column.csat_satisfied": ("Satisfied (top-2-box)", "满意（前两项）"),
    "column.is_complaint": ("Complaint", "投诉"),
    "column.is_open": ("Still open", "未结"),
    "column.source_row": ("Row in your file", "文件中的行号"),
    "column.source_file": ("File", "文件"),
}
