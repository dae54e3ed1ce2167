"""Domain exceptions.

Every message names the offending place (column, row, value, option) and the fix, so a planner
reading it can correct the input without reading the code.
"""

from __future__ import annotations

__all__ = [
    "YindiError",
    "InputError",
    "OptionError",
    "ComputationWarning",
    "DroppedWarning",
    "AliasWarning",
    "NegativeValueWarning",
]


class YindiError(Exception):
    """Base class of every error raised by yindi on purpose."""


class InputError(YindiError, ValueError):
    """The data handed to yindi cannot be used as it is (columns, values, keys, encoding)."""


class OptionError(YindiError, ValueError):
    """An option value is not one of the registered choices."""


class DroppedWarning(UserWarning):
    """Rows or columns were dropped from the computation (e.g. all-zero regions)."""


class ComputationWarning(UserWarning):
    """A result is numerically fragile (e.g. a near-degenerate eigengap)."""


class AliasWarning(UserWarning):
    """Region labels were unified: several spellings of one region now carry one label."""


class NegativeValueWarning(DroppedWarning):
    """Negative values were set to 0 (``negatives='positive_part'``); they are listed."""
