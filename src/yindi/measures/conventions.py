"""Conventions of the reference implementations, in one registry.

The same formulas are computed with small, consequential differences by Growth Lab's Stata
``ecomplexity`` (the canonical reference, our default), py-ecomplexity 0.5.3 and Datawheel's
economic-complexity 0.3.0. Each difference is a field here; ``docs/conventions.md`` has the table.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from yindi._options import choose
from yindi.errors import ComputationWarning

__all__ = ["Convention", "CONVENTIONS", "get_convention", "Standardised", "standardise"]


@dataclass(frozen=True)
class Convention:
    """How one reference implementation turns the formulas into numbers.

    Attributes
    ----------
    name : str
    strict_threshold : bool
        ``M = RCA > t`` (True) or ``M = RCA >= t`` (False).
    diagonal : {"zero", "keep"}
        Proximity of an activity to itself (left out of density and COG, or kept).
    scale : {"long", "ddof0", "ddof1"}
        Mean and standard deviation used to z-score an index: ``"long"`` = over the region x
        activity rows of the year with n-1 (Stata runs ``sum eci`` on the long data, where each
        region value repeats once per activity); ``"ddof0"`` = over the index's own units with
        ddof 0 (numpy ``std``); ``"ddof1"`` = the same with ddof 1 (pandas ``std``).
    pci_scale : {"eci", "own"}
        PCI z-scored with ECI's mean and sd (Stata, py-ecomplexity), or with its own over
        activities (economic-complexity).
    """

    name: str
    strict_threshold: bool
    diagonal: str
    scale: str
    pci_scale: str


CONVENTIONS: dict[str, Convention] = {
    "stata": Convention("stata", True, "zero", "long", "eci"),
    "py-ecomplexity": Convention("py-ecomplexity", False, "keep", "ddof0", "eci"),
    "economic-complexity": Convention("economic-complexity", False, "zero", "ddof1", "own"),
}


def get_convention(name: str) -> Convention:
    """The registered convention ``name`` (raises OptionError listing the valid ones)."""
    return CONVENTIONS[choose("convention", name, CONVENTIONS)]


def _moments(x: np.ndarray, scale: str, repeat: int) -> tuple[float, float]:
    """Mean and sd of ``x``; ``repeat`` is how often each value appears in the long table."""
    ok = x[np.isfinite(x)]
    if ok.size == 0:  # complexity left empty upstream (already warned there)
        return float("nan"), float("nan")
    mean = float(ok.mean())
    if scale == "long":
        # Stata summarises the long table: every region value appears once per activity.
        n = ok.size * repeat
        sd = float(np.sqrt(repeat * np.sum((ok - mean) ** 2) / (n - 1)))
    else:
        sd = float(ok.std(ddof=0 if scale == "ddof0" else 1))
    if not sd > 0:
        warnings.warn(
            "an index is constant across units, so its z-score is undefined (NaN)",
            ComputationWarning,
            stacklevel=3,
        )
        sd = float("nan")
    return mean, sd


@dataclass(frozen=True)
class Standardised:
    eci: np.ndarray
    pci: np.ndarray
    coi: np.ndarray
    cog: np.ndarray


def standardise(
    convention: Convention,
    kc: np.ndarray,
    kp: np.ndarray,
    coi: np.ndarray,
    cog: np.ndarray,
    *,
    pci_scale: str | None = None,
    zscore_indices: bool = True,
    overwrite_cog: bool = False,
) -> Standardised:
    """Standardise raw ECI, PCI, COI and COG as ``convention`` does.

    ECI is z-scored; PCI with ECI's mean and sd or its own (``pci_scale`` overrides the
    convention: the method of reflections pairs different iteration orders, so each index gets
    its own moments there); COI is z-scored; COG is divided by ECI's sd. With
    ``zscore_indices=False`` (fitness) ECI and PCI stay raw and only COI/COG are scaled.
    ``overwrite_cog=True`` scales ``cog`` in place (as SciPy's ``overwrite_a``), sparing a
    regions x activities copy the caller does not need.
    """
    n_act = kp.size
    mean_c, sd_c = _moments(kc, convention.scale, n_act)
    mean_o, sd_o = _moments(coi, convention.scale, n_act)
    which = pci_scale or convention.pci_scale
    if not zscore_indices:
        eci, pci = kc, kp
    elif which == "eci":
        eci, pci = (kc - mean_c) / sd_c, (kp - mean_c) / sd_c
    else:
        mean_p, sd_p = _moments(kp, convention.scale, kc.size)
        eci, pci = (kc - mean_c) / sd_c, (kp - mean_p) / sd_p
    scaled = np.divide(cog, sd_c, out=cog if overwrite_cog else None)
    return Standardised(eci, pci, (coi - mean_o) / sd_o, scaled)
