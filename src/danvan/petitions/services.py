"""Every write to petitions.

Each service is keyword-only, takes ``actor=`` (an officer, or None for the system and the
citizen's own tracking-code actions), checks permission and workflow, writes in one
transaction with the row locked, appends the timeline event and the audit entry, and stores
the clock from the deadline engine.  Domain errors are ``PetitionError`` or
``workflow.TransitionError``, both with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from danvan.core import audit
from danvan.core.deadlines import DeadlineError, compute_due
from danvan.core.text import fold
from danvan.organizations import access
from danvan.organizations.models import Organization, User
from danvan.petitions import clocks, confidential
from danvan.petitions.enums import (
    Complexity,
    DocumentType,
    FilingReason,
    Kind,
    LinkKind,
    PublicationMethod,
    RefusalGround,
    State,
)
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.models import (
    ConfidentialIdentity,
    Petition,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
    PetitionLink,
    Rating,
)
from danvan.petitions.workflow import Transition, check
from danvan.units.models import AdministrativeUnit, UnitLevel

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PERSONAL_FIELDS = ("full_name", "id_number", "phone", "email", "address")


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def today() -> dt.date:
    return timezone.localdate()


def _check_date(value: dt.date, *, not_before: dt.date | None = None) -> dt.date:
    """Dates officers enter move legal deadlines: never in the future, never before the event
    they follow."""
    if value > today():
        raise PetitionError(ErrorCode.DATE_IN_FUTURE)
    if not_before is not None and value < not_before:
        raise PetitionError(ErrorCode.DATE_TOO_EARLY, date=f"{not_before:%d/%m/%Y}")
    return value


# --- intake ------------------------------------------------------------------------------------


@dataclass
class PetitionerInput:
    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    is_representative: bool = False


@dataclass
class IntakeInput:
    """What an intake channel hands to ``petition_create``."""

    kind: str
    channel: str
    field: str
    subject: str
    content: str
    commune: AdministrativeUnit | None
    received_on: dt.date
    request: str = ""
    hamlet: AdministrativeUnit | None = None
    address_as_written: str = ""
    petitioners: Sequence[PetitionerInput] = ()
    petitioner_count: int | None = None
    is_anonymous: bool = False
    has_signature: bool = False
    complexity: str = "normal"
    is_remote_area: bool = False
    complaint_round: int | None = None
    contested_decision: str = ""
    contested_decision_known_on: dt.date | None = None
    accused: str = ""
    flags: dict[str, bool] = dc_field(default_factory=dict)
    consent_to_publish: bool = False
    submission_key: str | None = None
    identity_confidential: bool = False  # set for parts of a denunciation
    language: str = "vi"  # the language the citizen wrote in (portal: the page's language)


def _check_escalation(
    actor: Any, first: Petition, organization: Organization, received_on: dt.date, link: str
) -> None:
    """A second complaint or a further denunciation goes to an organization above the first
    one (its ancestor in the tree), once, by an officer who may see the first case."""
    _check_date(received_on, not_before=first.received_on)
    above = first.organization.path.startswith(organization.path) and (
        organization.pk != first.organization_id
    )
    if not above:
        raise PetitionError(ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED)
    if actor is not None and not access.has_perm(actor, "petitions.view_petition", first):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    if PetitionLink.objects.filter(to_petition=first, kind=link).exists():
        raise PetitionError(ErrorCode.ALREADY_ESCALATED)


def scoped_submission_key(key: str | None, organization: Organization, actor: Any) -> str:
    """The same form sent twice by the same officer for the same organization is one petition;
    a key can never return another organization's petition."""
    if not key:
        return ""
    import hashlib

    actor_id = getattr(actor, "pk", None) or 0
    return hashlib.sha256(f"{organization.pk}:{actor_id}:{key}".encode()).hexdigest()


FLAG_FIELDS = (
    "is_bypassing",
    "is_prolonged",
    "is_duplicate",
    "is_recurring",
    "is_urgent",
    "is_mass",
)


def _check_representatives(count: int, representatives: int) -> None:
    """Luật Tiếp công dân Art. 29: 5–10 people choose 1–2 representatives; more than 10, at
    most 5."""
    if count < 5:
        return
    if (count <= 10 and not 1 <= representatives <= 2) or (
        count > 10 and not 1 <= representatives <= 5
    ):
        raise PetitionError(ErrorCode.REPRESENTATIVES)


def _validate_intake(data: IntakeInput) -> None:
    if data.commune is None or data.commune.level != UnitLevel.COMMUNE:
        raise PetitionError(ErrorCode.COMMUNE_REQUIRED)
    if data.hamlet is not None and data.hamlet.parent_id != data.commune.pk:
        raise PetitionError(ErrorCode.HAMLET_OUTSIDE_COMMUNE)
    named = [p for p in data.petitioners if p.full_name.strip()]
    if data.kind == Kind.KHIEU_NAI:
        if data.is_anonymous:
            raise PetitionError(ErrorCode.ANONYMOUS_NOT_ALLOWED)
        if not data.contested_decision.strip():
            raise PetitionError(ErrorCode.CONTESTED_DECISION_REQUIRED)
    if not data.is_anonymous:
        if not named or any(not p.address.strip() for p in named):
            raise PetitionError(ErrorCode.PETITIONER_REQUIRED)
        count = max(data.petitioner_count or 0, len(named))
        _check_representatives(count, sum(1 for p in named if p.is_representative))


@dataclass(frozen=True)
class Intake:
    """What one intake left: the petition and, when it was made now (``created``), the rows
    made with it (its petitioners, its "received" event), so that a caller can show the new
    case without reading it back.  A replay of a submission key gives ``created=False`` and
    the first petition, with nothing else."""

    petition: Petition
    created: bool
    petitioners: list[Petitioner]
    event: PetitionEvent | None


def petition_create(
    *, actor: User | None, organization: Organization, data: IntakeInput
) -> Petition:
    """Register a petition received by ``organization`` (tiếp nhận đơn).

    Idempotent on ``data.submission_key``: the same form sent twice returns the first petition.
    A denunciation's petitioners are stored encrypted apart from the case.
    """
    return petition_intake(actor=actor, organization=organization, data=data).petition


