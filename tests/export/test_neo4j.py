"""Neo4j export: CSVs that survive any text, proven by Python's csv module, by loading them into
an embedded engine (LadybugDB), and by running load.cypher and ``--bolt`` through the official
``neo4j`` driver into a real Bolt server (ArcadeDB, started by the ``bolt_server`` fixture);
counts and three questions agree with the CSVs and with SPARQL."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.cli import main
from kg.export import exporter
from kg.export.neo4j.admin_import import ARRAY_DELIMITER
from kg.export.neo4j.cypher import read_csv, read_script
from kg.export.property_graph import relationship_type
from kg.store import TrialStore
from tests.export.conftest import NASTY

TG = "https://w3id.org/trialgraph/ontology#"
PREFIX = f"PREFIX tg: <{TG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
NASTY_TRIAL = "https://w3id.org/trialgraph/trial/NCT09999990"


#: Rows per batch in the tests: more than 100, where ArcadeDB ran ``MERGE`` then ``SET label``
#: wrongly, and small enough that the sample's criteria need several batches per label set.
BATCH = 120


def _export(build_out: Path, out: Path, batch_size: int = BATCH) -> Path:
    exporter("neo4j").export(TrialStore.open(build_out), out, batch_size=batch_size)
    return out


@pytest.fixture(scope="module")
def nasty_export(nasty_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(nasty_build, tmp_path_factory.mktemp("neo4j-nasty"))


@pytest.fixture(scope="module")
def sample_export(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(sample_build, tmp_path_factory.mktemp("neo4j-sample"))


def _csv_node(path: Path, iri: str) -> dict[str, str]:
    cols, rows = read_csv(path)
    for row in rows:
        if row[0] == iri:
            return {name or kind: text for (name, kind, _), text in zip(cols, row, strict=True)}
    raise AssertionError(f"{iri} not in {path}")


def _store_values(build_out: Path, iri: str, prop: str) -> list[str]:
    rows = TrialStore.open(build_out).query(f"SELECT ?v WHERE {{ GRAPH ?g {{ <{iri}> <{prop}> ?v }} }}")
    return [r["v"].value for r in rows]


def test_nasty_text_reaches_the_store(nasty_build: Path) -> None:
    """The fixture is only worth something if the store holds the text verbatim."""
    assert _store_values(nasty_build, NASTY_TRIAL, TG + "briefTitle") == [NASTY["briefTitle"]]
    # the readers replace U+001F (a control character XML cannot hold) with a space: kg/sources/text.py
    expected = sorted(k.replace("\x1f", " ") for k in NASTY["keywords"])
    assert sorted(_store_values(nasty_build, NASTY_TRIAL, TG + "keyword")) == expected
    assert (
        _store_values(nasty_build, NASTY_TRIAL, TG + "detailedDescription")[0].strip()
        == NASTY["detailedDescription"].strip()
    )


def test_nasty_text_round_trips_through_python_csv(nasty_build: Path, nasty_export: Path) -> None:
    row = _csv_node(nasty_export / "nodes" / "ClinicalTrial.csv", NASTY_TRIAL)
    assert row["briefTitle"] == NASTY["briefTitle"]
    assert row["detailedDescription"] == _store_values(nasty_build, NASTY_TRIAL, TG + "detailedDescription")[0]
    keywords = row["keyword"].split(ARRAY_DELIMITER)
    # the one item holding the array delimiter itself gets a space instead, so it cannot split
    expected = [k.replace("\x1f", " ") for k in _store_values(nasty_build, NASTY_TRIAL, TG + "keyword")]
    assert sorted(keywords) == sorted(expected)
    assert sorted(row["conditionName"].split(ARRAY_DELIMITER)) == sorted(NASTY["conditions"])


def test_csv_files_are_rectangular_with_typed_headers(sample_export: Path) -> None:
    for path in (sample_export / "nodes").glob("*.csv"):
        cols, rows = read_csv(path)
        assert cols[0] == ("iri", "ID", False) and cols[1] == ("", "LABEL", False)
        assert all(len(row) == len(cols) for row in rows), path
    cols, _ = read_csv(sample_export / "nodes" / "ClinicalTrial.csv")
    kinds = {name: (kind, array) for name, kind, array in cols}
    assert kinds["enrollment"] == ("long", False)
    assert kinds["hasResults"] == ("boolean", False)
    assert kinds["firstSubmittedDate"] == ("date", False)
    assert kinds["phase"] == ("string", True)


def test_import_script_names_every_file_and_the_delimiter(sample_export: Path) -> None:
    script = (sample_export / "import.sh").read_text()
    assert "neo4j-admin database import full neo4j" in script
    assert "--array-delimiter=U+001F" in script and "--multiline-fields=true" in script
    files = sorted(p.relative_to(sample_export).as_posix() for p in sample_export.glob("*/*.csv"))
    named = sorted(
        line.split("=", 1)[1].rstrip(" \\")
        for line in script.splitlines()
        if "--nodes=" in line or "--relationships=" in line
    )
    assert named == files


def test_cypher_script_carries_the_csv_rows(nasty_export: Path) -> None:
    batches = list(read_script(nasty_export / "load.cypher"))
    constraints = [s for s, rows in batches if s.startswith("CREATE CONSTRAINT")]
    assert len(constraints) == len(list((nasty_export / "nodes").glob("*.csv")))
    assert batches[: len(constraints)] == [(s, []) for s in constraints]
    rows = [r for s, rs in batches if "MERGE (n:`ClinicalTrial`" in s for r in rs]
    trial = next(r for r in rows if r["iri"] == NASTY_TRIAL)
    assert trial["props"]["briefTitle"] == NASTY["briefTitle"]
    assert "unit separator" in trial["props"]["keyword"]
    assert isinstance(trial["props"]["enrollment"], int)
    first_rel = next(i for i, (s, _) in enumerate(batches) if "MATCH (a:" in s)
    assert all("MERGE (n:" not in s for s, _ in batches[first_rel:]), "nodes must load before relationships"


def test_each_node_is_created_with_every_label_in_several_full_batches(sample_export: Path) -> None:
    """One ``MERGE`` naming all of a node's labels (no ``SET label`` after it, which ArcadeDB ran
    wrongly in batches over 100 rows), and the engine tests below really load such batches."""
    sizes: dict[str, list[int]] = {}
    for statement, rows in read_script(sample_export / "load.cypher"):
        if rows:
            assert " SET n:" not in statement, statement
            sizes.setdefault(statement, []).append(len(rows))
    criteria = next(s for s in sizes if "MERGE (n:`EligibilityCriterion`:`ExclusionCriterion` {" in s)
    assert len(sizes[criteria]) >= 3 and max(sizes[criteria]) == BATCH > 100
    assert all(max(n) <= BATCH for n in sizes.values())


def test_relationship_types_never_clash_with_labels(sample_export: Path) -> None:
    labels = {p.stem.lower() for p in (sample_export / "nodes").glob("*.csv")}
    types = {p.stem.split("--")[0].lower() for p in (sample_export / "relationships").glob("*.csv")}
    assert labels & types == set()


# --- in an embedded engine ---------------------------------------------------------------


def _ladybug(export: Path, tmp: Path):
    from tests.export.engines import load_ladybug

    return load_ladybug(export, tmp / "ladybug")


def test_nasty_text_loads_into_ladybug(ladybug_module, nasty_export: Path, tmp_path: Path) -> None:
    from tests.export.engines import rows

    conn = _ladybug(nasty_export, tmp_path)
    [(title, keywords, description)] = rows(
        conn,
        "MATCH (t:ClinicalTrial {iri: $iri}) RETURN t.briefTitle, t.keyword, t.detailedDescription",
        iri=NASTY_TRIAL,
    )
    assert title == NASTY["briefTitle"]
    assert sorted(keywords) == sorted(k.replace("\x1f", " ") for k in NASTY["keywords"])
    assert description.strip() == NASTY["detailedDescription"].strip()
    sponsors = rows(
        conn, "MATCH (:ClinicalTrial {iri: $iri})-[:LEAD_SPONSOR]->(o:Organization) RETURN o.label", iri=NASTY_TRIAL
    )
    assert sponsors == [(NASTY["sponsor"],)]


def _sparql(build_out: Path, query: str) -> list[tuple]:
    return [
        tuple(None if t is None else t.value for t in row) for row in TrialStore.open(build_out).query(PREFIX + query)
    ]


Run = Callable[..., list[tuple]]  # run(cypher, **params) -> rows as tuples, in any engine


def ladybug_run(conn) -> Run:
    from tests.export.engines import rows

    return lambda query, **params: rows(conn, query, **params)


def store_labels(build_out: Path) -> dict[str, set[str]]:
    """Node IRI -> its labels, from SPARQL alone: every ``tg:`` class of the node and its ``tg:``
    superclasses, ``Record`` for a trial graph's provenance node."""
    out: dict[str, set[str]] = {}
    classes = _sparql(
        build_out,
        "SELECT DISTINCT ?s ?c WHERE { GRAPH ?g { ?s a ?x FILTER(isIRI(?s)) } GRAPH ?o { ?x rdfs:subClassOf* ?c } "
        "FILTER(STRSTARTS(STR(?c), STR(tg:))) }",
    )
    for node, cls in classes:
        out.setdefault(node, set()).add(cls.removeprefix(TG))
    for (node,) in _sparql(build_out, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g tg:describesTrial ?t } }"):
        out.setdefault(node, set()).add("Record")
    return out


