"""The footer's order: the keys no width may hide first, then the focused pane's own.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and
cuts what does not fit: at 80 columns with the letter or the library focused that was
save and quit. A screen names its essential keys (binding ids) in `FOOTER_FIRST`.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import ActiveBinding
from textual.screen import Screen

T = TypeVar("T")


class EssentialsFirst(Screen[T]):
    """A screen whose footer starts with the bindings whose ids are in `FOOTER_FIRST`."""

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        found = super().active_bindings
        rank = {binding_id: n for n, binding_id in enumerate(self.FOOTER_FIRST)}
        first = sorted(
            (key for key, active in found.items() if active.binding.id in rank),
            key=lambda key: rank[found[key].binding.id or ""],
        )
        return {**{key: found[key] for key in first}, **found}
