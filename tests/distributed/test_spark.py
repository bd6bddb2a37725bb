"""The map stage on Spark (``local[2]``) equals the local build of the same records.

Slow (a Spark session takes a minute or more to start on a busy machine), and skipped with a
reason where pyspark or Java is missing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.store import TrialStore
from tests.distributed.conftest import PARTITION_SIZE, SHARD_SIZE, java_missing, shard_digests

pytestmark = pytest.mark.slow


def test_spark_shards_equal_the_local_build(mixed_input: dict, local_build: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="Spark is an optional extra: pip install 'trialgraph[spark]'")
    if reason := java_missing():
        pytest.skip(reason)
    from kg.distributed import ShardOptions, engine, map_to_shards

    options = ShardOptions(
        inputs=[mixed_input["folder"]],
        out=tmp_path,
        shard_size=SHARD_SIZE,
        partition_size=PARTITION_SIZE,
        cut_bytes=mixed_input["cut_bytes"],
    )
    with engine("spark", workers=2) as running:
        summary = map_to_shards(options, running, engine_name="spark")
    local = TrialStore(local_build / "store", read_only=True).versions()
    assert shard_digests(tmp_path) == {graph: version.digest for graph, version in local.items()}
    assert {g.rsplit("/", 1)[1] for g in shard_digests(tmp_path)} == mixed_input["nct_ids"]

    def lines(path: Path) -> Counter:
        return Counter(path.read_text(encoding="utf-8").splitlines())

    assert lines(tmp_path / "problems.jsonl") == lines(local_build / "problems.jsonl")
    assert json.loads((tmp_path / "summary.json").read_text())["engine"] == "spark"
    assert summary.report.workers == 2 and len(summary.worker_peak_rss_mb) == 2
