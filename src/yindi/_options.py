"""One registry for keyword options, strings and numbers, shared by the API and the CLI.

Modelled on scikit-learn's ``validate_params`` (``StrOptions``, ``Interval``): every option a
public function takes is registered once with its constraint, next to the code that uses it
(:func:`register`), and checked at the entry point (:func:`check`), so an unknown string or a
number out of range fails at once with :class:`~yindi.errors.OptionError` naming the option and
what it accepts. The CLI reports these errors in its own terms (``--rca-threshold``).
``tests/test_options.py`` feeds every registered option an invalid value through its public
entry point.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from yindi.errors import OptionError

__all__ = ["Interval", "StrOptions", "REGISTRY", "check", "check_weights", "choose", "register"]


@dataclass(frozen=True)
class StrOptions:
    """One of a fixed set of strings."""

    values: tuple[str, ...]
    optional: bool = False  # None means "not set"

    def valid(self, value: object) -> bool:
        if value is None:
            return self.optional
        return isinstance(value, str) and value in self.values

    def describe(self) -> str:
        return "one of: " + ", ".join(repr(v) for v in self.values)

    def invalid(self) -> object:
        return "no-such-option"


@dataclass(frozen=True)
class Interval:
    """A real (or, with ``integer=True``, whole) number between ``low`` and ``high``."""

    low: float | None = None
    high: float | None = None
    closed: str = "both"  # both | left | right | neither
    integer: bool = False
    example: float | None = None
    optional: bool = False  # None means "not set"

    def valid(self, value: object) -> bool:
        if value is None:
            return self.optional
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        if self.integer and not isinstance(value, numbers.Integral):
            return False
        x = float(value)
        if math.isnan(x):
            return False
        if self.low is not None:
            if x < self.low or (x == self.low and self.closed in ("right", "neither")):
                return False
        if self.high is not None:
            if x > self.high or (x == self.high and self.closed in ("left", "neither")):
                return False
        return True

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        left = "[" if self.closed in ("both", "left") and self.low is not None else "("
        right = "]" if self.closed in ("both", "right") and self.high is not None else ")"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        example = "" if self.example is None else f", e.g. {self.example!r}"
        return f"{kind} in {left}{low}, {high}{right}{example}"

    def invalid(self) -> object:
        if self.high is not None:
            return self.high + 1
        if self.low is not None:
            return self.low - 1
        return float("nan")


Constraint = StrOptions | Interval

#: option name -> constraint; filled by the modules that use the options (:func:`register`).
REGISTRY: dict[str, Constraint] = {}


def register(name: str, constraint: Constraint) -> Constraint:
    """Register ``name`` once; registering it again with another constraint is a bug."""
    known = REGISTRY.setdefault(name, constraint)
    if known != constraint:
        raise RuntimeError(f"option {name!r} registered twice: {known} and {constraint}")
    return constraint


def check(**values: Any) -> None:
    """Check each ``name=value`` against its registered constraint."""
    for name, value in values.items():
        constraint = REGISTRY[name]
        if not constraint.valid(value):
            raise OptionError(f"{name}={value!r} is not valid; use {constraint.describe()}")


def choose(option: str, value: object, valid: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``valid``, else raise :class:`OptionError`.

    For choices that are not keyword options of their own (a key of a registered table).
    """
    constraint = StrOptions(tuple(valid))
    if not constraint.valid(value):
        raise OptionError(f"{option}={value!r} is not a valid choice; use {constraint.describe()}")
    return str(value)


def check_weights(
    name: str, weights: Mapping[str, Any], default: Mapping[str, Any], *, pairs: bool = False
) -> None:
    """Weights with the default's keys, each >= 0 and summing to 1 (per pair with ``pairs``).

    ``pairs``: each value is a (first, second) tuple of weights that sum to 1, as the
    (feasibility, attractiveness) weights of each strategic approach.
    """
    keys = set(weights) if isinstance(weights, Mapping) else None
    if keys != set(default):
        raise OptionError(
            f"{name}={weights!r} is not valid; give a weight for each of {sorted(default)}"
        )
    groups = [tuple(v) for v in weights.values()] if pairs else [tuple(weights.values())]
    for group in groups:
        numbers_ok = all(
            not isinstance(w, bool) and isinstance(w, numbers.Real) and float(w) >= 0 for w in group
        )
        if (
            not numbers_ok
            or (pairs and len(group) != 2)
            or not math.isclose(float(sum(group)), 1.0, abs_tol=1e-9)
        ):
            what = "each pair" if pairs else "the weights"
            raise OptionError(
                f"{name}={dict(weights)!r} is not valid; {what} must be numbers >= 0 summing to 1"
            )
