"""Presentation: writing result tables and the HTML report. Renders results, computes nothing."""

from yindi.report.html import diagnose_html
from yindi.report.tables import write_tables

__all__ = ["diagnose_html", "write_tables"]
