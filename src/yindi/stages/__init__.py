"""Pipeline stages; each reads only the layers below it (data, measures)."""

from yindi.stages.diagnose import DiagnoseResult, diagnose

__all__ = ["DiagnoseResult", "diagnose"]
