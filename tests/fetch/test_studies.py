"""``kg fetch`` end to end against the local API: pages, faults, repeats, kill and resume, build."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.cli import main
from kg.fetch import ApiClient, FetchError, FetchOptions, Query, fetch_studies
from kg.fetch.checkpoint import CHECKPOINT, Checkpoint
from kg.fetch.sidecar import read_sidecar

from .conftest import PAGE, FakeApi


def _ids(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["protocolSection"]["identificationModule"]["nctId"] for line in lines]


def _options(out: Path, **kw) -> FetchOptions:
    return FetchOptions(out=out, page_size=PAGE, **kw)


def test_every_study_exactly_once_through_every_fault(api: FakeApi, client: ApiClient, tmp_path: Path) -> None:
    api.faults.update(
        {
            "/version": ["500"],
            "/studies#p0": ["429", "reset"],
            "/studies#p1": ["stall", "truncate"],
            "/studies#p2": ["invalid", "500", "notapage"],
            "/studies#p4": ["reset"],
        }
    )
    api.repeat[3] = 5  # the registry moved a study: it comes back on a later page
    report = fetch_studies(_options(tmp_path), client)
    assert _ids(report.output) == api.ids()
    assert report.written == len(api.ids()) and report.duplicates == 1 and report.total == len(api.ids())
    assert report.retries == 9 and report.data_timestamp == "2026-01-02T09:00:05"
    first = next(params for resource, params, _ in api.log if resource == "/studies#p0")
    assert first["countTotal"] == "true" and first["pageSize"] == str(PAGE)
    sidecar = read_sidecar(tmp_path)
    assert sidecar["data_timestamp"] == "2026-01-02T09:00:05" and sidecar["written"] == report.written


def test_a_run_killed_mid_page_resumes_and_writes_nothing_twice(
    api: FakeApi, client: ApiClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Checkpoint.record_page
    calls = {"n": 0}

    def dies_on_third_page(self, folder, ids, token):
        calls["n"] += 1
        if calls["n"] == 3:  # page 3 is in the output file, but not yet in the checkpoint
            raise KeyboardInterrupt
        return real(self, folder, ids, token)

    monkeypatch.setattr(Checkpoint, "record_page", dies_on_third_page)
    with pytest.raises(KeyboardInterrupt):
        fetch_studies(_options(tmp_path), client)
    assert len(_ids(tmp_path / "studies.jsonl")) == 3 * PAGE  # the half-recorded page is there...
    monkeypatch.setattr(Checkpoint, "record_page", real)

    report = fetch_studies(_options(tmp_path), client)
    assert report.resumed
    assert _ids(report.output) == api.ids()  # ...and cut away before resuming
    pages = [resource for resource, _, _ in api.log if resource.startswith("/studies")]
    assert pages.count("/studies#p0") == 1 and pages.count("/studies#p2") == 2


def test_a_finished_run_starts_again_and_another_query_is_refused(
    api: FakeApi, client: ApiClient, tmp_path: Path
) -> None:
    fetch_studies(_options(tmp_path), client)
    again = fetch_studies(_options(tmp_path), client)
    assert not again.resumed and _ids(again.output) == api.ids()

    point = Checkpoint.load(tmp_path)
    point.done = False
    point.save(tmp_path)
    with pytest.raises(FetchError, match="another query"):
        fetch_studies(_options(tmp_path, query=Query(condition="asthma")), client)
    assert fetch_studies(_options(tmp_path, query=Query(condition="asthma"), restart=True), client).written


def test_gzip_output_builds(api: FakeApi, client: ApiClient, tmp_path: Path) -> None:
    report = fetch_studies(_options(tmp_path / "fetched", gzip=True), client)
    assert report.output.name == "studies.jsonl.gz" and _ids(report.output) == api.ids()
    built = build(
        BuildOptions(inputs=[tmp_path / "fetched"], out=tmp_path / "out", workers=1, write_files=False, validate=False)
    )
    assert built.problems == 0  # the hidden checkpoint and sidecar are not taken for records
    assert built.store_trials == len(api.ids())


def test_query_options_become_api_parameters(api: FakeApi, client: ApiClient, tmp_path: Path) -> None:
    query = Query(
        condition="asthma",
        sponsor="NIH",
        status=["recruiting"],
        ids=["nct00000410"],
        since="2024-01-31",
        extra={"filter.advanced": "AREA[Phase]PHASE3"},
    )
    fetch_studies(_options(tmp_path, query=query), client)
    params = next(params for resource, params, _ in api.log if resource == "/studies#p0")
    assert params["query.cond"] == "asthma" and params["query.spons"] == "NIH"
    assert params["filter.overallStatus"] == "RECRUITING" and params["filter.ids"] == "NCT00000410"
    assert params["filter.advanced"] == "(AREA[Phase]PHASE3) AND AREA[LastUpdatePostDate]RANGE[2024-01-31,MAX]"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Query(since="last week").params()


def test_cli_fetch_then_build_with_fetch(
    api: FakeApi, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.fetch.client.time.sleep", lambda seconds: None)
    common = ["--api-url", api.url, "--rate", "0"]
    assert main(["fetch", "--condition", "x", "--out", str(tmp_path / "f"), *common]) == 0
    assert f"{len(api.ids())} studies" in capsys.readouterr().out and (tmp_path / "f" / CHECKPOINT).exists()
    argv = ["build", "--fetch", "asthma", "--out", str(tmp_path / "o"), "--workers", "1", "--no-files", *common]
    assert main(argv) == 0
    assert f"in {len(api.ids())} trial graphs" in capsys.readouterr().out
    assert any(params.get("query.term") == "asthma" for _, params, _ in api.log)
    assert main(["fetch", "--param", "oops", "--out", str(tmp_path / "f")]) == 2
