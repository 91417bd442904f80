"""Hostile user text for the tests of issue 18 (items 3 and 4): the English sample export with
agents, categories, channels, customer types, a survey reason and column headers renamed to
markdown, HTML, bare URLs and spreadsheet formulas, under file names that are markdown too.
Generated here from the sample files, never committed as blobs."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

EVIL = "evil.example"                       # the only host any hostile text points at
DATASET_NAME = "x ![p](https://evil.example/ws.png)"
GOAL_NAME = "**goal** <img src=x onerror=alert(1)> [g](https://evil.example/g)"
TICKETS_FILE = "tickets ![f](https://evil.example/f.png).csv"
SURVEY_FILE = "survey [s](https://evil.example/s).csv"

AGENTS = {"Agent Lin": "**bold**", "Agent Zhu": "<img src=x onerror=alert(1)>",
          "Agent Yang": "[link](https://evil.example)", "Agent Cao": "https://evil.example/a",
          "Agent Zhao": "www.evil.example", "Agent Han": "a@evil.example &copy; :material/home:",
          "Agent Zheng": "=cmd|' /C calc'!A0"}
CATEGORIES = {"Orders": "![c](https://evil.example/c.png)", "Payment": "**pay** [pay](https://evil.example/p)",
              "Other": "https://evil.example/other"}
CUSTOMER_TYPES = {"VIP": "<b>VIP</b> # head"}
CHANNELS = {"Other": "+SUM(1,2)"}
REASONS = {"Other": "**why** https://evil.example/r"}
DRIVER_HEADER = ("Attitude", "Attitude ![d](https://evil.example/d.png)")
EXTRA_HEADER = ("Tags", "Tags [t](https://evil.example/t)")
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(1)", "\t=1", "\r=1"]

# The first user-facing name an agent, a category … goes under: what the pages must show.
HOSTILE = [DATASET_NAME, GOAL_NAME, TICKETS_FILE, SURVEY_FILE, *AGENTS.values(), *CATEGORIES.values(),
           *CUSTOMER_TYPES.values(), *REASONS.values(), DRIVER_HEADER[1], EXTRA_HEADER[1]]

# Text that, found as it is in a markdown body, would be read as markup: the hostile strings'
# telltale pieces (escaped by ui.text.plain, none of them survives as it is).
RAW_MARKERS = [EVIL, "**bold**", "**pay", "**why", "**goal", "<img", "<b>", "[link]", "[pay]", "[g]", "[t]",
               "![", "&copy;", ":material/home:"]
# … found with no backslash in front (plain() writes "\\<img": the "<" is escaped, "<img" is there)
UNESCAPED = re.compile("|".join(r"(?<!\\)" + re.escape(m) for m in RAW_MARKERS))
# A bare URL or e-mail address the markdown renderer would make a link of, escaped or not:
# "https:" (or "https\\:") right before "//" (or "\\/"), "www." and "@" followed by a letter.
AUTOLINK = re.compile(r"(?i)https?\\?:\\?/|www\\?\.|\\?@\w")


def _rewrite(path: Path, renames: dict[str, dict[str, str]], headers: dict[str, str],
             extra: dict[str, list[str]] | None = None) -> bytes:
    """The CSV at `path` with values of the named columns renamed, headers renamed, and `extra`
    columns' first cells set (cycling through the given values)."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    index = {name: header.index(name) for name in [*renames, *(extra or {})]}
    for row in rows[1:]:
        for name, mapping in renames.items():
            row[index[name]] = mapping.get(row[index[name]], row[index[name]])
    for name, values in (extra or {}).items():
        for i, row in enumerate(rows[1:]):
            row[index[name]] = values[i % len(values)] if i < 60 else row[index[name]]
    rows[0] = [headers.get(h, h) for h in header]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def tickets_csv() -> bytes:
    """The English sample's tickets with hostile agents, categories, channels and customer types;
    the (empty) Tags column under a hostile header, its first rows holding formulas."""
    return _rewrite(SAMPLE / "tickets_en.csv",
                    {"Agent": AGENTS, "Category": CATEGORIES, "Customer Type": CUSTOMER_TYPES,
                     "Ticket Channel": CHANNELS},
                    {EXTRA_HEADER[0]: EXTRA_HEADER[1]}, extra={EXTRA_HEADER[0]: FORMULAS})


def survey_csv() -> bytes:
    """The English sample's survey with a hostile reason and a hostile driver header."""
    return _rewrite(SAMPLE / "survey_en.csv", {"Reason": REASONS}, {DRIVER_HEADER[0]: DRIVER_HEADER[1]})


def files() -> list[tuple[str, bytes]]:
    return [(TICKETS_FILE, tickets_csv()), (SURVEY_FILE, survey_csv())]
