"""Loads the server's memory budget refuses, and files that can no longer be read again."""

STRINGS = {
    "memory.refused": (
        "Not loaded: {files} ({size}) would need about {needed} of memory to load, and the server has "
        "{room} left of its {limit} memory limit. Try again when other people's loads have finished or "
        "their sessions have closed, or ask whoever runs the server to raise the limit.",
        "未加载：{files}（{size}）加载约需 {needed} 内存，而服务器的内存上限为 {limit}，目前仅剩 {room}。"
        "请等其他人的加载完成或会话关闭后重试，或请服务器管理员提高上限。"),
    "memory.retry": ("Try loading again", "重新加载"),
    "memory.gone": (
        "{file} is no longer in the uploader, so it cannot be read again with other settings: upload it again.",
        "{file} 已不在上传框中，无法按新的设置重新读取：请重新上传。"),
}
