"""Complexity outlook: COI (how much complex, nearby opportunity a region has) and COG."""

from __future__ import annotations

import numpy as np

from yindi.measures._scratch import scratch

__all__ = ["complexity_outlook_index", "complexity_outlook_gain"]


def complexity_outlook_index(m: np.ndarray, density: np.ndarray, kp: np.ndarray) -> np.ndarray:
    r"""Complexity outlook index, before standardisation (Stata ``coicog``).

    .. math:: COI_r = \sum_p d_{rp}\,(1 - M_{rp})\,k_p

    ``kp`` is the raw activity-complexity vector of the method (the eigenvector for the
    default); the convention z-scores the result afterwards.

    Returns
    -------
    ndarray (regions,)

    Notes
    -----
    Missing values:

    - An activity without complexity (``kp`` NaN: a zero-ubiquity line the diagnosis leaves
      out of the eigenproblem) is outside the product space and adds nothing. This is Stata's
      behaviour: ``ecomplexity`` drops such lines before its Mata matrices are built, so
      ``coicog`` never sees them.
    - A region whose density is NaN (undefined: the activity is related to no other) for an
      activity it lacks (``M_rp = 0``) and that has a complexity gets NaN: that term is
      unknown, and counting it as 0 would understate the outlook. Stata's ``coicog``
      (``coi = ((density :* (1 :- M)) :* kp) * J(Npx, Npx, 1)``) does not skip it either: Mata
      arithmetic with a missing term returns missing.
    - Where ``M_rp = 1`` the term is 0 whatever the density (the region has the activity, so
      it is no outlook); Stata would still return missing there, yindi does not.
    """
    if np.isfinite(kp).all() and not np.isnan(density).any():
        # Nothing to skip: one matrix-vector product over the missing activities.
        with scratch(density.shape) as work:
            np.subtract(1.0, m, out=work)
            work *= density
            return np.asarray(work @ kp, dtype=float)
    coi = np.nansum(density * (1.0 - m) * kp[None, :], axis=1)
    unknown = np.isnan(density) & (m == 0) & np.isfinite(kp)[None, :]
    coi[unknown.any(axis=1)] = np.nan
    return coi


def complexity_outlook_gain(
    m: np.ndarray,
    phi: np.ndarray,
    kp: np.ndarray,
    *,
    variant: str = "stata",
    density: np.ndarray | None = None,
) -> np.ndarray:
    r"""Complexity outlook gain of activity p for region r.

    ``variant="stata"`` (Stata ``coicog``, py-ecomplexity):

    .. math:: COG_{rp} = (1 - M_{rp}) \sum_{p'} (1 - M_{rp'})
              \frac{\phi_{p'p}}{\sum_{p''} \phi_{p'p''}} k_{p'}

    ``variant="atlas"`` (Hausmann et al. 2011, Atlas of Economic Complexity, technical box 5.4)
    also charges what moving into p takes out of the outlook, p's own term:

    .. math:: COG_{rp} = (1 - M_{rp})\left[\sum_{p'} (1 - M_{rp'})
              \frac{\phi_{p'p}}{\sum_{p''} \phi_{p'p''}} k_{p'} - d_{rp}\,k_p\right]

    with :math:`d_{rp}` the density (needs ``density``). The Atlas writes the last term
    :math:`(1 - \delta_{rp}) PCI_p` with :math:`\delta` the *distance*, i.e. density times
    PCI: the gain is the change in the outlook index
    :math:`\sum_{p} d_{rp} (1 - M_{rp}) k_p` when :math:`M_{rp}` turns from 0 to 1 (the
    densities of the other missing activities rise by :math:`\phi_{p'p}/\sum_{p''}
    \phi_{p'p''}`, and p's own term :math:`d_{rp} k_p` leaves the sum). Where
    :math:`M_{rp} = 1` there is no move, so the change is 0: the ``(1 - M_rp)`` mask is part of
    that definition, not a convention (Growth Lab's own Atlas form, commented out in
    ``coicog.ado``, carries it too). The caller scales the result (Stata divides by ECI's sd).

    Row p' of ``phi`` holds the proximities from p' (as :func:`relatedness_density` reads it).

    References
    ----------
    Hausmann, R., Hidalgo, C. A., Bustos, S., Coscia, M., Chung, S., Jimenez, J., Simoes, A., &
    Yildirim, M. A. (2011). The Atlas of Economic Complexity. Harvard CID / MIT Media Lab.
    """
    if variant not in ("stata", "atlas"):
        raise ValueError(f"variant={variant!r}: use 'stata' or 'atlas'")
    charged = density if variant == "atlas" else None
    if variant == "atlas" and charged is None:
        raise ValueError("complexity_outlook_gain(variant='atlas') needs density=")
    row = phi.sum(axis=1)
    weight = np.divide(kp, row, out=np.zeros_like(kp, dtype=float), where=row > 0)
    # (1 - M) diag(w) phi: weighting the small left factor avoids an activities^2 temporary.
    # One regions x activities buffer besides the result, reused for each factor in turn.
    with scratch(m.shape) as work:
        np.subtract(1.0, m, out=work)
        work *= weight[None, :]
        gain = work @ phi
        if charged is not None:
            np.multiply(charged, kp[None, :], out=work)
            gain -= work
        np.subtract(1.0, m, out=work)
        gain *= work
    return gain
