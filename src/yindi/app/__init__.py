"""The dashboard (``yindi serve``): the runs of a store as maps, lists and tables, in English or
Chinese, with the national coordination solved again on demand.

Presentation only, like the report and the command line: it renders stored results and calls
the stages (``yindi.plan``, ``yindi.coordinate``) for new runs, computing nothing itself.
Streamlit (the ``[app]`` extra) is imported by the pages only; this package's top level and
:mod:`yindi.app._serve` import without it, so ``yindi serve`` can refuse an unsafe start or
name the missing extra. Notes: ``docs/dashboard.md``.
"""

from yindi.app._serve import (
    SCRIPT,
    AppSettings,
    MissingExtraError,
    check_serve,
    is_loopback,
    server_command,
)

__all__ = [
    "SCRIPT",
    "AppSettings",
    "MissingExtraError",
    "check_serve",
    "is_loopback",
    "server_command",
]
