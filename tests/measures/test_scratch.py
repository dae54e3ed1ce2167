"""Reused scratch buffers: the kernels give the same numbers with and without them.

Diagnose lends the heavy kernels' temporaries from a free list while it measures the years of
a large panel one after another (``yindi.measures._scratch``). A lent buffer holds the last
year's numbers, so every kernel must overwrite all of it: each kernel here runs three times
inside one ``reusing()`` block (the second and third runs get dirty buffers, from different
inputs) and must equal, bit for bit, both its run without the pool and a plain numpy formula
written out in the test.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from yindi import measures as ms
from yindi.measures._scratch import reusing, scratch


def _presence(seed: int, shape: tuple[int, int] = (23, 37)) -> np.ndarray:
    m = (np.random.default_rng(seed).random(shape) < 0.35).astype(float)
    m[:, 0] = m[0, :] = 1.0  # no zero-degree line
    return m


def _poison() -> None:
    """Put NaN-filled buffers of every shape the kernels borrow into the active pool, two of
    each: a kernel that reads a cell before writing it then returns NaN somewhere."""
    shapes = [(23, 37), (37, 23), (46, 37), (37, 46), (23, 23), (37, 37)]
    for shape in shapes:
        for dtype in (np.float64, np.float32):
            with scratch(shape, dtype) as one, scratch(shape, dtype) as two:
                one.fill(np.nan)
                two.fill(np.nan)


def _three_times(kernel):
    """The kernel on three inputs inside one reusing() block, and on the same three outside."""
    with reusing():
        _poison()
        pooled = [kernel(_presence(seed)) for seed in (1, 2, 1)]
    plain = [kernel(_presence(seed)) for seed in (1, 2, 1)]
    return pooled, plain


def _same(a, b) -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
    elif isinstance(a, ms.RawComplexity):
        np.testing.assert_array_equal(a.kc, b.kc)
        np.testing.assert_array_equal(a.kp, b.kp)
        assert a.eigenvalues == b.eigenvalues
    else:
        np.testing.assert_array_equal(a, b)


def _kp(m: np.ndarray) -> np.ndarray:
    return np.linspace(-1.0, 1.0, m.shape[1])


KERNELS = {
    **{
        f"proximity-{method}": (lambda m, method=method: ms.proximity(m, method=method))
        for method in ("min_conditional", "cosine", "jaccard", "association", "asymmetric")
    },
    "cog-stata": lambda m: ms.complexity_outlook_gain(m, ms.proximity(m), _kp(m)),
    "cog-atlas": lambda m: ms.complexity_outlook_gain(
        m,
        ms.proximity(m),
        _kp(m),
        variant="atlas",
        density=ms.relatedness_density(m, ms.proximity(m)),
    ),
    "coi": lambda m: ms.complexity_outlook_index(
        m, ms.relatedness_density(m, ms.proximity(m)), _kp(m)
    ),
    "eigenvector": ms.eigenvector_complexity,
    "eigenvector-tall": lambda m: ms.eigenvector_complexity(np.vstack([m, m[::-1]]).T.copy()),
    "structure": lambda m: ms.structure_indices(m * np.arange(1, m.shape[1] + 1)),
}


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernels_equal_with_dirty_reused_buffers(name) -> None:
    pooled, plain = _three_times(KERNELS[name])
    for a, b in zip(pooled, plain, strict=True):
        _same(a, b)
    _same(pooled[0], pooled[2])  # the same input after another one: the same numbers


def test_pooled_kernels_equal_the_formulas_written_out() -> None:
    m = _presence(3)
    kp = _kp(m)
    with reusing():
        _poison()
        ms.structure_indices(_presence(4) + 2.0)  # leave other numbers in the buffers
        ms.complexity_outlook_gain(_presence(4), ms.proximity(_presence(4)), _kp(m))
        phi = ms.proximity(m)
        gain = ms.complexity_outlook_gain(m, phi, kp)
        coi = ms.complexity_outlook_index(m, ms.relatedness_density(m, phi), kp)
        indices = ms.structure_indices(m + 1.0)
    # min_conditional proximity: C_pq / max(u_p, u_q), zero diagonal.
    co = m.T @ m
    u = np.diag(co)
    expected_phi = co / np.maximum(u[:, None], u[None, :])
    np.fill_diagonal(expected_phi, 0.0)
    np.testing.assert_allclose(phi, expected_phi, rtol=1e-15, atol=0)
    # COG_rp = (1 - M_rp) sum_p' (1 - M_rp') phi_p'p / sum_p'' phi_p'p'' kp_p'
    w = kp / expected_phi.sum(axis=1)
    expected_gain = (1 - m) * (((1 - m) * w) @ expected_phi)
    np.testing.assert_allclose(gain, expected_gain, rtol=1e-12, atol=1e-15)
    density = (m @ expected_phi) / expected_phi.sum(axis=1)
    np.testing.assert_allclose(coi, ((1 - m) * density) @ kp, rtol=1e-12, atol=1e-15)
    s = (m + 1.0) / (m + 1.0).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(indices["hhi"], (s**2).sum(axis=1), rtol=1e-14)
    np.testing.assert_allclose(indices["entropy"], -(s * np.log(s)).sum(axis=1), rtol=1e-14)


def test_a_buffer_is_lent_again_only_after_it_came_back() -> None:
    with reusing():
        with scratch((4, 5)) as first:
            first_id = id(first)
            with scratch((4, 5)) as second:  # the first is still out: a second buffer
                assert second is not first
        with scratch((4, 5)) as again:
            assert id(again) in {first_id, id(second)}
        with scratch((4, 5), np.float32) as other_type:
            assert other_type.dtype == np.float32 and other_type.shape == (4, 5)
    with scratch((4, 5)) as outside, scratch((4, 5)) as outside_too:
        assert outside is not outside_too  # no pool outside reusing(): np.empty


def test_another_thread_does_not_share_the_pool() -> None:
    seen: list[np.ndarray] = []

    def borrow() -> None:
        with scratch((3, 3)) as buf:
            seen.append(buf)

    with reusing():
        with scratch((3, 3)) as mine:
            pass
        worker = threading.Thread(target=borrow)
        worker.start()
        worker.join()
        with scratch((3, 3)) as mine_again:
            assert mine_again is mine  # the pool kept it for this context
    assert seen[0] is not mine