def check_counts(build_out: Path, export: Path, rows: Run, *, every_label: bool = True) -> None:
    """Nodes per label (every label, second labels too, unless the engine has one label per node)
    and relationships per type in the engine equal SPARQL's counts."""
    expected = Counter(label for labels in store_labels(build_out).values() for label in labels)
    if not every_label:
        expected = Counter({p.stem: expected[p.stem] for p in (export / "nodes").glob("*.csv")})
    assert {label: rows(f"MATCH (n:`{label}`) RETURN count(*)")[0][0] for label in expected} == dict(expected)
    links = _sparql(
        build_out,
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "GRAPH ?h { ?o a ?c } FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) "
        "FILTER(STRSTARTS(STR(?c), STR(tg:)) || ?c = <http://www.w3.org/ns/prov#Entity>) } } GROUP BY ?p",
    )
    in_engine = Counter()
    for path in (export / "relationships").glob("*.csv"):
        rel_type = path.stem.split("--")[0]
        in_engine[rel_type] = rows(f"MATCH ()-[r:`{rel_type}`]->() RETURN count(*)")[0][0]
    assert in_engine == Counter({relationship_type(p): int(n) for p, n in links})


def check_sample(build_out: Path, rows: Run, *, per_label: int = 15) -> None:
    """Evenly spaced nodes of every label carry, in the engine, the labels and ``rdfs:label``
    values the store gives them (a node holding another node's properties or missing a label
    fails here even when every count is right)."""
    labels = store_labels(build_out)
    sample: set[str] = set()
    for label in sorted({x for ls in labels.values() for x in ls} - {"Record"}):
        nodes = sorted(n for n, ls in labels.items() if label in ls)
        sample.update(nodes[:: max(1, len(nodes) // per_label)])
    values = " ".join(f"<{n}>" for n in sorted(sample))
    names: dict[str, set[str]] = {n: set() for n in sample}
    for node, name in _sparql(
        build_out, f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s rdfs:label ?l }} }}"
    ):
        names[node].add(name)
    for node in sorted(sample):
        [(got_labels, got_name)] = rows(
            f"MATCH (n:`{min(labels[node])}` {{iri: $iri}}) RETURN labels(n), n.label", iri=node
        )
        got_names = set(got_name) if isinstance(got_name, list) else {got_name} - {None}
        assert (set(got_labels), got_names) == (labels[node], names[node]), node


