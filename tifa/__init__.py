"""tifa: a knowledge graph of Chinese political formulations (提法) and their sources.

The public API (`tifa.pipeline`), imported on first use so that ``import tifa`` stays light::

    import tifa
    b = tifa.build(["data/corpus"])
    b.timeline("网络安全").counts()      # {2013: …, 2014: …}: distinct utterances said per year
    b.write("out/")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

API = ("extract", "build", "load", "query", "discover", "read_build", "read_passages",
       "open_database",
       "Corpus", "Build", "Timeline", "YearMatrix", "Progress", "UnknownConcept",
       "NoSourcesError")
EXECUTORS = ("WorkerCrashed", "SchedulerUnreachable")
ERRORS = ("TifaError", "SourceError", "ConfigError")

__all__ = [  # noqa: RUF022 (the API, then the errors)
    "__version__", "extract", "build", "load", "query", "discover", "read_build", "read_passages",
    "open_database", "Corpus", "Build", "Timeline", "YearMatrix", "Progress",
    "UnknownConcept", "NoSourcesError", "WorkerCrashed", "SchedulerUnreachable", "TifaError",
    "SourceError", "ConfigError",
]

if TYPE_CHECKING:
    from tifa.errors import ConfigError, SourceError, TifaError
    from tifa.executors import SchedulerUnreachable, WorkerCrashed
    from tifa.pipeline import (
        Build,
        Corpus,
        NoSourcesError,
        Progress,
        Timeline,
        UnknownConcept,
        YearMatrix,
        build,
        discover,
        extract,
        load,
        open_database,
        query,
        read_build,
        read_passages,
    )


def __getattr__(name: str) -> Any:
    """Import the pipeline (and with it the stages) only when a name of the API is used."""
    if name == "extract":  # the package tifa.extract, callable as pipeline.extract
        import tifa.extract

        return tifa.extract
    if name in API:
        from tifa import pipeline

        return getattr(pipeline, name)
    if name in EXECUTORS:
        from tifa import executors

        return getattr(executors, name)
    if name in ERRORS:
        from tifa import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'tifa' has no attribute {name!r}")
