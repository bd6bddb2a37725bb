"""The HTTP client against a local API that misbehaves in every way the real one might."""

from __future__ import annotations

import time

import pytest

from kg.fetch import ApiClient, FetchError, RetryPolicy
from kg.fetch.client import USER_AGENT

from .conftest import TIMEOUT, FakeApi


def _first_page(client: ApiClient) -> dict:
    return client.get_json("studies", {"pageSize": "25"}, check=lambda b: None if "studies" in b else "no studies")


@pytest.mark.parametrize("fault", ["500", "503", "stall", "truncate", "invalid", "notapage", "reset"])
def test_each_fault_is_retried_and_the_page_comes_through(
    api: FakeApi, client: ApiClient, waits: list[float], fault: str
) -> None:
    api.faults["/studies#p0"] = [fault, fault]
    page = _first_page(client)
    assert [s["protocolSection"]["identificationModule"]["nctId"] for s in page["studies"]] == api.ids()[:25]
    assert client.retries == 2 and len(waits) == 2
    assert all(0 <= w <= 0.05 for w in waits)  # backoff with jitter, within the cap


def test_429_waits_as_long_as_retry_after_says(api: FakeApi, client: ApiClient, waits: list[float]) -> None:
    api.faults["/studies#p0"] = ["429"]
    assert _first_page(client)["studies"]
    assert waits == [7.0]


def test_a_stalled_answer_times_out_quickly(api: FakeApi, client: ApiClient) -> None:
    api.faults["/studies#p0"] = ["stall"]
    started = time.monotonic()
    _first_page(client)
    assert time.monotonic() - started < TIMEOUT * 4


def test_a_server_that_never_recovers_fails_with_the_last_reason(api: FakeApi, client: ApiClient) -> None:
    api.faults["/studies#p0"] = ["500"] * 10
    with pytest.raises(FetchError, match="HTTP 500"):
        _first_page(client)
    assert len([r for r in api.log if r[0] == "/studies#p0"]) == client.retry.attempts


def test_a_client_error_is_not_retried(api: FakeApi, client: ApiClient) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get_json("nowhere")
    assert len(api.log) == 1


def test_requests_name_trialgraph_and_keep_to_the_rate_limit(api: FakeApi, waits: list[float]) -> None:
    clock = iter([0.0, 0.2, 1.0, 1.5, 2.0]).__next__
    client = ApiClient(api_url=api.url, min_interval=1.0, sleep=waits.append, clock=clock, retry=RetryPolicy())
    client.get_json("version")
    client.get_json("version")
    assert waits == [pytest.approx(0.8)]
    assert api.log[0][2]["User-Agent"] == USER_AGENT and USER_AGENT.startswith("trialgraph/")


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(base=0.5, cap=3.0, jitter=False)
    assert [policy.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    jittered = RetryPolicy(base=0.5, cap=3.0)
    assert all(0 <= jittered.backoff(4) <= 3.0 for _ in range(50))
