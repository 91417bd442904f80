"""Surveys written long: one row per answer (respondent, question, score) instead of one row per
response with a column per question. Such a file is widened before mapping, so its questions
become rating columns like any wide survey's, and the usual rules pick the outcome and the
drivers.

A file is long when it has a column of question labels (its header says question, item,
attribute, 问题, 题目 …; a short vocabulary), a column of answers that read as ratings, and a
respondent id whose values repeat. Nothing is lost: each response keeps the row number of its
first answer, every answer becomes a cell, and the read report says how many rows were folded
into how many responses. Two answers of one respondent to one question keep the last.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import schema
from .ingest import RawTable
from .profile import ColumnProfile, profile

QUESTION_WORDS = {"question", "item", "attribute", "criterion", "criteria", "dimension", "aspect", "metric",
                  "statement", "问题", "题目", "指标", "评价项", "维度", "题项"}
ANSWER_WORDS = {"answer", "score", "rating", "value", "response", "rate", "答案", "得分", "评分", "分数", "分值"}
RESPONDENT_WORDS = {"respondent", "response", "id", "ticket", "customer", "user", "submission", "case",
                    "答卷", "编号", "工单", "客户"}
MAX_QUESTIONS = 60


@dataclass(frozen=True)
class LongSurvey:
    """Which columns make a long survey: the respondent, the question and the answer."""
    respondent: str
    question: str
    answer: str


def _named(header: str, words: set[str]) -> bool:
    found = schema.header_words(header)
    norm = schema.normalise_header(header)
    return any(w in found for w in words) or any(w in norm for w in words if schema.has_cjk(w))


def detect(sample: pd.DataFrame, profiles: dict[str, ColumnProfile] | None = None) -> LongSurvey | None:
    """The long layout of a file, from a sample of its rows, or None for any other file."""
    from .mapping import STRONG, TICKET_ONLY, header_evidence
    named = {c for c in sample.columns if _named(c, QUESTION_WORDS | ANSWER_WORDS | RESPONDENT_WORDS)}
    if not any(_named(c, QUESTION_WORDS) for c in named) or not any(_named(c, ANSWER_WORDS) for c in named):
        return None                     # most files: decided on the headers, no value read
    if any(header_evidence(c, name)[0] >= STRONG for c in sample.columns for name in TICKET_ONLY):
        return None                     # a ticket log ("问题描述" is a problem, not a question)
    profiles = profiles or {c: profile(sample[c]) for c in named}
    sample = sample[[c for c in sample.columns if c in named]]
    questions = [c for c in sample.columns if _named(c, QUESTION_WORDS) and 2 <= profiles[c].distinct <= MAX_QUESTIONS
                 and profiles[c].score is None and profiles[c].numeric < 0.5 and profiles[c].text < 0.3]
    answers = [c for c in sample.columns if _named(c, ANSWER_WORDS) and profiles[c].score is not None
               and profiles[c].score.share >= 0.9]
    respondents = [c for c in sample.columns if _named(c, RESPONDENT_WORDS) and c not in questions + answers
                   and profiles[c].n and profiles[c].unique < 0.9 and profiles[c].stamp < 0.5]
    if not (questions and answers and respondents):
        return None
    return LongSurvey(respondents[0], questions[0], answers[0])


def widen(raw: RawTable, long: LongSurvey) -> tuple[RawTable, dict]:
    """The file one row per respondent: the respondent's other columns from its first row, then
    one column per question (in order of first appearance) holding the answer; and the read
    report's note (rows folded, responses, the three columns)."""
    frame = raw.frame
    rows = np.asarray(raw.source_rows if raw.source_rows is not None else np.arange(2, len(frame) + 2))
    respondent = frame[long.respondent].astype("str").str.strip()
    keep = respondent.notna() & (respondent != "")
    frame, rows, respondent = frame[keep.to_numpy()], rows[keep.to_numpy()], respondent[keep]
    order = pd.unique(respondent)
    first = ~respondent.duplicated().to_numpy()
    others = [c for c in frame.columns if c not in (long.question, long.answer)]
    base = frame.loc[first, others].reset_index(drop=True)
    answers = (pd.DataFrame({"r": respondent.to_numpy(), "q": frame[long.question].astype("str").str.strip().to_numpy(),
                             "a": frame[long.answer].to_numpy()})
               .drop_duplicates(["r", "q"], keep="last")
               .pivot(index="r", columns="q", values="a"))
    questions = [q for q in pd.unique(frame[long.question].astype("str").str.strip()) if q in answers.columns]
    answers = answers.reindex(index=order, columns=questions).reset_index(drop=True)
    answers.columns = [q if q not in others else f"{q} ({long.question})" for q in questions]
    wide = pd.concat([base, answers], axis=1)
    note = {"rows": int(len(frame)), "responses": int(len(wide)), "respondent": long.respondent,
            "question": long.question, "answer": long.answer}
    return replace(raw, cells=wide, source_rows=rows[first], kept=None, codes=None), note
