"""The estimation packages of the ``evaluate`` extra, imported when first used.

pyfixest (did2s, event study, two-way fixed effects; wild cluster bootstrap through
wildboottest), diff-diff (Callaway-Sant'Anna, its multiplier bootstrap, the two-stage
bootstrap, HonestDiD) and pysyncon (synthetic control) are heavy, so ``import yindi`` never
loads them; a missing one raises :class:`MissingExtraError`, which says what to install.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from yindi.errors import YindiError

__all__ = ["MissingExtraError", "quiet", "require"]

#: import name -> distribution name on PyPI
DISTRIBUTIONS = {
    "pyfixest": "pyfixest",
    "diff_diff": "diff-diff",
    "pysyncon": "pysyncon",
    "wildboottest": "wildboottest",
}


_EXPECTED = "had non-finite or zero bootstrap SE"


class MissingExtraError(YindiError, ImportError):
    """An estimator needs a package of the ``evaluate`` extra that is not installed."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtraError` naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        dist = DISTRIBUTIONS.get(module.split(".")[0], module)
        raise MissingExtraError(
            f"{purpose} needs the package {dist!r}, which is not installed; install the "
            "evaluate extra: pip install 'yindi[evaluate]' (or leave this estimator out with "
            "estimators=...)"
        ) from exc


@contextmanager
def quiet(record: list[str], source: str) -> Iterator[None]:
    """Collect the warnings a package prints during a call into ``record`` (deduplicated).

    The packages warn about things yindi handles or reports itself (reference cells without
    a bootstrap SE, progress notices); the messages are kept in the result's notes rather than
    printed, so nothing is hidden and the terminal stays readable.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        # the packages' own pandas deprecations and the reference cells of a universal base
        # period (their effect is 0 by construction, so no bootstrap SE) are not news
        if issubclass(w.category, (DeprecationWarning, FutureWarning)) or _EXPECTED in str(
            w.message
        ):
            continue
        text = f"{source}: {str(w.message).splitlines()[0][:200]}"
        if text not in record:
            record.append(text)
