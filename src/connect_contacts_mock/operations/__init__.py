"""The operation registry: an operation is data (its name in the model) plus one module here.

Each module defines `Operation` subclasses; a subclass registers itself under its model name
(`name`, by default the class name) when its module is imported, and a name can be registered
once. `registered()` imports every module of this package, so adding an operation is adding a
module: the hook, the server, the model check, the faults and the call log find it by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, ClassVar

from connect_contacts_mock.wire import Answer

from ._context import Context

__all__ = ["Context", "Operation", "registered"]

_REGISTRY: dict[str, type[Operation]] = {}


class Operation:
    """One Connect operation answered from the store.

    `check` runs once per distinct request (its result is remembered with the decoded request,
    so it must depend on the parameters only); `answer` runs on every call.
    """

    name: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("name"):
            cls.name = cls.__name__
        known = _REGISTRY.get(cls.name)
        if known is not None:
            raise TypeError(
                f"operation {cls.name!r} is registered twice: by {known.__module__}."
                f"{known.__qualname__} and by {cls.__module__}.{cls.__qualname__}"
            )
        _REGISTRY[cls.name] = cls

    def __init__(self, options: Any) -> None:
        """`options`: the service's options (`limit_time_window`, ...)."""
        self.options = options

    def forget(self) -> None:
        """Drop what the operation remembers between requests (a store reset); by default it
        remembers nothing."""

    def precheck(self, params: dict[str, Any]) -> None:
        """Rules that come before the model's own checks (pure, like `check`): raise a
        `ServiceError` to answer another error than the model's checks would, as for a
        required member the SDK leaves out of the request. By default nothing."""

    def check(self, params: dict[str, Any]) -> Any:
        """The request's parameters, checked beyond the model (pure: no store, no clock), in
        the form `answer` takes; by default the parameters as they are."""
        return params

    def answer(self, checked: Any, context: Context) -> dict[str, Any] | Answer:
        """The operation's result (its output shape's members) or a ready answer; raise a
        `ServiceError` for an error the operation models."""
        raise NotImplementedError


_loaded = False


def registered() -> dict[str, type[Operation]]:
    """Every registered operation by model name (the modules of this package imported once)."""
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return _REGISTRY