def check_questions(build_out: Path, rows: Run) -> None:
    """Trials for a condition, sponsors ranked, sites of a trial: Cypher == SPARQL."""
    [(condition, _)] = _sparql(
        build_out,
        "SELECT ?c (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t tg:condition ?c } } "
        "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1",
    )
    sparql = _sparql(
        build_out, f"SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ ?t tg:condition <{condition}> ; tg:nctId ?id }} }}"
    )
    cypher = rows("MATCH (t:ClinicalTrial)-[:HAS_CONDITION]->(:Condition {iri: $c}) RETURN t.nctId", c=condition)
    assert sorted(cypher) == sorted(sparql) and len(sparql) > 1
    sparql = _sparql(
        build_out,
        "SELECT ?label (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t tg:leadSponsor ?o } "
        "GRAPH ?s { ?o rdfs:label ?label } } GROUP BY ?label",
    )
    cypher = rows("MATCH (t:ClinicalTrial)-[:LEAD_SPONSOR]->(o:Organization) RETURN o.label, count(DISTINCT t)")
    assert sorted(cypher, key=lambda r: (-r[1], r[0])) == sorted(
        ((label, int(n)) for label, n in sparql), key=lambda r: (-r[1], r[0])
    )
    [(trial, _)] = _sparql(
        build_out,
        "SELECT ?t (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?t tg:hasSite ?s } } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1",
    )
    sparql = _sparql(
        build_out,
        f"SELECT ?l ?city WHERE {{ GRAPH ?g {{ <{trial}> tg:hasSite ?s . ?s rdfs:label ?l "
        "OPTIONAL { ?s tg:city ?city } } }",
    )
    cypher = rows("MATCH (:ClinicalTrial {iri: $t})-[:HAS_SITE]->(s:Site) RETURN s.label, s.city", t=trial)
    assert sorted(cypher, key=str) == sorted(sparql, key=str) and len(sparql) > 1


