"""The transition table refuses what the law does not allow, with a Vietnamese reason."""

from __future__ import annotations

import pytest

from danvan.petitions.enums import Kind, State
from danvan.petitions.workflow import TABLE, Transition, TransitionError, available, check


@pytest.mark.parametrize("transition", list(Transition))
def test_every_transition_names_a_permission_and_sources(transition):
    rule = TABLE[transition]
    assert rule.permission.startswith("petitions.")
    assert rule.sources


@pytest.mark.parametrize(
    ("transition", "state", "kind"),
    [
        (Transition.ANSWER, State.RECEIVED, Kind.PHAN_ANH),
        (Transition.ANSWER, State.VERIFYING, Kind.KHIEU_NAI),
        (Transition.DECIDE, State.VERIFYING, Kind.KIEN_NGHI),
        (Transition.HOLD_DIALOGUE, State.VERIFYING, Kind.TO_CAO),
        (Transition.REFUSE, State.RECEIVED, Kind.PHAN_ANH),
        (Transition.TO_ANONYMOUS_QUEUE, State.RECEIVED, Kind.KHIEU_NAI),
        (Transition.CLOSE, State.VERIFYING, Kind.PHAN_ANH),
        (Transition.REOPEN, State.RECEIVED, Kind.PHAN_ANH),
        (Transition.RESUME, State.VERIFYING, Kind.KHIEU_NAI),
        (Transition.ACCEPT, State.CLOSED, Kind.KHIEU_NAI),
    ],
)
def test_illegal_transitions_are_refused_with_a_reason(transition, state, kind):
    with pytest.raises(TransitionError) as caught:
        check(transition, state=state, kind=kind)
    assert caught.value.code == "transition_not_allowed"
    assert caught.value.message  # a Vietnamese sentence
    assert transition not in available(state=state, kind=kind)


def test_a_feedback_is_answered_without_a_decision():
    assert Transition.ANSWER in available(state=State.VERIFYING, kind=Kind.PHAN_ANH)
    assert Transition.DECIDE in available(state=State.VERIFYING, kind=Kind.KHIEU_NAI)
