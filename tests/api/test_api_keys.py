"""Partner systems' API keys: hashed, scoped, revocable, expiring, and bound to an account's
scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from danvan.api.keys import ApiKeyError, api_client_create, api_client_revoke
from danvan.api.models import ApiClient
from danvan.core.models import AuditEntry
from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db

LIST = "/api/v1/petitions/"


@pytest.fixture
def service_a(world):
    """The hotline software's service account, an intake officer of UBND xã A."""
    account = UserFactory(username="he-thong.1022")
    grant(account, world.ubnd_a, "intake_officer")
    return account


@pytest.fixture
def petitions(world):
    a = services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, Kind.KIEN_NGHI)
    )
    c = services.petition_create(
        actor=world.outsider_c,
        organization=world.ubnd_c,
        data=intake(world, Kind.KIEN_NGHI, commune=world.commune_c),
    )
    return a, c


def key_for(world, account, scopes=("petitions:read",), **kw):
    return api_client_create(
        actor=world.superuser, name="Tổng đài 1022", account=account, scopes=scopes, **kw
    )


def error_of(response) -> dict:
    return response.json()["error"]


class KeyTests:
    def test_only_a_hash_of_the_key_is_kept_and_the_making_is_audited(self, world, service_a):
        client, key = key_for(world, service_a)
        assert key.startswith(f"dv_{client.key_prefix}_")
        assert len(key) > 40
        assert key not in str(list(ApiClient.objects.values()))
        entry = AuditEntry.objects.get(action="api_client.create")
        assert key not in str(entry.changes)
        assert entry.actor == world.superuser

    @pytest.mark.parametrize(
        ("scopes", "message"),
        [(["petitions:read", "everything"], "everything"), ([], "ít nhất một phạm vi")],
    )
    def test_unknown_or_missing_scopes_are_refused(self, world, service_a, scopes, message):
        with pytest.raises(ApiKeyError) as caught:
            key_for(world, service_a, scopes=scopes)
        assert message in caught.value.message

    def test_no_key_for_a_citizen_or_a_superuser(self, world):
        from danvan.organizations.models import UserKind

        for account in (UserFactory(username="cd", kind=UserKind.CITIZEN), world.superuser):
            with pytest.raises(ApiKeyError):
                key_for(world, account)


class AuthenticationTests:
    def test_a_key_reads_its_account_s_scope_only(self, client, world, service_a, petitions):
        mine, theirs = petitions
        _client, key = key_for(world, service_a)
        for headers in ({"HTTP_X_API_KEY": key}, {"HTTP_AUTHORIZATION": f"Api-Key {key}"}):
            body = client.get(LIST, **headers).json()
            assert [r["id"] for r in body["results"]] == [mine.pk]
            response = client.get(f"{LIST}{theirs.pk}/", **headers)
            assert response.status_code == 404

    @pytest.mark.parametrize("damage", ["wrong", "revoked", "expired", "account_off"])
    def test_a_bad_key_is_refused_with_401(self, client, world, service_a, petitions, damage):
        api_client, key = key_for(world, service_a)
        if damage == "wrong":
            key = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
        elif damage == "revoked":
            api_client_revoke(actor=world.superuser, client=api_client)
        elif damage == "expired":
            ApiClient.objects.filter(pk=api_client.pk).update(
                expires_at=timezone.now() - dt.timedelta(seconds=1)
            )
        else:
            service_a.is_active = False
            service_a.save(update_fields=["is_active"])
        response = client.get(LIST, HTTP_X_API_KEY=key)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Api-Key"
        assert error_of(response)["code"] == "authentication_failed"

    def test_a_key_without_the_scope_is_refused_with_403(self, client, world, service_a):
        _client, key = key_for(world, service_a, scopes=["open311"])
        response = client.get(LIST, HTTP_X_API_KEY=key)
        assert response.status_code == 403
        error = error_of(response)
        assert error["code"] == "insufficient_scope"
        assert "petitions:read" in error["message"]

    def test_a_key_of_an_account_that_may_not_view_is_refused(self, client, world):
        account = UserFactory(username="chi-quan-tri")
        grant(account, world.ubnd_other, "administrator")
        _client, key = key_for(world, account)
        response = client.get(LIST, HTTP_X_API_KEY=key)
        assert response.status_code == 403
        assert error_of(response)["code"] == "permission_denied"

    def test_use_is_recorded_at_most_once_a_minute(self, client, world, service_a):
        api_client, key = key_for(world, service_a)
        client.get(LIST, HTTP_X_API_KEY=key)
        api_client.refresh_from_db()
        first = api_client.last_used_at
        assert first is not None
        client.get(LIST, HTTP_X_API_KEY=key)
        api_client.refresh_from_db()
        assert api_client.last_used_at == first

    def test_the_schema_describes_the_key(self):
        import json

        out = io.StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                     stdout=out)  # fmt: skip
        schemes = json.loads(out.getvalue())["components"]["securitySchemes"]
        assert schemes["ApiKey"] == {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": schemes["ApiKey"]["description"],
        }


