"""Background jobs of the organizations app."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


@shared_task(name="organizations.send_password_reset_email", store_arguments=False)
def send_password_reset_email_task(*, user_id: int, domain: str, protocol: str) -> int:
    """Send the reset link.  The link (a secret) is made here, in the worker, so it never
    travels through the broker nor lands in a failure record."""
    from danvan.organizations.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return 0
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = "".join(
        render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = render_to_string("registration/password_reset_email.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
