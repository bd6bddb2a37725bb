"""``kg build``: records in, graph out, streamed and mapped in parallel.

``pipeline`` drives a build, ``workers`` is what runs in the worker processes (parse, map,
serialise), ``loader`` applies replace-by-newer and bulk-loads the store, ``report`` is
what a build did, as ``summary.json`` and as the screen summary.
"""

from kg.build.pipeline import BuildOptions, build
from kg.build.report import BuildReport

__all__ = ["BuildOptions", "BuildReport", "build"]
