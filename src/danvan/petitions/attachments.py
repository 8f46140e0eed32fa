"""Attachments (tệp đính kèm): checked by content, limited in size, named safely, stored
outside the web root (MEDIA_ROOT is never served as static) and downloaded only through a
view that checks the petition's permission.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from danvan.core import audit
from danvan.organizations import access
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.models import Attachment, Petition, PetitionEvent

# What officers attach to a case: scans, photos, office documents.  Decided by the bytes.
ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/zip": "zip",  # office files are zips; refined below
}
OFFICE = {
    b"word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    b"xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def safe_name(name: str) -> str:
    """A file name without paths or odd characters; Vietnamese letters folded to ASCII."""
    base = PurePath(name.replace("\\", "/")).name or "tep"
    ascii_name = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    cleaned = get_valid_filename(ascii_name.replace(" ", "_")) or "tep"
    return cleaned[-120:]


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes, or None when not allowed."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip" or kind.extension in ("docx", "xlsx"):
        for marker, result in OFFICE.items():
            if marker in head:
                return result
        return None  # a plain zip is not accepted
    if kind.mime in ALLOWED:
        return kind.mime, ALLOWED[kind.mime]
    return None


@transaction.atomic
def attachment_add(*, actor: Any, petition: Petition, upload: UploadedFile) -> Attachment:
    """Attach a file to a petition after checking who, what and how big."""
    if actor is not None and not (
        access.has_perm(actor, "petitions.handle_petition", petition)
        or access.has_perm(actor, "petitions.add_petition", petition)
    ):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    limit = int(getattr(settings, "PETITION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    if upload.size is None or upload.size > limit:
        raise PetitionError(ErrorCode.ATTACHMENT_TOO_LARGE, mb=limit // (1024 * 1024))
    if upload.size == 0:
        raise PetitionError(ErrorCode.ATTACHMENT_TYPE)
    upload.seek(0)
    head = upload.read(8192)
    detected = sniff(head)
    if detected is None:
        raise PetitionError(ErrorCode.ATTACHMENT_TYPE)
    content_type, extension = detected
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = safe_name(upload.name or "tep")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    attachment = Attachment(
        petition=petition,
        original_name=f"{stem}.{extension}",
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{digest.hexdigest()[:16]}.{extension}", upload, save=False)
    attachment.save(force_insert=True)
    PetitionEvent.objects.create(
        petition=petition,
        actor=attachment.uploaded_by,
        action="attachment",
        from_state=petition.state,
        to_state=petition.state,
        data={"name": attachment.original_name, "size": attachment.size},
    )
    audit.record(
        actor=actor,
        action="petition.attachment_add",
        obj=petition,
        changes={"attachment": [None, attachment.original_name]},
    )
    return attachment
