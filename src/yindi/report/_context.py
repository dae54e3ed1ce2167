"""The plan result's tables keyed and ordered for display, shared by every section of the report.

Presentation only: ids become text so they join and sort alike whatever their dtype, regions
follow their administrative code, and types and approaches get stable colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the report renders results, it never runs a stage
    from yindi.stages.plan import PlanResult

from yindi.report._i18n import current, t
from yindi.report._page import APPROACH_COLOURS, TYPE_COLOURS, _badge, _colours

__all__ = ["ReportContext"]


class ReportContext:
    """A plan result's tables keyed for display, with the naming helpers the sections share."""

    def __init__(self, result: PlanResult) -> None:
        self.r = result

        def keyed(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
            return frame.assign(**{c: frame[c].astype(str) for c in cols})

        reg = keyed(result.regions, "region")
        # China's administrative codes order the provinces as the yearbooks do; other region
        # sets are ordered by id.
        code = reg["adcode"] if "adcode" in reg.columns else pd.Series(pd.NA, index=reg.index)
        reg = reg.assign(_code=pd.to_numeric(code, errors="coerce"))
        self.regions = reg.sort_values(["_code", "region"], kind="mergesort").set_index("region")
        self.types = keyed(result.types, "region", "type", "approach").set_index("region")
        self.acts = keyed(result.activities, "activity").set_index("activity")
        ra = result.diagnosis.region_activity
        self.ra = keyed(ra[ra["year"] == result.year], "region", "activity")
        self.paths = keyed(result.paths, "region", "industry", "track")
        self.opp = keyed(result.opportunities, "region", "industry")
        fit = keyed(result.endowment_fit, "region", "industry")
        self.reasons = {
            (r, i): str(x)
            for r, i, x in zip(
                fit["region"], fit["industry"], fit["reason"].fillna(""), strict=True
            )
        }
        self.endow = keyed(result.endowments, "region").set_index("region")
        self.standing = keyed(result.standing, "region", "indicator").set_index(
            ["region", "indicator"]
        )
        self.cat = keyed(result.catalogue.industries, "id").set_index("id")
        self.type_colours = _colours(self.types["type"], TYPE_COLOURS)
        self.approach_colours = _colours(self.types["approach"], APPROACH_COLOURS)

    def name(self, region: str) -> str:
        """Chinese name, id, and the English name where it is not the id ("DE11 Stuttgart")."""
        parts = [region]
        for column, where in (("name_zh", 0), ("name_en", 2)):
            value = self.regions[column].get(region) if column in self.regions else None
            if isinstance(value, str) and value and value != region:
                parts.insert(where, value)
        return " ".join(parts)

    def badges(self, region: str) -> str:
        row = self.types.loc[region]
        return _badge(t(row["type"]), self.type_colours[row["type"]]) + _badge(
            t(row["approach"]), self.approach_colours[row["approach"]]
        )

    @staticmethod
    def named(rows: pd.DataFrame) -> pd.DataFrame:
        """A ``name`` column: both names, the report language's first."""
        first, second = ("name_zh", "name_en") if current().zh else ("name_en", "name_zh")
        return rows.assign(
            name=[f"{a} {b}" for a, b in zip(rows[first], rows[second], strict=True)]
        )
