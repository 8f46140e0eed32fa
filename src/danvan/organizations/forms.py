from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from danvan.organizations.models import Organization
from danvan.organizations.tasks import send_password_reset_email_task


class OrganizationContactForm(forms.ModelForm):
    """What the head of an organization may change: its name and contact details."""

    class Meta:
        model = Organization
        fields = ["name", "short_name", "email", "phone", "address"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form; the e-mail is made and sent by the task worker (retried on failure),
    which receives only the account's id, never the link."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user_id = context["user"].pk
        domain, protocol = context["domain"], context["protocol"]
        transaction.on_commit(
            lambda: send_password_reset_email_task.delay(
                user_id=user_id, domain=domain, protocol=protocol
            )
        )
