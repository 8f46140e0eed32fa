"""Petition services: intake, classification, the workflow, clocks and confidentiality.

Expected due dates are worked out by hand from the official 2026 calendar (Tết Bính Ngọ
16–20/02/2026; make-up Saturday 22/08/2026; 31/08–02/09/2026 off).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEntry
from danvan.petitions import services
from danvan.petitions.enums import Complexity, FilingReason, Kind, LinkKind, RefusalGround, State
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.models import (
    ConfidentialIdentity,
    Petition,
    PetitionDocument,
    PetitionEvent,
    PetitionLink,
)
from danvan.petitions.services import DocumentInput
from danvan.petitions.workflow import TransitionError
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import household, intake

pytestmark = pytest.mark.django_db
D = dt.date


def create(world, kind=Kind.PHAN_ANH, actor=None, **overrides):
    return services.petition_create(
        actor=actor or world.intake_a,
        organization=world.ubnd_a,
        data=intake(world, kind, **overrides),
    )


def doc(title="Văn bản", issued_on=None):
    return DocumentInput(
        number="15/QĐ-UBND",
        issued_on=issued_on or D(2026, 12, 1),
        title=title,
        body="Nội dung văn bản.",
        signer="Chủ tịch UBND",
    )


class IntakeTests:
    def test_a_group_of_twelve_households_with_three_representatives(self, world):
        people = [household(i, representative=i <= 3) for i in range(1, 13)]
        petition = create(world, Kind.KHIEU_NAI, petitioners=people)
        assert petition.petitioner_count == 12
        assert petition.is_mass  # đông người
        assert petition.petitioners.count() == 12
        assert petition.state == State.RECEIVED
        assert len(petition.tracking_code) == 11

    @pytest.mark.parametrize(("count", "representatives"), [(12, 6), (12, 0), (7, 3), (5, 0)])
    def test_the_law_on_representatives_is_enforced(self, world, count, representatives):
        people = [household(i, representative=i <= representatives) for i in range(1, count + 1)]
        with pytest.raises(PetitionError) as caught:
            create(world, Kind.KHIEU_NAI, petitioners=people)
        assert caught.value.code == ErrorCode.REPRESENTATIVES
        assert not Petition.objects.exists()

    def test_a_complaint_names_the_decision_and_its_author(self, world):
        with pytest.raises(PetitionError) as caught:
            create(world, Kind.KHIEU_NAI, contested_decision="")
        assert caught.value.code == ErrorCode.CONTESTED_DECISION_REQUIRED
        with pytest.raises(PetitionError) as caught:
            create(world, Kind.KHIEU_NAI, is_anonymous=True, petitioners=[])
        assert caught.value.code == ErrorCode.ANONYMOUS_NOT_ALLOWED
        with pytest.raises(PetitionError) as caught:
            create(world, Kind.PHAN_ANH, petitioners=[])
        assert caught.value.code == ErrorCode.PETITIONER_REQUIRED

    def test_the_same_form_sent_twice_makes_one_petition(self, world):
        first = create(world, submission_key="form-123")
        second = create(world, submission_key="form-123")
        assert first.pk == second.pk
        assert Petition.objects.count() == 1

    def test_intake_clock_of_a_complaint_follows_the_rules_of_the_day_received(self, world):
        before = create(world, Kind.KHIEU_NAI, received_on=D(2026, 6, 30))
        assert (before.clock_step, before.due_on) == ("complaint_acceptance_first", D(2026, 7, 14))
        after = create(world, Kind.KHIEU_NAI, received_on=D(2026, 7, 1))
        assert after.due_on == D(2026, 7, 10)  # 7 working days (Law 136/2025)
        assert after.deadline_rule_set == "law_136_2025"

    def test_letter_handling_across_tet(self, world):
        petition = create(world, received_on=D(2026, 2, 13))  # Fri before Tết
        assert (petition.clock_step, petition.due_on) == ("letter_handling", D(2026, 3, 6))

    def test_creation_is_audited_and_on_the_timeline(self, world):
        petition = create(world)
        assert AuditEntry.objects.filter(
            action="petition.create", object_id=str(petition.pk)
        ).exists()
        assert petition.events.get().action == "received"

    def test_outsider_cannot_register_for_another_commune(self, world):
        with pytest.raises(PetitionError) as caught:
            services.petition_create(
                actor=world.outsider_c, organization=world.ubnd_a, data=intake(world)
            )
        assert caught.value.code == ErrorCode.PERMISSION_DENIED

    def test_hamlet_must_be_in_the_commune(self, world):
        with pytest.raises(PetitionError):
            create(world, hamlet=world.commune_c)

    def test_bad_values_are_refused(self, world):
        with pytest.raises(ValidationError):
            create(world, field="khong_co")


class ConfidentialityTests:
    def test_a_denouncers_identity_is_stored_encrypted_apart(self, world):
        petition = create(world, Kind.TO_CAO)
        assert all(
            p.full_name == "" and p.id_number == "" and p.address == ""
            for p in petition.petitioners.all()
        )
        identity = ConfidentialIdentity.objects.get(petition=petition)
        assert "Thạch Văn".encode() not in bytes(identity.ciphertext)

    def test_only_the_explicit_permission_reads_it_and_each_read_is_audited(
        self, world, confidential_a
    ):
        petition = create(world, Kind.TO_CAO)
        for officer in (world.intake_a, world.head_a, world.admin_a, world.leader):
            with pytest.raises(PetitionError):
                services.denouncer_identity_read(actor=officer, petition=petition)
        people = services.denouncer_identity_read(actor=confidential_a, petition=petition)
        assert people[0]["full_name"] == "Hộ ông Thạch Văn 1"
        entry = AuditEntry.objects.get(action="petition.denouncer_identity_read")
        assert entry.actor == confidential_a
        assert "Thạch" not in str(entry.changes)

    def test_no_audit_entry_or_event_carries_the_name(self, world):
        petition = create(world, Kind.TO_CAO)
        services.petition_accept(actor=world.intake_a, petition=petition)
        for entry in AuditEntry.objects.all():
            assert "Thạch Văn" not in str(entry.changes)
        for event in PetitionEvent.objects.all():
            assert "Thạch Văn" not in f"{event.reason} {event.data}"


class ClassificationTests:
    def test_accepting_a_complaint_starts_the_resolution_clock(self, world):
        petition = create(world, Kind.KHIEU_NAI, received_on=D(2026, 1, 26))
        petition = services.petition_accept(
            actor=world.intake_a, petition=petition, accepted_on=D(2026, 2, 2)
        )
        # 30 days from Mon 02/02/2026 = Wed 04/03/2026 (Tết inside, calendar days)
        assert (petition.clock_step, petition.due_on) == (
            "complaint_resolution_first",
            D(2026, 3, 4),
        )
        assert petition.documents.filter(document_type="notice_acceptance").exists()

    def test_refusal_needs_a_ground_of_the_right_law(self, world):
        petition = create(world, Kind.KHIEU_NAI)
        with pytest.raises(PetitionError) as caught:
            services.petition_refuse(
                actor=world.intake_a, petition=petition, ground=RefusalGround.TC_29_CONTENT
            )
        assert caught.value.code == ErrorCode.REFUSAL_GROUND_WRONG_KIND
        with pytest.raises(PetitionError):
            services.petition_refuse(actor=world.intake_a, petition=petition, ground="")
        petition = services.petition_refuse(
            actor=world.intake_a, petition=petition, ground=RefusalGround.KN_11_6
        )
        assert petition.state == State.REFUSED
        assert petition.due_on is None
        notice = petition.documents.get(document_type="notice_refusal")
        assert "Điều 11 khoản 6" in notice.body

    @pytest.mark.parametrize("ground", RefusalGround.for_kind(Kind.KHIEU_NAI))
    def test_every_legal_ground_of_article_11_refuses_a_complaint(self, world, ground):
        petition = services.petition_refuse(
            actor=world.intake_a, petition=create(world, Kind.KHIEU_NAI), ground=ground
        )
        assert petition.refusal_ground == ground

    def test_a_feedback_cannot_be_refused(self, world):
        with pytest.raises(TransitionError):
            services.petition_refuse(
                actor=world.intake_a, petition=create(world), ground=RefusalGround.KN_11_1
            )

    def test_guide_and_file(self, world):
        guided = services.petition_guide(
            actor=world.intake_a, petition=create(world), reason="Gửi đến Tòa án nhân dân khu vực"
        )
        assert guided.state == State.GUIDED
        filed = services.petition_file(
            actor=world.intake_a,
            petition=create(world),
            filing_reason=FilingReason.DUPLICATE,
            reason="Trùng đơn đã trả lời",
        )
        assert (filed.state, filed.is_duplicate) == (State.FILED, True)
        with pytest.raises(PetitionError) as caught:
            services.petition_guide(actor=world.intake_a, petition=create(world), reason=" ")
        assert caught.value.code == ErrorCode.REASON_REQUIRED

    def test_a_duplicate_is_linked_to_the_petition_it_repeats(self, world):
        earlier = create(world)
        filed = services.petition_file(
            actor=world.intake_a,
            petition=create(world),
            filing_reason=FilingReason.DUPLICATE,
            reason="Trùng đơn đang giải quyết",
            duplicate_of=earlier,
        )
        assert PetitionLink.objects.filter(
            from_petition=filed, to_petition=earlier, kind=LinkKind.DUPLICATE_OF
        ).exists()

    def test_a_duplicate_target_must_be_another_visible_petition(self, world):
        elsewhere = services.petition_create(
            actor=world.outsider_c,
            organization=world.ubnd_c,
            data=intake(world, commune=world.commune_c),
        )
        petition = create(world)
        for target, why in ((elsewhere, FilingReason.DUPLICATE), (petition, "duplicate"),
                            (create(world), FilingReason.INSUFFICIENT)):  # fmt: skip
            with pytest.raises(PetitionError) as caught:
                services.petition_file(
                    actor=world.intake_a,
                    petition=petition,
                    filing_reason=why,
                    reason="Trùng",
                    duplicate_of=target,
                )
            assert caught.value.code == ErrorCode.DUPLICATE_TARGET_INVALID
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED
        assert not PetitionLink.objects.filter(from_petition=petition).exists()

    def test_anonymous_denunciation_goes_to_its_own_queue_without_a_clock(self, world):
        petition = create(world, Kind.TO_CAO, is_anonymous=True, petitioners=[])
        petition = services.petition_to_anonymous_queue(
            actor=world.intake_a, petition=petition, reason="Nặc danh, có tài liệu cụ thể"
        )
        assert petition.state == State.ANONYMOUS_QUEUE
        assert petition.due_on is None

    def test_transfer_inside_danvan_arrives_in_the_other_queue(self, world):
        petition = services.petition_transfer(
            actor=world.intake_a,
            petition=create(world),
            to_organization=world.agency_b,
            reason="Thuộc thẩm quyền của Sở",
        )
        assert petition.state == State.TRANSFERRED
        arrived = Petition.objects.get(organization=world.agency_b)
        assert arrived.state == State.RECEIVED
        assert arrived.petitioners.count() == 1
        assert PetitionLink.objects.filter(
            from_petition=arrived, to_petition=petition, kind=LinkKind.SAME_MATTER
        ).exists()

    def test_a_transfer_is_timed_against_the_law_s_forwarding_period(self, world):
        """Luật TC Art. 24 k2: 5 working days from receipt (Fri 20/11/2026; Tue 24/11 is a day
        off in the seeded calendar) = Mon 30/11/2026."""
        import time_machine

        with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
            on_time = services.petition_transfer(
                actor=world.intake_a,
                petition=create(world, Kind.TO_CAO),
                to_name="Thanh tra tỉnh",
                reason="Không thuộc thẩm quyền",
            )
        late = services.petition_transfer(  # "today" is 01/02/2027 in these tests
            actor=world.intake_a,
            petition=create(world, Kind.KIEN_NGHI),
            to_name="Sở Xây dựng",
            reason="Không thuộc thẩm quyền",
        )
        first = on_time.events.get(action="transfer").data
        second = late.events.get(action="transfer").data
        assert (first["forwarding_due_on"], first["forwarding_late"]) == ("2026-11-30", False)
        assert (second["forwarding_due_on"], second["forwarding_late"]) == ("2026-11-30", True)
        complaint = services.petition_transfer(
            actor=world.intake_a,
            petition=create(world, Kind.KHIEU_NAI),
            to_name="UBND tỉnh",
            reason="Không thuộc thẩm quyền",
        )
        assert "forwarding_due_on" not in complaint.events.get(action="transfer").data


class HandlingTests:
    def accepted(self, world, kind=Kind.KHIEU_NAI, **overrides):
        petition = create(world, kind, **overrides)
        return services.petition_accept(
            actor=world.intake_a, petition=petition, accepted_on=D(2026, 11, 23)
        )

    def test_assignment_is_to_a_handling_officer_of_the_organization(self, world, handler_a):
        petition = self.accepted(world)
        with pytest.raises(PetitionError) as caught:
            services.petition_assign(
                actor=world.intake_a, petition=petition, assignee=world.handling_b
            )
        assert caught.value.code == ErrorCode.ASSIGNEE_NOT_IN_ORGANIZATION
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        assert (petition.state, petition.assigned_to) == (State.ASSIGNED, handler_a)

    @pytest.mark.parametrize(
        ("complexity", "allowed", "final_due"),
        [
            (Complexity.NORMAL, 0, D(2026, 12, 23)),
            (Complexity.COMPLEX, 1, D(2027, 1, 22)),  # 60 days: Fri 22/01/2027
            # 90 days: Sun 21/02/2027, so the period ends on Mon 22/02/2027
            (Complexity.ESPECIALLY_COMPLEX, 2, D(2027, 2, 22)),
        ],
    )
    def test_denunciation_extensions_follow_the_law(
        self, world, handler_a, complexity, allowed, final_due
    ):
        petition = self.accepted(world, Kind.TO_CAO, complexity=complexity)
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        first_due = petition.due_on  # 30 days from 23/11/2026 = Wed 23/12/2026
        assert first_due == D(2026, 12, 23)
        for n in range(1, allowed + 1):
            petition = services.petition_extend(
                actor=handler_a,
                petition=petition,
                reason=f"Gia hạn lần {n}",
                document=doc("Quyết định gia hạn"),
            )
            assert petition.extensions == n
        with pytest.raises(PetitionError) as caught:
            services.petition_extend(
                actor=handler_a,
                petition=petition,
                reason="Thêm lần nữa",
                document=doc("Quyết định gia hạn"),
            )
        assert caught.value.code == ErrorCode.EXTENSION_NOT_ALLOWED
        petition.refresh_from_db()
        assert petition.extensions == allowed
        assert petition.due_on == final_due

    def test_suspension_adds_the_paused_days(self, world, handler_a):
        petition = self.accepted(world)
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        due = petition.due_on  # 30 days from 23/11/2026: Wed 23/12/2026
        assert due == D(2026, 12, 23)
        petition = services.petition_suspend(
            actor=handler_a,
            petition=petition,
            reason="Chờ kết quả giám định",
            suspended_on=D(2026, 12, 1),
        )
        assert petition.state == State.SUSPENDED
        petition = services.petition_resume(
            actor=handler_a, petition=petition, reason="Đã có kết quả", resumed_on=D(2026, 12, 11)
        )
        assert petition.state == State.ASSIGNED
        assert petition.due_on == D(2027, 1, 4)  # 23/12 + 10 days = Sat 02/01 → Mon 04/01

    def test_the_full_life_of_a_complaint(self, world, handler_a):
        petition = self.accepted(world)
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        petition = services.petition_start_verification(actor=handler_a, petition=petition)
        petition = services.petition_hold_dialogue(actor=handler_a, petition=petition)
        petition = services.petition_decide(
            actor=handler_a, petition=petition, document=doc("Quyết định giải quyết khiếu nại")
        )
        # Sending the decision: 3 working days from Tue 01/12/2026 = Fri 04/12/2026
        assert (petition.state, petition.clock_step, petition.due_on) == (
            State.DECIDED,
            "complaint_decision_sending",
            D(2026, 12, 4),
        )
        petition = services.petition_answer(
            actor=handler_a, petition=petition, document=doc("Gửi quyết định")
        )
        assert petition.state == State.ANSWERED
        petition = services.petition_rate(
            actor=None, petition=petition, satisfied=False, comment="Chưa thỏa đáng"
        )
        assert petition.state == State.RATED
        petition = services.petition_reopen(
            actor=world.head_a, petition=petition, reason="Người dân chưa hài lòng"
        )
        assert petition.state == State.ASSIGNED
        actions = list(petition.events.values_list("action", flat=True))
        assert actions == [
            "received",
            "accept",
            "assign",
            "start_verification",
            "hold_dialogue",
            "decide",
            "answer",
            "rate",
            "reopen",
        ]
        assert AuditEntry.objects.filter(object_id=str(petition.pk)).count() == len(actions)
        assert PetitionDocument.objects.filter(petition=petition).count() == 3

    def test_a_feedback_is_answered_and_closed(self, world, handler_a):
        petition = self.accepted(world, Kind.PHAN_ANH)
        assert petition.due_on is None  # no national rule times the answer to a phản ánh
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        petition = services.petition_answer(
            actor=handler_a, petition=petition, document=doc("Trả lời phản ánh")
        )
        petition = services.petition_close(actor=handler_a, petition=petition)
        assert petition.state == State.CLOSED

    def test_withdrawal_whole_and_part(self, world, handler_a):
        petition = self.accepted(world)
        petition = services.petition_withdraw(
            actor=world.intake_a, petition=petition, reason="Rút nội dung thứ hai", partial=True
        )
        assert petition.state == State.CLASSIFIED
        petition = services.petition_withdraw(
            actor=world.intake_a, petition=petition, reason="Rút toàn bộ"
        )
        assert (petition.state, petition.due_on) == (State.WITHDRAWN, None)

    def test_a_withdrawn_denunciation_goes_on_when_violations_show(self, world, handler_a):
        """Luật TC Art. 33: resolution continues despite a full withdrawal when there are signs
        of violation or the withdrawal was coerced; the grounds must be written."""
        petition = self.accepted(world, Kind.TO_CAO)
        due = petition.due_on
        with pytest.raises(PetitionError) as caught:
            services.petition_withdraw(
                actor=world.intake_a, petition=petition, reason=" ", continue_resolution=True
            )
        assert caught.value.code == ErrorCode.REASON_REQUIRED
        petition = services.petition_withdraw(
            actor=world.intake_a,
            petition=petition,
            reason="Có dấu hiệu nhận tiền của người dân; người tố cáo bị đe dọa",
            continue_resolution=True,
        )
        assert (petition.state, petition.due_on) == (State.CLASSIFIED, due)
        event = petition.events.order_by("-pk").first()
        assert (event.action, event.reason[:18]) == ("withdraw_continue", "Có dấu hiệu nhận t")
        assert event.data["resolution_continues"] is True
        assert event.data["scope"] == "all"

    def test_only_a_denunciation_continues_after_a_full_withdrawal(self, world):
        complaint = self.accepted(world)
        for partial in (False, True):
            with pytest.raises(PetitionError) as caught:
                services.petition_withdraw(
                    actor=world.intake_a,
                    petition=complaint,
                    reason="Lý do",
                    partial=partial,
                    continue_resolution=True,
                )
            assert caught.value.code == ErrorCode.WITHDRAWAL_CONTINUE_NOT_ALLOWED
        complaint.refresh_from_db()
        assert complaint.state == State.CLASSIFIED

    def test_a_second_complaint_is_timed_at_the_next_level(self, world, handler_a, intake_province):
        first = self.accepted(world)
        first = services.petition_assign(actor=world.intake_a, petition=first, assignee=handler_a)
        first = services.petition_start_verification(actor=handler_a, petition=first)
        first = services.petition_decide(actor=handler_a, petition=first, document=doc())
        second = services.petition_open_second_complaint(
            actor=intake_province,
            petition=first,
            organization=world.ubnd_province,
            received_on=D(2026, 12, 10),
            reason="Không đồng ý quyết định lần đầu",
        )
        assert (second.complaint_round, second.organization) == (2, world.ubnd_province)
        assert second.clock_step == "complaint_acceptance_second"
        assert second.due_on == D(2026, 12, 21)  # 7 working days from Thu 10/12/2026
        second = services.petition_accept(
            actor=intake_province, petition=second, accepted_on=D(2026, 12, 14)
        )
        # 45 days from Mon 14/12/2026 = Thu 28/01/2027
        assert (second.clock_step, second.due_on) == ("complaint_resolution_second", D(2027, 1, 28))
        assert PetitionLink.objects.filter(
            from_petition=second, to_petition=first, kind=LinkKind.SECOND_COMPLAINT
        ).exists()

    def test_a_second_complaint_needs_a_first_decision(self, world, intake_province):
        first = self.accepted(world)
        with pytest.raises(PetitionError) as caught:
            services.petition_open_second_complaint(
                actor=intake_province,
                petition=first,
                organization=world.ubnd_province,
                received_on=D(2026, 11, 25),
                reason="Sớm quá",
            )
        assert caught.value.code == ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED


class IntegrityTests:
    def test_a_stale_version_is_refused(self, world):
        petition = create(world)
        services.petition_accept(actor=world.intake_a, petition=petition, expected_version=1)
        with pytest.raises(PetitionError) as caught:
            services.petition_guide(
                actor=world.intake_a, petition=petition, reason="Đã lỗi thời", expected_version=1
            )
        assert caught.value.code == ErrorCode.STALE_VERSION

    def test_an_illegal_transition_changes_nothing(self, world):
        petition = create(world)
        with pytest.raises(TransitionError):
            services.petition_close(actor=world.intake_a, petition=petition)
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED
        assert petition.events.count() == 1

    def test_outsiders_are_refused_on_every_action(self, world):
        petition = create(world)
        for call in (
            lambda a: services.petition_accept(actor=a, petition=petition),
            lambda a: services.petition_guide(actor=a, petition=petition, reason="x"),
            lambda a: services.petition_file(
                actor=a, petition=petition, filing_reason=FilingReason.INSUFFICIENT, reason="x"
            ),
            lambda a: services.petition_transfer(
                actor=a, petition=petition, reason="x", to_name="Tòa án"
            ),
            lambda a: services.petition_withdraw(actor=a, petition=petition, reason="x"),
        ):
            for outsider in (world.outsider_c, world.outsider_province, world.leader):
                with pytest.raises(PetitionError) as caught:
                    call(outsider)
                assert caught.value.code == ErrorCode.PERMISSION_DENIED
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED


class ComplexityTests:
    def test_a_complaint_declared_complex_gets_forty_five_days(self, world, handler_a):
        petition = create(world, Kind.KHIEU_NAI)
        petition = services.petition_accept(
            actor=world.intake_a, petition=petition, accepted_on=D(2026, 11, 23)
        )
        assert petition.due_on == D(2026, 12, 23)
        with pytest.raises(PetitionError) as caught:  # the Law on Complaints has no extension
            services.petition_extend(
                actor=world.head_a,
                petition=petition,
                reason="Gia hạn",
                document=doc("Quyết định gia hạn"),
            )
        assert caught.value.code == ErrorCode.EXTENSION_NOT_ALLOWED
        petition = services.petition_set_complexity(
            actor=world.head_a,
            petition=petition,
            complexity=Complexity.COMPLEX,
            reason="Phải xác minh ở nhiều nơi",
            document=doc("Xác định vụ việc phức tạp"),
        )
        # 45 days from Mon 23/11/2026 = Thu 07/01/2027
        assert (petition.complexity, petition.due_on) == (Complexity.COMPLEX, D(2027, 1, 7))
        assert petition.documents.filter(document_type="extension_decision").exists()

    def test_a_feedback_has_no_complexity(self, world):
        petition = services.petition_accept(actor=world.intake_a, petition=create(world))
        with pytest.raises(TransitionError):
            services.petition_set_complexity(
                actor=world.head_a, petition=petition, complexity=Complexity.COMPLEX, reason="x"
            )


class SplitTests:
    def test_a_mixed_letter_becomes_separate_petitions(self, world):
        letter = create(world, Kind.KHIEU_NAI, subject="Đơn vừa khiếu nại vừa tố cáo")
        request_part = services.petition_split(
            actor=world.intake_a,
            petition=letter,
            part=(
                services.SplitPart(
                    kind=Kind.KIEN_NGHI,
                    field="giao_thong",
                    subject="Kiến nghị sửa cầu",
                    content="Cầu hư hỏng",
                )
            ),
        )
        assert (request_part.kind, request_part.received_on) == (Kind.KIEN_NGHI, letter.received_on)
        assert request_part.petitioners.get().full_name == "Hộ ông Thạch Văn 1"
        assert PetitionLink.objects.filter(
            from_petition=request_part, to_petition=letter, kind=LinkKind.SPLIT_FROM
        ).exists()
        denunciation = services.petition_split(
            actor=world.intake_a,
            petition=letter,
            part=(
                services.SplitPart(
                    kind=Kind.TO_CAO,
                    field="tham_nhung",
                    subject="Tố cáo nhận tiền",
                    content="...",
                    accused="Ông B",
                )
            ),
        )
        assert denunciation.petitioners.get().full_name == ""  # encrypted apart
        assert not PetitionLink.objects.filter(from_petition=denunciation).exists()
        assert Petition.objects.count() == 3

    def test_only_while_awaiting_classification(self, world):
        letter = services.petition_accept(
            actor=world.intake_a, petition=create(world, Kind.KHIEU_NAI)
        )
        with pytest.raises(PetitionError) as caught:
            services.petition_split(
                actor=world.intake_a,
                petition=letter,
                part=(
                    services.SplitPart(kind=Kind.KIEN_NGHI, field="khac", subject="x", content="y")
                ),
            )
        assert caught.value.code == ErrorCode.SPLIT_NOT_ALLOWED


class FurtherDenunciationTests:
    def test_a_further_denunciation_after_a_lapsed_deadline(
        self, world, intake_province, confidential_a
    ):
        first = create(world, Kind.TO_CAO)
        first = services.petition_accept(
            actor=world.intake_a, petition=first, accepted_on=D(2026, 11, 23)
        )
        assert first.due_on == D(2026, 12, 23)
        with pytest.raises(PetitionError):  # not yet lapsed
            services.petition_open_further_denunciation(
                actor=intake_province,
                petition=first,
                organization=world.ubnd_province,
                received_on=D(2026, 12, 1),
                reason="Chưa giải quyết",
            )
        further = services.petition_open_further_denunciation(
            actor=intake_province,
            petition=first,
            organization=world.ubnd_province,
            received_on=D(2027, 1, 4),
            reason="Quá hạn chưa có kết luận",
        )
        assert (further.kind, further.organization, further.is_prolonged) == (
            Kind.TO_CAO,
            world.ubnd_province,
            True,
        )
        assert further.petitioners.get().full_name == ""
        assert ConfidentialIdentity.objects.filter(petition=further).exists()
        assert PetitionLink.objects.filter(
            from_petition=further, to_petition=first, kind=LinkKind.FURTHER_DENUNCIATION
        ).exists()


class IdentityKeyTests:
    def test_keys_rotate_and_old_data_still_decrypts(self, settings):
        from io import StringIO

        from django.core.management import call_command

        from danvan.petitions import confidential

        out = StringIO()
        call_command("generate_identity_key", stdout=out)
        old_key = out.getvalue().strip()
        settings.DANVAN_IDENTITY_KEYS = [old_key]
        token = confidential.encrypt([{"full_name": "Người tố cáo"}])
        call_command("generate_identity_key", stdout=(out := StringIO()))
        settings.DANVAN_IDENTITY_KEYS = [out.getvalue().strip(), old_key]
        assert confidential.decrypt(token) == [{"full_name": "Người tố cáo"}]

    def test_production_refuses_to_run_without_a_key(self, settings):
        from django.core.exceptions import ImproperlyConfigured

        from danvan.petitions import confidential

        settings.DANVAN_IDENTITY_KEYS = []
        settings.PRODUCTION = True
        with pytest.raises(ImproperlyConfigured):
            confidential.encrypt({"x": 1})


class ReviewFixTests:
    """Dates, documents, ratings and keys that the review found unchecked."""

    def test_dates_in_the_future_or_before_the_event_are_refused(self, world, handler_a):
        with pytest.raises(PetitionError) as caught:
            create(world, received_on=D(2031, 1, 1))
        assert caught.value.code == ErrorCode.DATE_IN_FUTURE
        petition = create(world, Kind.KHIEU_NAI, received_on=D(2026, 11, 20))
        with pytest.raises(PetitionError) as caught:
            services.petition_accept(
                actor=world.intake_a, petition=petition, accepted_on=D(2028, 1, 1)
            )
        assert caught.value.code == ErrorCode.DATE_IN_FUTURE
        with pytest.raises(PetitionError) as caught:
            services.petition_accept(
                actor=world.intake_a, petition=petition, accepted_on=D(2026, 11, 1)
            )
        assert caught.value.code == ErrorCode.DATE_TOO_EARLY
        petition = services.petition_accept(
            actor=world.intake_a, petition=petition, accepted_on=D(2026, 11, 23)
        )
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        petition = services.petition_suspend(
            actor=handler_a, petition=petition, reason="Chờ", suspended_on=D(2026, 12, 1)
        )
        with pytest.raises(PetitionError) as caught:
            services.petition_resume(
                actor=handler_a, petition=petition, reason="Tiếp", resumed_on=D(2026, 11, 30)
            )
        assert caught.value.code == ErrorCode.DATE_TOO_EARLY

    def test_an_extension_needs_its_written_decision(self, world, handler_a):
        petition = create(world, Kind.TO_CAO, complexity=Complexity.COMPLEX)
        petition = services.petition_accept(
            actor=world.intake_a, petition=petition, accepted_on=D(2026, 11, 23)
        )
        with pytest.raises(PetitionError) as caught:
            services.petition_extend(actor=world.head_a, petition=petition, reason="Gia hạn")
        assert caught.value.code == ErrorCode.DOCUMENT_REQUIRED
        no_number = DocumentInput(number="", issued_on=D(2026, 12, 1), title="QĐ", body="...")
        with pytest.raises(PetitionError):
            services.petition_extend(
                actor=world.head_a, petition=petition, reason="Gia hạn", document=no_number
            )

    def test_the_citizen_has_time_to_rate_before_closing(self, world, handler_a):
        import datetime as _dt

        import time_machine

        petition = services.petition_accept(
            actor=world.intake_a, petition=create(world), accepted_on=D(2026, 11, 23)
        )
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        petition = services.petition_answer(
            actor=handler_a, petition=petition, document=doc(issued_on=D(2027, 1, 28))
        )
        with pytest.raises(PetitionError) as caught:
            services.petition_close(actor=handler_a, petition=petition)
        assert caught.value.code == ErrorCode.RATING_WINDOW_OPEN
        with pytest.raises(PetitionError) as caught:  # an officer's rating says where from
            services.petition_rate(actor=handler_a, petition=petition, satisfied=True)
        assert caught.value.code == ErrorCode.RATING_SOURCE_REQUIRED
        later = _dt.datetime(2027, 3, 1, 9, tzinfo=_dt.UTC)  # 10 working days after Tết 2027
        with time_machine.travel(later, tick=False):
            assert services.petition_close(actor=handler_a, petition=petition).state == State.CLOSED

    def test_a_form_key_never_returns_another_organizations_petition(self, world):
        mine = create(world, submission_key="k-1")
        theirs = services.petition_create(
            actor=world.outsider_c,
            organization=world.ubnd_c,
            data=intake(world, commune=world.commune_c, submission_key="k-1"),
        )
        assert theirs.pk != mine.pk
        with pytest.raises(PetitionError) as caught:  # same key, another letter
            create(world, submission_key="k-1", subject="Một đơn khác")
        assert caught.value.code == ErrorCode.SUBMISSION_REUSED


class EscalationRulesTests:
    def decided_complaint(self, world, handler_a):
        decided_on = D(2026, 12, 1)
        first = services.petition_accept(
            actor=world.intake_a,
            petition=create(world, Kind.KHIEU_NAI),
            accepted_on=D(2026, 11, 23),
        )
        first = services.petition_assign(actor=world.intake_a, petition=first, assignee=handler_a)
        first = services.petition_start_verification(actor=handler_a, petition=first)
        return services.petition_decide(
            actor=handler_a, petition=first, document=doc(issued_on=decided_on)
        )

    def test_a_second_complaint_after_the_filing_window_is_refused(
        self, world, handler_a, intake_province
    ):
        first = self.decided_complaint(world, handler_a)
        # 30 days from Tue 01/12/2026: Thu 31/12/2026
        with pytest.raises(PetitionError) as caught:
            services.petition_open_second_complaint(
                actor=intake_province,
                petition=first,
                organization=world.ubnd_province,
                received_on=D(2027, 1, 4),
                reason="Muộn",
            )
        assert caught.value.code == ErrorCode.SECOND_COMPLAINT_LATE
        assert "31/12/2026" in caught.value.message

    def test_only_once_and_only_above(self, world, handler_a, intake_province):
        first = self.decided_complaint(world, handler_a)
        sibling = UserFactory(username="tiepnhan.mttq_a")
        grant(sibling, world.mttq_a, "intake_officer")
        with pytest.raises(PetitionError) as caught:  # the commune's Front is not above
            services.petition_open_second_complaint(
                actor=sibling,
                petition=first,
                organization=world.mttq_a,
                received_on=D(2026, 12, 10),
                reason="x",
            )
        assert caught.value.code == ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED
        services.petition_open_second_complaint(
            actor=intake_province,
            petition=first,
            organization=world.ubnd_province,
            received_on=D(2026, 12, 10),
            reason="Không đồng ý",
        )
        with pytest.raises(PetitionError) as caught:
            services.petition_open_second_complaint(
                actor=intake_province,
                petition=first,
                organization=world.ubnd_province,
                received_on=D(2026, 12, 11),
                reason="Lần nữa",
            )
        assert caught.value.code == ErrorCode.ALREADY_ESCALATED


class SuspensionDocumentTests:
    def test_suspension_and_resumption_are_written_decisions(self, world, handler_a):
        petition = services.petition_accept(
            actor=world.intake_a,
            petition=create(world, Kind.KHIEU_NAI),
            accepted_on=D(2026, 11, 23),
        )
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler_a
        )
        petition = services.petition_suspend(
            actor=handler_a, petition=petition, reason="Chờ", suspended_on=D(2026, 12, 1)
        )
        petition = services.petition_resume(
            actor=handler_a, petition=petition, reason="Xong", resumed_on=D(2026, 12, 11)
        )
        kinds = set(petition.documents.values_list("document_type", flat=True))
        assert {"suspension_decision", "resumption_decision"} <= kinds


class PublicationTests:
    """Công khai kết luận nội dung tố cáo (Luật TC Art. 40)."""

    def concluded(self, world, handler_a, concluded_on=None):
        p = services.petition_accept(
            actor=world.intake_a, petition=create(world, Kind.TO_CAO), accepted_on=D(2026, 11, 23)
        )
        p = services.petition_assign(actor=world.intake_a, petition=p, assignee=handler_a)
        p = services.petition_start_verification(actor=handler_a, petition=p)
        return services.petition_decide(
            actor=handler_a,
            petition=p,
            document=doc("Kết luận nội dung tố cáo", concluded_on or D(2026, 12, 1)),
        )

    def test_the_conclusion_is_published_and_timed(self, world, handler_a):
        p = self.concluded(world, handler_a)
        p = services.petition_publish_conclusion(
            actor=handler_a,
            petition=p,
            document=doc("Công khai kết luận: ông B có vi phạm", D(2026, 12, 10)),
            method="portal",
        )
        assert p.state == State.DECIDED  # publication changes no state
        assert p.documents.filter(document_type="publication").count() == 1
        event = p.events.order_by("-pk").first()
        assert event.action == "publish_conclusion"
        # 7 working days from Tue 01/12/2026 = Thu 10/12/2026: on the last day, on time
        assert (event.data["publication_due_on"], event.data["late"]) == ("2026-12-10", False)

    def test_a_late_publication_is_marked_late(self, world, handler_a):
        p = self.concluded(world, handler_a)
        p = services.petition_publish_conclusion(
            actor=handler_a,
            petition=p,
            document=doc("Công khai kết luận", D(2026, 12, 11)),
            method="posting",
        )
        assert p.events.order_by("-pk").first().data["late"] is True

    @pytest.mark.parametrize(
        "leak", ["Người tố cáo: Hộ ông THẠCH VĂN 1", "Liên hệ 0900-000-001", "CCCD 084095000001"]
    )
    def test_a_text_that_names_the_denouncer_is_refused(self, world, handler_a, leak):
        p = self.concluded(world, handler_a)
        with pytest.raises(PetitionError) as caught:
            services.petition_publish_conclusion(
                actor=handler_a,
                petition=p,
                document=DocumentInput(
                    number="05/TB-UBND",
                    issued_on=D(2026, 12, 3),
                    title="Công khai kết luận",
                    body=f"Kết luận: có vi phạm. {leak}.",
                ),
                method="meeting",
            )
        assert caught.value.code == ErrorCode.PUBLICATION_REVEALS_DENOUNCER
        assert "0900" not in caught.value.message
        assert "Thạch" not in caught.value.message
        assert not p.documents.filter(document_type="publication").exists()

    def test_a_similar_name_or_a_longer_number_is_not_the_denouncer(self, world, handler_a):
        """The denouncer is "Hộ ông Thạch Văn 1", phone 0900000001."""
        p = self.concluded(world, handler_a)
        p = services.petition_publish_conclusion(
            actor=handler_a,
            petition=p,
            document=DocumentInput(
                number="06/TB-UBND",
                issued_on=D(2026, 12, 3),
                title="Công khai kết luận",
                body="Hộ ông Thạch Văn 12 không liên quan; mã hồ sơ 09000000012.",
            ),
            method="portal",
        )
        assert p.documents.filter(document_type="publication").count() == 1

    def test_only_a_denunciation_is_published_and_a_method_is_required(self, world, handler_a):
        complaint = services.petition_accept(
            actor=world.intake_a,
            petition=create(world, Kind.KHIEU_NAI),
            accepted_on=D(2026, 11, 23),
        )
        with pytest.raises(TransitionError):
            services.petition_publish_conclusion(
                actor=world.intake_a, petition=complaint, document=doc(), method="portal"
            )
        p = self.concluded(world, handler_a)
        with pytest.raises(PetitionError) as caught:
            services.petition_publish_conclusion(
                actor=handler_a, petition=p, document=doc(issued_on=D(2026, 12, 3)), method=""
            )
        assert caught.value.code == ErrorCode.PUBLICATION_METHOD_REQUIRED


class OptimisticInsertTests:
    """Outside any transaction, intake inserts without a savepoint and retries the whole
    intake on a clash.  (The test itself runs in a transaction, so "outside" is simulated;
    each try is still its own atomic block, rolled back on the clash.)"""

    @pytest.fixture(autouse=True)
    def outside_a_transaction(self, monkeypatch):
        monkeypatch.setattr(services, "_in_transaction", lambda: False)

    def test_a_tracking_code_clash_is_retried(self, world, monkeypatch):
        first = create(world)
        codes = iter([first.tracking_code, "ZZZZZ-99999"])
        monkeypatch.setattr(services, "new_tracking_code", lambda: next(codes))
        second = create(world, subject="Đơn thứ hai")
        assert second.tracking_code == "ZZZZZ-99999"
        assert Petition.objects.count() == 2
        assert second.events.count() == 1  # the failed try left nothing behind

    def test_the_same_form_sent_twice_at_once_gives_one_petition(self, world, monkeypatch):
        data = intake(world, submission_key="form-123")
        first = services.petition_create(actor=world.intake_a, organization=world.ubnd_a, data=data)
        # The second request passed the key's check before the first committed: its insert
        # clashes on the key, and the retry returns the first petition.
        real_filter = Petition.objects.filter
        calls = {"n": 0}

        def late_check(*args, **kwargs):
            if "submission_key" in kwargs and calls["n"] == 0:
                calls["n"] += 1
                return real_filter(pk=-1)
            return real_filter(*args, **kwargs)

        monkeypatch.setattr(Petition.objects, "filter", late_check)
        again = services.petition_create(actor=world.intake_a, organization=world.ubnd_a, data=data)
        assert again.pk == first.pk
        assert Petition.objects.count() == 1
