"""Which installed packages translate a pair, and how a translation names the route it took
(``translation.package``).

The order, for each tweet (``docs/translation.md``): a direct Argos package; else a multilingual
model (NLLB-200, M2M-100, Marian) with the source language's token (Dari by ``prs_Arab`` when
its identification says Dari, else the Persian token); else two of these through a pivot
language. ``prefer="multilingual"`` puts the multilingual model before the Argos package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

from .packages import Package

if TYPE_CHECKING:
    from .multilingual import MultilingualModel

#: Intermediate languages tried, in this order, when no package translates a pair directly
#: (Argos's own packages mostly go to and from English); then any other installed one.
PIVOTS = ("en",)
#: Which kind of route comes first when both translate a pair.
PREFERENCES = ("argos", "multilingual")


def route(
    packages: list[Package],
    source: str,
    target: str,
    pivot: bool,
    *,
    models: Sequence[MultilingualModel] = (),
    prefer: str = "argos",
    variety: Optional[str] = None,
) -> Optional[list[Package]]:
    """The packages that translate source→target: the direct one (an Argos package or a
    multilingual model's pair, ``prefer`` first), else (with ``pivot``) two through the first
    intermediate language of ``PIVOTS``, then any other, that has both. ``variety`` (``prs``,
    ``pes``) chooses a Persian source's token in a multilingual model."""
    if prefer not in PREFERENCES:
        raise ValueError(f"prefer must be one of {', '.join(PREFERENCES)}, not {prefer!r}")
    direct = _direct(packages, models, source, target, prefer, variety)
    if direct is not None:
        return [direct]
    if not pivot or source == target:  # never a round trip through another language
        return None
    reachable = {p.to_code for p in packages if p.from_code == source}
    reachable |= {code for m in models if source in m.sources() for code in m.targets()}
    middles = sorted(
        (
            code
            for code in reachable - {source, target}
            if _direct(packages, models, source, code, prefer, variety)
            and _direct(packages, models, code, target, prefer, None)
        ),
        key=lambda code: (code not in PIVOTS, PIVOTS.index(code) if code in PIVOTS else 0, code),
    )
    if not middles:
        return None
    first = _direct(packages, models, source, middles[0], prefer, variety)
    second = _direct(packages, models, middles[0], target, prefer, None)
    assert first is not None and second is not None  # both checked above
    return [first, second]


def _direct(
    packages: list[Package],
    models: Sequence[MultilingualModel],
    source: str,
    target: str,
    prefer: str,
    variety: Optional[str],
) -> Optional[Package]:
    # tweetx's own Argos packages come first in the list: the first of a pair wins.
    argos = next((p for p in packages if (p.from_code, p.to_code) == (source, target)), None)
    multilingual = next(
        (leg for model in models if (leg := model.leg(source, target, variety)) is not None),
        None,
    )
    first, second = (argos, multilingual) if prefer == "argos" else (multilingual, argos)
    return first or second


def pivot_routes(packages: list[Package]) -> list[list[Package]]:
    """Every pair the packages translate only through a pivot, with the two packages used."""
    pairs = {(p.from_code, p.to_code) for p in packages}
    sources = sorted({p.from_code for p in packages})
    targets = sorted({p.to_code for p in packages})
    routes = (
        route(packages, source, target, True)
        for source in sources
        for target in targets
        if (source, target) not in pairs
    )
    return [route for route in routes if route]


def package_info(route: list[Package], device: str) -> dict:
    """``translation.package``: the package (or, through a pivot, both joined by " + ") and the
    run's engine: where this translator's models run (a cached text was translated by an earlier
    run, perhaps elsewhere; its words are the same)."""
    info: dict[str, object] = {
        "name": " + ".join(p.name for p in route),
        "version": " + ".join(p.version for p in route),
        "origin": " + ".join(dict.fromkeys(p.origin for p in route)),
        "device": device,
    }
    if len(route) == 1:
        info.update(_model_fields(route[0]))
    else:
        info["legs"] = [
            {
                "name": p.name,
                "version": p.version,
                "origin": p.origin,
                "from": p.from_code,
                "to": p.to_code,
                **_model_fields(p),
            }
            for p in route
        ]
    return info


def _model_fields(package: Package) -> dict:
    """A multilingual model's family and the language tokens it was run with (none for Argos
    packages, whose records stay as they were)."""
    if not package.multilingual:
        return {}
    return {
        "family": package.family,
        "model": package.name,
        "source_tag": package.source_prefix or None,
        "target_tag": package.target_prefix or None,
    }
