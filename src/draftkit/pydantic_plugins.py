"""Pydantic's plugins: draftkit's commands load none, and so need not look for any.

A pydantic plugin sees every value validated (letters, members' names, the register's
rows), so a command runs none unless the environment asks: it sets
PYDANTIC_DISABLE_PLUGINS=__all__ (pydantic's own switch) when the variable is unset.
That switch spares the search through every installed distribution's entry points, but
pydantic's loader module imports importlib.metadata whatever it says, when the first
validator is built: about 14 ms of `draftkit check` (issue 15). So while plugins are
disabled a stand-in is imported in its place and answers "none"; anything else asked of
it, and every call once the variable allows plugins, goes to pydantic's own loader.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

#: Pydantic's loader module, which imports importlib.metadata at its top.
LOADER = "pydantic.plugin._loader"
VARIABLE = "PYDANTIC_DISABLE_PLUGINS"
#: The values with which pydantic's `get_plugins` loads no plugin at all.
NONE = ("__all__", "1", "true")


def disable() -> None:
    """Load no pydantic plugin in this process (and the workers it starts), unless the
    environment already says which to load; then do not look for them either."""
    os.environ.setdefault(VARIABLE, "__all__")
    if _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)


class _Finder:
    """Imports the stand-in as pydantic's loader while plugins are disabled (after its
    package, as the import system imports any module)."""

    @staticmethod
    def find_spec(
        name: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != LOADER or os.environ.get(VARIABLE) not in NONE:
            return None
        return importlib.machinery.ModuleSpec(name, cast("Loader", _Finder))

    @staticmethod
    def create_module(spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return _Loader(spec.name)

    @staticmethod
    def exec_module(module: ModuleType) -> None:
        """The stand-in has nothing to run."""


class _Loader(ModuleType):
    """Stands in for pydantic's loader: no plugins while they are disabled, without
    importing importlib.metadata; otherwise, and for any other name, the real module."""

    def get_plugins(self) -> Iterable[Any]:
        if os.environ.get(VARIABLE) in NONE:
            return ()
        plugins: Iterable[Any] = self._real().get_plugins()
        return plugins

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module (`__path__`)
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> ModuleType:
        """Pydantic's own loader, imported now in this stand-in's place."""
        real = sys.modules.get(LOADER)
        if real is not None and real is not self:
            return real
        import pydantic.plugin

        spec = importlib.machinery.PathFinder.find_spec(LOADER, pydantic.plugin.__path__)
        if spec is None or spec.loader is None:
            raise ImportError(f"no module named {LOADER!r}", name=LOADER)
        real = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(real)
        sys.modules[LOADER] = real
        return real
