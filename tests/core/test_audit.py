"""The audit log is append-only and records before/after, actor and address."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from danvan.core import audit, request_context
from danvan.core.models import AppendOnlyError, AuditEntry
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


class AuditTests:
    def test_record_stores_changes_actor_and_address(self):
        user = UserFactory(username="ghinhatky")
        token = request_context.bind(ip_address="192.0.2.7", request_id="abc")
        try:
            entry = audit.record(
                actor=user, action="test.change", obj=user, changes={"phone": ["", "0909"]}
            )
        finally:
            request_context.reset(token)
        entry.refresh_from_db()
        assert entry.actor == user
        assert entry.changes == {"phone": ["", "0909"]}
        assert entry.ip_address == "192.0.2.7"
        assert entry.request_id == "abc"
        assert entry.object_id == str(user.pk)

    def test_secret_fields_are_masked(self):
        entry = audit.record(
            actor=None, action="test", changes={"password": ["a", "b"], "api_key": "k"}
        )
        assert entry.changes == {"password": ["***", "***"], "api_key": "***"}

    def test_diff_lists_only_changed_fields(self):
        assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
            "b": [2, 3],
            "c": [None, 4],
        }

    def test_model_refuses_update_and_delete(self):
        entry = audit.record(actor=None, action="test")
        entry.action = "changed"
        with pytest.raises(AppendOnlyError):
            entry.save()
        with pytest.raises(AppendOnlyError):
            entry.delete()

    def test_database_refuses_update_and_delete(self):
        entry = audit.record(actor=None, action="test")
        for sql in (
            "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
            "DELETE FROM core_auditentry WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
                cur.execute(sql, [entry.pk])
        assert AuditEntry.objects.get(pk=entry.pk).action == "test"
