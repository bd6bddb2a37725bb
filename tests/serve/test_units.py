"""The pieces of ``kg serve`` that need no server: the query check, negotiation, CLI errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.serve.check import MAX_DEPTH, Refused, inspect
from kg.serve.negotiate import GRAPHS, RESULTS, base_type, choose


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { sErViCe ?endpoint { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?a ?b ?c } }",
        "SELECT * { ?s ?p ?o # comment ended by a carriage return\r SERVICE <http://x/> { ?a ?b ?c }\n }",
        "SELECT * { { SELECT * { SERVICE SILENT <http://x/> { ?a ?b ?c } } } }",
        "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?b ?c } } }",
    ],
)
def test_service_is_found_wherever_the_parser_finds_it(text: str) -> None:
    with pytest.raises(Refused) as refused:
        inspect(text)
    assert refused.value.status == 403 and "SERVICE" in refused.value.message


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p '''SERVICE\n<http://x/> { }''' }",
        'SELECT * { ?s ?p "a \\" SERVICE <http://x/> {}" }',
        "PREFIX service: <http://x/> SELECT * { ?s service:SERVICE ?o }",
        "SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/> {}",
        "SELECT * { ?s ?p 'x'@service }",
    ],
)
def test_the_word_service_as_data_is_no_service(text: str) -> None:
    assert inspect(text).has_dataset is False


def test_dataset_clause_and_update_and_depth() -> None:
    assert inspect("SELECT * FROM <http://g/> { ?s ?p ?o }").has_dataset
    assert not inspect('SELECT ?from { ?from ?p "FROM <http://g/>" }').has_dataset
    with pytest.raises(Refused) as update:
        inspect("PREFIX ex: <urn:x#>\n# comment\nDELETE WHERE { ?s ?p ?o }")
    assert update.value.status == 403 and "read-only" in update.value.message
    deep = "SELECT * WHERE " + "{ " * (MAX_DEPTH + 1) + "?s ?p ?o" + " }" * (MAX_DEPTH + 1)
    with pytest.raises(Refused) as nested:
        inspect(deep)
    assert nested.value.status == 400 and str(MAX_DEPTH) in nested.value.message


def test_negotiation_defaults_and_quality() -> None:
    assert choose(None, RESULTS) is RESULTS[0] and choose("", GRAPHS) is GRAPHS[0]
    assert base_type(choose("text/turtle;q=0.1, application/ld+json", GRAPHS)) == "application/ld+json"
    assert base_type(choose("text/plain", GRAPHS)) == "application/n-triples"
    assert choose("text/turtle;q=0", GRAPHS) is None


def test_cli_reports_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 2
    assert "no store in" in capsys.readouterr().err
    assert main(["serve", "--timeout", "0"]) == 2
    assert main(["serve", "--memory", "1"]) == 2


def test_identical_requests_arriving_together_run_once_and_share_the_answer() -> None:
    import threading
    import time

    from kg.serve.cache import AnswerCache
    from kg.serve.execute import Answer

    cache = AnswerCache(1 << 20)
    runs: list[int] = []

    def busy() -> Answer:
        runs.append(1)
        time.sleep(0.3)
        return Answer.error(503, "busy")

    answers: list[Answer] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.answer("q", busy, wait=10))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1 and [a.status for a in answers] == [503] * 5
    assert cache.answer("q", lambda: Answer(200, "text/plain", b"ok"), wait=1).status == 200  # a 503 is not kept
    big = Answer(200, "text/plain", b"x" * ((1 << 20) // 8 + 1))
    assert cache.answer("big", lambda: big, wait=1) is big and cache.answer("big", lambda: big, wait=1) is big
    assert cache.hits == 0  # neither the 503 nor an answer over an eighth of the bound was kept