def _queries_of(client, key, path=LIST):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_X_API_KEY=key)
    return response, [q["sql"] for q in captured.captured_queries]


def _reads_access(sql: str) -> bool:
    return any(t in sql for t in ('FROM "api_apiclient"', 'FROM "organizations_membership"'))


@pytest.fixture
def kept(settings):
    """A worker may keep a key's account and grants between requests (as with Redis)."""
    settings.ACCESS_CACHE_SECONDS = 60


class KeptBetweenRequestsTests:
    def test_a_warm_worker_reads_neither_the_key_nor_the_grants(self, client, world, kept,
                                                                 service_a, petitions):  # fmt: skip
        _c, key = key_for(world, service_a)
        first, sql = _queries_of(client, key)
        assert first.status_code == 200
        assert any(_reads_access(q) for q in sql)
        again, sql = _queries_of(client, key)
        assert again.json() == first.json()
        assert not [q for q in sql if _reads_access(q)]

    def test_nothing_is_kept_without_a_shared_cache(self, client, world, settings, service_a):
        settings.ACCESS_CACHE_SECONDS = 0
        _c, key = key_for(world, service_a)
        _queries_of(client, key)
        _response, sql = _queries_of(client, key)
        assert [q for q in sql if _reads_access(q)]

    @pytest.mark.parametrize(
        ("change", "status"),
        [
            ("key_revoked", 401),
            ("scope_removed", 403),
            ("account_off", 401),
            ("membership_revoked", 403),
            ("role_loses_permission", 403),
            ("organization_closed", 403),
        ],
    )
    def test_a_change_takes_effect_at_the_next_request(self, client, world, kept, service_a,
                                                       petitions, change, status):  # fmt: skip
        from danvan.organizations.models import Membership, Role
        from danvan.organizations.services import membership_revoke

        api_client, key = key_for(world, service_a)
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200  # served as kept
        if change == "key_revoked":
            api_client_revoke(actor=world.superuser, client=api_client)
        elif change == "scope_removed":
            api_client.scopes = ["open311"]
            api_client.save(update_fields=["scopes"])
        elif change == "account_off":
            service_a.is_active = False
            service_a.save(update_fields=["is_active"])
        elif change == "membership_revoked":
            membership_revoke(
                actor=world.superuser, membership=Membership.objects.get(user=service_a)
            )
        elif change == "role_loses_permission":
            role = Role.objects.get(code="intake_officer")
            role.permissions.remove(*role.permissions.filter(codename="view_petition"))
        else:
            world.ubnd_a.is_active = False
            world.ubnd_a.save(update_fields=["is_active"])
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == status

    def test_an_expiry_is_checked_at_every_request(self, client, world, kept, service_a):
        import time_machine

        _c, key = key_for(world, service_a, expires_at=timezone.now() + dt.timedelta(hours=1))
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200
        with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
            assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 401

    def test_a_change_behind_the_orm_s_back_lasts_at_most_the_setting(
        self, client, world, kept, service_a, monkeypatch
    ):
        import time

        from danvan.api import keys

        api_client, key = key_for(world, service_a)
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200
        ApiClient.objects.filter(pk=api_client.pk).update(is_active=False)  # no signal
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200
        later = time.monotonic() + 61
        monkeypatch.setattr(keys.time, "monotonic", lambda: later)
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 401

    def test_a_cache_that_cannot_be_read_sends_every_request_to_the_database(
        self, client, world, kept, service_a, monkeypatch
    ):
        from django.core.cache import cache

        api_client, key = key_for(world, service_a)
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200

        def down(*args, **kwargs):
            raise ConnectionError("cache down")

        monkeypatch.setattr(cache, "get", down)
        monkeypatch.setattr(cache, "set", down)
        api_client_revoke(actor=world.superuser, client=api_client)  # the renewal fails too
        assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 401


