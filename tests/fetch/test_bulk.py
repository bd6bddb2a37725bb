"""``kg fetch --bulk`` against the local API: a ZIP of real records, a cut connection, a Range resume."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.fetch import ApiClient, FetchError, bulk_url, fetch_bulk
from kg.fetch.bulk import BULK_NAME

from .conftest import FakeApi


@pytest.fixture
def zipped(api: FakeApi, v2_json_dir: Path) -> FakeApi:
    """The API serving a ZIP of 40 real records, one entry per study, as the registry's archive is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(v2_json_dir.glob("*.json"))[:40]:
            archive.writestr(path.name, path.read_bytes())
    api.zip_bytes = buffer.getvalue()
    return api


def _ranges(api: FakeApi) -> list[str | None]:
    return [headers.get("Range") for resource, _, headers in api.log if resource == "/studies/download"]


def test_a_cut_download_resumes_with_range_and_builds(zipped: FakeApi, client: ApiClient, tmp_path: Path) -> None:
    zipped.faults["/studies/download"] = ["cut", "500", "cut"]
    report = fetch_bulk(bulk_url(client.api_url), tmp_path / "bulk", client)
    assert report.output.read_bytes() == zipped.zip_bytes and report.entries == 40
    ranges = _ranges(zipped)
    half = len(zipped.zip_bytes) // 2
    assert ranges[0] is None and ranges[1] == f"bytes={half}-" and ranges[-1] is not None
    assert sorted(p.name for p in (tmp_path / "bulk").iterdir()) == [".fetch.json", BULK_NAME]
    built = build(
        BuildOptions(inputs=[tmp_path / "bulk"], out=tmp_path / "out", workers=1, write_files=False, validate=False)
    )
    assert built.problems == 0 and built.store_trials == 40


def test_a_partial_file_from_an_earlier_run_is_continued(zipped: FakeApi, client: ApiClient, tmp_path: Path) -> None:
    zipped.faults["/studies/download"] = ["cut"] + ["500"] * 10
    with pytest.raises(FetchError, match="without progress"):
        fetch_bulk(bulk_url(client.api_url), tmp_path, client)
    assert not (tmp_path / BULK_NAME).exists()  # only a whole archive gets its final name
    zipped.faults.clear()
    report = fetch_bulk(bulk_url(client.api_url), tmp_path, client)
    assert report.resumed_from == len(zipped.zip_bytes) // 2
    assert report.output.read_bytes() == zipped.zip_bytes
