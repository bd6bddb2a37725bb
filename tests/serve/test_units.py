"""The pieces of ``kg serve`` that need no server: keyword scan, negotiation, CLI errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.serve.keywords import keywords, operation
from kg.serve.negotiate import GRAPHS, RESULTS, base_type, choose


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * { sErViCe ?endpoint { ?s ?p ?o } }", True),
        ("SELECT * { ?s ?p '''SERVICE\n<http://x/>''' }", False),
        ('SELECT * { ?s ?p "a \\" SERVICE" }', False),
        ("PREFIX service: <http://x/> SELECT * { ?s service:p ?o }", False),
        ("SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE", False),
        ("SELECT * { ?s ?p 'x'@service }", False),
    ],
)
def test_service_keyword_is_found_only_where_it_is_one(text: str, service: bool) -> None:
    assert ("SERVICE" in keywords(text)) is service


def test_operation_skips_the_prologue() -> None:
    assert operation("BASE <http://x/>\nPREFIX a: <http://a/>\nSELECT * {}") == "SELECT"
    assert operation("# nothing") is None


def test_negotiation_defaults_and_quality() -> None:
    assert choose(None, RESULTS) is RESULTS[0] and choose("", GRAPHS) is GRAPHS[0]
    assert base_type(choose("text/turtle;q=0.1, application/ld+json", GRAPHS)) == "application/ld+json"
    assert base_type(choose("text/plain", GRAPHS)) == "application/n-triples"
    assert choose("text/turtle;q=0", GRAPHS) is None


def test_cli_reports_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 2
    assert "no store in" in capsys.readouterr().err
    assert main(["serve", "--timeout", "0"]) == 2
