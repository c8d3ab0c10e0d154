"""The typed per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from domain.actor import Actor
from resolvers.loaders import Loaders


@dataclass
class Context:
    actor: Actor
    locale: str
    request: Any = None
    response: Any = None
    bus: Any = None
    decisions: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    denied_paths: set[tuple[str, ...]] = field(default_factory=set)
    connection_params: Any = None
    users: dict[int, Any] = field(default_factory=dict)
    revealed: dict[str, set[int]] = field(default_factory=dict)  # sensitive values shown in full, for audit  # preloaded rows for synchronous fields


Info = strawberry.Info[Context, None]
