"""Heavy libraries imported where they are first used, not when a module of ours is imported.

scipy.stats, statsmodels and DuckDB take 0.6–0.8 s to import on the machines this runs on, more
than reading a small file does: `python -m analysis check` or `--help` needs none of them
(bench/RESULTS.md, command line start-up). A module writes

    stats = lazy("scipy.stats")
    GLM = lazy("statsmodels.genmod.generalized_linear_model", "GLM")

and uses `stats.norm.ppf(...)` or `GLM(...)` as before; the import happens on the first attribute
access or call. A class wanted as itself (an `except` clause, a warnings filter, a base class)
is `GLM.resolved()`. A server that wants them warm before its first statistics page calls
:func:`import_declared` off the main thread (ui/warmup.py).
"""
from __future__ import annotations

import importlib
from typing import Any


_DECLARED: list["lazy"] = []      # every lazy name our modules have declared so far


class lazy:  # noqa: N801 - reads like the import it stands for
    """A module, or one name in it, imported on first use."""

    __slots__ = ("_module", "_name", "_target")

    def __init__(self, module: str, name: str | None = None):
        self._module, self._name, self._target = module, name, None
        _DECLARED.append(self)

    def resolved(self) -> Any:
        """The module or the object itself (imported now if it was not yet)."""
        target = self._target
        if target is None:
            target = importlib.import_module(self._module)
            if self._name is not None:
                target = getattr(target, self._name)
            self._target = target
        return target

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.resolved(), attr)

    def __call__(self, *args, **kwargs) -> Any:
        return self.resolved()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"lazy({self._module!r}{'' if self._name is None else f', {self._name!r}'})"


def import_declared() -> None:
    """Import now every library declared lazily by the modules imported so far."""
    for declared in list(_DECLARED):
        declared.resolved()
