"""The shards load into other stores with their own bulk loaders, as the README says.

Only Oxigraph's command-line loader can run here (``pip install oxigraph``); QLever, Virtuoso,
GraphDB and Neptune need servers or licences this machine does not have (the README cites
their documentation for each command).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import TrialStore


def test_the_oxigraph_cli_bulk_loads_the_shards(dask_shards: Path, local_build: Path, tmp_path: Path) -> None:
    oxigraph = shutil.which("oxigraph")
    if oxigraph is None:
        pytest.skip("the Oxigraph command-line tool is not installed (pip install oxigraph)")
    shards = sorted(str(p) for p in dask_shards.glob("graph-*.nq"))
    command = [oxigraph, "load", "--location", str(tmp_path / "db"), "--file", *shards]  # the README's command
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    loaded = ox.Store.read_only(str(tmp_path / "db"))
    local = TrialStore(local_build / "store", read_only=True)
    assert len(loaded) == len(local)
    assert set(loaded.named_graphs()) == set(local.named_graphs())
