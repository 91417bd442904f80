"""One file per known export (analysis.vendors), built from the product's documented columns by
tests/known_exports.py in the product's own value formats: each is recognised, mapped as the
product documents it (a survey's questions by their texts and answers), and gives one KPI equal
to the figure worked out from the generated rows."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import known_exports  # noqa: E402

from analysis import parse, schema, vendors  # noqa: E402
from analysis.ingest import read_table  # noqa: E402
from analysis.kpis import kpi_report, open_backlog  # noqa: E402
from analysis.load import load_files  # noqa: E402

NAMES = [e.product for e in vendors.EXPORTS]


@pytest.fixture(scope="module", params=vendors.EXPORTS, ids=NAMES)
def export(request):
    export = request.param
    name, data = known_exports.build(export)
    result = load_files([(name, data)])
    assert not result.errors, result.errors
    return export, read_table(data, name), result, known_exports.expected(export)


def test_the_export_is_recognised_and_mapped_as_documented(export):
    product, raw, result, want = export
    report = result.reports[0]
    assert report.mapping.product == product.product
    assert report.role == want["role"] and report.rows == want["rows"]
    named = dict(zip(raw.codes, raw.columns)) if raw.codes else {}       # Qualtrics: row-1 ids to names
    fields = {k: [named.get(h, h) for h in v] if k == "driver" else named.get(v, v) for k, v in want["fields"].items()}
    got = dict(report.mapping.fields) | ({"driver": list(report.mapping.drivers)} if report.mapping.drivers else {})
    assert got == fields


def test_the_export_gives_its_kpi(export):
    product, raw, result, want = export
    ds = result.dataset
    if want["kpi"] == "backlog":
        value = open_backlog(ds.tickets)
    elif want["kpi"] == "tickets":          # the event log: one ticket per incident, its last row
        value = len(ds.tickets)
    else:
        result = kpi_report(ds.tickets, ds.responses(), csat_scale=tuple(ds.csat_scale))[want["kpi"]]
        # a product's first-response / resolution figure counts answered (resolved) tickets only:
        # the solved-only figure beside the Kaplan–Meier one (where open tickets still wait)
        value = result.solved if result.is_km else result.value
    assert value == pytest.approx(want["value"], abs=5e-5), want.get("note")     # expected to 4 places


@pytest.mark.parametrize("product", vendors.EXPORTS, ids=NAMES)
def test_the_general_vocabularies_read_every_documented_value_as_the_product_means_it(product):
    # no product-specific rule: the status, priority and channel words of every product are read
    # by the same vocabularies the cleaner uses for any file
    for label, state in product.statuses.items():
        assert parse.status_state(label) == state, label
    for label, tier in product.priorities.items():
        if label:
            keys = parse.priority_keys(pd_series([label])).tolist()
            assert keys == [tier or None] or (not tier and pd_isna(keys[0])), label
    for label, channel in product.channels.items():
        assert parse.normalise_labels(pd_series([label]), schema.CHANNEL_INDEX, "other").tolist() == [channel], label


def pd_series(values):
    import pandas as pd
    return pd.Series(values, dtype="str")


def pd_isna(value) -> bool:
    import pandas as pd
    return pd.isna(value)


def test_a_file_with_a_few_of_a_products_columns_is_not_taken_for_it():
    assert vendors.recognise(["Id", "Status", "Subject"]) is None
    zendesk = next(e for e in vendors.EXPORTS if e.product == "Zendesk")
    assert vendors.recognise(list(zendesk.columns)) is zendesk
