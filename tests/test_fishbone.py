"""Fishbone grouping: the default mapping, seed 003's dissatisfaction reasons grouped by hand,
unmapped causes reported and last, editing the mapping, themes under headings."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.fishbone import (HEADINGS, THEME_HEADINGS, FishboneError, default_mapping, fishbone,
                               fishbone_themes)
from analysis.themes import DEFAULT_THEMES


def reasons(counts: dict[str, int]) -> pd.DataFrame:
    values = [cause for cause, n in counts.items() for _ in range(n)]
    return pd.DataFrame({"reason": pd.array(values, dtype="str"), "handle_min": 60.0})


def test_default_mapping_covers_every_default_theme_and_only_the_six_headings():
    mapping = default_mapping()
    assert set(DEFAULT_THEMES) == set(THEME_HEADINGS)
    assert set(mapping.values()) <= set(HEADINGS) and set(mapping.values()) == set(HEADINGS)
    assert mapping["canned_scripts"] == "people" and mapping["机械话术 / 缺乏共情"] == "people"
    assert mapping["product usage"] == "product" and mapping["attitude"] == "people"


def test_seed_003_reasons_grouped_by_hand():
    # 003: unresolved 542, too slow 323 (process); attitude 213 (people); unreasonable solution 198
    # (policy). By hand: process 865, people 213, policy 198 of 1,276.
    frame = reasons({"未解决": 542, "处理太慢": 323, "服务态度": 213, "方案不合理": 198})
    result = fishbone(frame, "reason")
    table = result.pareto.table
    assert table["cause"].tolist() == ["Process", "People", "Policy"]
    assert table["count"].tolist() == [865, 213, 198]
    assert table["share"].tolist() == pytest.approx([865 / 1276, 213 / 1276, 198 / 1276])
    assert table["vital_few"].tolist() == [True, True, False]     # .678, then .845 >= .8
    groups = result.groups
    assert groups.loc[groups["heading"] == "process", "cause"].tolist() == ["未解决", "处理太慢"]
    assert result.unmapped == []


def test_unmapped_causes_are_reported_and_last():
    frame = reasons({"Attitude": 5, "mystery": 9, "Product Usage": 3})   # matched case-insensitively
    result = fishbone(frame, "reason", lang="zh")
    assert result.unmapped == ["mystery"]
    assert result.pareto.table["cause"].tolist() == ["人员", "产品", "（未归类）"]
    assert result.pareto.table["is_other"].tolist() == [False, False, True]
    assert not result.pareto.table["vital_few"].iloc[-1]


def test_user_edits_the_mapping_and_weights():
    frame = reasons({"mystery": 4, "服务态度": 2})
    mapping = {**default_mapping(), "mystery": "environment"}
    result = fishbone(frame, "reason", mapping=mapping, weight="handle_hours")
    assert result.pareto.table["cause"].tolist() == ["Environment", "People"]
    assert result.pareto.table["weight"].tolist() == pytest.approx([4.0, 2.0])
    assert result.pareto.weight == "handle_hours" and result.pareto.unit == "hours"
    with pytest.raises(FishboneError):
        fishbone(frame, "reason", mapping={"mystery": "machines"})


def test_fishbone_of_text_themes():
    frame = pd.DataFrame({"comment": pd.array(["客服只会话术", "话术太假,还要我重新登录", "物流慢", "", "ok"],
                                              dtype="str")})
    result = fishbone_themes(frame, "comment")
    # canned scripts 2 (people), account 1 (tools/systems), logistics 1 (process).
    assert dict(zip(result.pareto.table["cause"], result.pareto.table["count"])) == {
        "People": 2, "Process": 1, "Tools / systems": 1}
    assert result.pareto.excluded == {"empty text": 1, "no theme matched": 1}
    assert "Canned scripts / lack of empathy" in result.groups["cause"].tolist()
