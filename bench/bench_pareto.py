"""Benchmark of the Root causes analyses on 1,000,000 tickets (issue 5).

Goals: the Pareto of a category column in under 0.3 s; keyword tagging of 1,000,000 Chinese
descriptions (about 30 characters) with 10 themes of 10 keywords each in under 5 s.
Run: ``python bench/bench_pareto.py [--rows N] [--repeat R] [--no-write]``; the median of R runs
is written to bench/RESULTS.md under "## Pareto (issue 5)" (that section only).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.pareto import pareto, skew_test  # noqa: E402
from analysis.themes import DEFAULT_THEMES, Theme, tag_texts  # noqa: E402

SECTION = "## Pareto (issue 5)"
RESULTS = Path(__file__).with_name("RESULTS.md")

# Problem types with DOMAIN.md's shares (003).
CATEGORIES = {"产品使用": 0.368, "订单": 0.269, "支付": 0.133, "售后": 0.118, "账号": 0.078, "其他": 0.034,
              "物流": 0.03, "优惠活动": 0.02, "发票": 0.015, "会员": 0.011, "": 0.004}
# Fragments (about 10 characters each); three make a description of about 30 characters.
OPENINGS = ["订单收到商品破损了", "快递三天没有更新", "申请退款一直没到账", "优惠券无法使用啊", "客服只会模板回复",
            "账号登录不了怎么办", "支付后扣款两次了", "想咨询一下发票问题", "商品质量有明显瑕疵", "电话被转接了三次",
            "活动规则写得不清楚", "物流信息显示异常", "客服话术太机械了", "密码重置收不到码", "退货地址填错了",
            "会员积分没有到账", "等待时间太长了吧", "问题还是没有解决", "配送员态度很差啊", "想修改收货地址"]
MIDDLES = ["，已经等了好几天，", "，联系了很多次，", "，请尽快帮我处理，", "，非常影响使用，", "，之前也出现过，",
           "，希望给个说法，", "，页面一直报错，", "，客服说再等等，"]
ENDINGS = ["要求换货处理", "希望尽快退款", "请核实一下", "非常不满意", "谢谢", "请给个解释", "要投诉",
           "麻烦跟进", "不想再等了", "请回电"]
EXTRA_THEMES = {
    "waiting": ["等待", "等了", "太久", "很久", "排队", "没人理", "不回复", "催了", "慢死", "拖延"],
    "unresolved": ["没有解决", "未解决", "没解决", "还是不行", "反复", "重复", "又出现", "老问题", "无效", "白等"],
}
FILLER = ["问题", "处理", "情况", "核实", "异常", "反馈", "说明", "确认", "查询", "跟进"]


def bench_themes() -> list[Theme]:
    """10 themes × 10 keywords: the default themes' keywords (Chinese first), padded to 10."""
    themes = []
    specs = {**{k: v["include"] for k, v in DEFAULT_THEMES.items()}, **EXTRA_THEMES}
    for key, words in specs.items():
        chinese = [w for w in words if not w.isascii()]
        english = [w for w in words if w.isascii()]
        picked = (chinese + english)[:10]
        picked += [f"{key}{f}" for f in FILLER][: 10 - len(picked)]
        themes.append(Theme(key, picked))
    assert len(themes) == 10 and all(len(t.include) == 10 for t in themes)
    return themes


def make_tickets(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = np.array(list(CATEGORIES), dtype=object)
    probs = np.array(list(CATEGORIES.values()))
    # An order number makes nearly every description unique, as real free text is.
    order = rng.integers(100_000, 1_000_000, rows).astype(str).astype(object)
    description = (np.array(OPENINGS, dtype=object)[rng.integers(0, len(OPENINGS), rows)]
                   + np.array(MIDDLES, dtype=object)[rng.integers(0, len(MIDDLES), rows)]
                   + "订单号" + order + "，"
                   + np.array(ENDINGS, dtype=object)[rng.integers(0, len(ENDINGS), rows)])
    return pd.DataFrame({
        "category": pd.array(names[rng.choice(len(names), rows, p=probs / probs.sum())], dtype="str"),
        "handle_min": rng.lognormal(1.5, 0.6, rows),
        "description": pd.array(description, dtype="str"),
    })


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def write_section(text: str) -> None:
    """Replace (or append) this benchmark's own section of RESULTS.md, leaving the others alone."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if SECTION in old:
        head, rest = old.split(SECTION, 1)
        tail = rest.split("\n## ", 1)
        old = head.rstrip("\n") + ("\n\n## " + tail[1] if len(tail) > 1 else "")
    RESULTS.write_text(old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    frame = make_tickets(args.rows)
    themes = bench_themes()
    mean_len = float(frame["description"].str.len().mean())
    t_count, result = timed(lambda: pareto(frame, "category"), args.repeat)
    t_hours, _ = timed(lambda: pareto(frame, "category", weight="handle_hours", other_below=0.02), args.repeat)
    t_skew, _ = timed(lambda: skew_test(result), args.repeat)
    t_tag, tags = timed(lambda: tag_texts(frame["description"], themes), args.repeat)
    lines = [
        SECTION, "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {args.rows:,} tickets · median of {args.repeat} runs · "
        f"{platform.python_implementation()} {platform.python_version()}, pandas {pd.__version__}, "
        f"{os.cpu_count()} CPUs shared with other workers (load average {load:.1f} at the start)", "",
        "| step | seconds | goal |", "|---|---|---|",
        f"| Pareto of `category` (count, {len(result.table)} causes) | {t_count:.3f} | < 0.3 |",
        f"| Pareto of `category` by handling hours, tail < 2 % folded | {t_hours:.3f} | |",
        f"| skew test (chi-square + 2,000 simulated acceptance intervals) | {t_skew:.3f} | |",
        f"| keyword tagging: {args.rows:,} Chinese descriptions (mean {mean_len:.1f} chars), "
        f"10 themes × 10 keywords | {t_tag:.2f} | < 5 |", "",
        f"Tagging found {tags.n_tagged:,} tagged and {tags.n_untagged:,} untagged texts; "
        f"{tags.n_multi:,} texts hit more than one theme.",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_section(report)


if __name__ == "__main__":
    main()
