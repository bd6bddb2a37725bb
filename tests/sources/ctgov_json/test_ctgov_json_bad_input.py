"""Bad API v2 input: each broken piece is one clear problem, and every good record beside it survives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kg.model import Problem
from kg.sources import raw_records
from kg.sources.ctgov_json.reader import parse
from tests.sources.reading import read_all

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOOD = ("NCT01616511", "NCT02106169", "NCT04326231")


@pytest.fixture
def good(v2_json_dir: Path) -> list[dict]:
    return [json.loads((v2_json_dir / f"{nct_id}.json").read_bytes()) for nct_id in GOOD]


def _one_problem(paths: list[Path], *, expect_studies: int) -> Problem:
    studies, problems = read_all(paths)
    assert len(studies) == expect_studies, [s.nct_id for s in studies]
    assert len(problems) == 1, problems
    return problems[0]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_bytes(b"  \n")
    problem = _one_problem([tmp_path / "empty.json"], expect_studies=0)
    assert "empty" in problem.reason and problem.origin.path.endswith("empty.json")


def test_truncated_single_object_names_line_and_column(tmp_path: Path, v2_json_dir: Path) -> None:
    text = (v2_json_dir / "NCT02106169.json").read_text()
    (tmp_path / "cut.json").write_text(text[:300])
    problem = _one_problem([tmp_path / "cut.json"], expect_studies=0)
    assert problem.reason.startswith("invalid JSON at line ") and "column" in problem.reason
    assert (problem.origin.path, problem.origin.position) == (str(tmp_path / "cut.json"), "study")


def test_truncated_page_keeps_the_studies_before_the_break(tmp_path: Path, good: list[dict]) -> None:
    text = json.dumps({"studies": good}, indent=2)
    cut = text.index('"NCT04326231"')  # inside the third study
    (tmp_path / "page.json").write_text(text[:cut])
    studies, problems = read_all([tmp_path / "page.json"])
    assert [s.nct_id for s in studies] == list(GOOD[:2])
    (problem,) = problems
    assert problem.origin.position == "studies[2]"
    assert "truncated JSON" in problem.reason and "after studies[1]" in problem.reason


def test_bad_json_line_spoils_only_itself(tmp_path: Path, good: list[dict]) -> None:
    lines = [json.dumps(study) for study in good]
    lines.insert(1, '{"protocolSection": {"identificationModule": {"nctId": "NCT0000')  # cut short
    (tmp_path / "s.jsonl").write_text("\n".join(lines) + "\n")
    studies, problems = read_all([tmp_path / "s.jsonl"])
    assert [s.nct_id for s in studies] == list(GOOD)
    (problem,) = problems
    assert problem.origin.position == "line 2" and problem.reason.startswith("invalid JSON at line 1 column")


def test_non_utf8_file(tmp_path: Path, good: list[dict]) -> None:
    (tmp_path / "latin1.json").write_bytes(json.dumps(good[1], ensure_ascii=False).encode("latin-1"))
    problem = _one_problem([tmp_path / "latin1.json"], expect_studies=0)
    assert "not UTF-8" in problem.reason and "0xf4" in problem.reason  # the ô of Hôpitaux
    ascii_study, latin1_study = json.dumps(good[0]).encode(), json.dumps(good[1], ensure_ascii=False).encode("latin-1")
    (tmp_path / "latin1-array.json").write_bytes(b"[" + ascii_study + b"," + latin1_study + b"]")
    studies, problems = read_all([tmp_path / "latin1-array.json"])
    assert [s.nct_id for s in studies] == [GOOD[0]]  # streamed: the study before the bad byte comes through
    assert len(problems) == 1 and "not UTF-8" in problems[0].reason and problems[0].origin.position == "item 2"


def test_binary_junk(tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_bytes(bytes(range(256)) * 4)
    problem = _one_problem([tmp_path / "junk.json"], expect_studies=0)
    assert "not a recognised" in problem.reason and problem.origin.path.endswith("junk.json")


def test_study_without_or_with_a_bad_nct_id(tmp_path: Path, good: list[dict]) -> None:
    no_id, bad_id = json.loads(json.dumps(good[0])), json.loads(json.dumps(good[0]))
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    bad_id["protocolSection"]["identificationModule"]["nctId"] = "NCT123"
    (tmp_path / "page.json").write_text(json.dumps({"studies": [no_id, good[1], bad_id, good[2]]}))
    studies, problems = read_all([tmp_path / "page.json"])
    assert [s.nct_id for s in studies] == list(GOOD[1:])
    assert [p.origin.position for p in problems] == ["studies[0]", "studies[2]"]
    assert "no valid NCT id" in problems[0].reason and "None" in problems[0].reason
    assert "'NCT123'" in problems[1].reason


def test_records_that_are_not_v2_studies(tmp_path: Path, good: list[dict]) -> None:
    (tmp_path / "mixed.json").write_text(json.dumps([good[0], "NCT01234567", {"nctId": "NCT01234567"}]))
    studies, problems = read_all([tmp_path / "mixed.json"])
    assert [s.nct_id for s in studies] == [GOOD[0]]
    assert "not a JSON object" in problems[0].reason and problems[0].origin.position == "item 2"
    assert "no protocolSection" in problems[1].reason and problems[1].origin.position == "item 3"


def test_zip_with_one_broken_entry(tmp_path: Path, v2_json_dir: Path) -> None:
    archive_path = tmp_path / "ctg-studies.json.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for nct_id in GOOD:
            archive.write(v2_json_dir / f"{nct_id}.json", f"{nct_id}.json")
            if nct_id == GOOD[0]:
                archive.writestr("NCT00000000.json", (v2_json_dir / f"{nct_id}.json").read_bytes()[:500])
    studies, problems = read_all([archive_path])
    assert [s.nct_id for s in studies] == list(GOOD)
    (problem,) = problems
    assert problem.origin.path == str(archive_path)
    assert problem.origin.position == "entry NCT00000000.json: study"
    assert problem.reason.startswith("invalid JSON at line")


def test_odd_fields_become_warnings_not_failures() -> None:
    (record,) = list(raw_records([FIXTURES / "odd_fields.json"]))
    parsed = parse(record)
    study, warnings = parsed.study, "\n".join(parsed.warnings)
    assert study.overall_status == "RECRUITNG" and "unknown code 'RECRUITNG'" in warnings
    assert study.design.phases == ["PHASE2", "PHASE5"] and "'PHASE5'" in warnings
    assert study.design.enrollment == 120
    assert [c.name for c in study.collaborators] == ["First Collaborator", "Third Collaborator"]
    assert "collaborators[1] has no name" in warnings
    assert (study.eligibility.minimum_age.text, study.eligibility.minimum_age.years) == ("about ten", None)
    assert study.eligibility.maximum_age is None and "'about ten' is not an age" in warnings
    assert study.eligibility.healthy_volunteers is None
    # sites only under the non-standard key; an empty one is dropped, a bad geo point too
    assert [(s.facility, s.city) for s in study.sites] == [("Only Nested Hospital", "Lyon"), (None, "Nowhere")]
    assert (study.sites[0].geo.lat, study.sites[0].geo.lon, study.sites[1].geo) == (45.75, 4.85, None)
    assert "locations_nested" in warnings and "is empty" in warnings
    assert [(c.kind, c.text) for c in study.eligibility.criteria] == [
        ("INCLUSION", "Adults"),
        ("EXCLUSION", "Pregnancy"),
    ]
