"""The cleaned dataset every analysis works on.

`Dataset.tickets` always has every column below (NA where the user's files had no source for
it), so analyses test `notna()` rather than column presence:

=========================  =================  ============================================
column                     dtype              meaning
=========================  =================  ============================================
ticket_id, customer_id     str (NA allowed)   identifiers as in the file
customer_type, channel,    str                labels exactly as the user's file spells them
request_type, category,                       (shown in the UI); request_type is 咨询/投诉/售后…,
priority, agent, status                       category the problem type
channel_key                str                phone / online / email / social / other (NA: blank)
priority_key               str                urgent / high / medium / low (NA: unknown)
customer_type_key          str                vip / new / existing (NA: unknown)
created_at,                datetime64[ns]     naive wall-clock time; NaT when blank or bad (a
first_response_at,                            separate time-of-day column is joined to its date)
resolved_at, closed_at,                       closed_at: closed (the resolution where there is no
updated_at                                    resolved column); updated_at: orders an event log
frt_min                    float64            first response time in minutes (NaN: unknown or
                                              impossible, e.g. response before creation)
resolution_h               float64            creation -> resolution in hours (NaN: open/bad)
handle_min                 float64            handling time in minutes
first_contact_resolved,    boolean            nullable; answered False: a call never answered (left
answered                                      out of FCR, response and handling times)
reopened, transfers        float64            counts (NaN unknown)
csat                       float64            overall score on the detected scale (NaN: blank
                                              or out of range)
csat_satisfied             boolean            score in the scale's satisfied codes (NA with csat)
nps                        float64            0–10 likelihood to recommend
is_complaint               bool               request_type (else category) says complaint (投诉)
is_open                    bool               still open: as the status says where its words tell,
                                              else no resolution (stamp, closed stamp or duration)
description, notes         str                free text
source_row                 int64              the row number in the user's file (Excel-style:
                                              header row + 1 is the first data row)
source_file                str                the file's name
=========================  =================  ============================================

After these come the unmapped label columns of the user's files (a short vocabulary: "State",
"Topic", "Product"), as categoricals under their own header, for filters and Paretos by any
column (`Mapping.extras`).

`Dataset.survey` (or None) has ticket_id, customer_id, responded_at, csat, csat_satisfied,
nps, reason, comment, source_row, source_file and one float64 column per driver sub-rating,
named as in the user's file (listed in `Dataset.drivers`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

# Ticket columns copied onto survey responses by `Dataset.responses()`.
RESPONSE_CONTEXT = ["channel", "channel_key", "request_type", "category", "priority", "priority_key", "customer_type",
                    "customer_type_key", "agent", "created_at", "frt_min", "resolution_h", "handle_min",
                    "transfers", "reopened", "first_contact_resolved", "is_complaint", "description"]


@dataclass
class Dataset:
    """Tickets (+ optional survey) after mapping and cleaning, with the quality report."""
    tickets: pd.DataFrame
    survey: pd.DataFrame | None = None
    drivers: list[str] = field(default_factory=list)
    csat_scale: tuple[int, int] = (1, 5)
    nps_scale: tuple[int, int] = (0, 10)
    quality: list = field(default_factory=list)     # list[quality.QualityIssue]
    files: list = field(default_factory=list)       # list[ingest.FileReport]
    name: str = ""
    csat_top: list[int] | None = None   # top-box codes the scale's labels name (None: the scale's default)

    @property
    def satisfied_codes(self) -> list[int]:
        """The CSAT scores counted as satisfied: the labelled ones ("2 - Satisfied", "3 - Highly
        Satisfied" of a 1–3 scale), else the top two of the scale (schema.satisfied_codes)."""
        from .schema import satisfied_codes
        return list(self.csat_top) if self.csat_top else satisfied_codes(*self.csat_scale)

    def responses(self) -> pd.DataFrame:
        """One row per satisfaction response with the ticket's context joined on ticket id.

        With a survey file: survey rows left-joined to tickets on ticket_id (customer_id when the
        survey has no ticket id), so unmatched responses stay. Without one: the tickets that carry
        their own score. Joined once per dataset (every page and most commands ask for it); each
        caller gets its own frame over the same columns, which copy-on-write keeps a change to
        from reaching the others."""
        return self._responses.copy(deep=False)

    @cached_property
    def _responses(self) -> pd.DataFrame:
        if self.survey is None:
            out = self.tickets[self.tickets["csat"].notna() | self.tickets["nps"].notna()]
            return out.reset_index(drop=True)
        survey = self.survey
        # the join by positions (Arrow's hash lookup of the ids) rather than a merge: 2.5x faster
        # at a million tickets, and every page asks for it
        links = self.links
        context = self.tickets[RESPONSE_CONTEXT]
        context = context.reindex(links) if (links < 0).any() else context.take(links)
        context.index = survey.index
        clash = [c for c in RESPONSE_CONTEXT if c in survey.columns]
        return pd.concat([survey.drop(columns=clash), context], axis=1).reset_index(drop=True)

    @cached_property
    def links(self):
        """For each survey response, the position in `tickets` of the ticket it answers (-1:
        none), as `analysis.selection.response_tickets` finds it; read once per dataset (the
        frames are not changed after loading)."""
        from .selection import response_tickets   # selection builds on Dataset
        return response_tickets(self)

    def __getstate__(self) -> dict:
        # the observations are read again where they are needed (their metrics are closures)
        return {k: v for k, v in self.__dict__.items() if k != "observations"}

    @cached_property
    def observations(self):
        """Every KPI's rows read off the whole dataset (`analysis.observations.Observations`),
        once per dataset: the sessions holding it share them, and filters are masks over them."""
        from .observations import Observations   # observations build on the metrics, not on Dataset
        return Observations(self.tickets, self.responses(), self.csat_scale)

    @cached_property
    def date_span(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """First and last creation time (None, None without any). Read once: every page's
        sidebar asks for it on every rerun (the frames are not changed after loading)."""
        created = self.tickets["created_at"].dropna()
        if created.empty:
            return None, None
        return created.min(), created.max()
