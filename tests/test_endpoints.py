"""amzdesk.endpoints: defaults, overrides (env > settings > default) and the https/loopback rule."""

from __future__ import annotations

import pytest

from amzdesk import assumptions
from amzdesk.endpoints import (
    EndpointError,
    Endpoints,
    is_loopback_host,
    resolve_endpoint,
    resolve_endpoints,
    validate_endpoint,
)
from amzdesk.errors import AuthError
from amzdesk.makeshop import MakeshopClient
from amzdesk.settings import Settings, SettingsError
from amzdesk.spapi import LwaAuth, SpApiClient


def test_defaults_come_from_assumptions() -> None:
    eps = resolve_endpoints(None, environ={})
    assert eps == Endpoints(
        spapi=assumptions.SPAPI_ENDPOINT_FE,
        lwa_token_url=assumptions.LWA_TOKEN_URL,
        makeshop=assumptions.MAKESHOP_ENDPOINT,
    )
    assert not eps.all_loopback


def test_environment_overrides_settings_which_override_defaults() -> None:
    settings = Settings(spapi_endpoint="https://sp.example.test/", makeshop_endpoint="")
    env = {
        "AMZDESK_SPAPI_ENDPOINT": "http://127.0.0.1:8001",
        "AMZDESK_LWA_TOKEN_URL": "http://localhost:8002/auth/o2/token",
    }
    eps = resolve_endpoints(settings, environ=env)
    assert eps.spapi == "http://127.0.0.1:8001"
    assert eps.lwa_token_url == "http://localhost:8002/auth/o2/token"
    assert eps.makeshop == assumptions.MAKESHOP_ENDPOINT
    # without the env var the setting applies (trailing slash removed)
    assert resolve_endpoint("spapi", settings, environ={}) == "https://sp.example.test"
    # a plain mapping works like Settings
    assert (
        resolve_endpoint(
            "makeshop", {"makeshop_endpoint": "https://ms.example.test/v1/graphql"}, {}
        )
        == "https://ms.example.test/v1/graphql"
    )


def test_real_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMZDESK_MAKESHOP_ENDPOINT", "http://[::1]:9000/graphql")
    assert resolve_endpoint("makeshop") == "http://[::1]:9000/graphql"
    monkeypatch.setenv("AMZDESK_MAKESHOP_ENDPOINT", "http://evil.example.com/graphql")
    with pytest.raises(EndpointError):
        resolve_endpoints()


@pytest.mark.parametrize(
    "url",
    [
        "https://sellingpartnerapi-fe.amazon.com",
        "https://app-api.makeshop.jp/v1/graphql",
        "http://127.0.0.1:8080",
        "http://127.10.20.30:8080/x",
        "http://localhost:1234",
        "http://LOCALHOST:1234",
        "http://[::1]:5000",
        "https://10.0.0.5",  # https anywhere is fine
    ],
)
def test_allowed_endpoints(url: str) -> None:
    assert validate_endpoint(url, "spapi") == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://sellingpartnerapi-fe.amazon.com",
        "http://192.168.1.10:8080",
        "http://10.0.0.1",
        "http://[::2]:80",
        "http://127.0.0.1.nip.io",
        "http://localhost.example.com",
        "ftp://127.0.0.1/x",
        "sellingpartnerapi-fe.amazon.com",
        "https://",
        "https://user:pass@example.com",
        "https://example.com/?token=1",
        "http://127.0.0.1:99999",
        "",
    ],
)
def test_refused_endpoints(url: str) -> None:
    with pytest.raises(EndpointError) as info:
        validate_endpoint(url, "makeshop")
    err = info.value
    assert isinstance(err, SettingsError)  # the settings dialog catches one type
    assert "makeshop エンドポイント" in str(err)
    assert "makeshop endpoint" in err.english


def test_plain_http_message_explains_the_rule() -> None:
    with pytest.raises(EndpointError) as info:
        validate_endpoint("http://example.com", "spapi")
    assert "https://" in str(info.value)
    assert "loopback" in info.value.english


def test_is_loopback_host() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("127.255.255.254")
    assert is_loopback_host("::1")
    assert is_loopback_host("[::1]")
    assert is_loopback_host("localhost")
    assert not is_loopback_host("128.0.0.1")
    assert not is_loopback_host("example.com")
    assert not is_loopback_host("")


def test_clients_refuse_bad_endpoints() -> None:
    with pytest.raises(EndpointError):
        LwaAuth("id-123456", "secret-123456", "Atzr|refresh-123456", token_url="http://a.test/t")
    auth = LwaAuth(
        "id-123456", "secret-123456", "Atzr|refresh-123456", token_url="http://127.0.0.1:9/t"
    )
    with pytest.raises(EndpointError):
        SpApiClient("http://sellingpartnerapi-fe.amazon.com", auth)
    with pytest.raises(EndpointError):
        MakeshopClient("http://app-api.makeshop.jp/v1/graphql", "token-123456", "key-123456")
    with pytest.raises(AuthError):
        MakeshopClient("https://app-api.makeshop.jp/v1/graphql", "", "key-123456")