def test_ladybug_counts_and_questions_match_sparql(
    ladybug_module, sample_build: Path, sample_export: Path, tmp_path: Path
) -> None:
    conn = _ladybug(sample_export, tmp_path)
    check_counts(sample_build, sample_export, ladybug_run(conn), every_label=False)
    check_questions(sample_build, ladybug_run(conn))


@pytest.mark.slow
def test_ladybug_on_all_real_records(ladybug_module, v2_build: Path, tmp_path: Path) -> None:
    export = _export(v2_build, tmp_path / "neo4j")
    conn = _ladybug(export, tmp_path)
    check_counts(v2_build, export, ladybug_run(conn), every_label=False)
    check_questions(v2_build, ladybug_run(conn))


# --- over Bolt, in a running server ------------------------------------------------------


def bolt_run(session) -> Run:
    return lambda query, **params: [tuple(record.values()) for record in session.run(query, **params)]


def csv_counts(export: Path) -> tuple[Counter, Counter]:
    """Nodes per label (every label of the ``:LABEL`` column) and relationships per type, as the
    admin-import CSVs hold them."""
    labels: Counter = Counter()
    for path in (export / "nodes").glob("*.csv"):
        _, rows = read_csv(path)
        for row in rows:
            labels.update(row[1].split(ARRAY_DELIMITER))
    types: Counter = Counter()
    for path in (export / "relationships").glob("*.csv"):
        _, rows = read_csv(path)
        types[path.stem.split("--")[0]] += sum(1 for _ in rows)
    return labels, types


def check_csv_counts(export: Path, rows: Run) -> None:
    labels, types = csv_counts(export)
    assert {label: rows(f"MATCH (n:`{label}`) RETURN count(n)")[0][0] for label in labels} == dict(labels)
    assert {t: rows(f"MATCH ()-[r:`{t}`]->() RETURN count(r)")[0][0] for t in types} == dict(types)


def run_script(driver, database: str, script: Path) -> None:
    """Run a load.cypher the way cypher-shell does: each ``:param rows => ...`` line becomes the
    ``rows`` parameter of the statement after it."""
    with driver.session(database=database) as session:
        for statement, params in read_script(script):
            session.run(statement, rows=params).consume()