class CommandTests:
    def test_create_list_revoke(self, world, service_a):
        out = io.StringIO()
        call_command(
            "api_key", "create", "--name", "Tổng đài 1022", "--account", service_a.username,
            "--scopes", "petitions:read,open311", stdout=out,
        )  # fmt: skip
        key = out.getvalue().strip().splitlines()[-1]
        api_client = ApiClient.objects.get()
        assert key.startswith(f"dv_{api_client.key_prefix}_")
        assert api_client.scopes == ["open311", "petitions:read"]
        listing = io.StringIO()
        call_command("api_key", "list", stdout=listing)
        assert "Tổng đài 1022" in listing.getvalue()
        assert key not in listing.getvalue()
        call_command("api_key", "revoke", api_client.key_prefix, stdout=io.StringIO())
        api_client.refresh_from_db()
        assert not api_client.is_active

    def test_a_bad_request_is_a_clear_error(self, world, service_a):
        with pytest.raises(CommandError, match="Không có tài khoản"):
            call_command(
                "api_key", "create", "--name", "X", "--account", "khong-co", "--scopes",
                "petitions:read",
            )  # fmt: skip
        with pytest.raises(CommandError, match="Phạm vi quyền không có"):
            call_command(
                "api_key", "create", "--name", "X", "--account", service_a.username, "--scopes",
                "admin",
            )  # fmt: skip


class RateLimitTests:
    def test_a_key_over_its_rate_gets_429_with_a_coded_error(self, client, world, settings,
                                                            service_a):  # fmt: skip
        settings.API_RATE_KEY = "3/min"
        _c, key = key_for(world, service_a)
        codes = [client.get(LIST, HTTP_X_API_KEY=key).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.get(LIST, HTTP_X_API_KEY=key)
        assert error_of(response)["code"] == "throttled"
        assert 0 < int(response["Retry-After"]) <= 60

    def test_a_limit_is_one_counter_whatever_the_traffic(self, client, world, settings,
                                                         service_a):  # fmt: skip
        """A request costs an increment: the cache holds a number, not every request's time."""
        from django.core.cache import cache

        settings.API_RATE_KEY = "1000/hour"
        api_client, key = key_for(world, service_a)
        for _ in range(5):
            assert client.get(LIST, HTTP_X_API_KEY=key).status_code == 200
        assert cache.get(f"throttle:api_key:{api_client.pk}") == 5
        settings.API_RATE_KEY = "5/hour"
        response = client.get(LIST, HTTP_X_API_KEY=key)
        assert response.status_code == 429
        assert 3500 < int(response["Retry-After"]) <= 3600

    def test_open311_filings_are_limited_per_address(self, client, world, settings, service_a):
        settings.OPEN311_RATE_POST = "2/min"
        service_a_key = api_client_create(
            actor=world.superuser, name="O", account=service_a, scopes=["open311"]
        )[1]
        body = {
            "api_key": service_a_key,
            "service_code": "moi_truong",
            "address_string": "phường Long Đức, Vĩnh Long",
            "description": "Khói lò gạch.",
        }
        codes = [client.post("/open311/v2/requests.json", body).status_code for _ in range(3)]
        assert codes == [201, 201, 429]
        assert client.post("/open311/v2/requests.json", body).json()[0]["code"] == 429
