"""Which legal step times a petition at each stage, and the stored clock it gives.

The steps are the deadline engine's codes (``danvan deadline --list``); the engine chooses the
rule in force on the day the petition was received.  A step that has no rule (for example the
answer to a phản ánh, which no national law times) runs no clock until an administrator adds
a rule for it.
"""

from __future__ import annotations

import datetime as dt

from danvan.core.deadlines import DeadlineError, DeadlineErrorCode, Pause, compute_due
from danvan.petitions.enums import Kind
from danvan.petitions.models import Petition

FEEDBACK_RESOLUTION_STEP = "feedback_resolution"


def intake_step(petition: Petition) -> str | None:
    """Classifying the incoming letter: acceptance of a complaint (Luật KN Art. 27, 36),
    initial handling of a denunciation (Luật TC Art. 24), letter handling otherwise.  An
    anonymous denunciation runs no statutory clock (Luật TC Art. 25)."""
    if petition.kind == Kind.TO_CAO and petition.is_anonymous:
        return None
    if petition.kind == Kind.KHIEU_NAI:
        second = petition.complaint_round == 2
        return "complaint_acceptance_second" if second else "complaint_acceptance_first"
    if petition.kind == Kind.TO_CAO:
        return "denunciation_initial_handling"
    return "letter_handling"


def resolution_step(petition: Petition) -> str:
    if petition.kind == Kind.KHIEU_NAI:
        second = petition.complaint_round == 2
        return "complaint_resolution_second" if second else "complaint_resolution_first"
    if petition.kind == Kind.TO_CAO:
        return "denunciation_resolution"
    return FEEDBACK_RESOLUTION_STEP


def sending_step(petition: Petition) -> str | None:
    if petition.kind == Kind.KHIEU_NAI:
        return "complaint_decision_sending"
    if petition.kind == Kind.TO_CAO:
        return "denunciation_conclusion_sending"
    return None


def _pauses(petition: Petition) -> list[Pause]:
    return [
        Pause(dt.date.fromisoformat(p["paused_on"]), dt.date.fromisoformat(p["resumed_on"]))
        for p in petition.pauses
    ]


def start(petition: Petition, step: str | None, start_on: dt.date) -> list[str]:
    """Start ``step``'s clock from ``start_on`` (the event's day); returns changed fields."""
    petition.extensions = 0
    petition.pauses = []
    petition.paused_on = None
    if step is None:
        return clear(petition)
    petition.clock_step = step
    petition.clock_started_on = start_on
    changed = ["clock_step", "clock_started_on", "extensions", "pauses", "paused_on"]
    return changed + recompute(petition)


def clear(petition: Petition) -> list[str]:
    petition.clock_step = ""
    petition.clock_started_on = None
    petition.due_on = None
    petition.deadline_rule_set = ""
    petition.extensions = 0
    petition.pauses = []
    petition.paused_on = None
    return [
        "clock_step",
        "clock_started_on",
        "due_on",
        "deadline_rule_set",
        "extensions",
        "pauses",
        "paused_on",
    ]


def recompute(petition: Petition, *, extensions: int | None = None) -> list[str]:
    """Recompute ``due_on`` from the stored clock (extensions and pauses included).

    Raises ``DeadlineError`` when ``extensions`` goes beyond the law's limit; a step without a
    rule in force leaves no clock.
    """
    if not petition.clock_step:
        return []
    try:
        deadline = compute_due(
            petition.clock_step,
            petition.received_on,
            start_on=petition.clock_started_on,
            remote=petition.is_remote_area,
            complexity=petition.complexity,
            extensions=petition.extensions if extensions is None else extensions,
            pauses=_pauses(petition),
        )
    except DeadlineError as exc:
        if exc.code in (DeadlineErrorCode.UNKNOWN_STEP, DeadlineErrorCode.NO_RULE_IN_FORCE):
            return clear(petition)
        raise
    petition.due_on = deadline.due_on
    petition.deadline_rule_set = deadline.rule.rule_set_code
    if extensions is not None:
        petition.extensions = extensions
    return ["due_on", "deadline_rule_set", "extensions"]