def petition_intake(*, actor: User | None, organization: Organization, data: IntakeInput) -> Intake:
    """``petition_create``, saying also what was made.

    The row is inserted optimistically, without looking the submission key up first: a clash
    on the tracking code (random) or on the submission key (the same form sent again) rolls
    the transaction back and the whole intake is tried again, this time looking the key up,
    which returns the first petition.  Inside a caller's transaction (an import, a split) the
    key is looked up first and a savepoint guards the insert.
    """
    if _in_transaction():
        return _petition_create(
            actor=actor, organization=organization, data=data, nested=True, look_up=True
        )
    for attempt in range(5):
        try:
            return _petition_create(
                actor=actor,
                organization=organization,
                data=data,
                nested=False,
                look_up=attempt > 0,
            )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _in_transaction() -> bool:
    return bool(transaction.get_connection().in_atomic_block)


@transaction.atomic
def _petition_create(
    *,
    actor: User | None,
    organization: Organization,
    data: IntakeInput,
    nested: bool,
    look_up: bool,
) -> Intake:
    key = scoped_submission_key(data.submission_key, organization, actor)
    if key and look_up:
        existing = Petition.objects.filter(submission_key=key).first()
        if existing is not None:
            if (existing.subject, existing.content) != (data.subject.strip(), data.content.strip()):
                raise PetitionError(ErrorCode.SUBMISSION_REUSED)
            return Intake(existing, False, [], None)
    _validate_intake(data)
    _check_date(data.received_on)
    named = [p for p in data.petitioners if p.full_name.strip()]
    count = max(data.petitioner_count or 0, len(named), 0 if data.is_anonymous else 1)
    petition = Petition(
        kind=data.kind,
        channel=data.channel,
        field=data.field,
        subject=data.subject.strip(),
        content=data.content.strip(),
        request=data.request.strip(),
        commune=data.commune,
        hamlet=data.hamlet,
        address_as_written=data.address_as_written.strip(),
        received_on=data.received_on,
        received_by=actor,
        receiving_organization=organization,
        organization=organization,
        is_anonymous=data.is_anonymous,
        has_signature=data.has_signature,
        petitioner_count=max(count, 1),
        complexity=data.complexity,
        is_remote_area=data.is_remote_area,
        complaint_round=(data.complaint_round or 1) if data.kind == Kind.KHIEU_NAI else None,
        contested_decision=data.contested_decision.strip(),
        contested_decision_known_on=data.contested_decision_known_on,
        accused=data.accused.strip(),
        consent_to_publish=data.consent_to_publish,
        language=data.language or "vi",
        submission_key=key or None,
        tracking_code=new_tracking_code(),
        identity_confidential=data.kind == Kind.TO_CAO or data.identity_confidential,
    )
    for name in FLAG_FIELDS:
        setattr(petition, name, bool(data.flags.get(name, False)))
    if count >= 5:
        petition.is_mass = True  # đông người: five or more people
    if actor is not None and not access.has_perm(actor, "petitions.add_petition", petition):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    # Field values and choices are checked here; the related rows were loaded by the caller
    # and the database enforces the constraints and uniques (a query each, otherwise).
    petition.full_clean(
        exclude=[
            "tracking_code",
            "submission_key",
            "commune",
            "hamlet",
            "organization",
            "receiving_organization",
            "received_by",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    clocks.start(petition, clocks.intake_step(petition), petition.received_on)
    petition.search_text = petition.build_search_text()
    petition.public_description = petition.build_public_description(named)
    for _attempt in range(5):
        if not nested:
            petition.save(force_insert=True)  # a clash: the caller above tries again
            break
        try:
            with transaction.atomic():
                petition.save(force_insert=True)
            break
        except IntegrityError:
            if key and Petition.objects.filter(submission_key=key).exists():
                return Intake(Petition.objects.get(submission_key=key), False, [], None)
            petition.pk = None
            petition.tracking_code = new_tracking_code()
    else:  # pragma: no cover - five random collisions in a 32^10 space
        raise RuntimeError("could not allocate a tracking code")
    petitioners = _store_petitioners(petition, named)
    event = _event(
        petition,
        actor,
        "received",
        "",
        State.RECEIVED,
        data={
            "channel": petition.channel,
            "due_on": _iso(petition.due_on),
            "clock_step": petition.clock_step,
        },
    )
    audit.record(
        actor=actor,
        action="petition.create",
        obj=petition,
        changes=audit.diff({}, _public_snapshot(petition)),
    )
    return Intake(petition, True, petitioners, event)


def _store_petitioners(petition: Petition, named: Sequence[PetitionerInput]) -> list[Petitioner]:
    if petition.identity_confidential and named:
        ConfidentialIdentity.objects.create(
            petition=petition,
            ciphertext=confidential.encrypt(
                [
                    {
                        "full_name": p.full_name.strip(),
                        "id_number": p.id_number.strip(),
                        "phone": p.phone.strip(),
                        "email": p.email.strip(),
                        "address": p.address.strip(),
                        "is_representative": p.is_representative,
                    }
                    for p in named
                ]
            ),
        )
        return Petitioner.objects.bulk_create(
            [
                Petitioner(petition=petition, position=i, is_representative=p.is_representative)
                for i, p in enumerate(named, start=1)
            ]
        )
    return Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=petition,
                position=i,
                full_name=p.full_name.strip(),
                id_number=p.id_number.strip(),
                phone=p.phone.strip(),
                email=p.email.strip(),
                address=p.address.strip(),
                is_representative=p.is_representative,
            )
            for i, p in enumerate(named, start=1)
        ]
    )