def test_nasty_text_loads_over_bolt(bolt_server, nasty_build: Path, nasty_export: Path) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth) as driver:
        run_script(driver, bolt_server.databases[2], nasty_export / "load.cypher")
        with driver.session(database=bolt_server.databases[2]) as session:
            run = bolt_run(session)
            [(title, keywords, description, enrollment)] = run(
                "MATCH (t:ClinicalTrial {iri: $iri}) RETURN t.briefTitle, t.keyword, t.detailedDescription, "
                "t.enrollment",
                iri=NASTY_TRIAL,
            )
            sponsors = run(
                "MATCH (:ClinicalTrial {iri: $iri})-[:LEAD_SPONSOR]->(o:Organization) RETURN o.label", iri=NASTY_TRIAL
            )
            check_csv_counts(nasty_export, run)
    assert title == NASTY["briefTitle"]
    assert sorted(keywords) == sorted(k.replace("\x1f", " ") for k in NASTY["keywords"])
    assert description == _store_values(nasty_build, NASTY_TRIAL, TG + "detailedDescription")[0]
    assert isinstance(enrollment, int)
    assert sponsors == [(NASTY["sponsor"],)]


def test_cypher_script_and_bolt_push_load_a_bolt_server(
    bolt_server, sample_build: Path, sample_export: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """load.cypher run statement by statement through the official driver (its ``:param rows``
    lines passed as driver parameters), and ``kg export neo4j --bolt``, each into its own
    database of a real Bolt server: same counts as the CSVs and SPARQL, same answers."""
    from neo4j import GraphDatabase

    script_db, push_db, *_ = bolt_server.databases
    with GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth) as driver:
        run_script(driver, script_db, sample_export / "load.cypher")
        with driver.session(database=script_db) as session:
            constraints = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in session.run("SHOW CONSTRAINTS")}
        assert constraints == {((p.stem,), ("iri",)) for p in (sample_export / "nodes").glob("*.csv")}
    env = {"NEO4J_USERNAME": bolt_server.auth[0], "NEO4J_PASSWORD": bolt_server.auth[1]}
    argv = ["export", "neo4j", "--store", str(sample_build / "store"), "--out", str(tmp_path / "pushed")]
    argv += ["--batch-size", str(BATCH), "--database", push_db, "--bolt", bolt_server.uri]
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        assert main(argv) == 0
    batches = len(list(read_script(sample_export / "load.cypher")))
    pushed = re.search(r"Cypher batches run over Bolt\s+([\d,]+)", capsys.readouterr().out)
    assert pushed and int(pushed.group(1).replace(",", "")) == batches
    with GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth) as driver:
        assert driver.get_server_info().agent.startswith("Neo4j/5")
        for database in (script_db, push_db):
            with driver.session(database=database) as session:
                run = bolt_run(session)
                check_csv_counts(sample_export, run)
                check_counts(sample_build, sample_export, run)
                check_sample(sample_build, run)
                check_questions(sample_build, run)
                [(date, year)] = run(
                    "MATCH (t:ClinicalTrial) WHERE t.firstSubmittedDate IS NOT NULL "
                    "RETURN t.firstSubmittedDate, t.firstSubmittedDate.year ORDER BY t.iri LIMIT 1"
                )
                assert type(date).__name__ == "Date" and isinstance(year, int), "dates must load as Cypher dates"


@pytest.mark.slow
def test_real_records_load_over_bolt_at_the_default_batch_size(bolt_server, shared_build: Path, tmp_path: Path) -> None:
    """A few hundred real records at the default 1,000 rows per batch (the size at which ArcadeDB
    lost half the second labels): every label, type and sampled node as SPARQL gives them."""
    from neo4j import GraphDatabase

    export = tmp_path / "neo4j"
    exporter("neo4j").export(TrialStore.open(shared_build), export)
    sizes = Counter(s for s, rows in read_script(export / "load.cypher") if len(rows) == 1000)
    assert any("`ExclusionCriterion`" in s for s in sizes), "the criteria must need several full batches"
    with GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth) as driver:
        with driver.session(database=bolt_server.databases[3]) as session:
            assert bolt_run(session)("MATCH (n) RETURN count(n)") == [(0,)], "the database must start empty"
        run_script(driver, bolt_server.databases[3], export / "load.cypher")
        with driver.session(database=bolt_server.databases[3]) as session:
            run = bolt_run(session)
            check_counts(shared_build, export, run)
            check_sample(shared_build, run)
            check_questions(shared_build, run)
