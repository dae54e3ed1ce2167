"""Presentation: the HTML reports. Render results, compute nothing (tables: ``Result.to_dir``).

``render_plan_html`` renders a plan (with its coordination, stress tests and declared
priorities); ``render_evaluate_html`` a result of ``yindi evaluate`` (policy effects, the
bubble check of declared priorities, the partner finder).
"""

from yindi.report.evaluate_report import render_evaluate_html, write_evaluate_html
from yindi.report.plan_report import render_plan_html, write_plan_html

__all__ = ["render_evaluate_html", "render_plan_html", "write_evaluate_html", "write_plan_html"]
