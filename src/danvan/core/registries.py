"""Registries that domain apps fill from their ``AppConfig.ready()``.

Presentation code (home pages, reports, portal, api) reads them instead of importing the
domain apps' internals, so dependencies keep pointing down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class PanelContent:
    """What a home-page panel shows: rows (already scoped), a total, and a link."""

    items: list[Any] = field(default_factory=list)
    total: int = 0
    more_url: str = ""


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page of the roles it names (việc cần làm theo vai trò).

    ``provider(user)`` returns the panel's content; a panel without a provider yet, or
    whose provider returns nothing, shows ``empty_message``.
    """

    key: str
    title: str | Promise
    roles: frozenset[str]
    empty_message: str | Promise
    order: int = 100
    provider: Callable[[Any], PanelContent] | None = None
    template: str = "core/_panel_list.html"


class HomePanelRegistry:
    def __init__(self) -> None:
        self._panels: dict[str, HomePanel] = {}

    def register(self, panel: HomePanel) -> None:
        """Add a panel, or replace the one with the same key (a later app fills it in)."""
        self._panels[panel.key] = panel

    def for_roles(self, roles: set[str]) -> list[HomePanel]:
        return sorted(
            (p for p in self._panels.values() if p.roles & roles), key=lambda p: (p.order, p.key)
        )

    def __iter__(self) -> Iterator[HomePanel]:
        return iter(self._panels.values())


home_panels = HomePanelRegistry()
