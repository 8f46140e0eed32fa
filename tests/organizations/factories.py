"""Factories for organizations and officers: the test API other apps' tests use."""

from __future__ import annotations

import factory

from danvan.organizations.models import Membership, Organization, OrganizationKind, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("mat-khau-thu-nghiem-2026")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization at ``unit``; its ``path`` follows its parent's, as the service does."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"to-chuc-{n}")
    name = factory.Sequence(lambda n: f"Tổ chức thử nghiệm {n}")
    kind = OrganizationKind.PEOPLES_COMMITTEE
    path = "/"

    @factory.post_generation
    def set_path(self: Organization, create: bool, extracted: object, **kwargs: object) -> None:
        self.path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if create:
            self.save(update_fields=["path"])


def grant(user: User, organization: Organization, role_code: str) -> Membership:
    return Membership.objects.create(
        user=user, organization=organization, role=Role.objects.get(code=role_code)
    )
