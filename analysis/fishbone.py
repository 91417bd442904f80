"""Fishbone (Ishikawa) grouping of causes under six headings, and the Pareto of the headings.

The six headings are the service version of the 6M: people, process, product, tools/systems,
policy and environment. A mapping (cause -> heading) places each cause; the default covers the
default keyword themes and the common categories of the seed documents in English and Chinese,
and the user edits it as a plain dict. Causes are matched to the mapping case-, width-, space-
and punctuation-insensitively; a cause the mapping does not know is reported as unmapped and
shown under "(unmapped)" (last in the Pareto, never a vital few), never silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.pareto import ParetoResult, cause_labels, pareto, resolve_weight
from analysis.schema import normalise_header
from analysis.themes import Theme, tag_texts
from i18n import catalogue, t

PEOPLE, PROCESS, PRODUCT, TOOLS, POLICY, ENVIRONMENT = (
    "people", "process", "product", "tools_systems", "policy", "environment")
HEADINGS = (PEOPLE, PROCESS, PRODUCT, TOOLS, POLICY, ENVIRONMENT)
UNMAPPED = "unmapped"

# Default keyword themes -> heading.
THEME_HEADINGS: dict[str, str] = {
    "logistics": PROCESS,
    "refunds": POLICY,
    "transfers": PROCESS,
    "promotion": POLICY,
    "canned_scripts": PEOPLE,
    "product_quality": PRODUCT,
    "payment": TOOLS,
    "account": TOOLS,
}

# Common complaint / problem / dissatisfaction categories (DOMAIN.md, seeds 001 and 003).
CATEGORY_HEADINGS: dict[str, str] = {
    "product usage": PRODUCT, "产品使用": PRODUCT, "product quality": PRODUCT, "产品质量": PRODUCT,
    "质量问题": PRODUCT, "product": PRODUCT, "产品": PRODUCT, "产品问题": PRODUCT,
    "attitude": PEOPLE, "service attitude": PEOPLE, "服务态度": PEOPLE, "态度": PEOPLE, "态度差": PEOPLE,
    "professionalism": PEOPLE, "专业": PEOPLE, "专业度": PEOPLE, "专业能力": PEOPLE, "training": PEOPLE,
    "培训": PEOPLE,
    "orders": PROCESS, "order": PROCESS, "订单": PROCESS, "订单问题": PROCESS, "after-sales": PROCESS,
    "after sales": PROCESS, "售后": PROCESS, "售后服务": PROCESS, "too slow": PROCESS, "处理太慢": PROCESS, "响应慢": PROCESS,
    "速度慢": PROCESS, "处理慢": PROCESS, "unresolved": PROCESS, "未解决": PROCESS, "问题未解决": PROCESS,
    "delivery": PROCESS, "logistics": PROCESS, "物流": PROCESS, "transfer": PROCESS, "转接": PROCESS,
    "unreasonable solution": POLICY, "方案不合理": POLICY, "解决方案不合理": POLICY,
    "contract disputes": POLICY, "contract dispute": POLICY, "合同纠纷": POLICY, "refund": POLICY,
    "refunds": POLICY, "退款": POLICY, "退换货": POLICY, "pricing": POLICY, "price": POLICY, "价格": POLICY,
    "promotion": POLICY, "优惠活动": POLICY,
    "payment": TOOLS, "支付": TOOLS, "支付问题": TOOLS, "account": TOOLS, "账号": TOOLS, "账户": TOOLS,
    "账号问题": TOOLS, "账户问题": TOOLS, "system": TOOLS, "系统": TOOLS, "系统故障": TOOLS, "system outage": TOOLS,
    "chatbot": TOOLS, "机器人": TOOLS, "智能客服": TOOLS,
    "network": ENVIRONMENT, "网络": ENVIRONMENT, "peak season": ENVIRONMENT, "高峰": ENVIRONMENT,
    "节假日": ENVIRONMENT, "holiday": ENVIRONMENT, "weather": ENVIRONMENT, "天气": ENVIRONMENT,
    "third party": ENVIRONMENT, "第三方": ENVIRONMENT,
}


class FishboneError(ValueError):
    """A mapping that names a heading outside the six."""


def default_mapping() -> dict[str, str]:
    """Editable default cause -> heading mapping: theme keys, their English and Chinese labels,
    and the common categories."""
    mapping = dict(CATEGORY_HEADINGS)
    labels = catalogue()
    for key, heading in THEME_HEADINGS.items():
        mapping[key] = heading
        for label in labels.get(f"pareto.theme.{key}", ()):
            mapping[label] = heading
    return mapping


def heading_label(heading: str, lang: str = "en") -> str:
    """Display label of a heading (or of "unmapped")."""
    return t(f"pareto.fishbone.{heading}" if heading in HEADINGS else "pareto.unmapped", lang)


def _lookup(mapping: dict[str, str]) -> dict[str, str]:
    bad = {k: v for k, v in mapping.items() if v not in HEADINGS}
    if bad:
        raise FishboneError(f"unknown headings {sorted(set(bad.values()))}; use one of {HEADINGS}")
    return {normalise_header(cause): heading for cause, heading in mapping.items()}


@dataclass
class FishboneResult:
    """Causes grouped under the Ishikawa headings.

    groups: heading (key), heading_label, cause, count (tickets), weight (in the Pareto's unit),
    one row per cause, headings in the fixed order, causes by descending weight within each;
    pareto: the Pareto of the headings (weight summed over their causes; "(unmapped)" last);
    unmapped: causes the mapping does not place."""
    groups: pd.DataFrame
    pareto: ParetoResult
    unmapped: list[str]
    mapping: dict[str, str]


def fishbone(frame: pd.DataFrame, by: str, mapping: dict[str, str] | None = None, weight: object = None,
             cut: float = 0.8, lang: str = "en") -> FishboneResult:
    """Group the causes in column `by` under the six headings and rank the headings by weight."""
    mapping = default_mapping() if mapping is None else dict(mapping)
    lookup = _lookup(mapping)
    causes = pareto(frame, by, weight=weight).raw            # per cause: count, weight (unfolded)
    keys = pd.Series([normalise_header(c) for c in causes["cause"]], dtype="object")  # per cause
    heading = keys.map(lookup).fillna(UNMAPPED)
    order = {h: i for i, h in enumerate((*HEADINGS, UNMAPPED))}
    groups = causes.assign(heading=heading.to_numpy(),
                           heading_label=[heading_label(h, lang) for h in heading])
    groups = (groups.assign(_o=groups["heading"].map(order))
              .sort_values(["_o", "weight", "cause"], ascending=[True, False, True], kind="mergesort")
              .drop(columns="_o").reset_index(drop=True)
              [["heading", "heading_label", "cause", "count", "weight"]])
    # The heading Pareto counts tickets, so it is run on the rows relabelled by heading. A row with
    # no cause recorded has no heading either (NA): the heading Pareto counts it in n_blank, as
    # the cause Pareto does, and leaves it out of the ranking.
    per_cause = dict(zip(causes["cause"], [heading_label(h, lang) for h in heading]))
    weights, name, unit, excluded = resolve_weight(frame, weight)
    headed = pd.DataFrame({"heading": cause_labels(frame[by], per_cause)}, index=frame.index)
    result = pareto(headed, "heading", weight=weights.rename(name), cut=cut,
                    other_label=heading_label(UNMAPPED, lang))
    result.by, result.unit, result.excluded = "fishbone heading", unit, excluded
    result.notes = [n.replace("no heading recorded", f"no {by} recorded") for n in result.notes]
    unmapped = groups.loc[groups["heading"] == UNMAPPED, "cause"].tolist()
    return FishboneResult(groups=groups, pareto=result, unmapped=unmapped, mapping=mapping)


def fishbone_themes(frame: pd.DataFrame, text: str, themes: dict[str, Theme] | list[Theme] | None = None,
                    mapping: dict[str, str] | None = None, weight: object = None, cut: float = 0.8,
                    lang: str = "en") -> FishboneResult:
    """Fishbone of keyword themes found in a text column: each (text, theme) mention is one cause
    occurrence carrying its row's weight, themes placed by their key in `mapping`."""
    tags = tag_texts(frame[text], themes, lang)
    rows, cols = np.nonzero(tags.flags.to_numpy())
    keys = np.asarray(tags.flags.columns, dtype=object)
    weights, name, *_ = resolve_weight(frame, weight)
    mentions = pd.DataFrame({"theme": pd.array(keys[cols], dtype="str"), "w": weights.to_numpy()[rows]})
    result = fishbone(mentions, "theme", mapping, weight=mentions["w"].rename(name), cut=cut, lang=lang)
    result.pareto.excluded.update({k: v for k, v in (("empty text", tags.n_blank),
                                                     ("no theme matched", tags.n_untagged)) if v})
    labels = {k: tags.labels[k] for k in keys}
    result.groups["cause"] = result.groups["cause"].map(labels).fillna(result.groups["cause"])
    return result
