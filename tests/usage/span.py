"""Exact linear algebra for differencing attacks: is a set's sum determined by the sums that were shown?

A shown figure is a sum over a set of atoms (one group on one day). An attacker who adds and subtracts
shown figures learns exactly the sums whose indicator vector lies in the span of the shown indicators.
Vectors are sparse dicts over a large prime field (the rank over the rationals of 0/±1 vectors of this
size agrees with it).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

P = (1 << 61) - 1


class Span:
    """The span of indicator vectors of sets of atoms, kept in reduced row echelon form."""

    def __init__(self) -> None:
        self._basis: dict[Hashable, dict[Hashable, int]] = {}

    def _reduce(self, vector: dict[Hashable, int]) -> dict[Hashable, int]:
        v = dict(vector)
        for pivot in [key for key in v if key in self._basis]:
            factor = v.get(pivot, 0)
            if not factor:
                continue
            for key, value in self._basis[pivot].items():
                v[key] = (v.get(key, 0) - factor * value) % P
                if not v[key]:
                    del v[key]
        return v

    def add(self, atoms: Iterable[Hashable]) -> None:
        """Add the indicator vector of a set of atoms."""
        v = self._reduce({a: 1 for a in atoms})
        if not v:
            return
        pivot = min(v, key=repr)
        inverse = pow(v[pivot], P - 2, P)
        v = {key: value * inverse % P for key, value in v.items()}
        for other in self._basis.values():
            factor = other.get(pivot, 0)
            if factor:
                for key, value in v.items():
                    other[key] = (other.get(key, 0) - factor * value) % P
                    if not other[key]:
                        del other[key]
        self._basis[pivot] = v

    def determines(self, atoms: Iterable[Hashable]) -> bool:
        """True when the sum over `atoms` can be computed from the added sums."""
        return not self._reduce({a: 1 for a in atoms})
