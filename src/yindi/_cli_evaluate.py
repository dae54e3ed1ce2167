"""``yindi evaluate``: did a local policy work, which declared priorities are bubbles, where can
a partner fit. Each part's commands live in their own module and register on ``evaluate_app``;
the imports at the bottom load them."""

from __future__ import annotations

import typer

evaluate_app = typer.Typer(
    help="Evaluate: policy effects (policy), declared priorities (plans), partners (partners).",
    no_args_is_help=True,
)

# The commands (each module decorates its functions with @evaluate_app.command):
import yindi._cli_evaluate_plans  # noqa: E402,F401
from yindi import _cli_evaluate_policy  # noqa: E402,F401
