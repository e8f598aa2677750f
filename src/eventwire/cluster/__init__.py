"""Ingest on a Dask cluster: ``eventwire ingest --engine dask``.

This process reads and cleans the inputs in input order (page furniture and duplicate
stories are judged across the whole run, exactly as the local engine judges them) and
cuts the stream into partitions (``partitions``); the workers each load the engine
once and code partitions (``worker``), committing each to a Parquet dataset with a
manifest (``store.dataset``); a re-run codes only what no manifest holds. At the end
events are grouped across stories over the Parquet files, and the dataset is loaded
into a DuckDB file if one is given (``ingest``).

Needs the ``dask`` extra (``pip install 'eventwire[dask]'``).
"""

from __future__ import annotations

from eventwire.cluster.ingest import ClusterReport, ingest

__all__ = ["ClusterReport", "ingest"]
