"""The options of a diagnosis: their registry entries and one validated record of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yindi import measures as ms
from yindi._options import Interval, StrOptions, check, register
from yindi.data import RegionTable
from yindi.errors import InputError, OptionError
from yindi.stages.diagnose._presence import PRESENCE_TESTS

__all__ = ["COG_VARIANTS", "METHODS", "Options", "PRESENCE_TESTS", "ZERO_DEGREE", "as_table"]

METHODS = ("eigenvector", "reflections", "fitness")
COG_VARIANTS = ("stata", "atlas")
ZERO_DEGREE = ("exclude", "empty_year")

register("method", StrOptions(METHODS))
register("convention", StrOptions(tuple(ms.CONVENTIONS)))
register("proximity_method", StrOptions(ms.PROXIMITY_METHODS))
register("cog_variant", StrOptions(COG_VARIANTS))
register("presence_test", StrOptions(PRESENCE_TESTS))
register("rca_threshold", Interval(0, None, example=1.0))
register("rpop_threshold", Interval(0, None, example=1.0, optional=True))
register("knn", Interval(1, None, integer=True, example=25, optional=True))
register("zero_degree", StrOptions(ZERO_DEGREE))
register("iterations", Interval(2, None, integer=True, example=20))
register("extremality", Interval(0, None, closed="neither", example=1.0))
register("replicates", Interval(0, None, integer=True, example=200))
register("min_total", Interval(0, None, example=1e6, optional=True))
register("min_population", Interval(0, None, example=1e6, optional=True))
register("seed", Interval(0, None, integer=True, example=0))


def as_table(obj: Any, cls: type[Any]) -> Any:
    """None, an instance of ``cls``, or a frame turned into one."""
    return obj if obj is None or isinstance(obj, cls) else cls.from_frame(obj)


@dataclass(frozen=True)
class Options:
    """Validated options of one diagnosis."""

    method: str
    conv: ms.Convention
    proximity_method: str
    cog_variant: str
    presence_test: str
    threshold: float
    rpop_threshold: float
    knn: int | None
    zero_degree: str
    iterations: int
    extremality: float
    population: RegionTable | None

    @classmethod
    def check(
        cls,
        *,
        method: str,
        convention: str,
        proximity_method: str,
        cog_variant: str,
        presence_test: str,
        rca_threshold: Any,
        rpop_threshold: Any,
        knn: Any,
        zero_degree: str,
        iterations: Any,
        extremality: float,
        population: Any,
    ) -> Options:
        check(
            method=method,
            convention=convention,
            proximity_method=proximity_method,
            cog_variant=cog_variant,
            presence_test=presence_test,
            rca_threshold=rca_threshold,
            rpop_threshold=rpop_threshold,
            knn=knn,
            zero_degree=zero_degree,
            iterations=iterations,
            extremality=extremality,
        )
        if proximity_method == "continuous" and presence_test in ("both", "manual"):
            # Stata: "When using continous option, please only use just one of RCA or RPOP";
            # with a given M there are no levels to correlate at all.
            raise OptionError(
                f"proximity_method='continuous' with presence_test={presence_test!r}: the continuous "
                "proximity correlates one set of levels (RCA or RPOP), so use "
                "presence_test='rca' or 'rpop' with it, or a co-occurrence proximity "
                "(e.g. 'min_conditional') with this presence test"
            )
        if rpop_threshold is not None and presence_test not in ("rpop", "both"):
            raise OptionError(
                f"rpop_threshold={rpop_threshold!r} applies to presence_test='rpop' or 'both' "
                f"only; with presence_test={presence_test!r} leave it out"
            )
        pop = as_table(population, RegionTable)
        if presence_test in ("rpop", "both") and pop is None:
            raise InputError(
                f"presence_test={presence_test!r} needs population= (region, [year], population) for RPOP"
            )
        threshold = float(rca_threshold)
        return cls(
            method,
            ms.get_convention(convention),
            proximity_method,
            cog_variant,
            presence_test,
            threshold,
            threshold if rpop_threshold is None else float(rpop_threshold),
            knn,
            zero_degree,
            iterations,
            extremality,
            pop,
        )

    def record(self) -> dict[str, Any]:
        out = {
            "method": self.method,
            "convention": self.conv.name,
            "rca_threshold": self.threshold,
            "proximity_method": self.proximity_method,
            "cog_variant": self.cog_variant,
            "presence_test": self.presence_test,
            "iterations": self.iterations,
            "extremality": self.extremality,
            "zero_degree": self.zero_degree,
        }
        if self.presence_test in ("rpop", "both"):
            out["rpop_threshold"] = self.rpop_threshold
        if self.knn is not None:
            out["knn"] = self.knn
        return out
