"""Keyword themes: Chinese and English sentences, word boundaries, overlapping themes, excluded
phrases, blanks, serialisation, and the theme Pareto (a multi-tagged text counts once per theme)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.themes import (DEFAULT_THEMES, Theme, ThemeError, default_themes, tag_texts, theme_pareto,
                             themes_from_dict, themes_to_dict)


def texts(*values) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def tagged(values, themes=None) -> list[set[str]]:
    """The set of theme keys each text carries."""
    flags = tag_texts(texts(*values), themes).flags
    return [set(flags.columns[row]) for row in flags.to_numpy()]


def test_defaults_carry_the_sample_data_phrases():
    required = {
        "canned_scripts": ["canned response", "scripted answer", "copy-paste reply", "话术", "模板回复", "机械回复"],
        "logistics": ["物流", "快递", "delivery", "tracking"],
        "refunds": ["退款", "退货", "refund", "return"],
        "transfers": ["转接", "踢皮球", "transferred"],
        "promotion": ["优惠", "活动规则", "promotion", "coupon"],
        "product_quality": ["质量", "破损", "quality", "broken"],
        "payment": ["支付", "扣款", "payment", "charged"],
        "account": ["账号", "登录", "account", "login"],
    }
    themes = default_themes()
    assert set(themes) == set(required)
    for key, words in required.items():
        assert set(words) <= set(themes[key].include), key
    # each required phrase hits on its own, in a Chinese and in an English sentence
    cases = [(key, word, sentence) for key, words in required.items() for word in words
             for sentence in (f"客户说:{word}。", f"The customer said {word} twice.")]
    hits = tagged([sentence for *_, sentence in cases])
    for (key, word, sentence), found in zip(cases, hits):
        assert key in found, (key, word, sentence)


def test_chinese_sentences_and_overlapping_themes():
    result = tagged(["订单收到商品破损,要求退货", "快递三天没动,物流信息不更新", "客服一直用模板回复,还把我转接了三次",
                     "想咨询一下营业时间"])
    assert result == [{"product_quality", "refunds"}, {"logistics"}, {"canned_scripts", "transfers"}, set()]


def test_english_word_boundaries_and_case():
    result = tagged(["REFUND please", "I want my refund!", "refundable ticket", "我要refund退款",
                     "Got a Canned   Response again", "the discount code was rejected", "Returned the item"])
    assert result == [{"refunds"}, {"refunds"}, set(), {"refunds"}, {"canned_scripts"}, {"promotion"},
                      {"refunds"}]


def test_excluded_phrases_do_not_hit_but_other_mentions_still_do():
    theme = Theme("returns", ["return*", "退货"], exclude=["returning customer", "回头客"])
    result = tagged(["Returning customer asking about opening hours",
                     "returning customer wants to return the shoes",
                     "returning customer returning customer",
                     "I returned it",
                     "回头客咨询", "回头客要退货"], [theme])
    assert result == [set(), {"returns"}, set(), {"returns"}, set(), {"returns"}]
    # Default exclusions: 'in charge' is not a payment, 'service quality' not product quality.
    assert tagged(["the person in charge was rude", "服务质量太差", "I was charged twice"]) == [
        set(), set(), {"payment"}]


def test_counts_untagged_blank_and_multi():
    result = tag_texts(texts("退款太慢,物流也慢", "物流", "hello", "", "   ", None))
    assert result.n_texts == 3 and result.n_blank == 3
    assert result.n_untagged == 1 and result.n_tagged == 2 and result.n_multi == 1
    assert result.counts["logistics"] == 2 and result.counts["refunds"] == 1 and result.counts["payment"] == 0
    table = result.table()
    assert table["theme"].iloc[0] == "logistics" and table["share_of_texts"].iloc[0] == pytest.approx(2 / 3)
    assert table["share_of_rows"].iloc[0] == pytest.approx(2 / 6)
    assert result.flags.index.equals(pd.RangeIndex(6))


def test_object_and_str_columns_give_the_same_tags():
    # The str column is matched by pyarrow's RE2 and an object column by Python's re: same rules.
    values = ["我要refund退款", "Return call please", "copy-paste reply", "log in failed", "login", "登陆不了",
              "promo", "promotional email", "returning customer", None, "物流\nrefund"]
    as_str = tag_texts(pd.Series(values, dtype="str")).flags
    as_object = tag_texts(pd.Series(values, dtype=object)).flags
    pd.testing.assert_frame_equal(as_str, as_object)


def test_canned_scripts_share_of_low_scores_is_reproducible():
    # 100 low-score comments, 23 of them about canned scripts phrased in several ways.
    canned = ["客服全程话术,毫无诚意", "Only a canned response", "模板回复,没解决问题", "scripted answer again",
              "机械回复", "copy-paste reply from the agent"]
    others = ["物流太慢", "退款没到账", "质量不好", "态度一般", "等了很久"]
    comments = [canned[i % len(canned)] for i in range(23)] + [others[i % len(others)] for i in range(77)]
    result = tag_texts(pd.Series(comments, dtype="str"))
    assert result.share_of_texts("canned_scripts") == pytest.approx(0.23)


def test_theme_pareto_counts_mentions_and_reports_untagged():
    frame = pd.DataFrame({"description": texts("退款太慢,物流也慢", "物流", "物流丢件", "退货", "hello", ""),
                          "handle_min": [60.0, 30.0, 30.0, 120.0, 10.0, 5.0]})
    result, tags = theme_pareto(frame, "description")
    # logistics 3 texts, refunds 2 texts: 5 mentions from 4 tagged texts.
    assert result.table["cause"].tolist() == ["Logistics transparency", "Returns and refunds"]
    assert result.table["count"].tolist() == [3, 2] and result.total == 5
    assert result.excluded == {"empty text": 1, "no theme matched": 1}
    assert any("once in each" in note for note in result.notes)
    hours, _ = theme_pareto(frame, "description", weight="handle_hours", lang="zh")
    # refunds: 60 + 120 min = 3 h; logistics: 60 + 30 + 30 min = 2 h.
    assert hours.table["cause"].tolist() == ["退换货与退款", "物流透明度"]
    assert hours.table["weight"].tolist() == pytest.approx([3.0, 2.0]) and hours.weight == "handle_hours"


def test_serialisation_round_trip_and_validation():
    themes = default_themes()
    themes["vip"] = Theme("vip", ["VIP", "大客户"], exclude=["非VIP"], label_en="VIP care", label_zh="大客户服务")
    data = themes_to_dict(themes)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    back = themes_from_dict(data)
    assert themes_to_dict(back) == data and back["vip"].label("zh") == "大客户服务"
    assert back["payment"].label("zh") == "支付" and back["payment"].label("en") == "Payment"
    assert themes_to_dict(default_themes()) == {k: {"include": v["include"], "exclude": v["exclude"]}
                                                for k, v in DEFAULT_THEMES.items()}
    for bad in ({"x": {"include": []}}, {"x": {"include": "退款"}}, {"x": ["退款"]}, {"x": {"words": ["a"]}},
                {"": {"include": ["a"]}}, {"x": {"include": [3]}}):
        with pytest.raises(ThemeError):
            themes_from_dict(bad)


def test_keywords_are_escaped_and_wildcards_prefix():
    theme = Theme("odd", ["c++", "a.b", "promo*", "(退款)"])
    assert tagged(["I love c++", "axb", "a.b works", "promotional", "(退款)申请", "退款"], [theme]) == [
        {"odd"}, set(), {"odd"}, {"odd"}, {"odd"}, set()]
    assert theme.hits("PROMOS") and theme.hits("a promo-free day") and not theme.hits("apromo")


def test_large_column_is_vectorised():
    rng = np.random.default_rng(0)
    pool = np.array(["物流很慢", "退款", "客服话术", "没问题", "账号登录不了"], dtype=object)
    column = pd.Series(pool[rng.integers(0, 5, 50_000)], dtype="str")
    result = tag_texts(column)
    assert result.counts["logistics"] == int((column == "物流很慢").sum())
    assert result.n_untagged == int((column == "没问题").sum())


def test_sample_data_canned_scripts_finding():
    """000: "23 % of low scores mention canned scripts", on the shipped English sample survey
    (low = not in the 1–5 scale's satisfied codes). Read with plain pandas, not the app's loader."""
    from pathlib import Path

    from analysis.schema import satisfied_codes
    path = Path(__file__).resolve().parents[1] / "sample_data" / "survey_en.csv"
    if not path.exists():
        pytest.skip("sample data not generated yet")
    survey = pd.read_csv(path, dtype={"Comment": "str"}, encoding="utf-8-sig")
    low = survey[~survey["Satisfaction Score"].isin(satisfied_codes(1, 5)) & survey["Satisfaction Score"].notna()]
    tags = tag_texts(low["Comment"])
    share_of_low_scores = tags.counts["canned_scripts"] / len(low)
    assert 0.20 <= share_of_low_scores <= 0.27


POOL = ["Refund still not received", "refund", "the delivery is late", "canned response again", "",
        "   ", "没有退款", "物流很慢，退款也没到", "a promo-free day", "nothing to report", None]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=40), st.integers(0, 3))
def test_a_column_is_tagged_as_each_of_its_texts_alone(values, offset):
    """Texts repeat in exports and are tagged once per distinct text: every row still carries
    exactly the tags its text has on its own, whatever the repeats, blanks, missing cells and index."""
    column = pd.Series(values, dtype="str", index=pd.RangeIndex(offset, offset + len(values)))
    result = tag_texts(column)
    assert result.flags.index.equals(column.index)
    alone = [tag_texts(pd.Series([v], dtype="str")).flags.iloc[0] for v in values]
    for row, expected in zip(result.flags.itertuples(index=False), alone):
        assert list(row) == expected.tolist()
    blank = [v is None or not v.strip() for v in values]
    assert result.n_blank == sum(blank) and result.n_texts == len(values) - sum(blank)
    assert result.counts.tolist() == [sum(f[k] for f in alone) for k in result.flags.columns]
