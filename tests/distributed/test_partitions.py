"""Partitions, read one after the other, are the input: the local cutter's records, in its order."""

from __future__ import annotations

from pathlib import Path

from kg.distributed.partitions import plan
from kg.sources import raw_records
from tests.distributed.conftest import PARTITION_SIZE


def test_partitions_read_in_turn_give_the_local_builds_records(mixed_input: dict) -> None:
    folder = mixed_input["folder"]
    partitions = list(plan([folder], size=PARTITION_SIZE, cut_bytes=mixed_input["cut_bytes"]))
    read = [item for partition in partitions for item in partition.read()]
    assert read == list(raw_records([folder]))
    assert [p.index for p in partitions] == list(range(len(partitions)))


def test_no_partition_holds_the_whole_input(mixed_input: dict) -> None:
    folder = mixed_input["folder"]
    partitions = list(plan([folder], size=PARTITION_SIZE, cut_bytes=mixed_input["cut_bytes"]))
    assert all(len(list(p.read())) <= PARTITION_SIZE for p in partitions)
    archive = [p for p in partitions if p.archive is not None]
    assert [p.entries for p in archive] == [(0, 16), (16, 32)]  # 31 entries, read by range on the worker
    assert all(not p.records and Path(p.archive).name == "bulk.zip" for p in archive)
    cut = [p for p in partitions if p.records]  # only the JSON Lines file, larger than cut_bytes, is cut
    assert {r.origin.path for p in cut for r in p.records} == {str(folder / "studies.jsonl")}
    assert sum(len(p.records) for p in cut) == 41  # 40 studies and the bad line
