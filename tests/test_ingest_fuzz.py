"""Property: reading arbitrary bytes either succeeds or raises the app's own error with a message."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest import IngestError, read_table
from analysis.load import load_files

PREFIXES = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe",
            "客户编号,提交时间\n".encode("gb18030"), b"Ticket ID,Created at\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2000))
def test_arbitrary_bytes_read_or_fail_with_a_message(prefix, body):
    data = prefix + body
    try:
        table = read_table(data, "fuzz.csv")
    except IngestError as exc:
        assert str(exc).startswith("fuzz.csv: ") and len(exc.problem) > 5
    else:
        assert len(table.frame) > 0 and len(table.source_rows) == len(table.frame)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list("ab,;\t\n\r\"' 0123456789-:/年月日分秒是否满意")),
                    max_size=400))
def test_arbitrary_text_tables_load_or_report(text):
    data = "Ticket ID,Created at,Satisfaction Score\n" + text
    result = load_files([("t.csv", data.encode("utf-8"))])
    assert result.dataset is not None or result.errors
    for error in result.errors:
        assert str(error).startswith("t.csv: ")
