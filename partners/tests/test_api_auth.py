"""JWT for integrators: obtain, refresh with rotation (the old refresh token is rejected), verify,
log out; who may use the partner API. Also the helpers the other test_api_* files import."""
from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from partners.models import User

PASSWORD = "correct-horse-42"  # conftest's make_user default
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def fresh_throttles(settings):
    """Throttle counters live in the cache (Redis with REDIS_URL, where they outlive the run and
    user ids repeat in the next one). A key prefix of its own gives every test counters at zero
    without flushing anybody's Redis; the keys expire with their throttle window."""
    settings.CACHES = {**settings.CACHES,
                       "default": {**settings.CACHES["default"], "KEY_PREFIX": f"apitest-{uuid.uuid4().hex}"}}
    assert cache.get("throttle_anon_127.0.0.1") is None


def jwt_client(user: User, password: str = PASSWORD) -> APIClient:
    """A client that logged in the way an integrator does: email + password -> Bearer token."""
    client = APIClient()
    response = client.post(TOKEN, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


def assert_error(response, status: int, code: str) -> dict:
    """The one error body: {"error": {"code", "message", "details"}}."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code and body["error"]["message"], body
    return body["error"]


def test_obtain_pair_and_use_access_token(user_a):
    client = APIClient()
    response = client.post(TOKEN, {"email": user_a.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = client.get("/api/v1/partner/")
    assert me.status_code == 200 and me.json()["legal_name"] == "Alpha Trade LLC"


def test_wrong_password_is_401_in_error_body(user_a):
    response = APIClient().post(TOKEN, {"email": user_a.email, "password": "nope"}, format="json")
    error = assert_error(response, 401, "not_authenticated")
    assert "No active account" in error["message"]
    assert PASSWORD not in response.content.decode() and "nope" not in response.content.decode()


def test_missing_credentials_are_400_naming_fields(db):
    error = assert_error(APIClient().post(TOKEN, {}, format="json"), 400, "invalid")
    assert set(error["details"]) == {"email", "password"}


def test_refresh_rotates_and_old_refresh_token_is_rejected(user_a):
    client = APIClient()
    first = client.post(TOKEN, {"email": user_a.email, "password": PASSWORD}, format="json").json()
    rotated = client.post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    second = rotated.json()
    assert set(second) == {"access", "refresh"} and second["refresh"] != first["refresh"]
    # The old refresh token was blacklisted by the rotation: a thief replaying it gets nothing.
    replay = client.post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
    error = assert_error(replay, 401, "not_authenticated")
    assert "blacklisted" in error["message"].lower()
    # The new pair works.
    again = client.post("/api/v1/auth/token/refresh/", {"refresh": second["refresh"]}, format="json")
    assert again.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {again.json()['access']}")
    assert client.get("/api/v1/warehouses/").status_code == 200


def test_verify_and_blacklist(user_a):
    client = APIClient()
    tokens = client.post(TOKEN, {"email": user_a.email, "password": PASSWORD}, format="json").json()
    assert client.post("/api/v1/auth/token/verify/", {"token": tokens["access"]}, format="json").status_code == 200
    assert_error(client.post("/api/v1/auth/token/verify/", {"token": "not.a.token"}, format="json"),
                 401, "not_authenticated")
    assert client.post("/api/v1/auth/token/blacklist/", {"refresh": tokens["refresh"]},
                       format="json").status_code == 200
    assert_error(client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"),
                 401, "not_authenticated")


def test_no_token_and_bad_token_are_401(db):
    assert_error(APIClient().get("/api/v1/products/"), 401, "not_authenticated")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer garbage")
    error = assert_error(client.get("/api/v1/products/"), 401, "not_authenticated")
    assert "not valid" in error["message"]


def test_staff_without_partner_gets_a_clear_403_everywhere(staff_user, partner_a, make_product):
    """Bozor staff belong to no partner: the partner API is not theirs (they use the admin).
    They can log in, but every partner endpoint refuses with a message saying why, and no
    partner's data leaks."""
    make_product(partner=partner_a, sku="ALPHA-1")
    client = jwt_client(staff_user)
    for path in ("/api/v1/partner/", "/api/v1/products/", "/api/v1/warehouses/", "/api/v1/stock/"):
        error = assert_error(client.get(path), 403, "permission_denied")
        assert "partner users" in error["message"]
    assert "ALPHA-1" not in client.get("/api/v1/products/").content.decode()


def test_inactive_user_cannot_obtain_or_use_tokens(user_a):
    client = jwt_client(user_a)
    User.objects.filter(pk=user_a.pk).update(is_active=False)
    assert client.get("/api/v1/products/").status_code == 401
    assert APIClient().post(TOKEN, {"email": user_a.email, "password": PASSWORD}, format="json").status_code == 401


def test_brute_force_lockout_is_a_clear_429(user_a, settings):
    """django-axes locks the login after AXES_FAILURE_LIMIT failures; the API says so (429 with
    Retry-After) instead of pretending the account does not exist, and refuses the right password."""
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(TOKEN, {"email": user_a.email, "password": "guess"}, format="json").status_code == 401
    response = client.post(TOKEN, {"email": user_a.email, "password": "guess"}, format="json")
    error = assert_error(response, 429, "throttled")
    assert "Too many failed logins" in error["message"] and int(response["Retry-After"]) > 60
    locked = client.post(TOKEN, {"email": user_a.email, "password": PASSWORD}, format="json")
    assert_error(locked, 429, "throttled")
    assert "access" not in locked.json()
