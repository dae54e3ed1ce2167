r"""Coordinated allocation of strategic industries to regions: a 0-1 programme and its diagnosis.

Binary :math:`x_{ri} = 1` when region :math:`r` is given industry :math:`i` (eligible pairs
:math:`E` only); the allocation maximises the total local value

.. math::

    \max_x \sum_{(r,i) \in E} v_{ri} x_{ri}

subject to the constraint families (each one can be switched off, :data:`FAMILIES`):

- ``hub_max``: :math:`\sum_r x_{ri} \le H_i` (row ``hub_max[i]``);
- ``budgets``: :math:`\sum_i a_{ris} x_{ri} \le B_{rs}` (row ``budget[r|s]``);
- ``participation``: :math:`m_r \le \sum_i x_{ri} \le M_r` (rows ``participation_min[r]``,
  ``participation_max[r]``);
- ``redundancy``: with macro-regions :math:`g` and auxiliary binaries :math:`y_{gi}`,
  :math:`y_{gi} \le \sum_{r \in g} x_{ri}` (row ``link[g|i]``) and
  :math:`\sum_g y_{gi} \ge k_i` (row ``redundancy[i]``): industry :math:`i` is present in at
  least :math:`k_i` distinct macro-regions;
- ``national``: :math:`\sum_{(r,i) \in E} a_{ris} x_{ri} \le N_s` (row ``national[s]``).

Columns are named ``x[r|i]`` and ``y[g|i]``. HiGHS (``highspy``) solves it; without highspy,
or with ``solver="scipy"``, :func:`scipy.optimize.milp` (HiGHS inside scipy) does. A knapsack
with side constraints (Martello & Toth 1990, ch. 1; Williams 2013, *Model Building in
Mathematical Programming*, 5th ed., ch. 9 for the logical "present in a group" rows).
"""

from yindi.measures.allocation._explain import explain_infeasibility
from yindi.measures.allocation._problem import FAMILIES, SOLVERS, AllocationProblem
from yindi.measures.allocation._solve import AllocationSolution, build_highs, solve_allocation

__all__ = [
    "FAMILIES",
    "SOLVERS",
    "AllocationProblem",
    "AllocationSolution",
    "build_highs",
    "explain_infeasibility",
    "solve_allocation",
]
