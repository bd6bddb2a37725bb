"""Past one machine: the build's map stage on Dask or Spark, and shards loaded back into the store.

- ``partitions``: the input cut into partitions (files, ZIP entry ranges, records of a large file);
- ``maptask``: what a worker runs on a partition (the local build's ``map_chunk``, spilled to disk);
- ``shards``: the winners written in the layout of ``kg export rdf --shard-size``;
- ``driver``: the map stage end to end, keeping the local replace-by-newer rule through its loader;
- ``engines``, ``dask_engine``, ``spark_engine``: the engines, optional extras imported on first use;
- ``from_shards``: shards (this stage's, or ``kg export rdf``'s) loaded into the embedded store.
"""

from kg.distributed.driver import ShardOptions, ShardSummary, map_to_shards
from kg.distributed.engines import ENGINES, EngineMissing, engine

__all__ = ["ENGINES", "EngineMissing", "ShardOptions", "ShardSummary", "engine", "map_to_shards"]
