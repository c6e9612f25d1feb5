"""Which installed packages translate a pair: the direct one, else two through a pivot, and
how a translation names the route it took (``translation.package``)."""

from __future__ import annotations

from typing import Optional

from .packages import Package

#: Intermediate languages tried, in this order, when no package translates a pair directly
#: (Argos's own packages mostly go to and from English); then any other installed one.
PIVOTS = ("en",)


def route(
    packages: list[Package], source: str, target: str, pivot: bool
) -> Optional[list[Package]]:
    """The packages that translate source→target: the direct one, else (with ``pivot``) two
    through the first intermediate language of ``PIVOTS``, then any other, that has both."""
    by_pair: dict[tuple[str, str], Package] = {}
    for package in packages:  # tweetx's own first: the first of a pair wins
        by_pair.setdefault((package.from_code, package.to_code), package)
    if (source, target) in by_pair:
        return [by_pair[source, target]]
    if not pivot or source == target:  # never a round trip through another language
        return None
    middles = sorted(
        {to for frm, to in by_pair if frm == source and (to, target) in by_pair},
        key=lambda code: (code not in PIVOTS, PIVOTS.index(code) if code in PIVOTS else 0, code),
    )
    if not middles:
        return None
    return [by_pair[source, middles[0]], by_pair[middles[0], target]]


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
    if len(route) > 1:
        info["legs"] = [
            {
                "name": p.name,
                "version": p.version,
                "origin": p.origin,
                "from": p.from_code,
                "to": p.to_code,
            }
            for p in route
        ]
    return info
