"""Causes from free text: tag descriptions or survey comments with editable keyword themes.

A theme is a list of keywords (Chinese and English) that mark it and a list of exclude phrases
that must not count as a hit. Matching rules, the same for every keyword:

* English (a keyword that starts or ends with a letter or digit) matches whole words only,
  case-insensitively: "refund" hits "Refund please" and "我要refund" but not "refunds"; a
  trailing ``*`` makes it a prefix ("refund*" also hits "refunds", "refunded"). Words of a
  phrase are separated by any run of spaces ("canned response" hits "canned  response").
* Chinese matches as a substring ("退款" hits "申请退款中").
* An exclude phrase masks its own text before the keywords are looked for: with the exclude
  "returning customer", the keyword "return*" does not hit "returning customer asks about X",
  but it still hits "returning customer wants to return it".

Each theme compiles to one regular expression (an alternation of its keywords) matched over the
whole column at once; a text may hit several themes. The default themes follow DOMAIN.md and
carry the phrases the sample data uses. Themes round-trip through a plain dict (UI editor, saving).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.pareto import OTHER, ParetoResult, pareto, resolve_weight
from i18n import catalogue

_WORD = "0-9A-Za-z_"
_LEFT = f"(?:^|[^{_WORD}])"
_RIGHT = rf"(?:[^{_WORD}]|\Z)"
_SPACES = "[ \t\r\n\u3000]+"
_NOT_SPACE = "[^ \t\r\n\u3000]"
_MASK = "\x1f"                 # a non-word character: what an excluded phrase leaves behind

THEME_COLUMN = "theme"


class ThemeError(ValueError):
    """A theme dictionary that cannot be used (no key, no keywords, wrong types)."""


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def _keyword_parts(keyword: str) -> tuple[str, str, str]:
    """(left boundary, escaped body, right boundary) of one keyword, as regex text."""
    prefix = keyword.endswith("*")
    core = keyword.rstrip("*").strip()
    body = _SPACES.join(re.escape(word) for word in core.split())
    left = _LEFT if _is_word_char(core[0]) else ""
    right = _RIGHT if _is_word_char(core[-1]) and not prefix else ""
    return left, body, right


def keyword_regex(keywords: list[str]) -> str:
    """One regular expression that hits a text containing any of `keywords` (rules above).

    Keywords sharing the same boundaries share one group, which keeps the alternation short."""
    groups: dict[tuple[str, str], list[str]] = {}
    for keyword in keywords:
        left, body, right = _keyword_parts(keyword)
        groups.setdefault((left, right), []).append(body)
    return "|".join(f"{left}(?:{'|'.join(bodies)}){right}" if left or right else "|".join(bodies)
                    for (left, right), bodies in groups.items())


def _mask_regex(keyword: str) -> str:
    """Regex for an exclude phrase with its boundaries captured, so a replacement by
    ``\\1 MASK \\2`` keeps the neighbouring characters (the boundary belongs to the next word)."""
    left, body, right = _keyword_parts(keyword)
    return f"({left[3:-1] if left else ''}){body}({right[3:-1] if right else ''})"


def _clean_keywords(values: object, what: str, key: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise ThemeError(f"theme {key!r}: {what} must be a list of strings")
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ThemeError(f"theme {key!r}: {what} keyword {value!r} is not text")
        word = " ".join(value.split())
        if word.rstrip("*").strip() and word not in out:
            out.append(word)
    return out


@dataclass
class Theme:
    """A keyword theme: texts hitting any `include` keyword (outside an `exclude` phrase) carry it.
    Labels default to the catalogue's (i18n/pareto.py) for the default keys, else the key."""
    key: str
    include: list[str]
    exclude: list[str] = field(default_factory=list)
    label_en: str | None = None
    label_zh: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise ThemeError("a theme needs a non-empty key")
        self.include = _clean_keywords(self.include, "include", self.key)
        self.exclude = _clean_keywords(self.exclude, "exclude", self.key)
        if not self.include:
            raise ThemeError(f"theme {self.key!r} has no keywords")

    def label(self, lang: str = "en") -> str:
        own = self.label_zh if lang == "zh" else self.label_en
        if own:
            return own
        pair = catalogue().get(f"pareto.theme.{self.key}")
        if pair:
            return pair[1] if lang == "zh" else pair[0]
        return self.key

    @cached_property
    def pattern(self) -> str:
        """The theme's single include regex (use case-insensitively)."""
        return keyword_regex(self.include)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The include regex compiled (case-insensitive), e.g. to preview one sentence."""
        return re.compile(self.pattern, re.IGNORECASE)

    def hits(self, text: str) -> bool:
        """Whether one text carries this theme (the same rule as :func:`tag_texts`)."""
        return bool(tag_texts(pd.Series([text], dtype="str"), [self]).flags.iloc[0, 0])

    def to_dict(self) -> dict:
        out: dict = {"include": list(self.include), "exclude": list(self.exclude)}
        if self.label_en:
            out["label_en"] = self.label_en
        if self.label_zh:
            out["label_zh"] = self.label_zh
        return out


# --- default themes (DOMAIN.md); the sample data uses these phrases -------------------------------
DEFAULT_THEMES: dict[str, dict] = {
    "logistics": {
        "include": ["物流", "快递", "发货", "配送", "运单", "到货", "delivery", "deliveries", "delivered",
                    "tracking", "shipping", "shipment", "courier", "parcel"],
        "exclude": [],
    },
    "refunds": {
        "include": ["退款", "退货", "退换", "换货", "退钱", "refund", "refunds", "refunded", "return",
                    "returns", "returned", "money back"],
        # a returning customer or a returned call is not a return of goods
        "exclude": ["returning customer*", "return call*", "returned call*", "returned my call", "回头客"],
    },
    "transfers": {
        "include": ["转接", "踢皮球", "转来转去", "推诿", "transferred", "transfer", "transfers",
                    "passed around", "bounced between", "another department"],
        "exclude": ["bank transfer*", "wire transfer*"],
    },
    "promotion": {
        "include": ["优惠", "活动规则", "优惠券", "满减", "促销", "折扣", "promotion", "promotions", "promo",
                    "coupon", "coupons", "discount", "voucher"],
        "exclude": [],
    },
    "canned_scripts": {
        "include": ["canned response", "canned responses", "canned answer", "scripted answer",
                    "scripted answers", "scripted response", "copy-paste reply", "copy-paste replies",
                    "copy paste reply", "话术", "模板回复", "机械回复", "套话"],
        "exclude": [],
    },
    "product_quality": {
        "include": ["质量", "破损", "损坏", "瑕疵", "故障", "quality", "broken", "damaged", "defective",
                    "faulty"],
        "exclude": ["service quality", "服务质量"],
    },
    "payment": {
        "include": ["支付", "扣款", "付款", "扣费", "payment", "payments", "charged", "charge", "billing",
                    "paid"],
        "exclude": ["free of charge", "in charge", "person in charge", "负责人"],
    },
    "account": {
        "include": ["账号", "帐号", "账户", "登录", "登陆", "密码", "account", "accounts", "login", "log in",
                    "password", "sign in"],
        "exclude": ["on account of", "take into account", "taken into account", "account manager*"],
    },
}


def default_themes() -> dict[str, Theme]:
    """A fresh, editable copy of the default themes, keyed by theme key."""
    return themes_from_dict(DEFAULT_THEMES)


def themes_to_dict(themes: dict[str, Theme] | list[Theme]) -> dict[str, dict]:
    """Themes as plain data: {key: {"include": [...], "exclude": [...], "label_en"?, "label_zh"?}}."""
    return {theme.key: theme.to_dict() for theme in _as_list(themes)}


def themes_from_dict(data: dict) -> dict[str, Theme]:
    """Themes from the plain data of :func:`themes_to_dict` (validated: ThemeError on bad input)."""
    if not isinstance(data, dict):
        raise ThemeError("themes must be a mapping of key -> {include, exclude}")
    themes: dict[str, Theme] = {}
    for key, spec in data.items():
        if not isinstance(spec, dict):
            raise ThemeError(f"theme {key!r} must be a mapping with 'include' (and 'exclude')")
        unknown = set(spec) - {"include", "exclude", "label_en", "label_zh"}
        if unknown:
            raise ThemeError(f"theme {key!r}: unknown fields {sorted(unknown)}")
        themes[str(key)] = Theme(str(key), spec.get("include"), spec.get("exclude", []),
                                 spec.get("label_en"), spec.get("label_zh"))
    return themes


def _as_list(themes: dict[str, Theme] | list[Theme] | None) -> list[Theme]:
    if themes is None:
        return list(default_themes().values())
    items = list(themes.values()) if isinstance(themes, dict) else list(themes)
    keys = [t.key for t in items]
    if len(set(keys)) != len(keys):
        raise ThemeError("theme keys must be unique")
    return items


# --- tagging -----------------------------------------------------------------------------------------
@dataclass
class TagResult:
    """Which texts carry which themes.

    flags: bool frame, one row per text (the input's index), one column per theme key; counts:
    texts per theme (a text hitting several themes counts in each); n_texts: texts with any
    content; n_blank: empty texts (never tagged); n_untagged: non-empty texts no theme caught;
    n_multi: texts caught by more than one theme."""
    flags: pd.DataFrame
    counts: pd.Series
    labels: dict[str, str]
    n_texts: int
    n_blank: int
    n_untagged: int
    n_multi: int

    @property
    def n_tagged(self) -> int:
        return self.n_texts - self.n_untagged

    def table(self) -> pd.DataFrame:
        """Per theme: key, label, texts, share_of_texts (of the non-empty texts, 0–1),
        share_of_rows (of all rows including empty ones, 0–1); most frequent first."""
        n_rows = self.n_texts + self.n_blank
        out = pd.DataFrame({"theme": self.counts.index, "label": [self.labels[k] for k in self.counts.index],
                            "texts": self.counts.to_numpy()})
        out["share_of_texts"] = out["texts"] / self.n_texts if self.n_texts else np.nan
        out["share_of_rows"] = out["texts"] / n_rows if n_rows else np.nan
        return out.sort_values(["texts", "theme"], ascending=[False, True], kind="mergesort").reset_index(drop=True)

    def share_of_texts(self, key: str) -> float | None:
        """Share (0–1) of the non-empty texts that mention theme `key`; None without texts."""
        return float(self.counts[key] / self.n_texts) if self.n_texts else None


def tag_texts(texts: pd.Series, themes: dict[str, Theme] | list[Theme] | None = None,
              lang: str = "en") -> TagResult:
    """Tag each text with every theme whose keywords it contains (rules in the module docstring)."""
    items = _as_list(themes)
    text = texts if texts.dtype == "str" else texts.astype("str")
    distinct, codes = text, None
    if _mostly_repeated(text):
        # Each distinct text is tagged once and its tags spread to the rows that carry it
        # (templates, "N/A", subject lines: 78 distinct texts in a million rows of the bench file);
        # hashing a million distinct texts would cost more than it saves (0.6 s of a 2 s tagging).
        codes, uniques = pd.factorize(text)
        distinct = pd.Series(uniques, dtype="str")
    present = _spread(distinct.str.contains(_NOT_SPACE, regex=True, na=False).to_numpy(), codes)
    # One vectorised pass per theme (threads were tried: no faster on 2 shared cores).
    flags = {theme.key: _spread(_theme_hits(distinct, theme), codes) & present for theme in items}
    frame = pd.DataFrame(flags, index=texts.index, columns=[t.key for t in items], dtype=bool)
    per_text = frame.to_numpy().sum(axis=1)
    counts = frame.sum(axis=0).astype("int64")
    n_texts = int(present.sum())
    return TagResult(flags=frame, counts=counts, labels={t.key: t.label(lang) for t in items},
                     n_texts=n_texts, n_blank=len(text) - n_texts,
                     n_untagged=int((present & (per_text == 0)).sum()), n_multi=int((per_text > 1).sum()))


_SAMPLE_ROWS = 20_000


def _mostly_repeated(text: pd.Series) -> bool:
    """Whether most rows repeat another row's text, judged on evenly spaced rows: then tagging
    each distinct text once pays for finding them."""
    sample = text.iloc[:: max(1, len(text) // _SAMPLE_ROWS)]
    return sample.nunique(dropna=False) < 0.5 * len(sample)


def _spread(hits: np.ndarray, codes: np.ndarray | None) -> np.ndarray:
    """Per row, the hit of its distinct text (`codes` from pandas.factorize, -1 for a missing
    text: no hit); `hits` as they are when the rows were tagged themselves (no codes)."""
    return hits if codes is None else np.append(hits, False)[codes]


def _theme_hits(text: pd.Series, theme: Theme) -> np.ndarray:
    """Whether each text carries `theme`: an include keyword outside every exclude phrase."""
    hit = text.str.contains(theme.pattern, case=False, regex=True, na=False).to_numpy()
    if theme.exclude and hit.any():
        hit = _drop_excluded(text, hit, theme)
    return hit


def _drop_excluded(text: pd.Series, hit: np.ndarray, theme: Theme) -> np.ndarray:
    """Re-check the hits that also contain an exclude phrase, with those phrases masked out."""
    suspect = hit & text.str.contains(keyword_regex(theme.exclude), case=False, regex=True, na=False).to_numpy()
    if not suspect.any():
        return hit
    masked = text[suspect]
    for phrase in theme.exclude:
        pattern = re.compile(_mask_regex(phrase), re.IGNORECASE)
        # Twice: a match consumes the boundary after it, which can hide an adjacent repeat.
        for _ in range(2):
            masked = masked.str.replace(pattern, rf"\1{_MASK}\2", regex=True)
    hit = hit.copy()
    hit[suspect] = masked.str.contains(theme.pattern, case=False, regex=True, na=False).to_numpy()
    return hit


# --- Pareto on themes --------------------------------------------------------------------------------
def theme_pareto(frame: pd.DataFrame, text: str, themes: dict[str, Theme] | list[Theme] | None = None,
                 weight: object = None, cut: float = 0.8, other_below: float | None = None,
                 lang: str = "en", tags: TagResult | None = None) -> tuple[ParetoResult, TagResult]:
    """Pareto of keyword themes found in the text column `text` of `frame`.

    Each (text, theme) hit is one mention carrying its row's weight: a text that hits several
    themes counts once in each, so the total is the number of mentions, not of texts (a note
    says so). Empty and untagged texts are not causes; they are reported in `excluded`.
    Returns the Pareto (causes are theme labels in `lang`) and the tagging behind it."""
    if text not in frame.columns:
        raise ThemeError(f"column {text!r} not in the data")
    tags = tags if tags is not None else tag_texts(frame[text], themes, lang)
    weights, name, unit, excluded = resolve_weight(frame, weight)
    rows, cols = np.nonzero(tags.flags.to_numpy())
    labels = np.array([tags.labels[k] for k in tags.flags.columns], dtype=object)
    mentions = pd.DataFrame({THEME_COLUMN: pd.array(labels[cols], dtype="str"),
                             "w": weights.to_numpy()[rows]})
    result = pareto(mentions, THEME_COLUMN, weight=mentions["w"].rename(name), cut=cut,
                    other_below=other_below, other_label=OTHER)
    result.weight, result.unit = name, unit
    result.excluded = {**{k: v for k, v in excluded.items()},
                       **({"empty text": tags.n_blank} if tags.n_blank else {}),
                       **({"no theme matched": tags.n_untagged} if tags.n_untagged else {})}
    result.notes.append(f"a text matching several themes counts once in each ({tags.n_multi} texts "
                        f"matched more than one); the total counts mentions, not texts")
    return result, tags


# --- mentions and the editable table ---------------------------------------------------------------
_SEPARATORS = re.compile(r"[,，;；、\n]+")
TABLE_FIELDS = ["key", "label", "include", "exclude"]


def theme_mentions(frame: pd.DataFrame, tags: TagResult, column: str = THEME_COLUMN) -> pd.DataFrame:
    """One row per (row of `frame`, theme it carries): the row's columns plus `column`, the theme's
    label. A row with several themes appears once per theme, an untagged row not at all, so every
    Pareto tool that takes a cause column (stratified, before/after, drill-down, fishbone) works on
    themes too, counting mentions as :func:`theme_pareto` does."""
    rows, cols = np.nonzero(tags.flags.to_numpy())
    order = np.lexsort((cols, rows))              # keep the file's row order, themes in dictionary order
    rows, cols = rows[order], cols[order]
    labels = np.array([tags.labels[k] for k in tags.flags.columns], dtype=object)
    out = frame.iloc[rows].reset_index(drop=True)
    out[column] = pd.array(labels[cols], dtype="str")
    return out


def split_keywords(text: object) -> list[str]:
    """Keywords typed in one cell: separated by commas, semicolons or 、 (English or Chinese)."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return []
    return [word.strip() for word in _SEPARATORS.split(str(text)) if word.strip()]


def themes_table(themes: dict[str, Theme] | list[Theme] | None = None, lang: str = "en") -> pd.DataFrame:
    """The themes as an editable table: key, label (in `lang`), include and exclude keywords
    (comma-separated text), one row per theme."""
    items = _as_list(themes)
    return pd.DataFrame({"key": [t.key for t in items], "label": [t.label(lang) for t in items],
                         "include": [", ".join(t.include) for t in items],
                         "exclude": [", ".join(t.exclude) for t in items]}, columns=TABLE_FIELDS).astype("str")


def themes_from_table(table: pd.DataFrame, lang: str = "en",
                      previous: dict[str, Theme] | None = None) -> dict[str, Theme]:
    """Themes from the edited table of :func:`themes_table`. Rows with neither key nor keywords
    are skipped; a label that differs from the theme's catalogue label is kept as its `lang`
    label (the other language's label is kept from `previous`). ThemeError on a bad row."""
    previous = previous or {}
    themes: dict[str, Theme] = {}
    for row in table.to_dict("records"):      # a dozen themes, not data rows
        key = str(row.get("key") or "").strip()
        include = split_keywords(row.get("include"))
        if not key and not include:
            continue
        if not key or key == "nan":
            # a row added in the editor (which shows no keys): named after its label
            label_text = str(row.get("label") or "").strip()
            key = label_text or f"theme {len(themes) + 1}"
            row = {**row, "label": label_text or key}
        if key in themes:
            raise ThemeError(f"theme key {key!r} is used twice")
        before = previous.get(key)
        theme = Theme(key, include, split_keywords(row.get("exclude")),
                      before.label_en if before else None, before.label_zh if before else None)
        label = str(row.get("label") or "").strip()
        if label and label != theme.label(lang):
            setattr(theme, f"label_{'zh' if lang == 'zh' else 'en'}", label)
        themes[key] = theme
    if not themes:
        raise ThemeError("the dictionary has no theme")
    return themes
