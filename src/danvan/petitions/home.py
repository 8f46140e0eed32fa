"""The petitions app fills the home-page panels that organizations/home.py declares."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from danvan.core.registries import PanelContent, home_panels
from danvan.petitions import selectors

PANEL_QUEUES = {
    "petitions.awaiting_classification": "awaiting",
    "petitions.assigned_to_me": "mine",
    "petitions.due_soon": "due_soon",
    "petitions.overdue": "overdue",
}


def _provider(queue: str) -> Any:
    def provide(user: Any) -> PanelContent:
        qs = selectors.petition_list_for(actor=user, filters=selectors.PetitionFilters(queue=queue))
        if queue == "mine":
            qs = qs.exclude(state__in=["closed", "answered", "rated"])
        return PanelContent(
            items=list(qs[:5]),
            total=qs.count(),
            more_url=f"{reverse('petitions:petition-list')}?queue={queue}",
        )

    return provide


def register_panels() -> None:
    from dataclasses import replace

    for panel in list(home_panels):
        queue = PANEL_QUEUES.get(panel.key)
        if queue is not None:
            home_panels.register(replace(panel, provider=_provider(queue)))
