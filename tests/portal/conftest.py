"""Portal fixtures: the personas of tests/organizations, a solvable check question, and a
valid submission."""

from __future__ import annotations

import secrets

from django.core import signing

from danvan.petitions import services
from danvan.petitions.enums import Kind
from danvan.portal import captcha
from tests.organizations.conftest import World, world  # noqa: F401  (the fixture)
from tests.petitions.conftest import handler_a  # noqa: F401  (the fixture)


def solved(answer: int = 7) -> dict[str, str]:
    """A check question whose answer is known to the test (as the page would carry it)."""
    nonce = secrets.token_urlsafe(9)
    token = signing.dumps({"n": nonce, "h": captcha._digest(nonce, answer)}, salt=captcha.SALT)
    return {"captcha_token": token, "captcha_answer": str(answer)}


def submission(world: World, **overrides: str) -> dict[str, str]:
    data = {
        "submission_key": "form-1",
        "kind": Kind.PHAN_ANH,
        "field": "giao_thong",
        "commune_text": f"{world.commune_a.name}, Vinh Long",
        "address_as_written": "Ấp Sóc Ruộng, đường tỉnh 911",
        "subject": "Đèn đường hư hai tuần",
        "content": "Đèn đường ấp Sóc Ruộng hư hai tuần, tối đi lại nguy hiểm.",
        "request": "Đề nghị sửa đèn",
        "full_name": "Thạch Thị Sa Ra",
        "phone": "0912 345 678",
        "email": "",
        "address": "Ấp Sóc Ruộng",
        "id_number": "",
        "consent_to_publish": "on",
        "confirm": "on",
        "website": "",
        **solved(),
    }
    data.update(overrides)
    return data


def answer(world: World, petition, handler, body: str = "UBND xã đã thay bóng đèn."):
    """Take a petition through acceptance, assignment and answer, as officers do."""
    petition = services.petition_accept(actor=world.intake_a, petition=petition)
    petition = services.petition_assign(actor=world.intake_a, petition=petition, assignee=handler)
    return services.petition_answer(
        actor=handler,
        petition=petition,
        document=services.DocumentInput(
            number="20/UBND-VP", issued_on=petition.received_on, title="Trả lời", body=body
        ),
    )
