"""The run store: saved runs of ``yindi plan`` (and the dashboard), whole or not at all.

``Store(folder).save(plan, coordination=...)`` saves a run; ``runs()`` lists them from the
registry; ``load(run_id)`` checks a run's files against their checksums and reads it back as a
:class:`StoredRun` whose ``plan`` the coordinate stage can solve again; ``compare_runs(a, b)``
sets two runs side by side and ``store.query(sql)`` runs DuckDB SQL across every run's tables.
Layout, transactions
and what a crash leaves: :mod:`yindi.store._store` and ``docs/dashboard.md``.
"""

from yindi.store._compare import RunComparison, compare_runs
from yindi.store._files import RunInfo, StoreError
from yindi.store._query import MissingDuckDBError, query
from yindi.store._store import MARKER, PAUSE_ENV, Store
from yindi.store._stored import StoredCatalogue, StoredPlan, StoredRun

__all__ = [
    "MARKER",
    "PAUSE_ENV",
    "MissingDuckDBError",
    "RunComparison",
    "RunInfo",
    "Store",
    "StoreError",
    "StoredCatalogue",
    "StoredPlan",
    "StoredRun",
    "compare_runs",
    "query",
]
