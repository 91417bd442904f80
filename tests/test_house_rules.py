"""Rules the whole code base keeps, checked mechanically."""
import ast
import re
import string
from pathlib import Path

import pytest

from i18n import catalogue, t

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["analysis", "charts", "i18n"])
def test_computation_never_imports_streamlit(package):
    offenders = [p.name for p in (ROOT / package).rglob("*.py") if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_no_page_renders_raw_html():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        assert "unsafe_allow_html=True" not in path.read_text(encoding="utf-8"), path.name


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_english_and_chinese_with_the_same_placeholders():
    for key, (en, zh) in catalogue().items():
        assert en.strip() and zh.strip(), key
        assert placeholders(en) == placeholders(zh), key


def test_lookup_and_fallback():
    assert t("nav.data", "zh") == "数据"
    assert t("no.such.key", "zh") == "no.such.key"


HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!(][\u4e00-\u9fff]")


def test_chinese_strings_use_full_width_punctuation_beside_chinese_text():
    # 高峰时段:时段 reads as a typo to a Chinese reader; placeholders ({n:,}) are not text
    offenders = {key: zh for key, (_, zh) in catalogue().items()
                 if HALF_WIDTH_BESIDE_CHINESE.search(re.sub(r"\{[^{}]*\}", "0", zh))}
    assert offenders == {}


def test_clock_times_keep_their_colon_in_chinese():
    # "9:00", also when the hour is a placeholder ({start}:00): never the full-width 9：00
    offenders = {key: zh for key, (_, zh) in catalogue().items() if re.search(r"[\d}]：\d", zh)}
    assert offenders == {}
