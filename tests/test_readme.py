"""README meta-tests: the terms it names exist, and its quick start is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
TG = "https://w3id.org/trialgraph/ontology#"


def test_every_tg_term_in_the_readme_is_declared_in_the_ontology() -> None:
    graph = rdflib.Graph().parse(PROJECT / "ontology" / "trialgraph.ttl").parse(PROJECT / "ontology" / "results.ttl")
    declared = {str(s)[len(TG) :] for s in graph.subjects() if str(s).startswith(TG)}
    named = set(re.findall(r"\btg:([A-Za-z]+)\b", README))
    assert named, "README names no tg: terms"
    assert sorted(named - declared) == []


def test_every_ontology_class_is_in_the_readme_table() -> None:
    graph = rdflib.Graph().parse(PROJECT / "ontology" / "trialgraph.ttl").parse(PROJECT / "ontology" / "results.ttl")
    classes = {str(s)[len(TG) :] for s in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class) if str(s).startswith(TG)}
    assert sorted(c for c in classes if f"tg:{c}`" not in README) == []


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert len(commands) >= 2
    test_command = commands[1]
    assert "pytest" in test_command
    assert test_command in (PROJECT / ".ci" / "run").read_text()
