"""The catalogue over HTTP answers what ``kg query`` answers, and refuses what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.query import run_named
from kg.query.catalogue import CatalogueError, get, load_all
from kg.query.tables import write
from kg.store import TrialStore

from .client import request


def test_listing_names_every_catalogue_query(endpoint: str) -> None:
    reply = request(f"{endpoint}/api/queries")
    assert reply.status == 200
    entries = json.loads(reply.body)
    assert [e["name"] for e in entries] == list(load_all())
    status = next(e for e in entries if e["name"] == "status-counts")
    assert status["sparql"].startswith("#") and status["href"] == "/api/queries/status-counts"
    card = next(e for e in entries if e["name"] == "trial-card")
    assert card["sparql"] is None and card["params"][0] == {
        "name": "nct",
        "type": "string",
        "default": None,
        "required": True,
        "help": card["params"][0]["help"],
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [("status-counts", {}), ("trial-card", {"nct": "NCT04342793"}), ("trials-for-condition", {"condition": "als"})],
)
def test_named_query_answers_the_rows_kg_query_gives(
    endpoint: str, sample_store: Path, name: str, params: dict
) -> None:
    import io

    reply = request(f"{endpoint}/api/queries/{name}", params=params)
    assert reply.status == 200, reply.text
    body = json.loads(reply.body)
    expected = run_named(TrialStore.open(sample_store), name, params)
    out = io.StringIO()
    write(expected, "json", out)
    assert body["columns"] == expected.columns
    assert body["rows"] == json.loads(out.getvalue())
    assert body["rows"] and body["truncated"] is False


def _cli_message(name: str, params: dict) -> str:
    try:
        get(name).bind(params)
    except CatalogueError as exc:
        return str(exc)
    raise AssertionError("expected a parameter error")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("patient-trials", {"age": "old"}),
        ("patient-trials", {}),
        ("status-counts", {"colour": "blue"}),
    ],
)
def test_bad_parameters_get_400_with_the_cli_message(endpoint: str, name: str, params: dict) -> None:
    reply = request(f"{endpoint}/api/queries/{name}", params=params)
    assert reply.status == 400
    assert reply.text.strip() == _cli_message(name, params)


def test_unknown_query_and_repeated_parameter(endpoint: str) -> None:
    assert request(f"{endpoint}/api/queries/no-such-query").status == 404
    reply = request(f"{endpoint}/api/queries/trial-card", params={"nct": ["NCT04342793", "NCT00000000"]})
    assert reply.status == 400
    assert "given twice" in reply.text


@pytest.mark.parametrize(
    ("age", "words"),
    [
        ("1e99999999", "out of range"),
        ("1e999999999999999999", "out of range"),
        ("9" * 41, "longer than 40 characters"),
    ],
)
def test_huge_numbers_are_a_400_before_any_conversion(
    endpoint: str, sample_store: Path, age: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = request(f"{endpoint}/api/queries/patient-trials", params={"age": age, "sex": "female"})
    assert reply.status == 400 and words in reply.text and len(reply.body) < 300
    from kg.cli import main

    code = main(
        ["query", "patient-trials", "--store", str(sample_store), "--param", f"age={age}", "--param", "sex=female"]
    )
    err = capsys.readouterr().err
    assert code == 2 and words in err and "Traceback" not in err


def test_long_parameter_values_are_a_400(endpoint: str) -> None:
    reply = request(f"{endpoint}/api/queries/trials-by-sponsor", params={"sponsor": "x" * 1001})
    assert reply.status == 400 and "over 1,000 characters" in reply.text