def _public_snapshot(petition: Petition) -> dict[str, Any]:
    return audit.snapshot(
        petition,
        [
            "tracking_code",
            "kind",
            "channel",
            "field",
            "subject",
            "commune",
            "organization",
            "state",
            "due_on",
            "clock_step",
            "assigned_to",
            "complexity",
            "extensions",
        ],
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _event(
    petition: Petition,
    actor: Any,
    action: str,
    from_state: str,
    to_state: str,
    *,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


# --- the workflow ------------------------------------------------------------------------------


def _lock(petition: Petition, expected_version: int | None) -> Petition:
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    if expected_version is not None and locked.version != expected_version:
        raise PetitionError(ErrorCode.STALE_VERSION)
    return locked


def _permit(actor: Any, permission: str, petition: Petition) -> None:
    if actor is None:
        return
    if not access.has_perm(actor, permission, petition):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)


def _apply(
    petition: Petition,
    actor: Any,
    transition: Transition,
    *,
    reason: str = "",
    target: str | None = None,
    data: dict[str, Any] | None = None,
    changed: Sequence[str] = (),
) -> Petition:
    """Move to the rule's target (or ``target``), save, and write event and audit."""
    rule = check(
        transition, state=petition.state, kind=petition.kind, anonymous=petition.is_anonymous
    )
    before = _public_snapshot(petition)
    from_state = petition.state
    new_state = target or rule.target or petition.state
    petition.state = new_state
    petition.version += 1
    fields = {"state", "version", "updated_at", *changed}
    petition.save(update_fields=sorted(fields))
    _event(
        petition,
        actor,
        transition.value,
        from_state,
        new_state,
        reason=reason,
        data={**(data or {}), "due_on": _iso(petition.due_on), "clock_step": petition.clock_step},
    )
    audit.record(
        actor=actor,
        action=f"petition.{transition.value}",
        obj=petition,
        changes=audit.diff(before, _public_snapshot(petition)),
    )
    return petition


def _start_transition(
    petition: Petition,
    actor: Any,
    transition: Transition,
    expected_version: int | None,
    reason: str,
) -> Petition:
    locked = _lock(petition, expected_version)
    rule = check(transition, state=locked.state, kind=locked.kind, anonymous=locked.is_anonymous)
    _permit(actor, rule.permission, locked)
    if rule.needs_reason and not reason.strip():
        raise PetitionError(ErrorCode.REASON_REQUIRED)
    return locked


def _document(
    petition: Petition,
    actor: Any,
    document_type: str,
    *,
    title: str,
    body: str,
    number: str = "",
    issued_on: dt.date | None = None,
    signer: str = "",
    issuer: Organization | None = None,
) -> PetitionDocument:
    return PetitionDocument.objects.create(
        petition=petition,
        document_type=document_type,
        number=number.strip(),
        issued_on=issued_on or today(),
        issuer=issuer or petition.organization,
        signer=signer.strip(),
        title=title,
        body=body,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def petition_accept(
    *,
    actor: User | None,
    petition: Petition,
    accepted_on: dt.date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Thụ lý: the resolution clock starts from the acceptance day."""
    p = _start_transition(petition, actor, Transition.ACCEPT, expected_version, reason)
    p.accepted_on = _check_date(accepted_on or today(), not_before=p.received_on)
    p.classification_reason = reason.strip()
    changed = [
        "accepted_on",
        "classification_reason",
        *clocks.start(p, clocks.resolution_step(p), p.accepted_on),
    ]
    _document(
        p,
        actor,
        DocumentType.NOTICE_ACCEPTANCE,
        title=f"Thông báo thụ lý đơn {p.tracking_code}",
        body=(
            f"{p.organization.name} thông báo đã thụ lý đơn {p.get_kind_display().lower()}"
            f" “{p.subject}” tiếp nhận ngày {p.received_on:%d/%m/%Y}."
            + (f" Thời hạn giải quyết: đến ngày {p.due_on:%d/%m/%Y}." if p.due_on else "")
        ),
    )
    return _apply(p, actor, Transition.ACCEPT, reason=reason, changed=changed)


@transaction.atomic
def petition_transfer(
    *,
    actor: User | None,
    petition: Petition,
    reason: str,
    to_organization: Organization | None = None,
    to_name: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Chuyển đơn to the competent body: inside danvan it arrives there as a new petition in
    its intake queue, linked to this one; outside, the body's name is recorded."""
    p = _start_transition(petition, actor, Transition.TRANSFER, expected_version, reason)
    if to_organization is None and not to_name.strip():
        raise PetitionError(ErrorCode.TRANSFER_TARGET_REQUIRED)
    p.transferred_to = to_organization
    p.transferred_to_name = to_name.strip() or (to_organization.name if to_organization else "")
    p.classification_reason = reason.strip()
    changed = ["transferred_to", "transferred_to_name", "classification_reason", *clocks.clear(p)]
    _document(
        p,
        actor,
        DocumentType.NOTICE_TRANSFER,
        title=f"Phiếu chuyển đơn {p.get_kind_display().lower()}",
        body=(
            f"{p.organization.name} chuyển đơn “{p.subject}” đến "
            f"{p.transferred_to_name} để giải quyết theo thẩm quyền. Lý do: {reason}"
        ),
    )
    _apply(
        p,
        actor,
        Transition.TRANSFER,
        reason=reason,
        changed=changed,
        data={"to": p.transferred_to_name, **_forwarding_timing(p)},
    )
    if to_organization is not None:
        _forward_copy(p, actor, to_organization)
    return p


FORWARDING_STEPS = {
    Kind.TO_CAO: "denunciation_forwarding",  # Luật TC Art. 24 k2: 5 working days
    Kind.PHAN_ANH: "feedback_forwarding",  # NĐ 20/2008 Art. 9: 5 working days
    Kind.KIEN_NGHI: "feedback_forwarding",
}


def _forwarding_timing(p: Petition) -> dict[str, Any]:
    """When the law gives a time to forward a petition outside the body's competence: its due
    date, counted from receipt, and whether this transfer met it (for the timeline and the
    reports); complaints are guided, not forwarded, and anonymous letters run no clock."""
    step = FORWARDING_STEPS.get(Kind(p.kind))
    if step is None or p.is_anonymous:
        return {}
    try:
        due = compute_due(step, p.received_on, start_on=p.received_on).due_on
    except DeadlineError:
        return {}
    return {"forwarding_due_on": due.isoformat(), "forwarding_late": today() > due}


def _forward_copy(source: Petition, actor: Any, to: Organization) -> Petition:
    copy = Petition.objects.get(pk=source.pk)
    copy.pk = None
    copy.tracking_code = new_tracking_code()
    copy.submission_key = None
    copy.channel = "transferred"
    copy.receiving_organization = to
    copy.organization = to
    copy.assigned_to = None
    copy.state = State.RECEIVED
    copy.received_on = today()
    copy.transferred_to = None
    copy.transferred_to_name = ""
    copy.classification_reason = ""
    copy.refusal_ground = ""
    copy.filing_reason = ""
    copy.accepted_on = copy.decided_on = copy.answered_on = copy.closed_on = None
    copy.state_before_suspension = ""
    copy.version = 1
    copy.search_text = copy.build_search_text()
    clocks.start(copy, clocks.intake_step(copy), copy.received_on)
    copy.save(force_insert=True)
    for petitioner in source.petitioners.all():
        petitioner.pk = None
        petitioner.petition = copy
        petitioner.save(force_insert=True)
    identity = ConfidentialIdentity.objects.filter(petition=source).first()
    if identity is not None:
        ConfidentialIdentity.objects.create(petition=copy, ciphertext=identity.ciphertext)
    for attachment in source.attachments.all():  # the same stored file, a row of its own
        attachment.pk = None
        attachment.petition = copy
        attachment.save(force_insert=True)
    PetitionLink.objects.create(from_petition=copy, to_petition=source, kind=LinkKind.SAME_MATTER)
    _event(
        copy,
        actor,
        "received",
        "",
        State.RECEIVED,
        data={"transferred_from": source.organization.name, "due_on": _iso(copy.due_on)},
    )
    audit.record(
        actor=actor,
        action="petition.create",
        obj=copy,
        changes=audit.diff({}, _public_snapshot(copy)),
    )
    return copy


@transaction.atomic
def petition_guide(
    *, actor: User | None, petition: Petition, reason: str, expected_version: int | None = None
) -> Petition:
    """Hướng dẫn: tell the petitioner which body is competent (the reason says which)."""
    p = _start_transition(petition, actor, Transition.GUIDE, expected_version, reason)
    p.classification_reason = reason.strip()
    _document(
        p,
        actor,
        DocumentType.NOTICE_GUIDANCE,
        title=f"Phiếu hướng dẫn {p.tracking_code}",
        body=f"{p.organization.name} hướng dẫn người gửi đơn “{p.subject}”: {reason}",
    )
    return _apply(
        p,
        actor,
        Transition.GUIDE,
        reason=reason,
        changed=["classification_reason", *clocks.clear(p)],
    )


@transaction.atomic
def petition_file(
    *,
    actor: User | None,
    petition: Petition,
    filing_reason: str,
    reason: str,
    duplicate_of: Petition | None = None,
    expected_version: int | None = None,
) -> Petition:
    """Lưu đơn: anonymous, duplicate, insufficient or already resolved.

    A duplicate names, when the officer knows it, the earlier petition it repeats
    (``duplicate_of``, one the officer may see): the two are linked (DUPLICATE_OF) so the
    citizen's history of the matter reads as one."""
    p = _start_transition(petition, actor, Transition.FILE, expected_version, reason)
    if filing_reason not in FilingReason.values:
        raise PetitionError(ErrorCode.FILING_REASON_REQUIRED)
    if duplicate_of is not None:
        if filing_reason != FilingReason.DUPLICATE or duplicate_of.pk == p.pk:
            raise PetitionError(ErrorCode.DUPLICATE_TARGET_INVALID)
        if not access.has_perm(actor, "petitions.view_petition", duplicate_of):
            raise PetitionError(ErrorCode.DUPLICATE_TARGET_INVALID)
        PetitionLink.objects.get_or_create(
            from_petition=p, to_petition=duplicate_of, kind=LinkKind.DUPLICATE_OF
        )
    p.filing_reason = filing_reason
    p.classification_reason = reason.strip()
    if filing_reason == FilingReason.DUPLICATE:
        p.is_duplicate = True
    _document(
        p,
        actor,
        DocumentType.NOTICE_FILING,
        title=f"Phiếu lưu đơn {p.tracking_code}",
        body=f"Lưu đơn “{p.subject}”: {FilingReason(filing_reason).label}. {reason}",
    )
    return _apply(
        p,
        actor,
        Transition.FILE,
        reason=reason,
        changed=["filing_reason", "classification_reason", "is_duplicate", *clocks.clear(p)],
    )


@transaction.atomic
def petition_refuse(
    *,
    actor: User | None,
    petition: Petition,
    ground: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Không thụ lý, only on a legal ground for the kind (Luật KN Art. 11; Luật TC Art. 29)."""
    p = _start_transition(petition, actor, Transition.REFUSE, expected_version, reason or ground)
    if not ground:
        raise PetitionError(ErrorCode.REFUSAL_GROUND_REQUIRED)
    if ground not in RefusalGround.for_kind(p.kind):
        raise PetitionError(ErrorCode.REFUSAL_GROUND_WRONG_KIND)
    p.refusal_ground = ground
    p.classification_reason = reason.strip()
    label = RefusalGround(ground).label
    _document(
        p,
        actor,
        DocumentType.NOTICE_REFUSAL,
        title=f"Thông báo không thụ lý đơn {p.tracking_code}",
        body=(
            f"{p.organization.name} không thụ lý đơn “{p.subject}”. Căn cứ: {label}."
            + (f" {reason}" if reason else "")
        ),
    )
    return _apply(
        p,
        actor,
        Transition.REFUSE,
        reason=reason or str(label),
        changed=["refusal_ground", "classification_reason", *clocks.clear(p)],
        data={"ground": ground},
    )


@transaction.atomic
def petition_to_anonymous_queue(
    *, actor: User | None, petition: Petition, reason: str, expected_version: int | None = None
) -> Petition:
    """Thông tin tố cáo nặc danh (Luật TC Art. 25): checked for management purposes, outside
    the statutory clock."""
    p = _start_transition(petition, actor, Transition.TO_ANONYMOUS_QUEUE, expected_version, reason)
    p.classification_reason = reason.strip()
    return _apply(
        p,
        actor,
        Transition.TO_ANONYMOUS_QUEUE,
        reason=reason,
        changed=["classification_reason", *clocks.clear(p)],
    )


@transaction.atomic
def petition_assign(
    *,
    actor: User | None,
    petition: Petition,
    assignee: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Giao xử lý to a handling officer of the organization responsible for the case."""
    p = _start_transition(petition, actor, Transition.ASSIGN, expected_version, reason)
    if not assignee.memberships.filter(
        is_active=True,
        organization=p.organization,
        role__permissions__codename="handle_petition",
    ).exists():
        raise PetitionError(ErrorCode.ASSIGNEE_NOT_IN_ORGANIZATION)
    p.assigned_to = assignee
    return _apply(
        p,
        actor,
        Transition.ASSIGN,
        reason=reason,
        changed=["assigned_to"],
        data={"assignee": str(assignee), "assignee_id": assignee.pk},
    )


def _simple(transition: Transition) -> Callable[..., Petition]:
    @transaction.atomic
    def service(
        *,
        actor: User | None,
        petition: Petition,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Petition:
        p = _start_transition(petition, actor, transition, expected_version, reason)
        return _apply(p, actor, transition, reason=reason)

    service.__name__ = f"petition_{transition.value}"
    return service


petition_start_verification = _simple(Transition.START_VERIFICATION)
petition_hold_dialogue = _simple(Transition.HOLD_DIALOGUE)


@dataclass
class DocumentInput:
    number: str
    issued_on: dt.date
    title: str
    body: str
    signer: str = ""


def _require_document(
    document: DocumentInput | None, *, not_before: dt.date | None = None
) -> DocumentInput:
    """A decision, answer, extension or determination is a document with its number, date,
    title and text (Luật TC Art. 30 k4; NĐ 30/2020)."""
    if document is None or not all(
        (document.body.strip(), document.title.strip(), document.number.strip())
    ):
        raise PetitionError(ErrorCode.DOCUMENT_REQUIRED)
    _check_date(document.issued_on, not_before=not_before)
    return document


@transaction.atomic
def petition_decide(
    *,
    actor: User | None,
    petition: Petition,
    document: DocumentInput,
    expected_version: int | None = None,
) -> Petition:
    """The decision on a complaint or the conclusion on a denunciation; the clock for sending
    it starts (Luật KN Art. 32; Luật TC Art. 35)."""
    p = _start_transition(petition, actor, Transition.DECIDE, expected_version, "")
    doc = _require_document(document, not_before=p.received_on)
    document_type = DocumentType.DECISION if p.kind == Kind.KHIEU_NAI else DocumentType.CONCLUSION
    _document(
        p,
        actor,
        document_type,
        title=doc.title,
        body=doc.body,
        number=doc.number,
        issued_on=doc.issued_on,
        signer=doc.signer,
    )
    p.decided_on = doc.issued_on
    changed = ["decided_on", *clocks.start(p, clocks.sending_step(p), doc.issued_on)]
    return _apply(
        p,
        actor,
        Transition.DECIDE,
        changed=changed,
        data={"number": doc.number, "issued_on": doc.issued_on.isoformat()},
    )


@transaction.atomic
def petition_publish_conclusion(
    *,
    actor: User | None,
    petition: Petition,
    document: DocumentInput,
    method: str,
    expected_version: int | None = None,
) -> Petition:
    """Công khai kết luận nội dung tố cáo (Luật TC Art. 40): within 7 working days of the
    conclusion, at a meeting, posted, on the portal or in the media, never revealing the
    denouncer.  The text is checked against the denouncers' identity (read by the system, shown
    to no one) and refused if it names them; the timeline says whether it was on time."""
    p = _start_transition(petition, actor, Transition.PUBLISH_CONCLUSION, expected_version, "")
    if method not in PublicationMethod.values:
        raise PetitionError(ErrorCode.PUBLICATION_METHOD_REQUIRED)
    doc = _require_document(document, not_before=p.decided_on or p.received_on)
    if _reveals_denouncer(p, f"{doc.title}\n{doc.body}"):
        raise PetitionError(ErrorCode.PUBLICATION_REVEALS_DENOUNCER)
    due: dt.date | None = None
    if p.decided_on is not None:
        try:
            due = compute_due(
                "denunciation_conclusion_publication", p.received_on, start_on=p.decided_on
            ).due_on
        except DeadlineError:
            due = None
    _document(
        p,
        actor,
        DocumentType.PUBLICATION,
        title=doc.title,
        body=doc.body,
        number=doc.number,
        issued_on=doc.issued_on,
        signer=doc.signer,
    )
    return _apply(
        p,
        actor,
        Transition.PUBLISH_CONCLUSION,
        data={
            "method": method,
            "issued_on": doc.issued_on.isoformat(),
            "publication_due_on": _iso(due),
            "late": bool(due and doc.issued_on > due),
        },
    )


def _reveals_denouncer(petition: Petition, text: str) -> bool:
    """Whether ``text`` names a denouncer: their name or address as whole words (folded, so
    with or without diacritics; "Nguyễn Văn An" is not found in "Nguyễn Văn Anh"), or their ID
    or phone number as a whole number, written with or without separators."""
    identity = ConfidentialIdentity.objects.filter(petition=petition).first()
    if identity is None:
        return False
    haystack = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    numbers = set(re.findall(r"\d+", text))
    numbers |= {re.sub(r"\D", "", run) for run in re.findall(r"\d[\d .\-]*\d", text)}

    def has_words(value: str, minimum: int) -> bool:
        words = " ".join(re.findall(r"[a-z0-9]+", fold(value)))
        return len(words) >= minimum and f" {words} " in haystack

    for person in confidential.decrypt(bytes(identity.ciphertext)):
        if has_words(person.get("full_name", ""), 5) or has_words(person.get("address", ""), 12):
            return True
        for key in ("id_number", "phone"):
            value = re.sub(r"\D", "", person.get(key, ""))
            if len(value) >= 6 and value in numbers:
                return True
    return False


@transaction.atomic
def petition_answer(
    *,
    actor: User | None,
    petition: Petition,
    document: DocumentInput,
    expected_version: int | None = None,
) -> Petition:
    """Trả lời: the answer is recorded as a document and sent to the petitioner."""
    p = _start_transition(petition, actor, Transition.ANSWER, expected_version, "")
    doc = _require_document(document, not_before=p.received_on)
    _document(
        p,
        actor,
        DocumentType.ANSWER,
        title=doc.title,
        body=doc.body,
        number=doc.number,
        issued_on=doc.issued_on,
        signer=doc.signer,
    )
    p.answered_on = doc.issued_on
    return _apply(
        p,
        actor,
        Transition.ANSWER,
        changed=["answered_on", *clocks.clear(p)],
        data={"number": doc.number, "issued_on": doc.issued_on.isoformat()},
    )


@transaction.atomic
def petition_rate(
    *, actor: User | None, petition: Petition, satisfied: bool, comment: str = ""
) -> Petition:
    """The petitioner's rating (through the tracking code, or recorded by an officer)."""
    p = _lock(petition, None)
    if p.state != State.ANSWERED:
        raise PetitionError(ErrorCode.RATING_NOT_OPEN)
    check(Transition.RATE, state=p.state, kind=p.kind)
    if actor is not None:
        _permit(actor, "petitions.handle_petition", p)
        if not comment.strip():  # an officer records a rating on the citizen's behalf
            raise PetitionError(ErrorCode.RATING_SOURCE_REQUIRED)
    Rating.objects.create(
        petition=p, satisfied=satisfied, comment=comment.strip(), recorded_by=actor
    )
    return _apply(p, actor, Transition.RATE, reason=comment.strip(), data={"satisfied": satisfied})


@transaction.atomic
def petition_close(
    *, actor: User | None, petition: Petition, reason: str = "", expected_version: int | None = None
) -> Petition:
    p = _start_transition(petition, actor, Transition.CLOSE, expected_version, reason)
    if p.state == State.ANSWERED and p.answered_on is not None:
        from django.conf import settings

        from danvan.core.working_days import get_calendar

        window = int(getattr(settings, "PETITION_RATING_WINDOW_WORKING_DAYS", 10))
        opens = get_calendar().add_working_days(p.answered_on, window)
        if today() < opens:
            raise PetitionError(ErrorCode.RATING_WINDOW_OPEN, date=f"{opens:%d/%m/%Y}")
    p.closed_on = today()
    return _apply(p, actor, Transition.CLOSE, reason=reason, changed=["closed_on"])


@transaction.atomic
def petition_reopen(
    *, actor: User | None, petition: Petition, reason: str, expected_version: int | None = None
) -> Petition:
    """Mở lại (for instance after an unsatisfied rating): back to the handling officer."""
    p = _start_transition(petition, actor, Transition.REOPEN, expected_version, reason)
    p.closed_on = None
    p.answered_on = None
    changed = ["closed_on", "answered_on", *clocks.start(p, clocks.resolution_step(p), today())]
    return _apply(p, actor, Transition.REOPEN, reason=reason, changed=changed)


@transaction.atomic
def petition_extend(
    *,
    actor: User | None,
    petition: Petition,
    reason: str,
    document: DocumentInput | None = None,
    expected_version: int | None = None,
) -> Petition:
    """Gia hạn within the law's limits (a denunciation: once if complex, twice if especially
    complex; Luật TC Art. 30).  Beyond them the engine refuses and nothing changes."""
    p = _start_transition(petition, actor, Transition.EXTEND, expected_version, reason)
    if not p.clock_step:
        raise PetitionError(ErrorCode.NO_CLOCK)
    document = _require_document(document, not_before=p.received_on)
    try:
        changed = clocks.recompute(p, extensions=p.extensions + 1)
    except DeadlineError as exc:
        raise PetitionError(ErrorCode.EXTENSION_NOT_ALLOWED, exc.message) from exc
    _document(
        p,
        actor,
        DocumentType.EXTENSION_DECISION,
        title=document.title,
        body=document.body,
        number=document.number,
        issued_on=document.issued_on,
        signer=document.signer,
    )
    return _apply(
        p,
        actor,
        Transition.EXTEND,
        reason=reason,
        changed=changed,
        data={"extensions": p.extensions},
    )


@transaction.atomic
def petition_set_complexity(
    *,
    actor: User | None,
    petition: Petition,
    complexity: str,
    reason: str,
    document: DocumentInput | None = None,
    expected_version: int | None = None,
) -> Petition:
    """Xác định vụ việc phức tạp: a complaint then has the longer period of Luật KN Art. 28 and
    37 (45 instead of 30 days…); a denunciation may then be extended (Luật TC Art. 30).  The
    determination is in writing (NĐ 31/2019 Art. 3 k4; NĐ 124/2020 as amended)."""
    p = _start_transition(petition, actor, Transition.SET_COMPLEXITY, expected_version, reason)
    if complexity not in Complexity.values or complexity == p.complexity:
        raise PetitionError(ErrorCode.COMPLEXITY_UNCHANGED)
    document = _require_document(document, not_before=p.received_on)
    p.complexity = complexity
    try:
        changed = ["complexity", *clocks.recompute(p)]
    except DeadlineError as exc:
        raise PetitionError(ErrorCode.EXTENSION_NOT_ALLOWED, exc.message) from exc
    _document(
        p,
        actor,
        DocumentType.EXTENSION_DECISION,
        title=document.title,
        body=document.body,
        number=document.number,
        issued_on=document.issued_on,
        signer=document.signer,
    )
    return _apply(
        p,
        actor,
        Transition.SET_COMPLEXITY,
        reason=reason,
        changed=changed,
        data={"complexity": complexity},
    )


@transaction.atomic
def petition_suspend(
    *,
    actor: User | None,
    petition: Petition,
    reason: str,
    suspended_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """Tạm đình chỉ (Luật KN Art. 11a): the clock stops until resumption."""
    p = _start_transition(petition, actor, Transition.SUSPEND, expected_version, reason)
    p.state_before_suspension = p.state
    p.paused_on = _check_date(
        suspended_on or today(), not_before=p.clock_started_on or p.received_on
    )
    _document(
        p,
        actor,
        DocumentType.SUSPENSION_DECISION,
        title=f"Tạm đình chỉ việc giải quyết đơn {p.get_kind_display().lower()}",
        body=f"Tạm đình chỉ việc giải quyết từ ngày {p.paused_on:%d/%m/%Y}. Lý do: {reason}",
        issued_on=p.paused_on,
    )
    return _apply(
        p,
        actor,
        Transition.SUSPEND,
        reason=reason,
        changed=["state_before_suspension", "paused_on"],
    )


@transaction.atomic
def petition_resume(
    *,
    actor: User | None,
    petition: Petition,
    reason: str,
    resumed_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """Tiếp tục giải quyết: the paused days are added to the deadline."""
    p = _start_transition(petition, actor, Transition.RESUME, expected_version, reason)
    resumed = _check_date(resumed_on or today(), not_before=p.paused_on)
    if p.paused_on is not None:
        p.pauses = [
            *p.pauses,
            {"paused_on": p.paused_on.isoformat(), "resumed_on": resumed.isoformat()},
        ]
    p.paused_on = None
    _document(
        p,
        actor,
        DocumentType.RESUMPTION_DECISION,
        title=f"Tiếp tục giải quyết đơn {p.get_kind_display().lower()}",
        body=f"Tiếp tục giải quyết từ ngày {resumed:%d/%m/%Y}. Lý do: {reason}",
        issued_on=resumed,
    )
    target = p.state_before_suspension or State.ASSIGNED
    p.state_before_suspension = ""
    try:
        changed = ["pauses", "paused_on", "state_before_suspension", *clocks.recompute(p)]
    except DeadlineError as exc:
        raise PetitionError(ErrorCode.DATE_TOO_EARLY, exc.message) from exc
    return _apply(p, actor, Transition.RESUME, reason=reason, target=target, changed=changed)


@transaction.atomic
def petition_withdraw(
    *,
    actor: User | None,
    petition: Petition,
    reason: str,
    partial: bool = False,
    continue_resolution: bool = False,
    expected_version: int | None = None,
) -> Petition:
    """Rút đơn, whole or in part (Luật KN as amended by Law 136/2025; Luật TC Art. 33).

    ``continue_resolution``: a denunciation withdrawn in full is still resolved when the
    handler finds signs of the violation, or that the withdrawal was coerced (Luật TC Art. 33
    k3); the withdrawal is recorded, the case and its clock go on, and ``reason`` must say
    why.  Nothing else may continue after a full withdrawal."""
    if continue_resolution:
        if petition.kind != Kind.TO_CAO or partial:
            raise PetitionError(ErrorCode.WITHDRAWAL_CONTINUE_NOT_ALLOWED)
        if not reason.strip():
            raise PetitionError(ErrorCode.REASON_REQUIRED)
        p = _start_transition(
            petition, actor, Transition.WITHDRAW_CONTINUE, expected_version, reason
        )
        return _apply(
            p,
            actor,
            Transition.WITHDRAW_CONTINUE,
            reason=reason,
            data={"scope": "all", "resolution_continues": True},
        )
    transition = Transition.WITHDRAW_PART if partial else Transition.WITHDRAW
    p = _start_transition(petition, actor, transition, expected_version, reason)
    changed: list[str] = [] if partial else clocks.clear(p)
    return _apply(
        p,
        actor,
        transition,
        reason=reason,
        changed=changed,
        data={"scope": "part" if partial else "all"},
    )


@transaction.atomic
def petition_open_second_complaint(
    *,
    actor: User | None,
    petition: Petition,
    organization: Organization,
    received_on: dt.date,
    reason: str,
) -> Petition:
    """Khiếu nại lần hai: a new case at the next level, linked to the first and timed by the
    second-complaint rules (Luật KN Art. 33, 36, 37)."""
    first = (
        Petition.objects.select_for_update()
        .select_related("commune", "organization")
        .get(pk=petition.pk)
    )
    if first.kind != Kind.KHIEU_NAI or first.complaint_round != 1:
        raise PetitionError(ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED)
    _check_escalation(actor, first, organization, received_on, LinkKind.SECOND_COMPLAINT)
    decided = first.state in (State.DECIDED, State.ANSWERED, State.RATED, State.CLOSED)
    lapsed = (
        first.due_on is not None
        and first.state in (State.CLASSIFIED, State.ASSIGNED, State.VERIFYING, State.DIALOGUE)
        and first.due_on < received_on
        and first.clock_step == clocks.resolution_step(first)
    )
    if not (decided or lapsed):
        raise PetitionError(ErrorCode.SECOND_COMPLAINT_NOT_ALLOWED)
    # Art. 33: within 30 days (45 in remote areas) of the first decision, or of the day the
    # first period ran out — the `complaint_second_filing` rule of the engine.
    window_start = first.decided_on if decided and first.decided_on else first.due_on
    if window_start is not None:
        try:
            window = compute_due(
                "complaint_second_filing",
                first.received_on,
                start_on=window_start,
                remote=first.is_remote_area,
            )
        except DeadlineError:
            window = None
        if window is not None and received_on > window.due_on:
            raise PetitionError(ErrorCode.SECOND_COMPLAINT_LATE, date=f"{window.due_on:%d/%m/%Y}")
    petitioners = [
        PetitionerInput(
            **{f: getattr(x, f) for f in PERSONAL_FIELDS}, is_representative=x.is_representative
        )
        for x in first.petitioners.all()
    ]
    second = petition_create(
        actor=actor,
        organization=organization,
        data=IntakeInput(
            kind=Kind.KHIEU_NAI,
            channel=first.channel,
            field=first.field,
            subject=first.subject,
            content=reason or first.content,
            request=first.request,
            commune=first.commune,
            hamlet=first.hamlet,
            address_as_written=first.address_as_written,
            received_on=received_on,
            petitioners=petitioners,
            petitioner_count=first.petitioner_count,
            has_signature=first.has_signature,
            complexity=first.complexity,
            is_remote_area=first.is_remote_area,
            complaint_round=2,
            contested_decision=first.contested_decision,
            contested_decision_known_on=first.contested_decision_known_on,
            flags={"is_prolonged": True},
            consent_to_publish=first.consent_to_publish,
        ),
    )
    PetitionLink.objects.create(
        from_petition=second, to_petition=first, kind=LinkKind.SECOND_COMPLAINT
    )
    _event(
        first,
        actor,
        "second_complaint",
        first.state,
        first.state,
        reason=reason,
        data={"second": second.tracking_code},
    )
    return second


@transaction.atomic
def petition_open_further_denunciation(
    *,
    actor: User | None,
    petition: Petition,
    organization: Organization,
    received_on: dt.date,
    reason: str,
) -> Petition:
    """Tố cáo tiếp (Luật TC Art. 37, 38): when a denunciation was resolved wrongly or not in
    time, the higher body opens a linked case; the denouncer's identity stays encrypted."""
    first = (
        Petition.objects.select_for_update()
        .select_related("commune", "organization")
        .get(pk=petition.pk)
    )
    if first.kind != Kind.TO_CAO:
        raise PetitionError(ErrorCode.FURTHER_DENUNCIATION_NOT_ALLOWED)
    _check_escalation(actor, first, organization, received_on, LinkKind.FURTHER_DENUNCIATION)
    concluded = first.state in (State.DECIDED, State.ANSWERED, State.RATED, State.CLOSED)
    lapsed = (
        first.state in (State.CLASSIFIED, State.ASSIGNED, State.VERIFYING)
        and first.due_on is not None
        and first.due_on < received_on
    )
    if not (concluded or lapsed):
        raise PetitionError(ErrorCode.FURTHER_DENUNCIATION_NOT_ALLOWED)
    people = [PetitionerInput(**p) for p in _copy_identity(actor, first)]
    further = petition_create(
        actor=actor,
        organization=organization,
        data=IntakeInput(
            kind=Kind.TO_CAO,
            channel=first.channel,
            field=first.field,
            subject=first.subject,
            content=reason or first.content,
            commune=first.commune,
            hamlet=first.hamlet,
            address_as_written=first.address_as_written,
            received_on=received_on,
            petitioners=people,
            petitioner_count=first.petitioner_count,
            is_anonymous=first.is_anonymous,
            has_signature=first.has_signature,
            complexity=first.complexity,
            accused=first.accused,
            flags={"is_prolonged": True},
        ),
    )
    PetitionLink.objects.create(
        from_petition=further, to_petition=first, kind=LinkKind.FURTHER_DENUNCIATION
    )
    _event(
        first,
        actor,
        "further_denunciation",
        first.state,
        first.state,
        reason=reason,
        data={"further": further.tracking_code},
    )
    return further


@dataclass
class SplitPart:
    kind: str
    field: str
    subject: str
    content: str
    contested_decision: str = ""
    accused: str = ""


@transaction.atomic
def petition_split(*, actor: User | None, petition: Petition, part: SplitPart) -> Petition:
    """Tách đơn: a letter mixing a complaint, a denunciation and a request becomes separate
    petitions (Luật Tiếp công dân Art. 25 k3).  The new one has the same petitioners, receipt
    date and commune, and its own clock.  A denunciation split off is not linked to the
    original, whose petitioners are in clear: the link would reveal who denounced."""
    source = _lock(petition, None)
    if source.state != State.RECEIVED:
        raise PetitionError(ErrorCode.SPLIT_NOT_ALLOWED)
    _permit(actor, "petitions.classify_petition", source)
    people = [
        PetitionerInput(
            **{f: getattr(x, f) for f in PERSONAL_FIELDS}, is_representative=x.is_representative
        )
        for x in source.petitioners.all()
    ]
    if source.identity_confidential:
        people = [PetitionerInput(**p) for p in _copy_identity(actor, source)]
    new = petition_create(
        actor=actor,
        organization=source.organization,
        data=IntakeInput(
            kind=part.kind,
            channel=source.channel,
            field=part.field,
            subject=part.subject,
            content=part.content,
            commune=source.commune,
            hamlet=source.hamlet,
            address_as_written=source.address_as_written,
            received_on=source.received_on,
            petitioners=people,
            petitioner_count=source.petitioner_count,
            is_anonymous=source.is_anonymous,
            has_signature=source.has_signature,
            contested_decision=part.contested_decision,
            accused=part.accused,
            consent_to_publish=source.consent_to_publish,
            identity_confidential=source.identity_confidential,
        ),
    )
    if not (new.identity_confidential or source.identity_confidential):
        PetitionLink.objects.create(from_petition=new, to_petition=source, kind=LinkKind.SPLIT_FROM)
        _event(
            source,
            actor,
            "split",
            source.state,
            source.state,
            data={"part": new.tracking_code, "kind": part.kind},
        )
    else:
        _event(source, actor, "split", source.state, source.state, data={"kind": part.kind})
    return new


def _copy_identity(actor: Any, petition: Petition) -> list[dict[str, Any]]:
    """Decrypt a denouncer's identity to carry it, encrypted again, into a linked case; the
    copy is audited like a read, though nobody sees it."""
    identity = ConfidentialIdentity.objects.filter(petition=petition).first()
    if identity is None:
        return []
    audit.record(actor=actor, action="petition.denouncer_identity_copy", obj=petition, changes={})
    people: list[dict[str, Any]] = confidential.decrypt(bytes(identity.ciphertext))
    return people


# --- confidential identity ---------------------------------------------------------------------


def may_read_identity(actor: Any, petition: Petition) -> bool:
    """Only a holder of the explicit permission in the very organization handling the case
    (not one above it: the law limits the identity to those who resolve the denunciation)."""
    if actor is None or not getattr(actor, "is_active", False):
        return False
    if actor.is_superuser:
        return True
    return any(
        grant.organization_id == petition.organization_id
        and "petitions.view_denouncer_identity" in grant.permissions
        for grant in access.grants_of(actor)
    )


def denouncer_identity_read(*, actor: User, petition: Petition) -> list[dict[str, Any]]:
    """The denouncers' identity, for an officer with the explicit permission; every read is
    written to the audit log (Luật TC Art. 47, 56)."""
    if not may_read_identity(actor, petition):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    identity = ConfidentialIdentity.objects.filter(petition=petition).first()
    audit.record(actor=actor, action="petition.denouncer_identity_read", obj=petition, changes={})
    if identity is None:
        return []
    data: list[dict[str, Any]] = confidential.decrypt(bytes(identity.ciphertext))
    return data
