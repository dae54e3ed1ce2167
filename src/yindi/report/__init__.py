"""Presentation: writing result tables and the HTML report. Renders results, computes nothing."""

from yindi.report.plan_report import render_plan_html, write_plan_html
from yindi.report.tables import write_tables

__all__ = ["render_plan_html", "write_plan_html", "write_tables"]
