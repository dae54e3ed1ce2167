"""One registry for keyword options, so an unknown value fails at once with the valid list."""

from __future__ import annotations

from collections.abc import Iterable

from yindi.errors import OptionError

__all__ = ["choose"]


def choose(option: str, value: object, valid: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``valid``, else raise :class:`OptionError`.

    Parameters
    ----------
    option : str
        Name of the keyword argument, used in the message.
    value : object
        What the caller passed.
    valid : iterable of str
        The registered choices.
    """
    choices = tuple(valid)
    if not isinstance(value, str) or value not in choices:
        raise OptionError(
            f"{option}={value!r} is not a valid choice; use one of: "
            + ", ".join(repr(c) for c in choices)
        )
    return value
