from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from danvan.core.tasks import send_email_task
from danvan.organizations.models import Organization


class OrganizationContactForm(forms.ModelForm):
    """What the head of an organization may change: its name and contact details."""

    class Meta:
        model = Organization
        fields = ["name", "short_name", "email", "phone", "address"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the e-mail sent by the task worker (retried on failure)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email_task.delay(subject, body, [to_email])
