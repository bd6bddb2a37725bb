"""The catalogue's headers and parameter typing, values that try to escape into the query,
and ``kg query`` as users run it (formats, --list, every error path with exit status 2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal

from kg.mapping import map_study
from kg.model import Study
from kg.query import QueryFailed, run_named, run_sparql
from kg.query.catalogue import CatalogueError, get, load_all, parse, parser_for
from kg.store import TrialStore

NASTY = [
    'x" } UNION { ?trial ?p ?o } #',
    "}\nUNION\n{ ?s ?p ?o }",
    "a'b\"c{d}e\\f",
    '"""\n} } ; DROP ALL ;',
    "<https://w3id.org/trialgraph/trial/NCT00000001>",
]


def test_catalogue_has_twenty_documented_queries():
    queries = load_all()
    assert len(queries) >= 20
    for query in queries.values():
        assert query.title and query.description.endswith(".")
        assert all(parser_for(p.type) is not None and p.help for p in query.params)
        defaults = {p.name: p.default for p in query.params if p.default is not None}
        assert set(query.bind({**{p.name: _example(p.type) for p in query.params}, **defaults}))


def _example(kind: str) -> str:
    return {
        **{"decimal": "40", "integer": "1", "boolean": "true", "date": "2024-01-01", "iri": "urn:x"},
        **{"code:phase": "3", "code:sex": "f", "code:overall-status": "active", "code:outcome-type": "primary"},
        **{"role": "lead", "country": "FR", "mesh": "D001249"},
    }.get(kind, "x")


def test_every_query_parses_on_the_engine():
    store = TrialStore(None)
    for query in load_all().values():
        values = {p.name: _example(p.type) for p in query.params}
        run_sparql(store, query.sparql(values))  # no rows, but no syntax error either


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "needs --param age=<decimal>"),
        ({"age": "forty", "sex": "female"}, "parameter age: 'forty' is not a number"),
        ({"age": "40", "sex": "female", "recruiting_only": "perhaps"}, "is not a boolean"),
        ({"age": "40", "sex": "female", "shoe": "9"}, "has no parameter shoe"),
    ],
)
def test_bad_parameters_are_named(values, message):
    with pytest.raises(CatalogueError, match=message):
        get("patient-trials").bind(values)


def test_types_and_defaults():
    today = get("stale-records").bind({})["today"]
    assert today == Literal(dt.date.today().isoformat(), datatype=today.datatype)
    assert today.datatype.value.endswith("#date")
    assert get("stale-records").bind({"today": "2024-02-29"})["today"].value == "2024-02-29"
    with pytest.raises(CatalogueError, match="not a date"):
        get("stale-records").bind({"today": "2023-02-29"})
    assert get("patient-trials").bind({"age": "6.5", "sex": "f"})["age"].datatype.value.endswith("#decimal")
    with pytest.raises(CatalogueError, match="no query named"):
        get("no-such-query")


def test_header_is_required_and_guards_must_name_parameters():
    with pytest.raises(CatalogueError, match="title"):
        parse("bare", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(CatalogueError, match="undeclared parameter y"):
        parse("guarded", "# title: T\n# description: D.\nSELECT * WHERE {\n  ?s ?p ?y .  #if y\n}")


@pytest.fixture(scope="module")
def nasty_store() -> TrialStore:
    """One trial per nasty value, as its org study id and condition name, plus a plain trial."""
    store = TrialStore(None)
    studies = [Study(nct_id=f"NCT0000000{n}", brief_title=f"Trial {n}", org_study_id=v) for n, v in enumerate(NASTY)]
    studies.append(Study(nct_id="NCT00000009", brief_title="Plain", org_study_id="plain"))
    for study in studies:
        store.add(map_study(study))
    return store


@pytest.mark.parametrize("value", NASTY)
def test_values_stay_data(nasty_store, value):
    """A value full of quotes, braces and SPARQL keywords finds its own trial and nothing else."""
    rows = run_named(nasty_store, "lookup-identifier", {"identifier": value}).rows
    assert [(r[0].value, r[2].value) for r in rows] == [(f"NCT0000000{NASTY.index(value)}", value)]
    assert run_named(nasty_store, "trial-card", {"nct": value}).rows == []
    assert run_named(nasty_store, "trials-for-intervention", {"name": value}).rows == []


def test_malformed_sparql_is_reported():
    with pytest.raises(QueryFailed, match="malformed SPARQL"):
        run_sparql(TrialStore(None), "SELECT ?x WHERE { ?x ")


def kg_query(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", "query", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


def test_cli_formats(v2_build: Path):
    base = ["status-counts", "--store", str(v2_build), "--param", "condition=asthma"]
    rows = list(csv.DictReader(io.StringIO(kg_query(*base).stdout)))  # not a terminal: CSV
    assert rows and set(rows[0]) == {"overall_status", "trials"}
    as_json = json.loads(kg_query(*base, "--format", "json").stdout)
    assert [(r["overall_status"], str(r["trials"])) for r in as_json] == [
        (r["overall_status"], r["trials"]) for r in rows
    ]
    assert isinstance(as_json[0]["trials"], int)
    tsv = kg_query(*base, "--format", "tsv", "--limit", "2").stdout.splitlines()
    assert tsv[0] == "overall_status\ttrials" and len(tsv) == 3
    markdown = kg_query(*base, "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| overall_status | trials |" and markdown[1] == "|---|---|"
    table = kg_query(*base, "--format", "table").stdout.splitlines()
    assert table[0].split() == ["overall_status", "trials"] and table[-1] == f"({len(rows)} rows)"


def test_cli_list_and_sparql(v2_build: Path):
    listing = kg_query("--list")
    assert listing.returncode == 0
    assert all(name in listing.stdout for name in load_all())
    text = "PREFIX tg: <https://w3id.org/trialgraph/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?t tg:briefTitle ?x }"
    done = kg_query("--sparql", "-", "--store", str(v2_build), "--format", "json", stdin=text)
    assert done.returncode == 0 and json.loads(done.stdout) == [{"n": 3232}]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["no-such-query"], None, "no query named 'no-such-query'"),
        (["trial-card"], None, "needs --param nct"),
        (["patient-trials", "--param", "age=old", "--param", "sex=f"], None, "'old' is not a number"),
        (["trial-card", "--param", "nct"], None, "is not KEY=VALUE"),
        (["--sparql", "-"], "SELECT ?x WHERE { ?x", "malformed SPARQL"),
        (["--sparql", "/no/such/file.rq"], None, "no such SPARQL file"),
        ([], None, "name a catalogue query"),
    ],
)
def test_cli_errors_exit_2(v2_build: Path, args, stdin, message):
    done = kg_query(*args, "--store", str(v2_build), stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_cli_missing_store(tmp_path: Path):
    done = kg_query("status-counts", "--store", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "no store in" in done.stderr
