"""The row cap and the byte cap on results written by Oxigraph's own serialisers (kg.sparql.native_results).

The rows are counted in the bytes as they pass, by marks a value cannot forge; generated tables whose literals are
made of the very marks (`},{"a":{`, `{}`, `<result>`, line ends) must still count exactly: a table of n rows passes a
cap of n and is refused (413) at n - 1, in every format.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.settings import Settings
from kg.sparql.native_results import exact_json_rows
from kg.stores import open_store
from kg.web.engine import Operation, execute

FORMATS = ("json", "xml", "tsv", "csv")
# Pieces of the formats' own syntax, as a value might hold them to confuse a counter.
TRICKS = [
    '},{"a":{',
    '}},{"b":',
    "{}",
    "},{}",
    '"bindings":[]}}',
    "<result>",
    "</result>",
    "\n",
    "\r\n",
    "\t",
    '"',
    "\\",
    "[{",
    ",{",
    "x",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(Settings(store=str(tmp_path_factory.mktemp("caps") / "store")))
    yield s
    s.close()


def table_query(rows: list[tuple[str | None, str | None]]) -> str:
    """A SELECT of exactly these rows (None: unbound), written as a VALUES block of N-Triples literals."""
    cell = lambda v: "UNDEF" if v is None else str(ox.Literal(v))  # noqa: E731
    return "SELECT ?a ?b WHERE { VALUES (?a ?b) { " + " ".join(f"({cell(a)} {cell(b)})" for a, b in rows) + " } }"


def rows_in(body: bytes, fmt: str) -> int:
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>") + body.count(b"<result/>")
    if fmt == "tsv":
        return len(body.split(b"\n")) - 2  # the header line, and the empty string after the last line end
    import csv
    import io

    return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1


values = st.one_of(st.none(), st.lists(st.sampled_from(TRICKS), max_size=6).map("".join))


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.tuples(values, values), min_size=1, max_size=12))
def test_generated_tables_are_counted_exactly_at_the_cap(store, rows):
    text = table_query(rows)
    for fmt in FORMATS:
        at_cap = execute(store, Operation(text=text, format=fmt, max_rows=len(rows)))
        assert at_cap.status == 200, (fmt, at_cap.error)
        assert rows_in(at_cap.content(), fmt) == len(rows), fmt
        over = execute(store, Operation(text=text, format=fmt, max_rows=len(rows) - 1))
        assert over.status == 413 and f"more than {len(rows) - 1} rows" in over.error, (fmt, over.status)


def test_the_exact_json_count_sees_through_strings():
    body = (
        ox.Store()
        .query('SELECT ?a WHERE { VALUES ?a { "},{\\"a\\":{" UNDEF "{}" } }')
        .serialize(format=ox.QueryResultsFormat.JSON)
    )
    assert exact_json_rows(body) == 3
    assert body.count(b",{") + body.count(b"[{") > 3  # a plain count of the marks is fooled


def test_a_result_past_the_byte_cap_is_refused_however_few_its_rows(store):
    text = table_query([("x" * 5000, None), ("y" * 5000, None)])
    for fmt in FORMATS:
        answer = execute(store, Operation(text=text, format=fmt, max_bytes=8000))
        assert answer.status == 413 and "larger than 8,000 bytes" in answer.error, fmt
        assert execute(store, Operation(text=text, format=fmt, max_bytes=20_000)).status == 200


def test_a_large_result_spills_to_a_file_and_reads_back_whole(store):
    text = table_query([(str(i) * 50, None) for i in range(2000)])
    answer = execute(store, Operation(text=text, format="json"), spill_above=10_000)
    assert answer.spilled and answer.size > 10_000
    assert len(json.loads(answer.content())["results"]["bindings"]) == 2000
