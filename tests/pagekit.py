"""What page tests share: open a page of the app on a sample dataset through AppTest."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.load import load_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
ZH_SAMPLE = ("tickets_zh.csv", "survey_zh.xlsx")


def open_page(page: str, lang: str = "en") -> AppTest:
    """The app on `page` with the English sample (loaded by its button) or, for "zh", the
    Chinese sample in Chinese. AppTest runs app.py only on the first run, so the language and
    the Chinese dataset are set in session state."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if lang == "zh":
        at.session_state["lang"] = "zh"
        at.session_state["dataset"] = load_files([(n, (SAMPLE / n).read_bytes()) for n in ZH_SAMPLE]).dataset
    else:
        next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def open_page_on_upload(page: str, name: str, data: bytes) -> AppTest:
    """The app on `page` after `data` was uploaded as `name` on the Data page (for tests of data
    that lacks what a page needs). Exceptions are left for the test to assert on."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader[0].set_value([(name, data, "text/csv")]).run()
    at.switch_page(page).run()
    return at
