"""Presentation: the HTML report. Renders results, computes nothing (tables: ``Result.to_dir``)."""

from yindi.report.plan_report import render_plan_html, write_plan_html

__all__ = ["render_plan_html", "write_plan_html"]
