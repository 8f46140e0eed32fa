"""The petitions' background jobs: the daily deadline sweep and the event dispatcher.

Today is Wednesday 09/12/2026 unless a test says otherwise.  With the default of 2 working
days, petitions due Wed 09, Thu 10 and Fri 11/12 are due soon; those due before 09/12 are
overdue; escalations catch up on due dates from Wed 02/12 (5 working days back).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.models import Notification, TaskFailure
from danvan.petitions import notifications, services
from danvan.petitions.enums import Kind, State
from danvan.petitions.models import Petition, PetitionEvent
from danvan.petitions.services import DocumentInput, PetitionerInput
from danvan.petitions.tasks import dispatch_events_task, sweep_deadlines_task
from tests.core.test_notifications import BROKEN_BACKEND
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import household, intake

pytestmark = pytest.mark.django_db
D = dt.date
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = D(2026, 12, 9)
NAMES = ("Thạch Văn", "084095", "Ấp Sóc Ruộng")  # the petitioners' name, ID, address


def at(day: dt.date, hour: int = 6, minute: int = 30):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN))


def complaint(world, assignee, due: dt.date, **overrides) -> Petition:
    """A first complaint accepted 30 days before ``due`` and assigned to ``assignee``."""
    accepted = due - dt.timedelta(days=30)
    petition = services.petition_create(
        actor=world.intake_a,
        organization=world.ubnd_a,
        data=intake(world, Kind.KHIEU_NAI, received_on=accepted, **overrides),
    )
    petition = services.petition_accept(
        actor=world.intake_a, petition=petition, accepted_on=accepted
    )
    if assignee is not None:
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=assignee
        )
    assert petition.due_on == due
    return petition


def sweep(day: dt.date = TODAY, **kwargs):
    with at(day):
        return notifications.sweep_deadlines(**kwargs)


def dispatch():
    return notifications.dispatch_events()


def inbox(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("id"))


def answer_doc() -> DocumentInput:
    return DocumentInput(
        number="20/TB-UBND", issued_on=D(2026, 12, 1), title="Trả lời", body="Nội dung trả lời."
    )


def answer(handler, petition: Petition) -> Petition:
    """Verify, decide (a complaint) or conclude (a denunciation), then answer."""
    petition = services.petition_start_verification(actor=handler, petition=petition)
    petition = services.petition_decide(actor=handler, petition=petition, document=answer_doc())
    return services.petition_answer(actor=handler, petition=petition, document=answer_doc())


@pytest.fixture
def caseload(world, handler_a):
    """Due soon (10 and 11/12), overdue (08/12, in the escalation window; 20/11, before it),
    on time (21/12), awaiting classification (received 07/12), suspended (due 10/12)."""
    petitions = {
        "soon_1": complaint(world, handler_a, D(2026, 12, 10)),
        "soon_2": complaint(world, handler_a, D(2026, 12, 11)),
        "late_new": complaint(world, handler_a, D(2026, 12, 8)),
        "late_old": complaint(world, handler_a, D(2026, 11, 20)),
        "on_time": complaint(world, handler_a, D(2026, 12, 21)),
        "suspended": complaint(world, handler_a, D(2026, 12, 10)),
    }
    services.petition_suspend(
        actor=handler_a,
        petition=petitions["suspended"],
        reason="Chờ kết quả giám định",
        suspended_on=D(2026, 12, 1),
    )
    petitions["awaiting"] = services.petition_create(
        actor=world.intake_a,
        organization=world.ubnd_a,
        data=intake(world, received_on=D(2026, 12, 7)),
    )
    return petitions


class SweepTests:
    def test_the_assignee_is_reminded_of_what_is_due_soon_or_overdue(self, world, caseload):
        handler = caseload["soon_1"].assigned_to
        result = sweep()
        assert result.ran
        [reminder] = inbox(handler, notifications.KIND_REMINDER)
        assert reminder.title == "Nhắc hạn giải quyết: 2 đơn sắp đến hạn, 2 đơn quá hạn"
        for name in ("soon_1", "soon_2", "late_new", "late_old"):
            assert caseload[name].tracking_code in reminder.body
        for name in ("on_time", "suspended"):
            assert caseload[name].tracking_code not in reminder.body
        assert "hạn 10/12/2026" in reminder.body
        assert world.commune_a.name in reminder.body
        assert reminder.url == "/petitions/?queue=mine"

    def test_the_heads_are_warned_once_when_petitions_fall_overdue(self, world, caseload):
        sweep()
        [escalation] = inbox(world.head_a, notifications.KIND_OVERDUE)
        assert escalation.title == (
            f"Quá hạn: 1 đơn của {world.ubnd_a.name} hết hạn giải quyết ngày 08/12/2026"
        )
        assert caseload["late_new"].tracking_code in escalation.body
        assert caseload["late_old"].tracking_code not in escalation.body  # before the window
        assert inbox(world.intake_a, notifications.KIND_OVERDUE) == []
        assert inbox(caseload["soon_1"].assigned_to, notifications.KIND_OVERDUE) == []
        # The next working day the same due date is not escalated again.
        sweep(D(2026, 12, 10))
        assert len(inbox(world.head_a, notifications.KIND_OVERDUE)) == 1

    def test_a_missed_day_is_caught_up(self, world, handler_a):
        first = complaint(world, handler_a, D(2026, 12, 7))
        second = complaint(world, handler_a, D(2026, 12, 8))
        sweep()  # the sweeps of 08 and 09/12 did not run
        bodies = " ".join(n.body for n in inbox(world.head_a, notifications.KIND_OVERDUE))
        assert first.tracking_code in bodies
        assert second.tracking_code in bodies

    def test_the_digest_goes_to_heads_and_intake_officers_with_news_only(self, world, caseload):
        sweep()
        for officer in (world.head_a, world.intake_a):
            [digest] = inbox(officer, notifications.KIND_DIGEST)
            assert digest.title == f"Tình hình đơn thư của {world.ubnd_a.name} ngày 09/12/2026"
            # The awaiting petition's own intake clock is due 21/12: on time.
            assert "Sắp đến hạn (còn không quá 2 ngày làm việc): 2" in digest.body
            assert "Quá hạn: 2" in digest.body
            assert "Chờ phân loại: 1" in digest.body
        assert inbox(world.outsider_c) == []  # UBND xã C has nothing to report
        assert inbox(world.handling_b) == []

    def test_running_twice_the_same_day_creates_nothing_new(
        self, world, caseload, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first = sweep()
        assert (first.reminders, first.escalations, first.digests) == (1, 1, 1)
        assert first.created == 4  # reminder, escalation, two digests
        mails = len(mailoutbox)
        assert mails == 4
        with django_capture_on_commit_callbacks(execute=True):
            second = sweep()
        assert second.created == 0
        assert Notification.objects.count() == 4
        assert len(mailoutbox) == mails

    def test_suspended_petitions_are_not_reminded(self, world, handler_a):
        petition = complaint(world, handler_a, D(2026, 12, 10))
        services.petition_suspend(
            actor=handler_a, petition=petition, reason="Chờ giám định", suspended_on=D(2026, 12, 1)
        )
        sweep()
        assert inbox(handler_a) == []
        assert inbox(world.head_a, notifications.KIND_OVERDUE) == []

    def test_nothing_is_sent_on_a_rest_day(self, world, caseload):
        result = sweep(D(2026, 12, 13))  # Sunday
        assert not result.ran
        assert not Notification.objects.exists()

    def test_the_lead_time_follows_the_setting(self, world, handler_a, settings):
        settings.DEADLINE_DUE_SOON_WORKING_DAYS = 0
        today_due = complaint(world, handler_a, D(2026, 12, 9))
        tomorrow_due = complaint(world, handler_a, D(2026, 12, 10))
        sweep()
        [reminder] = inbox(handler_a)
        assert today_due.tracking_code in reminder.body
        assert tomorrow_due.tracking_code not in reminder.body

    def test_texts_never_carry_a_petitioners_identity(self, world, handler_a):
        complaint(world, handler_a, D(2026, 12, 8))
        denunciation = services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(
                world,
                Kind.TO_CAO,
                received_on=D(2026, 11, 27),
                subject="Tố cáo cán bộ địa chính nhận tiền của hộ bên cạnh",
            ),
        )
        assert denunciation.due_on == D(2026, 12, 8)  # 7 working days: escalated on 09/12
        sweep()
        dispatch()
        texts = [f"{n.title} {n.body}" for n in Notification.objects.all()]
        assert len(texts) >= 3
        assert any(denunciation.tracking_code in text for text in texts)
        for text in texts:
            for name in NAMES:
                assert name not in text
            assert "nhận tiền" not in text  # a denunciation's subject stays inside danvan

    def test_the_sweep_reads_a_constant_number_of_queries(
        self, world, handler_a, django_assert_max_num_queries
    ):
        def measure() -> int:
            Notification.objects.all().delete()
            with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as queries:
                result = sweep()
            assert result.created == 4
            return len(queries)

        for due in (D(2026, 12, 8), D(2026, 12, 10), D(2026, 12, 21)):
            complaint(world, handler_a, due)
        few = measure()
        for due in [D(2026, 12, 8), D(2026, 12, 10), D(2026, 12, 11), D(2026, 12, 21)] * 3:
            complaint(world, handler_a, due)
        assert Petition.objects.count() == 15
        assert measure() == few

    def test_the_task_runs_the_sweep_of_the_day(self, world, caseload):
        with at(TODAY):
            result = sweep_deadlines_task.delay().get()
        assert result["ran"]
        assert result["created"] == 4
        rerun = sweep_deadlines_task.delay(today="2026-12-09").get()
        assert rerun["created"] == 0

    def test_the_jobs_are_scheduled(self, settings):
        jobs = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
        daily = jobs["petitions.sweep_deadlines"]
        assert (daily.hour, daily.minute) == ({6}, {30})
        assert jobs["petitions.dispatch_events"] == dt.timedelta(minutes=1)


class DispatchTests:
    def test_the_assignee_hears_of_an_assignment_once(self, world, handler_a):
        complaint(world, handler_a, D(2026, 12, 21))
        result = dispatch()
        assert result.dispatched == 1
        assert result.quiet == 2  # received, accept
        [note] = inbox(handler_a)
        assert note.kind == notifications.KIND_ASSIGNED
        assert note.title.startswith("Bạn được giao xử lý đơn ")
        assert "Hạn giải quyết: 21/12/2026" in note.body
        assert note.url.startswith("/petitions/")
        assert inbox(world.intake_a) == []  # the officer who acted is not told
        assert not PetitionEvent.objects.filter(processed_at__isnull=True).exists()
        again = dispatch()
        assert (again.quiet, again.dispatched) == (0, 0)
        assert len(inbox(handler_a)) == 1

    def test_an_unsatisfied_rating_reaches_the_heads_and_a_reopening_the_assignee(
        self, world, handler_a
    ):
        petition = complaint(world, handler_a, D(2026, 12, 21))
        petition = answer(handler_a, petition)
        petition = services.petition_rate(actor=None, petition=petition, satisfied=False)
        dispatch()
        [unsatisfied] = inbox(world.head_a)
        assert unsatisfied.kind == notifications.KIND_UNSATISFIED
        services.petition_reopen(actor=world.head_a, petition=petition, reason="Xem xét lại")
        dispatch()
        assert [n.kind for n in inbox(handler_a)] == [
            notifications.KIND_ASSIGNED,
            notifications.KIND_REOPENED,
        ]
        assert len(inbox(world.head_a)) == 1  # the head reopened it: not told again

    def test_a_satisfied_rating_notifies_nobody(self, world, handler_a):
        petition = complaint(world, handler_a, D(2026, 12, 21))
        petition = answer(handler_a, petition)
        services.petition_rate(actor=None, petition=petition, satisfied=True)
        dispatch()
        assert inbox(world.head_a) == []

    def test_a_transfer_reaches_the_intake_officers_of_the_receiving_organization(self, world):
        intake_b = UserFactory(username="tiepnhan.so_b")
        grant(intake_b, world.agency_b, "intake_officer")
        petition = services.petition_create(
            actor=world.intake_a, organization=world.ubnd_a, data=intake(world)
        )
        with at(D(2026, 11, 25), 9):
            services.petition_transfer(
                actor=world.intake_a,
                petition=petition,
                to_organization=world.agency_b,
                reason="Thuộc thẩm quyền của Sở",
            )
        dispatch()
        [note] = inbox(intake_b)
        arrived = Petition.objects.get(organization=world.agency_b)
        assert note.kind == notifications.KIND_TRANSFERRED_IN
        assert arrived.tracking_code in note.title
        assert world.ubnd_a.name in note.body
        assert inbox(world.intake_a) == []
        assert inbox(world.handling_b) == []

    def test_an_answer_is_mailed_to_the_petitioner_but_never_to_a_denouncer(
        self, world, handler_a, mailoutbox, django_capture_on_commit_callbacks
    ):
        person = PetitionerInput(
            full_name="Thạch Văn Sơn",
            address="Ấp Sóc Ruộng",
            email="son@example.test",
            is_representative=True,
        )
        answered = complaint(world, handler_a, D(2026, 12, 21), petitioners=[person])
        answer(handler_a, answered)
        denunciation = services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(world, Kind.TO_CAO, petitioners=[person]),
        )
        denunciation = services.petition_accept(
            actor=world.intake_a, petition=denunciation, accepted_on=D(2026, 11, 23)
        )
        denunciation = services.petition_assign(
            actor=world.intake_a, petition=denunciation, assignee=handler_a
        )
        answer(handler_a, denunciation)
        with django_capture_on_commit_callbacks(execute=True):
            dispatch()
        to_petitioner = [m for m in mailoutbox if m.to == ["son@example.test"]]
        assert len(to_petitioner) == 1
        mail = to_petitioner[0]
        assert answered.tracking_code in mail.subject
        assert denunciation.tracking_code not in f"{mail.subject} {mail.body}"
        assert "Thạch" not in mail.body
        assert "01/12/2026" in mail.body

    def test_two_workers_never_send_the_same_event(self, world, handler_a):
        complaint(world, handler_a, D(2026, 12, 21))
        event = PetitionEvent.objects.get(action="assign")
        # Another worker claimed the event first (its conditional UPDATE won).
        PetitionEvent.objects.filter(pk=event.pk).update(processed_at=dt.datetime.now(tz=VN))
        assert notifications._dispatch_one(event.pk) is False
        assert inbox(handler_a) == []

    def test_the_task_dispatches(self, world, handler_a):
        complaint(world, handler_a, D(2026, 12, 21))
        assert dispatch_events_task.delay().get() == {"quiet": 2, "dispatched": 1}


class FailureTests:
    def test_a_failing_dispatch_keeps_the_petition_and_its_events(
        self, world, handler_a, monkeypatch
    ):
        # Given a petition assigned (its events wait to be dispatched)
        petition = complaint(world, handler_a, D(2026, 12, 21))

        # When the dispatch task fails every time it tries
        def broken(messages):
            raise ConnectionError("cơ sở dữ liệu thông báo không trả lời")

        monkeypatch.setattr(notifications, "notify_many", broken)
        dispatch_events_task.delay()

        # Then the failure is recorded, and the petition and its events remain, the
        # assignment event still waiting to be dispatched
        failure = TaskFailure.objects.get(task_name="petitions.dispatch_events")
        assert "events not dispatched" in failure.exception
        petition.refresh_from_db()
        assert petition.state == State.ASSIGNED
        assert list(petition.events.values_list("action", flat=True)) == [
            "received",
            "accept",
            "assign",
        ]
        waiting = petition.events.get(action="assign")
        assert waiting.processed_at is None
        assert inbox(handler_a) == []

        # And once the cause is gone, the next run sends it
        monkeypatch.undo()
        dispatch_events_task.delay()
        assert len(inbox(handler_a)) == 1

    def test_a_failing_mail_server_loses_nothing(
        self, world, handler_a, settings, mailoutbox, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = BROKEN_BACKEND
        with django_capture_on_commit_callbacks(execute=True):
            petition = complaint(world, handler_a, D(2026, 12, 10))
            dispatch_events_task.delay()
            with at(TODAY):
                sweep_deadlines_task.delay()
        assert mailoutbox == []
        assert TaskFailure.objects.filter(task_name="core.send_email").count() >= 1
        assert not TaskFailure.objects.filter(task_name__startswith="petitions.").exists()
        petition.refresh_from_db()
        assert petition.state == State.ASSIGNED
        assert petition.events.count() == 3
        assert not petition.events.filter(processed_at__isnull=True).exists()
        assert {n.kind for n in inbox(handler_a)} == {
            notifications.KIND_ASSIGNED,
            notifications.KIND_REMINDER,
        }


def test_household_fixture_has_the_name_we_look_for():
    assert NAMES[0] in household(1).full_name
